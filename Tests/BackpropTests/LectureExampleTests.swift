import Testing
@testable import Backprop

/// The lecture's special cases, with numbers worked by hand in the comments.
@Suite("The lecture's worked examples")
struct LectureExampleTests {
    /// |a − b| ≤ 1e-12 · max(1, |b|)
    func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test("Delta rule, linear neuron: ∂J/∂w_j = a_j e")
    func deltaRuleLinear() {
        // a = (1, 2, 3), w = (0.5, −0.25, 0.1), y = 1, g(z) = z
        // z = 0.5·1 − 0.25·2 + 0.1·3 = 0.5 − 0.5 + 0.3 = 0.3;  ŷ = z = 0.3
        // e = ŷ − y = −0.7;  J = ½ e² = 0.245
        // ∂J/∂w = a e = (−0.7, −1.4, −2.1)
        let r = DeltaRule.apply(weights: [0.5, -0.25, 0.1], inputs: [1.0, 2, 3], target: 1.0)
        #expect(close(r.z, 0.3))
        #expect(close(r.e, -0.7))
        #expect(close(r.cost, 0.245))
        #expect(zip(r.gradient, [-0.7, -1.4, -2.1]).allSatisfy { close($0, $1) })
    }

    @Test("Delta rule, nonlinear neuron: ∂J/∂w_j = a_j e g′(z)")
    func deltaRuleSigmoid() {
        // a = (1, 2), w = (0.5, −0.25), y = 1, g = sigmoid
        // z = 0.5·1 − 0.25·2 = 0;  ŷ = σ(0) = 0.5;  e = 0.5 − 1 = −0.5
        // g′(z) = ŷ(1 − ŷ) = 0.25;  δ = e g′ = −0.125
        // ∂J/∂w = a δ = (−0.125, −0.25);  J = ½(−0.5)² = 0.125
        let r = DeltaRule.apply(weights: [0.5, -0.25], inputs: [1.0, 2], target: 1.0, activation: .sigmoid)
        #expect(r.z == 0)
        #expect(r.yHat == 0.5)
        #expect(r.delta == -0.125)
        #expect(r.gradient == [-0.125, -0.25])
        #expect(r.cost == 0.125)
    }

    @Test("Delta rule agrees with a one-layer network without bias")
    func deltaRuleIsANetwork() throws {
        let w = [0.7, -1.3, 0.2], a = [0.4, -0.1, 2.5]
        for g in Activation.all {
            let rule = DeltaRule.apply(weights: w, inputs: a, target: 0.3, activation: g)
            let network = try Network(layers: [Layer(weight: Matrix(row: w), activation: g)])
            let (j, gradient, _) = try network.gradient(x: Matrix(row: a), y: Matrix(row: [0.3]))
            #expect(close(j, rule.cost))
            #expect(zip(gradient.parameters, rule.gradient).allSatisfy { close($0, $1) })
        }
    }

    /// The chain of the CLI's `trace` example: x = 0.5, y = 0.2, w = (0.3, −0.2, 0.8), sigmoid.
    ///
    /// Forward (σ(z) = 1/(1 + e^−z)):
    ///   a0 = 0.5
    ///   z1 = 0.3 · 0.5 = 0.15                    a1 = σ(0.15) = 0.537429845343749549
    ///   z2 = −0.2 · a1 = −0.107485969068749910   a2 = σ(z2)   = 0.473154348930443103
    ///   z3 = 0.8 · a2 = 0.378523479144354482     a3 = σ(z3)   = 0.593516934755254313 = ŷ
    ///   e = ŷ − y = 0.393516934755254313,  J = ½ e² = 0.077427788969585540
    /// Backward (δ_k = a_k(1 − a_k) e_k, e_(k−1) = w_k δ_k, ∂J/∂w_k = a_(k−1) δ_k):
    ///   e3 = 0.393516934755254313
    ///   δ3 = a3(1 − a3) e3 = 0.241240..·0.393517 = 0.094937763963967353
    ///   ∂J/∂w3 = a2 δ3 = 0.044920215897283056
    ///   e2 = w3 δ3 = 0.8 · δ3 = 0.075950211171173882
    ///   δ2 = a2(1 − a2) e2 = 0.018932816312471321
    ///   ∂J/∂w2 = a1 δ2 = 0.010175060542733081
    ///   e1 = w2 δ2 = −0.2 · δ2 = −0.003786563262494264
    ///   δ1 = a1(1 − a1) e1 = −0.000941335865777751
    ///   ∂J/∂w1 = a0 δ1 = −0.000470667932888875
    ///   e0 = w1 δ1 = −0.000282400759733325 (= ∂J/∂x)
    static let chainWeights = [0.3, -0.2, 0.8]

    @Test("Scalar chain: forward and backward numbers by hand")
    func scalarChain() {
        let pass = ScalarChain(weights: Self.chainWeights, activation: .sigmoid).backprop(x: 0.5, y: 0.2)
        let a = [0.5, 0.537429845343749549, 0.473154348930443103, 0.593516934755254313]
        let z = [0, 0.15, -0.107485969068749910, 0.378523479144354482]
        let e = [-0.000282400759733325, -0.003786563262494264, 0.075950211171173882, 0.393516934755254313]
        let delta = [0, -0.000941335865777751, 0.018932816312471321, 0.094937763963967353]
        let gradient = [0, -0.000470667932888875, 0.010175060542733081, 0.044920215897283056]
        #expect(zip(pass.a, a).allSatisfy { close($0, $1) })
        #expect(zip(pass.z, z).allSatisfy { close($0, $1) })
        #expect(zip(pass.e, e).allSatisfy { close($0, $1) })
        #expect(zip(pass.delta, delta).allSatisfy { close($0, $1) })
        #expect(zip(pass.gradient, gradient).allSatisfy { close($0, $1) })
        #expect(close(pass.cost, 0.077427788969585540))
    }

    @Test("Scalar chain equals the matrix network 1-1-1-1 without bias, trace by trace")
    func scalarChainIsANetwork() throws {
        let chain = ScalarChain(weights: Self.chainWeights, activation: .sigmoid)
        let pass = chain.backprop(x: 0.5, y: 0.2)
        let (j, gradient, trace) = try chain.network.gradient(x: Matrix(row: [0.5]), y: Matrix(row: [0.2]))
        #expect(close(j, pass.cost))
        for k in 0...3 {
            #expect(close(trace.a(k)[0, 0], pass.a[k]))
            #expect(close(trace.e(k)[0, 0], pass.e[k]))
        }
        for k in 1...3 {
            #expect(close(trace.z(k)[0, 0], pass.z[k]))
            #expect(close(trace.delta(k)[0, 0], pass.delta[k]))
            #expect(close(gradient.weight(ofLayer: k)[0, 0], pass.gradient[k]))
        }
    }

    @Test("Scalar chain gradient equals the lecture's finite difference check")
    func scalarChainFiniteDifferences() throws {
        let chain = ScalarChain(weights: Self.chainWeights, activation: .sigmoid)
        let check = try chain.network.gradientCheck(x: Matrix(row: [0.5]), y: Matrix(row: [0.2]), scheme: .forward)
        // Forward differences: truncation O(Δp) plus round-off ε·J/Δp, with Δp = √ε ≈ 1.5e-8,
        // leave about 5 correct digits; central differences about 10.
        #expect(check.maxRelativeError < 1e-4)
        let central = try chain.network.gradientCheck(x: Matrix(row: [0.5]), y: Matrix(row: [0.2]), scheme: .central)
        #expect(central.maxRelativeError < 1e-8)
        #expect(central.finiteDifferenceForwardPasses == 6)
        #expect(check.finiteDifferenceForwardPasses == 4)   // 3 weights + the unperturbed pass
        #expect(check.backpropForwardPasses == 1 && check.backpropBackwardPasses == 1)
    }
}
