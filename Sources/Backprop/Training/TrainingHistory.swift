/// What one epoch did: the lecture's J-versus-epoch picture, one point at a time.
public struct EpochRecord: Sendable, Equatable, Codable {
    /// 1-based epoch number.
    public var epoch: Int
    /// Training J at the end of the epoch, over every training sample (without
    /// `evaluatesEveryEpoch`: the mean of the epoch's batch J).
    public var trainingCost: Double
    /// Validation J at the end of the epoch (`nil` without a validation set).
    public var validationCost: Double?
    /// `‖∂J/∂w‖₂` of the full training set at the end of the epoch (without
    /// `evaluatesEveryEpoch`: that of the last batch, and 0 for the fused per-sample step, which
    /// keeps no gradient).
    public var gradientNorm: Double
    /// The learning rate α used during the epoch.
    public var learningRate: Double
    /// Wall time of the epoch, in seconds (training and evaluation).
    public var seconds: Double

    public init(epoch: Int, trainingCost: Double, validationCost: Double?, gradientNorm: Double,
                learningRate: Double, seconds: Double) {
        self.epoch = epoch
        self.trainingCost = trainingCost
        self.validationCost = validationCost
        self.gradientNorm = gradientNorm
        self.learningRate = learningRate
        self.seconds = seconds
    }
}

/// Every epoch's record, oldest first.
public struct TrainingHistory: Sendable, Equatable {
    public var records: [EpochRecord] = []

    public init(records: [EpochRecord] = []) { self.records = records }

    /// The history as CSV: `epoch,training_J,validation_J,gradient_norm,learning_rate,seconds`
    /// (an empty field where there is no validation set). Numbers round-trip exactly.
    public var csv: String {
        var lines = ["epoch,training_J,validation_J,gradient_norm,learning_rate,seconds"]
        for r in records {
            lines.append("\(r.epoch),\(r.trainingCost),\(r.validationCost.map { "\($0)" } ?? ""),\(r.gradientNorm),\(r.learningRate),\(r.seconds)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
