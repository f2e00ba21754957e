/// Why training could not go on.
public enum TrainingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// J or a gradient became NaN or infinite. The network holds the weights of the end of
    /// `lastGoodEpoch` (0: the initial weights). `beforeAnyUpdate`: J was already not finite
    /// for the first batch of a fresh run, computed before any update, so α is not the cause.
    case diverged(epoch: Int, batch: Int, learningRate: Double, lastGoodEpoch: Int, beforeAnyUpdate: Bool = false)
    /// Data or settings rejected before any training started.
    case invalid(BackpropError)

    public var description: String {
        switch self {
        case let .diverged(epoch, batch, rate, good, beforeAnyUpdate):
            let what = "training diverged: J became NaN or infinite in epoch \(epoch) (batch \(batch)); "
                + "the weights were rolled back to \(good == 0 ? "the initial weights" : "the end of epoch \(good)"). "
            if beforeAnyUpdate {
                return what + "J was not finite for the very first batch, before any update, so the learning rate "
                    + "is not the cause: the data overflow the network's arithmetic. Scale the data "
                    + "(e.g. standard scaling) or look for values near the limits of the number type."
            }
            return what + "Try a smaller learning rate than α = \(rate) (e.g. \(rate / 10))."
        case let .invalid(error):
            return error.description
        }
    }
}
