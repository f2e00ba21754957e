import Foundation

extension FinDataset {
    /// The data set as CSV: a header row with `columnNames`, then one row per sample,
    /// comma-separated, `\n`-terminated, each number as Swift's `"\(Double)"` — the shortest
    /// decimal that reads back to the same Double (`Double("…")` round-trips exactly),
    /// e.g. `0.1`, `97.53086419753086`, `1e-05`.
    ///
    /// `FinDataset.linearFin(insulated default fin, count: 3, noiseStandardDeviation: 0.75,
    /// seed: 1).csv` is
    ///
    ///     x,T,T_measured
    ///     0.0,100.0,99.97429950865612
    ///     0.05,79.80721193847691,78.83775553854892
    ///     0.1,73.60407052479141,71.72901990476402
    public var csv: String {
        var text = columnNames.joined(separator: ",") + "\n"
        for sample in samples {
            text += "\(sample.x),\(sample.exact),\(sample.measured)\n"
        }
        return text
    }
}
