import ArgumentParser
import FinHeatTransfer
import FinInverse
import Foundation

/// A fin material by name, with its conductivity at 300 K (Incropera, *Fundamentals of Heat and
/// Mass Transfer*, Table A.1).
enum FinMaterial: String, CaseIterable, ExpressibleByArgument {
    case aluminium, aluminum, aluminiumAlloy = "aluminium-2024", copper, brass, steel, stainless

    /// k [W/(m·K)] at 300 K.
    var conductivity: Double {
        switch self {
        case .aluminium, .aluminum: 237       // pure aluminium
        case .aluminiumAlloy: 177             // 2024-T6
        case .copper: 401                     // pure copper
        case .brass: 110                      // cartridge brass, 70 Cu / 30 Zn
        case .steel: 60.5                     // plain carbon steel
        case .stainless: 14.9                 // AISI 304
        }
    }

    static var allValueStrings: [String] { allCases.map { "\($0.rawValue) (\(FinReport.g($0.conductivity)))" } }
}

/// The tip condition as an option.
enum FinTipOption: String, CaseIterable, ExpressibleByArgument {
    case insulated, adiabatic, convective, infinite

    var condition: FinTipCondition {
        switch self {
        case .insulated, .adiabatic: .insulated
        case .convective: .convective
        case .infinite: .infinite
        }
    }
}

/// The options of `backprop fin --readings`.
struct FinReadingsOptions: ParsableArguments {
    @Option(help: "Your readings: a CSV file with x [m from the base] and T [°C] columns (comma, semicolon, tab or space separated; # comments).")
    var readings: String?

    @Option(name: .customLong("fin"), help: "The fin as a JSON file instead of flags: {\"k\" or \"material\", \"diameter\" | \"perimeter\"+\"area\" | \"width\"+\"thickness\", \"length\", \"ambient_temperature\", \"base_temperature\" (optional), \"tip\"}; lengths in m, temperatures in °C. Flags given as well override it.")
    var finFile: String?

    @Option(help: "The position column of --readings, by name or 0-based index (default x).")
    var xColumn: String = "x"

    @Option(help: "The temperature column of --readings, °C (default T).")
    var tColumn: String = "T"

    @Option(help: "A column with each reading's standard deviation σ_i in K (default: a column named sigma, if the file has one; otherwise σ is estimated from the residuals; 'none' to ignore it).")
    var sigmaColumn: String?

    @Option(help: "One σ in K for every reading, instead of --sigma-column.")
    var sigma: Double?

    @Option(help: "A numeric column naming the specimen of each reading: one estimate per set (default: all readings are one set).")
    var setColumn: String?

    @Option(help: "What to estimate: h, or h with Tinf (T∞), Tb (T_b) or k, e.g. h,Tinf (default h).")
    var unknowns: String = "h"

    @Option(parsing: .unconditional, help: "The nonlinear fin's ε_c in k = k∞(1 + ε_c θ), θ = (T − T∞)/(T_b − T∞), dimensionless, −1 < ε_c ≤ 10 (k∞ is the fin's k). This flag, --heat-generation, --generation-coefficient, or G or epsG in --unknowns solve the nonlinear fin (insulated tip; lm route only).")
    var conductivityCoefficient: Double?

    @Option(parsing: .unconditional, help: "The nonlinear fin's G = q̇∞A_c/(hPθ_b), the heat generated relative to what the surface convects at θ_b, dimensionless, −100 … 100 (default 0; the start when G is an unknown).")
    var heatGeneration: Double?

    @Option(parsing: .unconditional, help: "The nonlinear fin's ε_G in q̇ = q̇∞(1 + ε_G θ), dimensionless, −10 … 10 (default 0; the start when epsG is an unknown).")
    var generationCoefficient: Double?

    @Option(help: "Which routes run: lm (Levenberg–Marquardt on the analytic fin, or on the nonlinear fin's solution), surrogate, direct, pinn (the physics-informed network), or all (default all).")
    var routes: String = "all"

    @Option(help: "The h range the networks learn, W/(m²·K), as LOW:HIGH (default: ĥ_LM/2.5 … 2.5 ĥ_LM).")
    var hRange: String?

    @Option(help: "Save the trained surrogate to this model file (JSON, written atomically) for later specimens of the same fin.")
    var saveSurrogate: String?

    @Option(help: "Use a surrogate saved by --save-surrogate instead of training one (it must be of the same k, P, A_c, L and tip).")
    var surrogate: String?

    @Option(help: "Write one row per set and route to this CSV file: set, route (1 lm, 2 surrogate, 3 direct, 4 pinn), each unknown's estimate, SE and 95 % bounds, σ̂ [K], reduced χ², verdicts.")
    var output: String?

    /// Checks what can be checked before the files are read.
    func validate(demonstrationOnly: [String]) throws {
        guard readings != nil else {
            throw ValidationError("--fin describes the fin of --readings; give the readings file too (--readings r.csv)")
        }
        if !demonstrationOnly.isEmpty {
            throw ValidationError("\(demonstrationOnly.joined(separator: ", ")) belong\(demonstrationOnly.count == 1 ? "s" : "") to the built-in demonstration; with --readings the data are yours")
        }
        _ = try nonlinearTerms()
        _ = try parsedRoutes()
        _ = try parsedRange()
        if let sigma, !(sigma.isFinite && sigma > 0) {
            throw ValidationError("--sigma: σ = \(sigma) K must be a finite number > 0")
        }
        if sigma != nil, sigmaColumn != nil {
            throw ValidationError("--sigma and --sigma-column both give σ; choose one")
        }
        if surrogate != nil, saveSurrogate != nil {
            throw ValidationError("--surrogate loads a surrogate and --save-surrogate saves a new one; choose one")
        }
    }

    /// Options that mean nothing without readings.
    func refuseWithoutReadings() throws {
        let given = [
            ("--sigma-column", sigmaColumn), ("--set-column", setColumn), ("--h-range", hRange),
            ("--save-surrogate", saveSurrogate), ("--surrogate", surrogate), ("--output", output),
        ].filter { $0.1 != nil }.map(\.0)
            + [("--conductivity-coefficient", conductivityCoefficient), ("--heat-generation", heatGeneration),
               ("--generation-coefficient", generationCoefficient)].filter { $0.1 != nil }.map(\.0)
            + (sigma != nil ? ["--sigma"] : []) + (unknowns != "h" ? ["--unknowns"] : [])
            + (routes != "all" ? ["--routes"] : [])
        if let first = given.first {
            throw ValidationError("\(first) works on your readings; give them with --readings r.csv")
        }
    }

    func parsedUnknowns() throws -> [FinUnknown] {
        do {
            return try FinUnknown.parseList(unknowns)
        } catch {
            throw ValidationError("--unknowns: \(error.message)")
        }
    }

    /// ε_c, G and ε_G when any is given or G/epsG is an unknown (nil: the linear fin).
    func nonlinearTerms() throws -> NonlinearFinTerms? {
        let unknowns = try parsedUnknowns()
        guard conductivityCoefficient != nil || heatGeneration != nil || generationCoefficient != nil
                || unknowns.contains(where: \.isNonlinear) else { return nil }
        let terms = NonlinearFinTerms(conductivityCoefficient: conductivityCoefficient ?? 0, heatGeneration: heatGeneration ?? 0,
                                      generationCoefficient: generationCoefficient ?? 0)
        do {
            _ = try NonlinearFinParameters(finParameter: 1, conductivityCoefficient: terms.conductivityCoefficient,
                                           heatGeneration: terms.heatGeneration, generationCoefficient: terms.generationCoefficient)
        } catch let error as FinParameterError {
            let flag = ["ε_c": "--conductivity-coefficient", "G": "--heat-generation", "ε_G": "--generation-coefficient"][error.symbol] ?? "--heat-generation"
            throw ValidationError("\(flag): \(error)")
        } catch {
            throw ValidationError("\(error)")
        }
        if unknowns.contains(.conductivity) {
            throw ValidationError("--unknowns: k cannot be estimated with the nonlinear fin (it enters with h only through N = mL); estimate h, G, epsG, Tinf or Tb")
        }
        return terms
    }

    func parsedRoutes() throws -> [FinRoute] {
        guard let routes = FinRoute.parseList(routes) else {
            throw ValidationError("--routes: '\(routes)' is not a list of routes; choose from lm, surrogate, direct, pinn (e.g. lm,surrogate) or all")
        }
        return routes
    }

    func parsedRange() throws -> ClosedRange<Double>? {
        guard let hRange else { return nil }
        let parts = hRange.split(separator: ":", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let low = parts[0], let high = parts[1], low.isFinite, high.isFinite,
              low > 0, low < high, high <= FinProperties.maximumHeatTransferCoefficient else {
            throw ValidationError("--h-range: '\(hRange)' is not a range LOW:HIGH with 0 < LOW < HIGH ≤ 1000000 W/(m²·K), e.g. 5:200")
        }
        return low...high
    }
}
