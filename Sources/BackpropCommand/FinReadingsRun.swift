import AtomicFiles
import ArgumentParser
import Backprop
import BackpropData
import FinHeatTransfer
import FinInverse
import Foundation

/// `backprop fin --readings`: the fin as described, the readings as read, every route run.
struct FinReadingsRun {
    let command: FinCommand
    var options: FinReadingsOptions { command.readingsOptions }

    /// Runs and returns the text (or JSON) to print; writes --save-surrogate, --output, --report.
    func render() throws -> String {
        try checkWritable([
            ("--save-surrogate", options.saveSurrogate), ("--output", options.output), ("--report", command.report),
        ])
        let clock = ContinuousClock()
        var timings: [(stage: String, seconds: Double)] = []
        let description = try finDescription()
        let read = clock.now
        let sets = try readSets(length: description.fin.geometry.length)
        timings.append(("read \(sets.count) set\(sets.count == 1 ? "" : "s") of readings", (clock.now - read).seconds))
        var configuration = FinReadingsConfiguration()
        configuration.unknowns = try options.parsedUnknowns()
        configuration.routes = try options.parsedRoutes()
        configuration.nonlinear = try options.nonlinearTerms()
        if configuration.nonlinear != nil, description.tip != .insulated {
            throw CommandFailure("--tip \(FinSurrogate.tipName(description.tip)): the nonlinear fin (--conductivity-coefficient, --heat-generation, --generation-coefficient, G or epsG in --unknowns) is solved with an insulated tip; use --tip insulated", status: ExitStatus.usage)
        }
        configuration.heatTransferRange = try options.parsedRange()
        configuration.seed = command.seed
        configuration.surrogate.trainingPoints = command.points
        configuration.surrogate.epochs = command.epochs
        configuration.directInverse.updates = command.updates
        configuration.pinn.updates = command.pinnSteps
        configuration.pinn.lbfgsIterations = command.pinnSteps / 2
        if let path = options.surrogate {
            let load = clock.now
            do {
                configuration.savedSurrogate = try FinSurrogate.load(from: path, for: description.fin, tip: description.tip)
            } catch {
                throw CommandFailure("--surrogate: \(error)")
            }
            timings.append(("surrogate: load \(path)", (clock.now - load).seconds))
        }
        let estimation: FinReadingsEstimation
        do {
            estimation = try FinReadingsEstimation.run(
                sets: sets, fin: description.fin, baseTemperature: description.baseTemperature, tip: description.tip,
                configuration: configuration)
        } catch let error as FinReadingsError {
            throw CommandFailure(error.description)
        } catch {
            throw CommandFailure("\(error)")
        }
        if let path = options.saveSurrogate {
            guard let surrogate = estimation.surrogate else {
                throw CommandFailure("--save-surrogate: the surrogate route did not run (see --routes)")
            }
            do {
                try surrogate.save(to: path)
            } catch {
                throw CommandFailure("--save-surrogate: \(error)")
            }
        }
        if let path = options.output { try FinReadingsReport.writeResults(estimation, to: path) }
        let context = FinReadingsReport.Context(
            source: options.readings!, description: description.summary, tip: description.tip,
            savedSurrogate: options.saveSurrogate, loadedSurrogate: options.surrogate, output: options.output,
            timings: timings)
        if let path = command.report {
            do {
                try FinReadingsHTMLReport.report(estimation, context: context).write(to: URL(fileURLWithPath: path))
            } catch {
                throw CommandFailure("--report: \(error)")
            }
        }
        if command.json { return FinReadingsReport.json(estimation, context: context) }
        var text = FinReadingsReport.text(estimation, context: context)
        if let path = command.report { text += "\n\nReport written to \(path)." }
        return text
    }

    // MARK: - The fin

    /// The fin: flags over the --fin file; T_b only when given.
    struct Description {
        let fin: FinProperties
        let baseTemperature: Double?
        let tip: FinTipCondition
        let summary: String
    }

    func finDescription() throws -> Description {
        var file: [String: JSONValue] = [:]
        if let path = options.finFile {
            let bytes: [UInt8]
            do {
                bytes = try AtomicFile.read(path, maximumBytes: 1 << 20)
            } catch {
                throw CommandFailure("--fin: \(error)")
            }
            let value: JSONValue
            do {
                value = try JSONValue.parse(bytes)
            } catch {
                throw CommandFailure("\(path), \(error)")
            }
            guard case let .object(pairs) = value else {
                throw CommandFailure("\(path): expected a JSON object such as {\"k\": 200, \"diameter\": 0.005, \"length\": 0.1, \"ambient_temperature\": 25}")
            }
            let known: Set = ["k", "material", "diameter", "perimeter", "area", "width", "thickness", "length",
                              "ambient_temperature", "base_temperature", "tip"]
            for (key, _) in pairs where !known.contains(key) {
                throw CommandFailure("\(path): unknown key \"\(key)\"; the keys are \(known.sorted().joined(separator: ", "))")
            }
            file = Dictionary(pairs, uniquingKeysWith: { first, _ in first })
        }
        let source = options.finFile ?? ""
        func number(_ key: String, _ flag: Double?, option: String) throws -> Double? {
            if let flag { return flag }
            guard let value = file[key] else { return nil }
            guard case let .number(x) = value, x.isFinite else {
                throw CommandFailure("\(source): \"\(key)\" must be a number (\(option) on the command line)")
            }
            return x
        }
        func text(_ key: String) throws -> String? {
            guard let value = file[key] else { return nil }
            guard case let .string(s) = value else { throw CommandFailure("\(source): \"\(key)\" must be a string") }
            return s
        }
        // k: --k, --material, or the file's.
        var conductivity = command.k ?? command.material?.conductivity
        var materialName = command.material?.rawValue
        if command.k != nil, command.material != nil {
            throw ValidationError("--k and --material both give k; choose one")
        }
        if conductivity == nil {
            if let name = try text("material") {
                guard let material = FinMaterial(rawValue: name) else {
                    throw CommandFailure("\(source): material \"\(name)\" is not known; choose from \(FinMaterial.allCases.map(\.rawValue).joined(separator: ", ")) or give \"k\"")
                }
                conductivity = material.conductivity
                materialName = name
            } else {
                conductivity = try number("k", nil, option: "--k")
            }
        }
        guard let k = conductivity else {
            throw ValidationError("--readings needs the fin's conductivity: give --k (W/(m·K)) or --material")
        }
        guard let length = try number("length", command.length, option: "--length") else {
            throw ValidationError("--readings needs the fin's length: give --length in metres")
        }
        guard let ambient = try number("ambient_temperature", command.ambientTemperature, option: "--ambient-temperature") else {
            throw ValidationError("--readings needs the ambient temperature T∞: give --ambient-temperature in °C (the start value when T∞ is estimated)")
        }
        let base = try number("base_temperature", command.baseTemperature, option: "--base-temperature")
        let tipText = try text("tip")
        let tip: FinTipCondition
        if let tipText, command.tip == .insulated {
            guard let parsed = FinTipOption(rawValue: tipText) else {
                throw CommandFailure("\(source): tip \"\(tipText)\" is not insulated, convective or infinite")
            }
            tip = parsed.condition
        } else {
            tip = command.tip.condition
        }
        let geometry: FinGeometry, shape: String
        do {
            let d = try number("diameter", command.diameter, option: "--diameter")
            let p = try number("perimeter", command.perimeter, option: "--perimeter")
            let a = try number("area", command.area, option: "--area")
            let w = try number("width", command.width, option: "--width")
            let t = try number("thickness", command.thickness, option: "--thickness")
            let given = [d != nil, p != nil || a != nil, w != nil || t != nil].filter { $0 }.count
            guard given == 1 else {
                throw ValidationError(given == 0
                    ? "--readings needs the fin's cross-section: --diameter (pin), --perimeter and --area (any shape), or --width and --thickness (plate), in metres"
                    : "give one cross-section: --diameter, or --perimeter with --area, or --width with --thickness")
            }
            if let d {
                geometry = try FinGeometry.pin(diameter: d, length: length)
                shape = "pin, D = \(FinReport.g(d * 1000)) mm"
            } else if p != nil || a != nil {
                guard let p, let a else { throw ValidationError("--perimeter and --area go together") }
                geometry = try FinGeometry(perimeter: p, crossSectionArea: a, length: length)
                shape = "P = \(FinReport.g(p * 1000)) mm, A_c = \(FinReport.g(a * 1e6)) mm²"
            } else {
                guard let w, let t else { throw ValidationError("--width and --thickness go together") }
                geometry = try FinGeometry.rectangular(width: w, thickness: t, length: length)
                shape = "plate, w = \(FinReport.g(w * 1000)) mm, t = \(FinReport.g(t * 1000)) mm"
            }
        } catch let error as FinParameterError {
            throw ValidationError("\(FinCommand.option(for: error.field)): \(error.description)")
        }
        let fin: FinProperties
        do {
            // T_b is a placeholder until each set's is known; h is the start of the search.
            let placeholderBase = base ?? (ambient + 50)
            fin = try FinProperties(
                conductivity: k, heatTransferCoefficient: 25, geometry: geometry,
                baseTemperature: placeholderBase, ambientTemperature: ambient)
        } catch let error as FinParameterError {
            throw ValidationError("\(FinCommand.option(for: error.field)): \(error.description)")
        }
        let tipName = FinSurrogate.tipName(tip)
        let summary = "\(shape), L = \(FinReport.g(length * 1000)) mm, k = \(FinReport.g(k)) W/(m·K)"
            + (materialName.map { " (\($0))" } ?? "") + ", \(tipName) tip, T∞ = \(FinReport.g(ambient)) °C"
            + ((try? options.parsedUnknowns().contains(.ambientTemperature)) == true ? " (the start of its estimate)" : "")
        return Description(fin: fin, baseTemperature: base, tip: tip, summary: summary)
    }

    // MARK: - The readings

    /// The readings file as sets (in order of first appearance).
    func readSets(length: Double) throws -> [FinReadings] {
        let path = options.readings!
        do {
            let reader = try CSVReader.open(path)
            reader.recordsLineNumbers = true
            let x = try single(reader, options.xColumn, "--x-column")
            let t = try single(reader, options.tColumn, "--t-column")
            var groups = [[x], [t]]
            // σ_i: the column named, else one called "sigma" (unless --sigma gives one σ, or 'none').
            let sigmaSelector = options.sigmaColumn
                ?? (options.sigma == nil && reader.columnNames.contains("sigma") ? "sigma" : nil)
            let sigmaIndex = try sigmaSelector.flatMap { $0 == "none" ? nil : try single(reader, $0, "--sigma-column") }
            let setIndex = try options.setColumn.map { try single(reader, $0, "--set-column") }
            if let sigmaIndex { groups.append([sigmaIndex]) }
            if let setIndex { groups.append([setIndex]) }
            let rows = try reader.readRows(columns: groups)
            let lines = reader.rowLineNumbers
            let names = (x: reader.columnNames[x], temperature: reader.columnNames[t],
                         sigma: sigmaIndex.map { reader.columnNames[$0] } ?? (options.sigma != nil ? "--sigma" : nil))
            let sigmas = sigmaIndex != nil ? rows.values[2] : options.sigma.map { Array(repeating: $0, count: rows.rowCount) }
            let labels = setIndex != nil ? rows.values[groups.count - 1] : nil
            var order: [Double] = [], members: [Double: [Int]] = [:]
            for row in 0..<rows.rowCount {
                let key = labels?[row] ?? 0
                if members[key] == nil { order.append(key) }
                members[key, default: []].append(row)
            }
            return order.map { key in
                let rowsOfSet = members[key]!
                return FinReadings(
                    positions: rowsOfSet.map { rows.values[0][$0] }, temperatures: rowsOfSet.map { rows.values[1][$0] },
                    sigmas: sigmas.map { s in rowsOfSet.map { s[$0] } }, lineNumbers: rowsOfSet.map { lines[$0] },
                    source: path, label: labels != nil ? FinReport.g(key) : nil, columnNames: names)
            }
        } catch let error as CSVError {
            throw CommandFailure(error.description)
        }
    }

    private func single(_ reader: CSVReader, _ selector: String, _ option: String) throws -> Int {
        let indices = try reader.columnIndices(selector)
        guard indices.count == 1 else {
            throw ValidationError("\(option): '\(selector)' names \(indices.count) columns; name one")
        }
        return indices[0]
    }
}
