import Foundation
import Testing

@testable import BackpropData

/// Each kind of error, with the line and column it names and the whole message.
@Suite("Errors reading data files")
struct CSVErrorTests {
    @Test("a row with the wrong number of fields names its line and both counts")
    func wrongFieldCount() {
        let error = parseError("# fin data\nx,T\n0,300\n0.1,290,5\n")
        #expect(error?.kind == .wrongFieldCount(expected: 2, got: 3))
        #expect(error?.description == "fin.csv, line 4: expected 2 fields as in the header, got 3")
        #expect(parseError("x,T\n1\n")?.kind == .wrongFieldCount(expected: 2, got: 1))
        #expect(parseError("x T\n1 2 3\n")?.kind == .wrongFieldCount(expected: 2, got: 3))
    }

    @Test("a wrong field count is reported before a bad value in the same row")
    func fieldCountBeforeValue() {
        #expect(parseError("x,T\n1,abc,3\n")?.kind == .wrongFieldCount(expected: 2, got: 3))
    }

    @Test("a non-numeric field names its line, column number and column name, and shows the text")
    func nonNumeric() {
        let error = parseError("x,T\n0,300\n0.1,abc\n")
        #expect(error?.kind == .nonNumeric(text: "abc"))
        #expect((error?.line, error?.column, error?.columnName) == (3, 2, "T"))
        #expect(
            error?.description
                == "fin.csv, line 3, column 2 \"T\": non-numeric value \"abc\": expected a decimal number such as 300.15 or -1.5e-3"
        )
    }

    @Test("a long non-numeric field is shortened to 40 characters")
    func nonNumericTruncated() {
        let long = String(repeating: "é", count: 100)
        let error = parseError("x\n\(long)\n")
        #expect(error?.kind == .nonNumeric(text: String(repeating: "é", count: 40) + "…"))
    }

    @Test("a decimal comma gets a hint")
    func decimalComma() {
        let error = parseError("x;T\n0;3,5\n")
        #expect(
            error?.description
                == "fin.csv, line 2, column 2 \"T\": non-numeric value \"3,5\": expected a decimal number such as 300.15 or -1.5e-3 (a decimal comma is not read as a decimal point)"
        )
    }

    @Test("an empty field is a missing value")
    func emptyValue() {
        let error = parseError("x,T,h\n0,,5\n")
        #expect(error?.kind == .emptyValue)
        #expect(error?.description == "fin.csv, line 2, column 2 \"T\": missing value: the field is empty")
        #expect(parseError("x,T\n0, \n")?.kind == .emptyValue)
    }

    @Test(
        "infinity, NaN and overflowing numbers are rejected as non-finite",
        arguments: ["nan", "-inf", "Infinity", "1e999"])
    func nonFinite(text: String) {
        let error = parseError("x,T\n0,1\n1,\(text)\n")
        #expect(error?.kind == .nonFinite(text: text))
        #expect(
            error?.description
                == "fin.csv, line 3, column 2 \"T\": non-finite value \"\(text)\": infinity, NaN and numbers beyond ±1.8e308 are rejected; remove the row or fix the value"
        )
    }

    @Test("two columns with the same name are rejected, naming both")
    func duplicateNames() {
        let error = parseError("x,T,x\n1,2,3\n")
        #expect(error?.kind == .duplicateColumnName(name: "x", firstColumn: 1))
        #expect(
            error?.description
                == "fin.csv, line 1, column 3 \"x\": column name \"x\" is used already by column 1; names must be unique"
        )
    }

    @Test("an empty column name is rejected")
    func emptyName() {
        let error = parseError("x,,T\n1,2,3\n")
        #expect(error?.kind == .emptyColumnName)
        #expect((error?.line, error?.column) == (1, 2))
    }

    @Test(
        "an empty file, or one of only comments and blank lines, has no header",
        arguments: ["", "\n\n", "# only a comment\n  \n"])
    func emptyFile(text: String) {
        let error = parseError(text)
        #expect(error?.kind == .emptyFile)
        #expect(
            error?.description
                == "fin.csv: no header line: the file is empty or holds only comments and blank lines")
    }

    @Test("a header with no data line after it is rejected")
    func headerOnly() {
        let error = parseError("# c\nx,T\n\n# end\n")
        #expect(error?.kind == .headerOnly)
        #expect(error?.description == "fin.csv, line 2: the header is not followed by any data line")
    }

    @Test("a first line of numbers is taken for missing header")
    func missingHeader() {
        let error = parseError("# x T\n1,2\n3,4\n")
        #expect(error?.kind == .missingHeader)
        #expect(error?.line == 2)
        #expect(error?.description.contains("add a header line") == true)
    }

    @Test("an unclosed or misplaced quote is reported at its column")
    func malformedQuotes() {
        let header = parseError("x,\"T\n1,2\n")
        #expect(header?.kind == .malformedQuotedField)
        #expect((header?.line, header?.column) == (1, 2))
        let trailing = parseError("\"x\"y,T\n1,2\n")
        #expect((trailing?.kind, trailing?.column) == (.malformedQuotedField, 1))
        let data = parseError("x,T\n1,\"2\n")
        #expect((data?.kind, data?.line, data?.column) == (.malformedQuotedField, 2, 2))
    }

    @Test("bytes that are not UTF-8 are reported at their line and byte")
    func notUTF8() {
        let bytes = Array("x,T\n0,3".utf8) + [0xE9] + Array("\n".utf8)
        var caught: CSVError?
        do { _ = try CSVTable(parsing: bytes, source: "fin.csv") } catch { caught = error }
        #expect(caught?.kind == .notUTF8(byte: 4))
        #expect(
            caught?.description
                == "fin.csv, line 2: byte 4 of the line is not UTF-8; save the file as UTF-8 (it may be Latin-1 or Windows-1252)"
        )
    }

    @Test("a missing file is reported with the system's reason")
    func fileNotFound() {
        let url = URL(fileURLWithPath: "no-such-directory/missing.csv")
        var caught: CSVError?
        do { _ = try CSVTable(contentsOf: url) } catch { caught = error }
        #expect(caught?.kind == .fileNotReadable(reason: "No such file or directory"))
        #expect(
            caught?.description
                == "no-such-directory/missing.csv: cannot read the file (No such file or directory)")
    }

    @Test("a directory is not a readable file")
    func directoryNotReadable() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var caught: CSVError?
        do { _ = try CSVTable(contentsOf: directory) } catch { caught = error }
        #expect(caught?.kind == .fileNotReadable(reason: "is a directory"))
    }

    @Test("an unknown column name lists the names there are")
    func unknownColumn() throws {
        let table = try CSVTable(parsing: "x,T\n1,2\n", source: "fin.csv")
        var caught: CSVError?
        do { _ = try table.selecting("x,Tip") } catch { caught = error }
        #expect(caught?.kind == .unknownColumn(name: "Tip", available: ["x", "T"]))
        #expect(
            caught?.description
                == "fin.csv: no column named \"Tip\"; the columns are \"x\", \"T\" (or select by 0-based index, e.g. 0-2)"
        )
    }
}
