import Foundation
import Testing

@testable import BackpropData

@Suite("Reading data files")
struct CSVTableTests {
    @Test(
        "the separator is detected from the header",
        arguments: [
            ("x,T\n0,300\n0.5,290.25\n", CSVSeparator.comma),
            ("x;T\n0;300\n0.5;290.25\n", .semicolon),
            ("x\tT\n0\t300\n0.5\t290.25\n", .tab),
            ("  x    T\n  0    300\n0.5\t \t290.25   \n", .whitespace),
            ("x, T\n 0 ,300\n0.5 , 290.25 \n", .comma),
        ])
    func separators(text: String, separator: CSVSeparator) throws {
        #expect(FieldScanner.detect(text) == separator)
        let table = try CSVTable(parsing: text)
        #expect(table.columnNames == ["x", "T"])
        #expect(table.values == [0, 300, 0.5, 290.25])
        #expect(table.rowCount == 2)
        #expect(table.columnCount == 2)
    }

    @Test("a separator given explicitly overrides detection")
    func explicitSeparator() throws {
        let table = try CSVTable(parsing: "a,b c\n1 2\n", separator: .whitespace)
        #expect(table.columnNames == ["a,b", "c"])
        #expect(table.values == [1, 2])
        #expect(throws: CSVError.self) { try CSVTable(parsing: "a b\n1 2\n", separator: .comma) }
    }

    @Test("comment and blank lines are skipped wherever they are, and lines are counted with them")
    func commentsAndBlankLines() throws {
        let text = """
            # Cooling fin, k = 200 W/(m K)

               # indented comment
            x,T
            0,300
            # a comment between rows
               \t
            1,280
            """
        let table = try CSVTable(parsing: text)
        #expect(table.values == [0, 300, 1, 280])
        // The third data line is line 9, counting comments and blanks.
        let error = parseError(text + "\n2,oops\n")
        #expect(error?.line == 9)
    }

    @Test("header names may be double-quoted, with \"\" for a quote inside")
    func quotedHeaders() throws {
        let table = try CSVTable(parsing: "\"T, tip\";\"say \"\"hi\"\"\" ; plain\n1;2;3\n")
        #expect(table.columnNames == ["T, tip", "say \"hi\"", "plain"])
        let spaced = try CSVTable(parsing: "\"T tip\"  \"x\"  h\n1 2 3\n")
        #expect(spaced.columnNames == ["T tip", "x", "h"])
        let quotedNumbers = try CSVTable(parsing: "\"x\",\"T\"\n\"1.5\", \"2\"\n")
        #expect(quotedNumbers.values == [1.5, 2])
    }

    @Test("CRLF line ends, a UTF-8 byte order mark and a missing final line break are tolerated")
    func lineEndsAndByteOrderMark() throws {
        let table = try CSVTable(parsing: "\u{FEFF}x,T\r\n# c\r\n0,300\r\n\r\n1,280")
        #expect(table.columnNames == ["x", "T"])
        #expect(table.values == [0, 300, 1, 280])
    }

    @Test("non-ASCII names are read as UTF-8")
    func unicodeNames() throws {
        let table = try CSVTable(parsing: "x (m),T (°C),Δt\n1,2,3\n")
        #expect(table.columnNames == ["x (m)", "T (°C)", "Δt"])
    }

    @Test("values are row-major, and rows and columns can be read back")
    func accessors() throws {
        let table = try CSVTable(parsing: "a,b,c\n1,2,3\n4,5,6\n")
        #expect(table.values == [1, 2, 3, 4, 5, 6])
        #expect(table[1, 0] == 4)
        #expect(Array(table.row(1)) == [4, 5, 6])
        #expect(table.column(2) == [3, 6])
    }

    @Test("a single-column file is read")
    func singleColumn() throws {
        let table = try CSVTable(parsing: "T\n300\n290\n")
        #expect(table.values == [300, 290])
    }

    @Test("a file is read from disk and named in errors as the user named it")
    func readsFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("fin.csv")
        try Data("x,T\n0,300\n".utf8).write(to: url)
        #expect(try CSVTable(contentsOf: url).values == [0, 300])
        #expect(try CSVTable(contentsOf: url).source == url.relativePath)
    }

    @Test("hostile bytes never crash the reader: it returns a table or throws")
    func randomBytesNeverCrash() {
        var generator = SeededRandom(seed: 3)
        let alphabet = Array("0123456789.,;\t \"\n\r#e-+xTn".utf8) + [0xFF, 0xC3, 0xA9, 0xEF, 0xBB, 0xBF, 0]
        var tables = 0
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...40, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            for separator in [nil, CSVSeparator.comma, .whitespace] {
                if let table = try? CSVTable(parsing: bytes, separator: separator) {
                    #expect(table.values.count == table.rowCount * table.columnCount)
                    #expect(table.values.allSatisfy { $0.isFinite })
                    tables += 1
                }
            }
        }
        #expect(tables > 0)
    }
}

/// The error reading `text` throws, or `nil` if it reads.
func parseError(_ text: String, separator: CSVSeparator? = nil) -> CSVError? {
    do {
        _ = try CSVTable(parsing: text, source: "fin.csv", separator: separator)
        return nil
    } catch {
        return error
    }
}

/// A fresh empty directory under the system's temporary directory.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("BackpropDataTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

extension FieldScanner {
    /// The separator detected for a file's first line.
    static func detect(_ text: String) -> CSVSeparator {
        let header = Array(text.utf8.prefix { $0 != UInt8(ascii: "\n") })
        return header.withUnsafeBufferPointer { CSVSeparator.detect(headerLine: $0) }
    }
}

@Suite("Separators")
struct CSVSeparatorTests {
    @Test(
        "a separator is named by word or by character",
        arguments: [
            ("comma", CSVSeparator.comma), (",", .comma), ("Semicolon", .semicolon), (";", .semicolon),
            ("tab", .tab), ("\\t", .tab), ("\t", .tab), ("whitespace", .whitespace), ("space", .whitespace),
        ])
    func names(name: String, separator: CSVSeparator) {
        #expect(CSVSeparator(name: name) == separator)
    }

    @Test("an unknown separator name is nil")
    func unknownName() {
        #expect(CSVSeparator(name: "pipe") == nil)
    }

    @Test("the most frequent candidate outside quotes wins; ties go to tab, then semicolon, then comma")
    func detection() {
        #expect(FieldScanner.detect("\"a,b\";\"c,d\"") == .semicolon)
        #expect(FieldScanner.detect("a;b,c;d") == .semicolon)
        #expect(FieldScanner.detect("a,b;c") == .semicolon)
        #expect(FieldScanner.detect("a\tb,c") == .tab)
        #expect(FieldScanner.detect("a,b,c;d") == .comma)
        #expect(FieldScanner.detect("a b") == .whitespace)
    }
}
