import Testing
@testable import Backprop

@Suite("Activations g, g′ and g″")
struct ActivationTests {
    static let points: [Double] = [-7.5, -3, -1.2, -0.4, 0.3, 0.9, 2.2, 6]

    @Test("g′ equals the central difference of g", arguments: Activation.all)
    func derivative(_ g: Activation) {
        for z in Self.points {
            let h = 1e-5
            let numeric = (g.g(z + h) - g.g(z - h)) / (2 * h)
            let exact = g.gPrime(z: z, a: g.g(z))
            #expect(abs(numeric - exact) <= 1e-8 * max(1, abs(exact)), "\(g) at z = \(z)")
        }
    }

    @Test("g″ equals the central difference of g′", arguments: Activation.all)
    func secondDerivative(_ g: Activation) {
        for z in Self.points {
            let h = 1e-5
            let gp = { (z: Double) in g.gPrime(z: z, a: g.g(z)) }
            let numeric = (gp(z + h) - gp(z - h)) / (2 * h)
            let exact = g.gDoublePrime(z: z, a: g.g(z))
            #expect(abs(numeric - exact) <= 1e-7 * max(1, abs(exact)), "\(g) at z = \(z)")
        }
    }

    @Test("sigmoid′ is the lecture's a(1 − a), and σ(0) = ½")
    func sigmoidLecture() {
        let g = Activation.sigmoid
        #expect(g.g(0.0) == 0.5)
        #expect(g.gPrime(z: 0.0, a: 0.5) == 0.25)
        let a = g.g(1.3)
        #expect(g.gPrime(z: 1.3, a: a) == a * (1 - a))
    }

    @Test("No overflow or NaN for |z| up to 1e4 in Double", arguments: Activation.all)
    func extremeDouble(_ g: Activation) {
        for z in [-1e4, -800, -710, -50, 50, 710, 800, 1e4] {
            let a = g.g(z)
            #expect(a.isFinite, "\(g)(\(z)) = \(a)")
            #expect(g.gPrime(z: z, a: a).isFinite)
            #expect(g.gDoublePrime(z: z, a: a).isFinite)
        }
        if g == .sigmoid {
            #expect(g.g(-1e4) == 0 && g.g(1e4) == 1)
        }
    }

    @Test("No overflow or NaN for |z| up to 1e4 in Float", arguments: Activation.all)
    func extremeFloat(_ g: Activation) {
        for z: Float in [-1e4, -100, -89, 89, 100, 1e4] {
            let a = g.g(z)
            #expect(a.isFinite, "\(g)(\(z)) = \(a)")
            #expect(g.gPrime(z: z, a: a).isFinite)
        }
        #expect(Activation.softplus.g(Float(1e4)) == 1e4)
        #expect(Activation.sigmoid.g(Float(-1e4)) == 0)
    }

    @Test("Names round-trip through init(name:)", arguments: Activation.all + [.leakyReLU(slope: 0.2), .elu(alpha: 0.5)])
    func names(_ g: Activation) throws {
        #expect(try Activation(name: g.description) == g)
    }

    @Test("Unknown names and bad parameters are rejected with the accepted list")
    func badNames() {
        #expect(throws: BackpropError.self) { try Activation(name: "swish") }
        #expect(throws: BackpropError.self) { try Activation(name: "leaky-relu:1.5") }
        #expect(throws: BackpropError.self) { try Activation(name: "elu:-1") }
        #expect(throws: BackpropError.self) { try Activation(name: "elu:nan") }
        do {
            _ = try Activation(name: "swish")
        } catch {
            #expect(error.description.contains("sigmoid"))
            #expect(error.description.contains("swish"))
        }
    }
}
