import Foundation
import Testing
@testable import Backprop

@Suite("L-BFGS: the minimiser behind the PINN's second stage")
struct LBFGSTests {
    /// f = (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1).
    static func rosenbrock(_ p: [Double]) -> (cost: Double, gradient: [Double]) {
        let (x, y) = (p[0], p[1])
        return ((1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x),
                [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])
    }

    @Test("Rosenbrock from (−1.2, 1): to (1, 1) within 1e-6, f below 1e-12")
    func rosenbrockValley() {
        let r = LBFGS(maximumIterations: 500).minimize([-1.2, 1], Self.rosenbrock)
        #expect(abs(r.parameters[0] - 1) < 1e-6 && abs(r.parameters[1] - 1) < 1e-6, "\(r.parameters), \(r.termination)")
        #expect(r.cost < 1e-12)
        #expect(r.evaluations >= r.iterations)
    }

    @Test("a convex quadratic in 8 dimensions (condition number 10⁴): the minimiser to 1e-8 in under 200 iterations (gradient descent: ≈ 2·10⁵)")
    func quadratic() {
        let d = (0..<8).map { Foundation.pow(10, Double($0) / 7 * 4) }          // 1 … 10⁴
        let target = (0..<8).map { Double($0) - 3.5 }
        let f = { (p: [Double]) -> (cost: Double, gradient: [Double]) in
            let r = (0..<8).map { p[$0] - target[$0] }
            return ((0..<8).reduce(0) { $0 + 0.5 * d[$1] * r[$1] * r[$1] }, (0..<8).map { d[$0] * r[$0] })
        }
        var seen = 0, within: Int?
        let r = LBFGS(memory: 8, maximumIterations: 500).minimize(Array(repeating: 0, count: 8), onIteration: { p, _ in
            seen += 1
            if within == nil, (0..<8).allSatisfy({ abs(p[$0] - target[$0]) < 1e-8 }) { within = seen }
        }, f)
        for i in 0..<8 { #expect(abs(r.parameters[i] - target[i]) < 1e-8, "\(i): \(r.parameters[i])") }
        #expect(seen == r.iterations)
        // Gradient descent with the best fixed step needs ≈ κ ln(10⁸·4) ≈ 2·10⁵ iterations here.
        print("LBFGS quadratic: within 1e-8 after", within ?? -1, "of", r.iterations, "iterations")
        #expect((within ?? .max) < 200, "\(within ?? -1)")
    }

    @Test("a cost that is not finite beyond a wall is stepped around; an ascent-free start stops on a small gradient")
    func walls() {
        // f = x² + y² for x > −0.5, +∞ otherwise, from (2, 2): the first step is halved back inside.
        let f = { (p: [Double]) -> (cost: Double, gradient: [Double]) in
            p[0] <= -0.5 ? (.infinity, [0, 0]) : (p[0] * p[0] + p[1] * p[1], [2 * p[0], 2 * p[1]])
        }
        let r = LBFGS().minimize([2, 2], f)
        #expect(r.cost < 1e-16 && r.parameters.allSatisfy { abs($0) < 1e-8 }, "\(r.parameters)")
        let flat = LBFGS().minimize([3, 4]) { _ in (1, [0, 0]) }
        #expect(flat.termination == .smallGradient && flat.iterations == 0 && flat.parameters == [3, 4])
    }
}
