import Foundation
import Testing
@testable import BackpropCommand

@Suite("backprop trace")
struct TraceCommandTests {
    static let chain = ["--layers", "1,1,1,1", "--no-bias", "--activation", "sigmoid",
                        "--x", "0.5", "--y", "0.2", "--weights", "0.3,-0.2,0.8"]

    @Test("trace on the lecture's scalar chain prints the hand-worked numbers")
    func scalarChain() throws {
        let text = try TraceCommand.parse(Self.chain).render()
        // See LectureExampleTests.scalarChain for the arithmetic.
        // %.12g: twelve significant digits, trailing zeros dropped.
        for number in ["0.537429845344", "0.47315434893", "0.593516934755",  // a_1, a_2, a_3 = ŷ
                       "0.0774277889696",                                       // J = ½ e²
                       "0.393516934755",                                        // e_3 = ŷ − y
                       "0.094937763964", "0.0189328163125", "-0.000941335865778", // δ_3, δ_2, δ_1
                       "0.0449202158973", "0.0101750605427", "-0.000470667932889", // ∂J/∂w_3, w_2, w_1
                       "-0.000282400759733"] {                                   // ∂J/∂x = e_0
            #expect(text.contains(number), "missing \(number)")
        }
        #expect(text.contains("forward differences would need 4 forward passes"))
    }

    @Test("trace --json parses with δ_k per layer")
    func json() throws {
        let text = try TraceCommand.parse(Self.chain + ["--json"]).render()
        let json = try #require(try parseJSON(text) as? [String: Any])
        let layers = try #require(json["layers"] as? [[String: Any]])
        let delta3 = try #require((layers[2]["delta"] as? [Double])?.first)
        #expect(abs(delta3 - 0.094937763963967353) < 1e-15)
        #expect(abs(try #require(json["J"] as? Double) - 0.077427788969585540) < 1e-15)
    }
}
