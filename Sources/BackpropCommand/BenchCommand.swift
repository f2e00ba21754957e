import ArgumentParser
import Backprop
import Foundation

/// `backprop bench`: the benchmark workloads of `bench/README.md`, measured here.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure a benchmark workload (build with -c release): fin-sgd, wide-minibatch, fd-vs-backprop, memory, pinn.",
        discussion: "Prints the median seconds per epoch (or per gradient) with min and max, final J and GFLOP/s. bench/run.sh runs the same workloads in PyTorch, NumPy and scikit-learn beside it.")

    enum Workload: String, ExpressibleByArgument, CaseIterable {
        case finSGD = "fin-sgd", wideMinibatch = "wide-minibatch", fdVersusBackprop = "fd-vs-backprop", memory, pinn
    }

    @Argument(help: "fin-sgd, wide-minibatch, fd-vs-backprop, memory or pinn.")
    var workload: Workload

    @Flag(help: "Print one JSON object (what bench/compare.py reads).")
    var json = false

    func run() throws {
        #if DEBUG
        FileHandle.standardError.write(Data("warning: a debug build; measure with `swift run -c release backprop bench …`\n".utf8))
        #endif
        let result: BenchWorkloads.Result
        switch workload {
        case .finSGD: result = try BenchWorkloads.finSGD()
        case .wideMinibatch: result = try BenchWorkloads.wideMinibatch()
        case .fdVersusBackprop: result = try BenchWorkloads.fdVersusBackprop()
        case .memory: result = try BenchWorkloads.memory()
        case .pinn: result = try BenchWorkloads.pinn()
        }
        print(json ? result.json() : text(result))
    }

    func text(_ r: BenchWorkloads.Result) -> String {
        if r.workload == "memory", let row = r.rows?.first {
            let mib = { (x: Any?) in String(format: "%.1f MiB", (x as? Double ?? 0) / 1_048_576) }
            return "memory: \(row["rows"]!) rows × \(row["columns"]!) columns (data \(mib(row["data_bytes"]))): peak resident \(mib(row["peak_resident_bytes"])), limit 1.5 × data + 64 MiB = \(mib(row["limit_bytes"])) — \((row["within_limit"] as? Bool) == true ? "within" : "OVER") the limit"
        }
        if let rows = r.rows {
            var lines = ["fd-vs-backprop: full gradient of 1 → H → H → 1 (sigmoid), one sample",
                         "    H  weights   forward diff. (s)   backprop (s)   ratio   backprop / forward pass"]
            for row in rows {
                lines.append(String(format: "%5d  %7d   %17.3e   %12.3e   %5.0f×  %6.2f",
                                    row["H"] as! Int, row["parameters"] as! Int, row["fd_seconds"] as! Double,
                                    row["backprop_seconds"] as! Double, row["ratio"] as! Double,
                                    row["backprop_in_forward_passes"] as! Double))
            }
            return lines.joined(separator: "\n")
        }
        if r.workload == "pinn" {
            return String(format: "pinn: |ĥ − h|/h ≤ 1 %% after %@ steps, median %.4g s (min %.4g, %d runs); whole schedule %.4g s, final ĥ = %.6f W/(m²·K), J = %.3e",
                          "\(r.extra["steps_to_1pct"] ?? "?")", BenchWorkloads.median(r.seconds.sorted()), r.seconds.min() ?? 0, r.repeats,
                          r.extra["total_seconds"] as? Double ?? 0, r.extra["final_h"] as? Double ?? 0, r.finalCost ?? 0) + " (\(ComputeSetup.summary))"
        }
        let sorted = r.seconds.sorted()
        var line = String(format: "%@: median %.4g s per %@ (min %.4g, max %.4g, %d repeats)", r.workload,
                          BenchWorkloads.median(sorted), r.unit, sorted.first ?? 0, sorted.last ?? 0, r.repeats)
        if let j = r.finalCost { line += String(format: ", final J = %.17g", j) }
        if let g = r.gflops { line += String(format: ", %.1f GFLOP/s", g) }
        return line + " (\(ComputeSetup.summary))"
    }
}
