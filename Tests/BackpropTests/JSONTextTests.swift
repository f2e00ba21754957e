import Foundation
import Testing
@testable import Backprop

/// What reading `text` gives: the error's description, or "ok".
private func parseOutcome(_ text: [UInt8]) -> String {
    do {
        _ = try JSONValue.parse(text)
        return "ok"
    } catch {
        return error.description
    }
}

private func checkOutcome(_ text: [UInt8]) -> String {
    do {
        _ = try JSONText(checking: text)
        return "ok"
    } catch {
        return error.description
    }
}

/// A random JSON-like text: valid values, broken on purpose now and then.
private func randomText(_ rng: inout SeededGenerator, depth: Int = 0) -> String {
    let pieces = ["0", "-0", "-0.0", "1", "12.5e-3", "1e308", "9.99e307", "1.7976931348623157e308", "1.7976931348623159e308",
                  "0.00001e313", "1e309", "17976931348623157e292", "1e-400", "4.9e-324", "01", "1.", ".5", "1e", "-", "1E+2",
                  "true", "false", "null", "nul", "\"a\"", "\"\\u00e9\\n\"", "\"\\ud800\"", "\"\\uZZZZ\"", "\"\\u+041\"", "\"\\x\"",
                  "\"\u{7}\"", "\"é\"", "\"unterminated", "[]", "{}", "[", "{", "}", "]", ",", ":", " ", "\n"]
    switch rng.bounded(depth < 4 ? 6 : 3) {
    case 0, 1, 2: return pieces[rng.bounded(pieces.count)]
    case 3, 4:
        return "[" + (0..<rng.bounded(5)).map { _ in randomText(&rng, depth: depth + 1) }.joined(separator: rng.bounded(8) == 0 ? " " : ", ") + "]"
    default:
        let keys = ["a", "b", "a", "\\u0061", "é", ""]
        return "{" + (0..<rng.bounded(4)).map { _ in
            "\"\(keys[rng.bounded(keys.count)])\": " + randomText(&rng, depth: depth + 1)
        }.joined(separator: ", ") + "}"
    }
}

@Suite("JSON text checked once and read in place")
struct JSONTextTests {
    @Test("Checking refuses exactly what parsing refuses, with the same message, line and column")
    func checkAgreesWithParse() {
        var rng = SeededGenerator(seed: 2024)
        var refused = 0
        for _ in 0..<3000 {
            let text = Array(randomText(&rng).utf8)
            let parsed = parseOutcome(text), checked = checkOutcome(text)
            #expect(checked == parsed, "\(String(decoding: text, as: UTF8.self))")
            if parsed != "ok" { refused += 1 }
        }
        // Both kinds of text were tried.
        #expect(refused > 300 && refused < 2700, "\(refused) refused")
    }

    @Test("A string of any bytes is accepted exactly when it is valid UTF-8, and decodes to the same text")
    func utf8() throws {
        var rng = SeededGenerator(seed: 8)
        let alphabet: [UInt8] = [0x41, 0x7F, 0x80, 0xBF, 0xC2, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xED, 0xA0, 0xF0, 0x9F, 0x98, 0x80, 0xF4, 0x90, 0xC0, 0xFF]
        for _ in 0..<3000 {
            let content = (0..<rng.bounded(7)).map { _ in alphabet[rng.bounded(alphabet.count)] }
            let text = [UInt8(ascii: "\"")] + content + [UInt8(ascii: "\"")]
            let expected = String(validating: content, as: UTF8.self)
            #expect((checkOutcome(text) == "ok") == (expected != nil), "\(content)")
            if let expected {
                #expect(try JSONValue.parse(text) == .string(expected))
            }
        }
    }

    @Test("Escapes decode as before: surrogates become U+FFFD, \\u0000 is kept")
    func escapes() throws {
        let text = #""a\"b\\c\/d\b\f\n\r\t\u00e9\u20AC\ud83d\ude00\u0000z""#
        #expect(try JSONValue.parse(Array(text.utf8)) == .string("a\"b\\c/d\u{8}\u{C}\n\r\té€\u{FFFD}\u{FFFD}\u{0}z"))
    }

    @Test("\\u takes exactly four hex digits: +041, -000 and 0x41 are refused (RFC 8259), by both readers")
    func fourHexDigits() throws {
        for escape in ["+041", "-000", "0x41", "00g1", "004"] {
            let text = Array("[\"\\u\(escape)\"]".utf8)
            #expect(throws: JSONSyntaxError.self, "\\u\(escape)") { try JSONValue.parse(text) }
            #expect(throws: JSONSyntaxError.self, "\\u\(escape)") { try JSONText(checking: text) }
        }
        #expect(try JSONValue.parse(Array(#"["\u0041\u00e9"]"#.utf8)) == .array([.string("Aé")]))
    }

    @Test("Numbers near the largest double: accepted while they round to a finite double, refused after",
          arguments: [("1e308", true), ("9.99e307", true), ("1.7976931348623157e308", true), ("17976931348623157e292", true),
                      ("0.00001e313", true), ("1e-400", true), ("-4.9e-324", true), ("1.7976931348623159e308", false),
                      ("1e309", false), ("-1e99999999999999999999", false), ("0.1e310", false)])
    func largestNumbers(text: String, accepted: Bool) throws {
        let bytes = Array("[\(text)]".utf8)
        #expect((checkOutcome(bytes) == "ok") == accepted)
        #expect(checkOutcome(bytes) == parseOutcome(bytes))
        if accepted {
            let checked = try JSONText(checking: bytes)
            let value = try #require(checked.number(at: 1)?.value)
            #expect(try JSONValue.parse(bytes) == .array([.number(value)]))
        }
    }

    @Test("An object may hold 10 000 keys, not more (the keys are kept while it is checked)")
    func keyLimit() throws {
        func object(keys: Int) -> [UInt8] {
            Array(("{" + (0..<keys).map { "\"k\($0)\": 0" }.joined(separator: ", ") + "}").utf8)
        }
        _ = try JSONText(checking: object(keys: JSONText.maximumKeys))
        let error = checkOutcome(object(keys: JSONText.maximumKeys + 1))
        #expect(error.hasPrefix("line 1, column ") && error.hasSuffix(": an object of more than 10000 keys"), "\(error)")
        // The general parser has no such limit.
        #expect(parseOutcome(object(keys: JSONText.maximumKeys + 1)) == "ok")
    }

    @Test("Values are found and stepped over in place, large arrays by their recorded end")
    func navigation() throws {
        let big = (0..<30_000).map { "\($0)" }.joined(separator: ",")
        let text = Array(#" {"a": [\#(big)], "b": {"c": "x]}\"", "d": [[], {}, [1, [2]]]}, "e": true} "#.utf8)
        let json = try JSONText(checking: text)
        #expect(json.kind(at: json.root) == .object)
        let members = json.members(ofObjectAt: json.root)
        #expect(members.map(\.key) == ["a", "b", "e"])
        #expect(json.count(ofContainerAt: members[0].value) == 30_000)
        #expect(json.end(ofValueAt: members[0].value) - members[0].value == big.utf8.count + 2)
        let b = json.members(ofObjectAt: members[1].value)
        #expect(b.map(\.key) == ["c", "d"])
        #expect(json.string(at: b[0].value) == "x]}\"")
        #expect(json.count(ofContainerAt: b[1].value) == 3)
        #expect(json.end(ofValueAt: b[1].value) - b[1].value == #"[[], {}, [1, [2]]]"#.utf8.count)
        #expect(json.kind(at: members[2].value) == .bool)
    }
}
