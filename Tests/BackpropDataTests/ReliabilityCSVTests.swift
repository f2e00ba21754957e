import Foundation
import Testing

@testable import BackpropData

/// Regression tests for what fuzzing the CSV reader found (Fuzz/run.sh csv), and the reader's
/// behaviour on hostile data files.
@Suite("Reliability: data files found by fuzzing, and hostile data files")
struct ReliabilityCSVTests {
    /// U+0317 COMBINING ACUTE ACCENT BELOW: after a quote, separator, blank or `#` it forms one
    /// `Character` with it, which hid the quote from Character-level string operations.
    static let mark = "\u{0317}"

    @Test(
        "A column name with a combining mark after a quote, separator, blank or # survives write → read",
        arguments: CSVSeparator.allCases)
    func combiningMarks(separator: CSVSeparator) throws {
        let mark = Self.mark
        let names = [
            "#\(mark)c", "a\"\(mark)b", "%\"#c\"\(mark)\"", "x,\(mark)y", "x;\(mark)y", "x\t\(mark)y",
            " \(mark)lead", "q\"\"\(mark)", "plain",
        ]
        let table = CSVTable(columnNames: names, values: (0..<(2 * names.count)).map(Double.init))
        let bytes = try CSVWriter(separator: separator).encoded(table)
        let read = try CSVTable(parsing: bytes, separator: separator)
        #expect(read.columnNames.map { Array($0.unicodeScalars) } == names.map { Array($0.unicodeScalars) })
        #expect(read.values == table.values)
    }

    @Test("The fuzzer's input: a header with a quote before a combining mark reads back after writing")
    func fuzzerInput() throws {
        // Fuzz/corpus/csv/regression-combining-mark-after-quote.csv, without its first byte.
        let header = "x,h,T tip,\"a,b\",\"\"\"q\"\"\",%\"#c\"\(Self.mark)\",\"1.\""
        let table = try CSVTable(parsing: header + "\n1,2,3,4,5,6,7\n", separator: .comma)
        #expect(table.columnNames[5] == "%\"#c\"\(Self.mark)\"")
        let again = try CSVTable(parsing: try CSVWriter(separator: .comma).encoded(table), separator: .comma)
        #expect(again == table)
    }

    @Test("A first column named with a leading byte order mark survives write → read (found by fuzzing)",
          arguments: CSVSeparator.allCases)
    func byteOrderMarkName(separator: CSVSeparator) throws {
        // Fuzz/corpus/csv/regression-byte-order-mark-name.csv: the BOM opened the written file,
        // where the reader skips it, so the header lost its first column.
        let table = CSVTable(columnNames: ["\u{FEFF}", "y", "z"], values: [1, 2, 3, 4, 5, 6])
        let read = try CSVTable(parsing: try CSVWriter(separator: separator).encoded(table), separator: separator)
        #expect(read.columnNames == table.columnNames && read.values == table.values)
    }

    @Test("In a quoted name, \"\" before a combining mark is one quote, as the scanner reads it")
    func doubledQuoteBeforeMark() throws {
        let table = try CSVTable(parsing: "\"a\"\"\(Self.mark)b\",y\n1,2\n")
        #expect(Array(table.columnNames[0].unicodeScalars) == Array("a\"\(Self.mark)b".unicodeScalars))
    }

    @Test("A header of 100 000 columns and one short data line is refused with the field count, quickly")
    func manyColumns() throws {
        let header = (0..<100_000).map { "c\($0)" }.joined(separator: ",")
        let clock = ContinuousClock()
        var caught: CSVError?
        let elapsed = clock.measure {
            do throws(CSVError) {
                _ = try CSVTable(parsing: header + "\n1,2\n")
            } catch {
                caught = error
            }
        }
        #expect(caught?.kind == .wrongFieldCount(expected: 100_000, got: 2))
        #expect(elapsed < .seconds(2), "took \(elapsed)")
    }

    @Test("A line of 10⁶ blanks, a field of 10⁶ digits and 10⁵ comment lines each give a clear answer")
    func longLines() throws {
        let blanks = String(repeating: " ", count: 1_000_000)
        #expect(throws: CSVError(.emptyFile, file: "<memory>")) { try CSVTable(parsing: blanks + "\n") }

        let digits = String(repeating: "7", count: 1_000_000)
        do throws(CSVError) {
            _ = try CSVTable(parsing: "x\n\(digits)\n")
            Issue.record("a number of 10⁶ digits (7.8e999999) was read")
        } catch {
            #expect(error.kind == .nonFinite(text: String(repeating: "7", count: 40) + "…"))
            #expect(error.description.contains("line 2, column 1 \"x\": non-finite value"))
        }
        // 10⁻¹⁰⁰⁰⁰⁰¹ rounds to 0, as Double("0.000…1") does.
        let tiny = try CSVTable(parsing: "x\n0." + String(repeating: "0", count: 1_000_000) + "1\n")
        #expect(tiny.values == [0])

        let comments = String(repeating: "# note\n", count: 100_000)
        let table = try CSVTable(parsing: comments + "x\n1\n")
        #expect(table.values == [1])
    }

    @Test("Column selectors with huge indices or ranges are refused without building the range")
    func hugeSelectors() throws {
        let names = ["a", "b", "c"]
        for text in ["0-99999999999999999999", "99999999999999999999", "0-9223372036854775807", "2-1000000000"] {
            let selector = try CSVColumnSelector(text)
            #expect(throws: CSVError.self) { try selector.columnIndices(in: names) }
        }
    }
}
