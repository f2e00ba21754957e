import ArgumentParser
import Backprop
import Foundation

/// `backprop trace`: the lecture's table for one sample — forward (z_k, a_k), then backward
/// (e_k, δ_k, ∂J/∂w) — for any small network.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Show one forward and one backward pass, number by number, in the lecture's notation.",
        discussion: """
        The lecture's scalar chain (three layers of one neuron, no bias, sigmoid):
          backprop trace --layers 1,1,1,1 --no-bias --activation sigmoid \\
            --x 0.5 --y 0.2 --weights 0.3,-0.2,0.8
        Every layer uses --activation unless --output-activation says otherwise.
        """)

    @OptionGroup var architecture: ArchitectureOptions

    @Option(help: "The input x, one value per input neuron (comma-separated).")
    var x: String

    @Option(help: "The target y, one value per output neuron (comma-separated).")
    var y: String

    @Option(help: "All weights and biases in the network's order: W_1 row by row (out × in), b_1, W_2, … (default: random from --seed).")
    var weights: String?

    @Flag(help: "Print JSON instead of the table.")
    var json = false

    func run() throws {
        print(try render())
    }

    func render() throws -> String {
        var network = try architecture.network(defaultOutput: architecture.activation)
        if let weights {
            let values = try parseNumberList(weights, name: "--weights")
            guard values.count == network.parameterCount else {
                throw ValidationError(
                    "--weights: the network \(network.widths.map(String.init).joined(separator: ",")) has \(network.parameterCount) weights and biases, got \(values.count) values")
            }
            try network.setParameters(values)
        }
        let xs = try parseNumberList(x, name: "--x"), ys = try parseNumberList(y, name: "--y")
        guard xs.count == network.inputWidth else {
            throw ValidationError("--x: the network has \(network.inputWidth) inputs, got \(xs.count) values")
        }
        guard ys.count == network.outputWidth else {
            throw ValidationError("--y: the network has \(network.outputWidth) outputs, got \(ys.count) values")
        }
        let (cost, gradient, trace) = try network.gradient(x: Matrix(row: xs), y: Matrix(row: ys))
        return json
            ? TraceReport.json(network: network, trace: trace, gradient: gradient, cost: cost, y: ys)
            : TraceReport.table(network: network, trace: trace, gradient: gradient, cost: cost, y: ys)
    }
}

/// Formats a one-sample trace as the lecture's table or as JSON.
enum TraceReport {
    static func number(_ v: Double) -> String { String(format: "%.12g", v) }

    static func table(network: Network<Double>, trace: Trace<Double>, gradient: Gradient<Double>,
                      cost: Double, y: [Double]) -> String {
        let L = network.depth
        var lines: [String] = []
        lines.append("Network: " + network.layers.map(\.description).joined(separator: " → "))
        lines.append("")
        lines.append("Forward pass (z_k = W_k a_(k−1)\(network.layers.contains { $0.hasBias } ? " + b_k" : ""), a_k = g(z_k))")
        lines.append(row(["layer k", "neuron", "z_k", "a_k"]))
        for i in 0..<network.widths[0] {
            lines.append(row(["0 (x)", "\(i + 1)", "", number(trace.a(0)[0, i])]))
        }
        for k in 1...L {
            let z = trace.z(k), a = trace.a(k)
            for i in 0..<network.widths[k] {
                lines.append(row(["\(k)\(k == L ? " (ŷ)" : "")", "\(i + 1)", number(z[0, i]), number(a[0, i])]))
            }
        }
        let yHat = trace.yHat.elements
        let e = zip(yHat, y).map { $0 - $1 }
        lines.append("")
        lines.append("e = ŷ − y = [\(e.map(number).joined(separator: ", "))],  J = ½‖e‖² = \(number(cost))")
        lines.append("")
        lines.append("Backward pass (e_L = ŷ − y, δ_k = g′(z_k) e_k, e_(k−1) = W_kᵀ δ_k)")
        lines.append(row(["layer k", "neuron", "e_k = ∂J/∂a_k", "δ_k = ∂J/∂z_k"]))
        for k in stride(from: L, through: 1, by: -1) {
            let ek = trace.e(k), dk = trace.delta(k)
            for i in 0..<network.widths[k] {
                lines.append(row(["\(k)", "\(i + 1)", number(ek[0, i]), number(dk[0, i])]))
            }
        }
        for i in 0..<network.widths[0] {
            lines.append(row(["0 (x)", "\(i + 1)", number(trace.e(0)[0, i]), ""]))
        }
        lines.append("")
        lines.append("Gradient (the delta rule: ∂J/∂w_ij = δ_i a_j of the previous layer)")
        lines.append(row(["weight", "value", "∂J/∂w"]))
        for k in 1...L {
            let w = network.weight(ofLayer: k), g = gradient.weight(ofLayer: k)
            for i in 0..<w.rows {
                for j in 0..<w.columns {
                    let name = w.rows == 1 && w.columns == 1 ? "w_\(k)" : "w_\(k)[\(i + 1),\(j + 1)]"
                    lines.append(row([name, number(w[i, j]), number(g[i, j])]))
                }
            }
            if let b = network.bias(ofLayer: k), let gb = gradient.bias(ofLayer: k) {
                for i in b.indices {
                    lines.append(row(["b_\(k)[\(i + 1)]", number(b[i]), number(gb[i])]))
                }
            }
        }
        lines.append("")
        lines.append("∂J/∂x = [\(trace.e(0).elements.map(number).joined(separator: ", "))]")
        lines.append("One forward and one backward pass gave all \(network.parameterCount) derivatives; forward differences would need \(network.parameterCount + 1) forward passes.")
        return lines.joined(separator: "\n")
    }

    static func row(_ cells: [String]) -> String {
        cells.enumerated().map { index, cell in
            let width = index == 0 ? 14 : (index == 1 && cells.count == 4 ? 8 : 22)
            return cell.count >= width ? cell + " " : cell + String(repeating: " ", count: width - cell.count)
        }.joined().trimmingCharacters(in: .whitespaces)
    }

    static func json(network: Network<Double>, trace: Trace<Double>, gradient: Gradient<Double>,
                     cost: Double, y: [Double]) -> String {
        let L = network.depth
        let layers: [[String: Any]] = (1...L).map { k in
            var layer: [String: Any] = [
                "k": k, "layer": network.layers[k - 1].description,
                "z": trace.z(k).elements, "a": trace.a(k).elements,
                "e": trace.e(k).elements, "delta": trace.delta(k).elements,
                "weight": network.weight(ofLayer: k).elements,
                "dJ_dW": gradient.weight(ofLayer: k).elements,
            ]
            if let b = network.bias(ofLayer: k), let gb = gradient.bias(ofLayer: k) {
                layer["bias"] = b
                layer["dJ_db"] = gb
            }
            return layer
        }
        let object: [String: Any] = [
            "x": trace.a(0).elements, "y": y, "yHat": trace.yHat.elements, "J": cost,
            "dJ_dx": trace.e(0).elements, "layers": layers,
        ]
        return JSONValue(report: object).serialized().trimmingCharacters(in: .newlines)
    }
}
