import Backprop
import FinHeatTransfer
import FinInverse
import Foundation

extension BenchWorkloads {
    /// pinn: the README's pin fin (k = 200 W/(m·K), D = 5 mm, L = 0.1 m, insulated tip, T∞ = 25 °C,
    /// T_b = 100 °C known, h = 25 W/(m²·K), so N = mL = 1), ten exact readings at x = iL/9;
    /// φ̂(u), u = 2x/L − 1, 1 → 20 → 20 → 1 tanh, Xavier (seed 42), zero biases; s = ln h from
    /// ln 10; the cost of ``FinPINNLoss`` with 64 collocation points ξ_j = j/63 and weights
    /// (w_d, w_r, w_b) = (1, 100, 100); Adam (α = 0.01 · 0.01^((t−1)/2000), β = 0.9, 0.999,
    /// ε = 10⁻⁸) for 2000 updates, then L-BFGS for 1000 iterations. Timed: the seconds (and
    /// steps) from the start of training to the first step with |ĥ − h|/h ≤ 1 %, and the whole
    /// schedule; `repeats` runs, the median reported.
    static func pinn(repeats: Int = 3) throws -> Result {
        let fin = try FinProperties(conductivity: 200, heatTransferCoefficient: 25, geometry: try FinGeometry.pin(diameter: 0.005, length: 0.1),
                                    baseTemperature: 100, ambientTemperature: 25)
        let model = try AnalyticFin(properties: fin, tip: .insulated)
        let x = (0..<10).map { 0.1 * Double($0) / 9 }
        let readings = FinReadings(positions: x, temperatures: x.map(model.temperature(at:)))
        let loss = try FinPINNLoss(readings: readings, fin: fin, baseTemperature: 100, tip: .insulated)
        var toAccuracy: [Double] = [], total: [Double] = []
        var steps = 0, finalH = 0.0, finalCost = 0.0
        for _ in 0..<repeats {
            let clock = ContinuousClock(), start = clock.now
            var reached: (Int, Double)?
            let t = try loss.train(initialH: 10, configuration: FinPINNConfiguration()) { step, h in
                if reached == nil, abs(h / 25 - 1) <= 0.01 { reached = (step, (clock.now - start).seconds) }
            }
            total.append((clock.now - start).seconds)
            toAccuracy.append(reached?.1 ?? .infinity)
            steps = reached?.0 ?? -1
            finalH = t.heatTransferCoefficient
            finalCost = t.final.cost
        }
        var result = Result(workload: "pinn", repeats: repeats, seconds: toAccuracy, unit: "run to |ĥ − h|/h ≤ 1 %",
                            finalCost: finalCost, gflops: nil)
        result.extra = ["steps_to_1pct": steps, "total_seconds": median(total.sorted()), "final_h": finalH,
                        "schedule": "adam 2000 (lr 0.01 → 1e-4 exponential) + lbfgs 1000"]
        return result
    }
}
