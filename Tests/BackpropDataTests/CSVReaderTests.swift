import Foundation
import Testing

@testable import BackpropData

/// The reader reads a chunk at a time: whatever the chunk size, it must give the table, or the
/// error, that reading the file in one piece gives.
@Suite("Reading data files in chunks")
struct CSVReaderTests {
    /// Chunk sizes that put a boundary at every byte (1), inside every CRLF, byte order mark and
    /// multi-byte character (2, 3, 7), and a few lines in (64).
    static let chunkSizes = [1, 2, 3, 7, 64]

    /// Files from the other tests of this target: every feature and every error of the format.
    static let fixtures: [(text: [UInt8], separator: CSVSeparator?)] = {
        let texts = [
            "x,T\n0,300\n0.5,290.25\n", "x;T\n0;300\n0.5;290.25\n", "x\tT\n0\t300\n0.5\t290.25\n",
            "  x    T\n  0    300\n0.5\t \t290.25   \n", "x, T\n 0 ,300\n0.5 , 290.25 \n",
            "# Cooling fin, k = 200 W/(m K)\n\n   # indented comment\nx,T\n0,300\n# a comment between rows\n   \t\n1,280\n2,oops\n",
            "\"T, tip\";\"say \"\"hi\"\"\" ; plain\n1;2;3\n", "\"T tip\"  \"x\"  h\n1 2 3\n", "\"x\",\"T\"\n\"1.5\", \"2\"\n",
            "\u{FEFF}x,T\r\n# c\r\n0,300\r\n\r\n1,280", "x (m),T (°C),Δt\n1,2,3\n", "a,b,c\n1,2,3\n4,5,6\n", "T\n300\n290\n",
            "# fin data\nx,T\n0,300\n0.1,290,5\n", "x,T\n1\n", "x T\n1 2 3\n", "x,T\n1,abc,3\n", "x,T\n0,300\n0.1,abc\n",
            "x\n\(String(repeating: "é", count: 100))\n", "x;T\n0;3,5\n", "x,T,h\n0,,5\n", "x,T\n0, \n",
            "x,T\n0,1\n1,nan\n", "x,T\n0,1\n1,-inf\n", "x,T\n0,1\n1,1e999\n", "x,T,x\n1,2,3\n", "x,,T\n1,2,3\n",
            "", "\n\n", "# only a comment\n  \n", "# c\nx,T\n\n# end\n", "# x T\n1,2\n3,4\n", "x,\"T\n1,2\n",
            "\"x\"y,T\n1,2\n", "x,T\n1,\"2\n", "\u{FEFF}", "\u{FEFF}\u{FEFF}x\n1\n", "x\r\n1\r", "x\n1\r\n\r",
            "\"a\"\"\u{0317}b\",y\n1,2\n", "x,y\n12345678901234567,0.1000000000000000055511151231257827\n",
        ]
        var fixtures: [([UInt8], CSVSeparator?)] = texts.map { (Array($0.utf8), nil) }
        fixtures.append((Array("a,b c\n1 2\n".utf8), .whitespace))
        fixtures.append((Array("a b\n1 2\n".utf8), .comma))
        // Not UTF-8: a Latin-1 é in a value, then one after a fault in an earlier line, then a
        // multi-byte character cut short by the line break.
        fixtures.append((Array("x,T\n0,3".utf8) + [0xE9] + Array("\n".utf8), nil))
        fixtures.append((Array("x,T\n0,abc\n# ok\n1,2".utf8) + [0xE9] + Array("\n".utf8), nil))
        fixtures.append((Array("x,x\n0,1\n".utf8) + [0xE2, 0x82] + Array("\n".utf8), nil))
        fixtures.append(([0xEF, 0xBB, 0xBF] + Array("é,".utf8) + [0xFF], nil))
        return fixtures
    }()

    /// The fuzzer's seed corpus: byte 0 chooses the separator, the file runs to the first NUL.
    static let corpus: [(name: String, text: [UInt8], separator: CSVSeparator?)] = {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Fuzz/corpus/csv").standardizedFileURL
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path),
                let first = data.first
            else { return nil }
            let separators: [CSVSeparator?] = [nil, .comma, .semicolon, .tab]
            let file = Array(data.dropFirst().prefix { $0 != 0 })
            return (name, file, Int(first) < separators.count ? separators[Int(first)] : .whitespace)
        }
    }()

    @Test("every chunk size reads each fixture as reading it in one piece does, table or error")
    func fixturesAgree() {
        for (text, separator) in Self.fixtures {
            let whole = read(text, separator: separator, chunkSize: text.count + 1)
            for chunkSize in Self.chunkSizes {
                #expect(read(text, separator: separator, chunkSize: chunkSize) == whole,
                        "chunk size \(chunkSize): \(String(decoding: text, as: UTF8.self).debugDescription)")
            }
        }
    }

    @Test("every chunk size reads each file of the fuzzer's corpus as reading it in one piece does")
    func corpusAgrees() {
        #expect(Self.corpus.count >= 30, "Fuzz/corpus/csv not found")
        for (name, text, separator) in Self.corpus {
            let whole = read(text, separator: separator, chunkSize: text.count + 1)
            for chunkSize in Self.chunkSizes {
                #expect(read(text, separator: separator, chunkSize: chunkSize) == whole, "\(name), chunk size \(chunkSize)")
            }
        }
    }

    @Test("random bytes: chunks of 1, 3 and 7 bytes agree with reading in one piece")
    func randomBytesAgree() {
        var generator = SeededRandom(seed: 4)
        let alphabet = Array("0123456789.,;\t \"\n\r#e-+xTn".utf8) + [0xFF, 0xC3, 0xA9, 0xEF, 0xBB, 0xBF, 0xE2, 0x82, 0xAC]
        for _ in 0..<1_000 {
            let length = Int.random(in: 0...60, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            for separator in [nil, CSVSeparator.comma, .whitespace] {
                let whole = read(bytes, separator: separator, chunkSize: bytes.count + 1)
                for chunkSize in [1, 3, 7] {
                    #expect(read(bytes, separator: separator, chunkSize: chunkSize) == whole,
                            "chunk size \(chunkSize): \(bytes)")
                }
            }
        }
    }

    @Test("a file of many chunks reads bit for bit as in one piece, and as the numbers written")
    func largeFile() throws {
        // 2.6 MB: 20 000 rows of 17-digit numbers, exponents, signs, comments and CRLF lines.
        var generator = SeededRandom(seed: 7)
        var text = "# generated\r\n\"T, tip\",x,h\n"
        var numbers = [Double]()
        for row in 0..<20_000 {
            var fields = [String]()
            for _ in 0..<3 {
                let value = (generator.uniform() - 0.5) * Foundation.pow(10, Double(Int(generator.uniform() * 20) - 10))
                numbers.append(value)
                fields.append("\(value)")
            }
            text += fields.joined(separator: row % 3 == 0 ? " , " : ",") + (row % 5 == 0 ? "\r\n" : "\n")
            if row % 997 == 0 { text += "# comment \(row)\n\n" }
        }
        let bytes = Array(text.utf8)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("large.csv")
        try Data(bytes).write(to: url)

        let whole = try CSVReader(parsing: bytes, chunkSize: bytes.count + 1).readTable()
        #expect(whole.columnNames == ["T, tip", "x", "h"])
        #expect(whole.values.map(\.bitPattern) == numbers.map(\.bitPattern))
        for chunkSize in [4096, 65_536, CSVReader.defaultChunkSize] {
            let reader = try CSVReader(contentsOf: url, chunkSize: chunkSize)
            let table = try reader.readTable()
            #expect(table.values.map(\.bitPattern) == whole.values.map(\.bitPattern), "chunk size \(chunkSize)")
            // The file is never whole in memory: the buffer holds a chunk and a partial line.
            #expect(reader.bufferSize <= chunkSize + 4096, "chunk size \(chunkSize): buffer of \(reader.bufferSize) bytes")
            // Room reserved from the first chunk's lines fits the rows found, within 25 %.
            #expect(table.values.capacity <= table.values.count * 5 / 4, "chunk size \(chunkSize)")
        }
        #expect(try CSVTable(contentsOf: url) == whole)
    }

    @Test("rows are read into groups of chosen columns, in each group's order, every field checked")
    func columnGroups() throws {
        let text = Array("a,b,c,d\n1,2,3,4\n5,6,7,8\n".utf8)
        let reader = try CSVReader(parsing: text)
        #expect(reader.columnNames == ["a", "b", "c", "d"] && reader.separator == .comma)
        #expect(reader.headerLineNumber == 1)
        let rows = try reader.readRows(columns: [[2, 0], [3], [0]])
        #expect(rows.rowCount == 2)
        #expect(rows.values == [[3, 1, 7, 5], [4, 8], [1, 5]])

        // A bad value in a column nobody chose is still an error, as for a whole table.
        let bad = try CSVReader(parsing: Array("a,b\n1,2\n3,x\n".utf8), source: "fin.csv")
        #expect(throws: CSVError(.nonNumeric(text: "x"), file: "fin.csv", line: 3, column: 2, columnName: "b")) {
            try bad.readRows(columns: [[0]])
        }
    }

    @Test("the header is read when the reader is made, before any row")
    func headerFirst() throws {
        #expect(throws: CSVError(.duplicateColumnName(name: "x", firstColumn: 1), file: "<memory>", line: 2,
                                 column: 2, columnName: "x")) {
            _ = try CSVReader(parsing: Array("# c\nx,x\n1,2\n".utf8))
        }
        let reader = try CSVReader(parsing: Array("# c\n\nx;\"T tip\"\n1;2\n".utf8), chunkSize: 3)
        #expect(reader.columnNames == ["x", "T tip"] && reader.separator == .semicolon && reader.headerLineNumber == 3)
        #expect(try reader.readRows(columns: [[1]]).values == [[2]])
    }

    @Test("a byte that is not UTF-8 anywhere in the file is reported before an earlier fault",
          arguments: [1, 7, 4096])
    func notUTF8First(chunkSize: Int) throws {
        let later = Array("\n# filler\n".utf8) + Array(repeating: UInt8(ascii: "1"), count: 5_000) + [0xFF, 0x0A]
        let badValue = Array("x\n1\nabc".utf8) + later
        #expect(throws: CSVError(.notUTF8(byte: 5_001), file: "<memory>", line: 5)) {
            try CSVReader(parsing: badValue, chunkSize: chunkSize).readTable()
        }
        let badHeader = Array("x,x\n1,2".utf8) + later
        #expect(throws: CSVError(.notUTF8(byte: 5_001), file: "<memory>", line: 4)) {
            try CSVReader(parsing: badHeader, chunkSize: chunkSize).readTable()
        }
    }

    /// The table, or the error's description, reading `bytes` in chunks of `chunkSize` gives.
    private func read(_ bytes: [UInt8], separator: CSVSeparator?, chunkSize: Int) -> Outcome {
        do {
            let table = try CSVReader(parsing: bytes, source: "fin.csv", separator: separator, chunkSize: chunkSize)
                .readTable()
            return .table(table.columnNames, table.values.map(\.bitPattern))
        } catch {
            return .error(error)
        }
    }

    private enum Outcome: Equatable {
        case table([String], [UInt64])
        case error(CSVError)
    }
}
