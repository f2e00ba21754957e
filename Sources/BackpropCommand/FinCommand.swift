import ArgumentParser
import Backprop
import BackpropData
import FinHeatTransfer
import FinInverse
import Foundation

/// `backprop fin`: the fin's inverse problem solved three ways with networks, beside the
/// classical least-squares fit — on the engineer's own readings (`--readings`), or on built-in
/// simulated data when none are given.
struct FinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fin",
        abstract: "Estimate a fin's heat-transfer coefficient h with networks trained by backpropagation.",
        discussion: """
        YOUR READINGS: --readings r.csv with columns x [m] and T [°C] (and
        optionally σ [K] per reading, and a numeric set column for several
        specimens), the fin described by flags or --fin fin.json:
          backprop fin --readings examples/fin-readings.csv --k 200 \
              --diameter 0.005 --length 0.1 --ambient-temperature 22.4
        (or --fin examples/fin.json: {"k": 200, "diameter": 0.005, "length":
        0.1, "ambient_temperature": 22.4, "tip": "insulated"}).
        T_b is the reading at x = 0 (fitted with h, so that its noise is in the
        intervals) unless --base-temperature is given. Every
        route that applies runs on the readings; each prints ĥ with its 95 %
        interval, the residuals, the reduced χ² (with stated σ) and a verdict
        when routes disagree or the residuals show a misfit. --unknowns h,Tinf
        (or h,Tb, h,k) estimates more than h; --save-surrogate/--surrogate keep
        the trained surrogate for the next specimen; --output writes one row
        per set and route.

        BUILT-IN DEMONSTRATION (no --readings):
        Simulates 9 thermocouples on a pin fin (insulated tip) and estimates h by:
          1. a forward network (surrogate) T(x, h) trained on the analytic
             profile,
          2. a direct inverse network from the 9 temperatures to h (and G of a
             nonlinear fin),
          3. the surrogate with frozen weights, backpropagating to its input h
             (gradient descent and Gauss–Newton, with a bootstrap),
          4. a physics-informed network φ̂(x) trained with h on the readings and
             the fin's equation φ″ − N²φ = 0 (derivatives by forward mode,
             backprop through them; Adam, then L-BFGS),
        and compares them with Levenberg–Marquardt on the analytic model. It
        also fits the slab's line with one linear neuron (the delta rule is
        least squares).

        Defaults: an aluminium pin fin in air, k = 200 W/(m·K), h = 25 W/(m²·K),
        D = 5 mm, L = 10 cm, T_b = 100 °C, T∞ = 25 °C (m = 10 1/m, mL = 1),
        noise σ = 1 % of θ_b. The networks learn h over [0.4 h, 4 h]
        (10 … 100 W/(m²·K) by default); estimates start in its middle.

        Lengths are in metres (5 mm is 0.005), temperatures in °C; negative
        values are read as values (--ambient-temperature -10). --noise takes a
        fraction of θ_b = T_b − T∞ (0.01), a percentage (1%) or kelvin (0.75K).
        """)

    @Option(parsing: .unconditional, help: "Thermal conductivity k of the fin, W/(m·K) (0 < k ≤ 5000; demonstration default 200).")
    var k: Double?

    @Option(help: "The fin's material instead of --k: \(FinMaterial.allValueStrings.joined(separator: ", ")) (k at 300 K, Incropera Table A.1).")
    var material: FinMaterial?

    @Option(parsing: .unconditional, help: "The true heat-transfer coefficient h to recover in the demonstration, W/(m²·K) (0 < h ≤ 250000).")
    var h: Double = 25

    @Option(parsing: .unconditional, help: "Pin diameter D in metres (0 < D ≤ 1; 5 mm is 0.005; demonstration default 0.005).")
    var diameter: Double?

    @Option(parsing: .unconditional, help: "Cross-section perimeter P in metres, with --area, for any cross-section.")
    var perimeter: Double?

    @Option(parsing: .unconditional, help: "Cross-section area A_c in square metres, with --perimeter.")
    var area: Double?

    @Option(parsing: .unconditional, help: "Width w of a rectangular (plate) fin in metres, with --thickness.")
    var width: Double?

    @Option(parsing: .unconditional, help: "Thickness t of a rectangular (plate) fin in metres, with --width.")
    var thickness: Double?

    @Option(parsing: .unconditional, help: "Fin length L in metres (0 < L ≤ 10; demonstration default 0.1).")
    var length: Double?

    @Option(parsing: .unconditional, help: "Base temperature T_b, °C (demonstration default 100; with --readings, default: the reading at x = 0).")
    var baseTemperature: Double?

    @Option(parsing: .unconditional, help: "Ambient temperature T∞, °C (≠ T_b; demonstration default 25; required with --readings, as the start when T∞ is unknown).")
    var ambientTemperature: Double?

    @Option(help: "Tip condition: insulated (adiabatic), convective (same h as the sides) or infinite (default insulated).")
    var tip: FinTipOption = .insulated

    @OptionGroup(title: "Your readings")
    var readingsOptions: FinReadingsOptions

    @Option(parsing: .unconditional, help: "Thermocouple noise σ: a fraction of θ_b (0.01), a percentage (1%), or kelvin (0.75K); at most 50 % of θ_b.")
    var noise: String = "1%"

    @Option(help: "Seed of the readings, the networks and the bootstrap.")
    var seed: UInt64 = 42

    @Option(help: "Training points of the surrogate (a √n × √n grid over x and h; 16 … 1000000).")
    var points: Int = 1000

    @Option(help: "Training epochs of the surrogate (1 … 1000000).")
    var epochs: Int = 1000

    @Option(help: "Adam updates per direct inverse network (100 … 10000000).")
    var updates: Int = 20_000

    @Option(help: "Steps of the PINN route: N Adam updates, then N/2 L-BFGS iterations, on every point at once (10 … 1000000).")
    var pinnSteps: Int = 2000

    @Option(help: "Bootstrap resamples B of the Gauss–Newton estimate (10 … 100000).")
    var bootstrap: Int = 200

    @Flag(help: "Print JSON instead of the summary.")
    var json = false

    @Option(help: "Also write a self-contained HTML page with the plots to this file.")
    var report: String?

    @Option(help: "Only write --points noisy temperatures T(x) of the fin (--tip, x evenly spaced over [0, L]) to this CSV file, columns x,T,T_measured, and stop: data for `backprop train`.")
    var writeData: String?

    func validate() throws {
        if readingsOptions.readings != nil || readingsOptions.finFile != nil {
            try readingsOptions.validate(demonstrationOnly: demonstrationOptionsGiven)
            return
        }
        try readingsOptions.refuseWithoutReadings()
        for (name, value) in [("--perimeter", perimeter), ("--area", area), ("--width", width), ("--thickness", thickness)] where value != nil {
            throw ValidationError("\(name) describes the fin of --readings; the demonstration's fin is a pin (--diameter)")
        }
        _ = try fin()
        _ = try noiseStandardDeviation()
        try require(points, "--points", 16...1_000_000)
        try require(epochs, "--epochs", 1...1_000_000)
        try require(updates, "--updates", 100...10_000_000)
        try require(pinnSteps, "--pinn-steps", 10...1_000_000)
        try require(bootstrap, "--bootstrap", 10...100_000)
        if let report, report.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--report: give a file name, e.g. fin.html")
        }
        guard h <= FinProperties.maximumHeatTransferCoefficient / 4 else {
            throw ValidationError("--h: h = \(h) W/(m²·K) is too large: the networks learn up to 4 h, and the fin model accepts h ≤ \(Int(FinProperties.maximumHeatTransferCoefficient)) W/(m²·K); give h ≤ 250000")
        }
    }

    func run() throws {
        if readingsOptions.readings != nil {
            print(try FinReadingsRun(command: self).render())
            return
        }
        // Before minutes of work, not after.
        try checkWritable([("--report", report), ("--write-data", writeData)])
        if let writeData {
            let fin = try AnalyticFin(properties: try fin(), tip: tip.condition)
            let data = try FinDataset.linearFin(fin, quantity: .temperature, count: points, spacing: .even,
                                                noiseStandardDeviation: try noiseStandardDeviation(), seed: seed)
            do {
                // Atomically and row by row, as every data file the command writes.
                try CSVWriter().write(columnNames: data.columnNames, rowCount: data.samples.count,
                                      to: URL(fileURLWithPath: writeData)) { row, values in
                    let sample = data.samples[row]
                    values[0] = sample.x
                    values[1] = sample.exact
                    values[2] = sample.measured
                }
            } catch {
                throw CommandFailure("--write-data: \(error)")
            }
            print("Wrote \(points) points of the fin's temperature (x [m], T [°C], T_measured [°C]) to \(writeData).")
            return
        }
        print(try render())
    }

    /// The summary (or JSON) of a full run.
    func render() throws -> String {
        let experiment: FinInverseExperiment
        do {
            experiment = try FinInverseExperiment.run(try experimentConfiguration())
        } catch let error as FinInverseError {
            throw CommandFailure(error.description)          // a run that failed: exit 1
        }
        if let report {
            let page = FinHTMLReport.report(experiment, command: commandLine)
            do {
                try page.write(to: URL(fileURLWithPath: report))
            } catch {
                throw CommandFailure("--report: \(error)")
            }
        }
        let summary = json ? FinReport.json(experiment) : FinReport.text(experiment)
        return report.map { json ? summary : summary + "\n\nReport written to \($0)." } ?? summary
    }

    /// The run's settings as a command line (the report's subtitle).
    var commandLine: String {
        "backprop fin --k \(k ?? 200) --h \(h) --diameter \(diameter ?? 0.005) --length \(length ?? 0.1) --base-temperature \(baseTemperature ?? 100) "
            + "--ambient-temperature \(ambientTemperature ?? 25) --noise \(noise) --seed \(seed) --points \(points) "
            + "--epochs \(epochs) --updates \(updates) --pinn-steps \(pinnSteps) --bootstrap \(bootstrap)"
    }

    /// The options as an experiment configuration.
    func experimentConfiguration() throws -> FinInverseExperimentConfiguration {
        var c = FinInverseExperimentConfiguration()
        c.fin = try fin()
        c.tip = tip.condition
        c.noiseStandardDeviation = try noiseStandardDeviation()
        c.seed = seed
        c.surrogate.trainingPoints = points
        c.surrogate.epochs = epochs
        c.directInverse.updates = updates
        c.pinn?.updates = pinnSteps
        c.pinn?.lbfgsIterations = pinnSteps / 2
        c.bootstrapResamples = bootstrap
        return c
    }

    /// The demonstration's fin from the options (defaults: the aluminium pin fin in air); a bad
    /// value is reported under its option's name.
    func fin() throws -> FinProperties {
        do {
            let geometry = try FinGeometry.pin(diameter: diameter ?? 0.005, length: length ?? 0.1)
            return try FinProperties(
                conductivity: k ?? material?.conductivity ?? 200, heatTransferCoefficient: h, geometry: geometry,
                baseTemperature: baseTemperature ?? 100, ambientTemperature: ambientTemperature ?? 25)
        } catch let error as FinParameterError {
            throw ValidationError("\(Self.option(for: error.field)): \(error.description)")
        }
    }

    /// Whether an option that only the demonstration uses was given with --readings.
    var demonstrationOptionsGiven: [String] {
        var given: [String] = []
        if h != 25 { given.append("--h") }
        if noise != "1%" { given.append("--noise") }
        if writeData != nil { given.append("--write-data") }
        if bootstrap != 200 { given.append("--bootstrap") }
        return given
    }

    /// σ [K] from `--noise`: "0.01" and "1%" are fractions of θ_b, "0.75K" is kelvin.
    func noiseStandardDeviation() throws -> Double {
        let thetaB = abs((baseTemperature ?? 100) - (ambientTemperature ?? 25))
        let text = noise.trimmingCharacters(in: .whitespaces)
        let sigma: Double?
        if text.hasSuffix("%") {
            sigma = Double(text.dropLast().trimmingCharacters(in: .whitespaces)).map { $0 / 100 * thetaB }
        } else if text.hasSuffix("K") || text.hasSuffix("k") {
            sigma = Double(text.dropLast().trimmingCharacters(in: .whitespaces))
        } else {
            sigma = Double(text).map { $0 * thetaB }
        }
        guard let sigma, sigma.isFinite, sigma >= 0 else {
            throw ValidationError("--noise: '\(noise)' is not a noise level; give a fraction of θ_b (0.01), a percentage (1%) or kelvin (0.75K), ≥ 0")
        }
        guard sigma <= 0.5 * thetaB else {
            throw ValidationError("--noise: σ = \(sigma) K is more than half of θ_b = T_b − T∞ = \(thetaB) K; the readings would be mostly noise")
        }
        return sigma
    }

    private func require(_ value: Int, _ name: String, _ range: ClosedRange<Int>) throws {
        guard range.contains(value) else {
            throw ValidationError("\(name): \(value) is outside \(range.lowerBound) … \(range.upperBound)")
        }
    }

    /// The option that sets a `FinParameterError` field.
    static func option(for field: String) -> String {
        switch field {
        case "conductivity": return "--k"
        case "heat-transfer coefficient": return "--h"
        case "diameter": return "--diameter"
        case "length": return "--length"
        case "base temperature": return "--base-temperature"
        case "ambient temperature": return "--ambient-temperature"
        case "perimeter": return "--perimeter"
        case "cross-section area": return "--area"
        case "width": return "--width"
        case "thickness": return "--thickness"
        default: return "--diameter/--length"
        }
    }
}
