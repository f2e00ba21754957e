/// Limited-memory BFGS (Nocedal 1980; Nocedal & Wright, *Numerical Optimization*, 2006,
/// Algorithms 7.4 and 7.5): a quasi-Newton minimiser of a smooth cost f(θ) from its gradient
/// alone, for full-batch problems where first-order steps crawl (a PINN's last digits).
///
/// From the last `memory` pairs sₖ = θₖ₊₁ − θₖ, yₖ = ∇fₖ₊₁ − ∇fₖ, the two-loop recursion gives
/// the direction d = −H ∇f without forming H (the inverse Hessian approximation, H₀ = γI with
/// γ = sᵀy/yᵀy of the newest pair). The step θ + t d takes the first t of 1, ½, ¼, … that
/// lowers f by at least c₁ t ∇fᵀd (Armijo, c₁ = 10⁻⁴); a pair with sᵀy ≤ 0 (no positive
/// curvature) is not stored. The first step is scaled to move θ by at most 1 in any component.
///
/// Armijo alone is the simplest line search that keeps the iteration descending; it does not
/// ask for the curvature (Wolfe) condition, so the pairs can be poor: on an 8-dimensional
/// quadratic of condition number 10⁴ it needs 104 iterations to 10⁻⁸ (`LBFGSTests`), where a
/// strong-Wolfe search (scipy's, PyTorch's) needs about n. Issue 13's L-BFGS asks for one.
public struct LBFGS: Sendable {
    /// Pairs kept (m).
    public var memory: Int
    /// Iterations allowed.
    public var maximumIterations: Int
    /// Stop when ‖∇f‖∞ ≤ this.
    public var gradientTolerance: Double
    /// Stop when an accepted step lowers f by less than this × |f|.
    public var costTolerance: Double

    public init(memory: Int = 20, maximumIterations: Int = 500, gradientTolerance: Double = 1e-12, costTolerance: Double = 1e-14) {
        self.memory = max(1, memory)
        self.maximumIterations = max(1, maximumIterations)
        self.gradientTolerance = gradientTolerance
        self.costTolerance = costTolerance
    }

    /// Why the iteration stopped.
    public enum Termination: String, Sendable {
        case smallGradient, smallCostReduction, lineSearchFailed, iterationLimit
    }

    /// The minimiser found, f and ∇f there, and how it got there.
    public struct Result: Sendable {
        public let parameters: [Double]
        public let cost: Double
        public let gradient: [Double]
        public let iterations: Int
        /// Evaluations of f (and ∇f) used.
        public let evaluations: Int
        public let termination: Termination
    }

    /// Minimises `f` from θ₀. `f` returns the cost and its gradient; a non-finite cost rejects
    /// the trial point (the step is halved), so the search stays where f is defined.
    ///
    /// `onIteration` sees each accepted iterate and its cost (for progress and time-to-accuracy).
    public func minimize(
        _ initial: [Double], onIteration: (([Double], Double) -> Void)? = nil,
        _ f: ([Double]) -> (cost: Double, gradient: [Double])
    ) -> Result {
        var theta = initial
        var (cost, gradient) = f(theta)
        var evaluations = 1
        var s: [[Double]] = [], y: [[Double]] = [], rho: [Double] = []
        func dot(_ a: [Double], _ b: [Double]) -> Double {
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    var sum = 0.0
                    for i in 0..<a.count { sum += a[i] * b[i] }
                    return sum
                }
            }
        }
        /// q ← q + c v, in place.
        func axpy(_ c: Double, _ v: [Double], _ q: inout [Double]) {
            v.withUnsafeBufferPointer { v in
                q.withUnsafeMutableBufferPointer { q in
                    for i in 0..<q.count { q[i] += c * v[i] }
                }
            }
        }
        for iteration in 1...maximumIterations {
            var largest = 0.0
            for g in gradient { largest = Swift.max(largest, abs(g)) }
            if largest <= gradientTolerance {
                return Result(parameters: theta, cost: cost, gradient: gradient, iterations: iteration - 1,
                              evaluations: evaluations, termination: .smallGradient)
            }
            // Two-loop recursion: d = −H ∇f.
            var q = gradient
            var alpha = [Double](repeating: 0, count: s.count)
            for k in stride(from: s.count - 1, through: 0, by: -1) {
                alpha[k] = rho[k] * dot(s[k], q)
                axpy(-alpha[k], y[k], &q)
            }
            let gamma = s.isEmpty ? 1 : dot(s[s.count - 1], y[y.count - 1]) / dot(y[y.count - 1], y[y.count - 1])
            for i in q.indices { q[i] *= gamma }
            for k in 0..<s.count {
                let beta = rho[k] * dot(y[k], q)
                axpy(alpha[k] - beta, s[k], &q)
            }
            var d = q.map { -$0 }
            var slope = dot(gradient, d)
            if !(slope < 0) {                       // not a descent direction: start afresh
                s.removeAll(); y.removeAll(); rho.removeAll()
                d = gradient.map { -$0 }
                slope = dot(gradient, d)
            }
            // Backtracking (Armijo).
            var t = s.isEmpty ? min(1, 1 / max(d.map(abs).max() ?? 1, 1e-300)) : 1
            var accepted: (theta: [Double], cost: Double, gradient: [Double])?
            for _ in 0..<40 {
                let trial = zip(theta, d).map { $0 + t * $1 }
                let (c, g) = f(trial)
                evaluations += 1
                if c.isFinite, c <= cost + 1e-4 * t * slope, g.allSatisfy(\.isFinite) {
                    accepted = (trial, c, g)
                    break
                }
                t /= 2
            }
            guard let next = accepted else {
                return Result(parameters: theta, cost: cost, gradient: gradient, iterations: iteration,
                              evaluations: evaluations, termination: .lineSearchFailed)
            }
            let step = zip(next.theta, theta).map { $0 - $1 }, change = zip(next.gradient, gradient).map { $0 - $1 }
            let curvature = dot(step, change)
            if curvature > 1e-300 {
                s.append(step); y.append(change); rho.append(1 / curvature)
                if s.count > memory { s.removeFirst(); y.removeFirst(); rho.removeFirst() }
            }
            let reduction = cost - next.cost
            theta = next.theta; cost = next.cost; gradient = next.gradient
            onIteration?(theta, cost)
            if reduction <= costTolerance * max(abs(cost), 1e-300) {
                return Result(parameters: theta, cost: cost, gradient: gradient, iterations: iteration,
                              evaluations: evaluations, termination: .smallCostReduction)
            }
        }
        return Result(parameters: theta, cost: cost, gradient: gradient, iterations: maximumIterations,
                      evaluations: evaluations, termination: .iterationLimit)
    }
}
