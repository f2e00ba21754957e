import Testing

@testable import BackpropData

@Suite("UTF-8 validation")
struct UTF8ValidationTests {
    private func firstInvalid(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidUTF8Offset(in: $0) }
    }

    @Test("agrees with the standard library's decoder on random byte strings")
    func agreesWithStandardLibrary() {
        var generator = SeededRandom(seed: 2)
        // Bytes biased towards the interesting lead and continuation bytes.
        let alphabet: [UInt8] = [
            0x41, 0x0A, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x9F,
            0xA0, 0x8F, 0x90,
        ]
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...12, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            let valid = String(validating: bytes, as: UTF8.self) != nil
            #expect((firstInvalid(bytes) == nil) == valid, "\(bytes)")
        }
    }

    @Test("reports the offset of the first bad sequence, past the ASCII fast path")
    func offsetOfFirstBadByte() {
        let text = Array("température,x\n1,2\n".utf8)
        #expect(firstInvalid(text) == nil)
        let latin1: [UInt8] = Array("abcdefghijklmnop,temp".utf8) + [0xE9] + Array("rature\n".utf8)
        #expect(firstInvalid(latin1) == 21)
        #expect(firstInvalid([0xED, 0xA0, 0x80]) == 0, "a UTF-16 surrogate is not UTF-8")
        #expect(firstInvalid([0xC0, 0xAF]) == 0, "an overlong form is not UTF-8")
        #expect(firstInvalid(Array("ok".utf8) + [0xF0, 0x9F, 0x98]) == 2, "a truncated sequence")
    }
}
