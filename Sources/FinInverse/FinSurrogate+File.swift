import Backprop
import FinHeatTransfer
import Foundation

/// A surrogate saved for later specimens: the model file (`Model.save`, atomic JSON) with the
/// fin shape it was trained for in its metadata, so that loading it for another fin is refused.
///
/// Metadata keys: `kind` = `fin-surrogate`, `k` [W/(m·K)], `perimeter` [m], `area` [m²],
/// `length` [m], `tip` (insulated, convective, infinite), `h_min`, `h_max` [W/(m²·K)], `test_rms`
/// (φ = θ/θ_b, dimensionless), `epochs` and `final_J` (the training it had). Numbers are written
/// with `%.17g`, so they read back bit for bit.
///
/// The file keeps what inversion needs — the network, its scalers, the training configuration
/// (seed, optimizer, epochs: enough to train it again), the fin, the h range and the test error —
/// but not the optimizer's moments and the J-per-epoch history: they were 95 % of the file
/// (265 of 277 KB for the README's fin) and 6 of its 7 ms load, and a surrogate is loaded to
/// invert, not to resume.
extension FinSurrogate {
    /// The tip's name in files and on the command line.
    public static func tipName(_ tip: FinTipCondition) -> String {
        switch tip {
        case .insulated: "insulated"
        case .convective: "convective"
        case .infinite: "infinite"
        case .prescribedTemperature: "prescribed"
        }
    }

    /// Writes the surrogate's model file atomically.
    ///
    /// - Throws: ``FinInverseError/engine(_:)`` when the file cannot be written.
    public func save(to path: String) throws(FinInverseError) {
        var model = self.model
        func number(_ value: Double) -> String { String(format: "%.17g", value) }
        if let history = model.trainingState?.history.records, let last = history.last {
            model.metadata["epochs"] = "\(history.count)"
            model.metadata["final_J"] = number(last.trainingCost)
        }
        model.trainingState = nil
        model.metadata.merge([
            "kind": "fin-surrogate", "k": number(fin.conductivity), "perimeter": number(fin.geometry.perimeter),
            "area": number(fin.geometry.crossSectionArea), "length": number(fin.geometry.length),
            "tip": Self.tipName(tip), "h_min": number(heatTransferRange.lowerBound),
            "h_max": number(heatTransferRange.upperBound), "test_rms": number(testRMS),
        ]) { $1 }
        do {
            try model.save(to: path)
        } catch {
            throw .engine(error.description)
        }
    }

    /// Loads a surrogate saved by ``save(to:)`` for `fin` (its k, P, A_c and L) and `tip`.
    ///
    /// - Throws: ``FinInverseError/invalidSetting(name:value:expected:)`` naming the file and the
    ///   first field that differs (a surrogate of another geometry), or the file's own error.
    public static func load(from path: String, for fin: FinProperties, tip: FinTipCondition) throws(FinInverseError)
        -> FinSurrogate
    {
        let model: Model<Double>
        do {
            model = try Model<Double>.load(from: path)
        } catch {
            throw .engine(error.description)
        }
        let meta = model.metadata
        guard meta["kind"] == "fin-surrogate", model.network.inputWidth == 2, model.network.outputWidth == 1,
              model.outputNames == [outputName] else {
            throw .invalidSetting(name: "\(path)", value: "a model of \(model.inputNames) → \(model.outputNames)",
                                  expected: "a fin surrogate saved by backprop fin --save-surrogate")
        }
        func value(_ key: String) throws(FinInverseError) -> Double {
            guard let text = meta[key], let v = Double(text), v.isFinite else {
                throw .invalidSetting(name: "\(path): metadata.\(key)", value: meta[key] ?? "missing", expected: "a finite number")
            }
            return v
        }
        let checks: [(String, Double, Double, String)] = [
            ("k", try value("k"), fin.conductivity, "W/(m·K)"),
            ("perimeter", try value("perimeter"), fin.geometry.perimeter, "m"),
            ("area", try value("area"), fin.geometry.crossSectionArea, "m²"),
            ("length", try value("length"), fin.geometry.length, "m"),
        ]
        for (key, stored, given, unit) in checks where abs(stored - given) > 1e-9 * Swift.max(abs(stored), abs(given)) {
            throw .invalidSetting(
                name: "\(path): the surrogate's \(key)", value: "\(stored) \(unit)",
                expected: "\(given) \(unit) as this fin has: the surrogate was trained for another fin; train a new one (drop --surrogate)")
        }
        guard meta["tip"] == tipName(tip) else {
            throw .invalidSetting(name: "\(path): the surrogate's tip", value: meta["tip"] ?? "missing",
                                  expected: "\(tipName(tip)) as this fin has; train a new one (drop --surrogate)")
        }
        let low = try value("h_min"), high = try value("h_max")
        guard low > 0, low < high else {
            throw .invalidSetting(name: "\(path): metadata.h_min/h_max", value: "\(low) … \(high)", expected: "0 < h_min < h_max")
        }
        return FinSurrogate(fin: fin, tip: tip, heatTransferRange: low...high, model: model, testRMS: try value("test_rms"))
    }
}
