import Foundation
import Testing

@testable import BackpropData

@Suite("Writing data files")
struct CSVWriterTests {
    /// Random finite doubles over the whole range, with the awkward ones added.
    private func awkwardValues(count: Int) -> [Double] {
        var generator = SeededRandom(seed: 5)
        var values: [Double] = [
            0, -0.0, 1, -1, 0.1, 1e22, 1e23, .leastNonzeroMagnitude, -.leastNormalMagnitude,
            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .pi, 300.15, 1e-7,
        ]
        while values.count < count {
            let value = Double(bitPattern: generator.next())
            if value.isFinite { values.append(value) }
        }
        return values
    }

    @Test("writer then reader gives the same names and the same bits", arguments: CSVSeparator.allCases)
    func roundTrip(separator: CSVSeparator) throws {
        let table = CSVTable(
            columnNames: ["x", "h", "T tip", "T, base", "#", "1.5", "say \"hi\""],
            values: awkwardValues(count: 7 * 300))
        let writer = CSVWriter(separator: separator, comments: ["Cooling fin", "two\nlines"])
        let bytes = try writer.encoded(table)
        let read = try CSVTable(parsing: bytes, separator: separator)
        #expect(read.columnNames == table.columnNames)
        #expect(read.values.map(\.bitPattern) == table.values.map(\.bitPattern))
        // Detection finds the separator again (whitespace: names with blanks are quoted).
        #expect(try CSVTable(parsing: bytes).columnNames == table.columnNames)
    }

    @Test("the file holds comments, a header and one line per row, values as \"\\(d)\"")
    func layout() throws {
        let table = CSVTable(columnNames: ["x", "T"], values: [0, 300, 0.1, 1e-7])
        let text = String(decoding: try CSVWriter(comments: ["fin"]).encoded(table), as: UTF8.self)
        #expect(text == "# fin\nx,T\n0.0,300.0\n0.1,1e-07\n")
    }

    @Test("a non-finite value is refused at the line and column it would have had")
    func nonFinite() {
        let table = CSVTable(columnNames: ["x", "T"], values: [0, 300, 1, .nan])
        var caught: CSVError?
        do { _ = try CSVWriter(comments: ["c"]).encoded(table) } catch { caught = error }
        #expect((caught?.line, caught?.column, caught?.columnName) == (4, 2, "T"))
        #expect(
            caught?.description
                == "<memory>, line 4, column 2 \"T\": cannot write the non-finite value nan: a reader would reject it"
        )
    }

    @Test("names a reader could not read back are refused")
    func badNames() {
        for (names, kind) in [
            (["x", "x"], CSVError.Kind.duplicateColumnName(name: "x", firstColumn: 1)),
            (["x", ""], .emptyColumnName),
            (["x", "a\nb"], .columnNameWithLineBreak),
        ] {
            var caught: CSVError?
            do { _ = try CSVWriter().encoded(CSVTable(columnNames: names, values: [1, 2])) } catch {
                caught = error
            }
            #expect(caught?.kind == kind)
        }
    }

    @Test("writing to a file is atomic: the file is replaced whole and no temporary file is left")
    func atomicWrite() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("out.csv")
        try Data("old".utf8).write(to: url)
        let table = CSVTable(columnNames: ["x"], values: awkwardValues(count: 20_000))
        try CSVWriter().write(table, to: url)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.csv"])
        let read = try CSVTable(contentsOf: url)
        #expect(read.values.map(\.bitPattern) == table.values.map(\.bitPattern))

        // A failed write leaves the old file and no temporary file.
        let bad = CSVTable(columnNames: ["x"], values: [1, .infinity])
        #expect(throws: CSVError.self) { try CSVWriter().write(bad, to: url) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.csv"])
        #expect(try CSVTable(contentsOf: url) == read)
    }

    @Test("rows made one at a time give the bytes of the whole table, and the same errors")
    func rowsMadeOneAtATime() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let names = ["x", "T tip", "y"]
        let table = CSVTable(columnNames: names, values: awkwardValues(count: 3 * 40_000))
        let writer = CSVWriter(comments: ["made row by row"])
        let whole = directory.appendingPathComponent("whole.csv"), rows = directory.appendingPathComponent("rows.csv")
        try writer.write(table, to: whole)
        try writer.write(columnNames: names, rowCount: table.rowCount, to: rows) { row, values in
            for column in 0..<3 { values[column] = table.values[row * 3 + column] }
        }
        #expect(try Data(contentsOf: rows) == Data(contentsOf: whole))

        var caught: CSVError?
        do {
            try writer.write(columnNames: names, rowCount: 5, to: rows) { row, values in
                values = [1, 2, row == 3 ? .nan : 3]
            }
        } catch { caught = error }
        #expect(caught == CSVError(.nonFiniteValueToWrite(value: .nan), file: rows.relativePath, line: 6, column: 3, columnName: "y")
                || caught?.line == 6 && caught?.column == 3)
        #expect(try Data(contentsOf: rows) == Data(contentsOf: whole), "a failed write leaves the old file")
    }

    @Test("a file in a missing directory cannot be written")
    func notWritable() {
        let url = URL(fileURLWithPath: "no-such-directory/out.csv")
        var caught: CSVError?
        do { try CSVWriter().write(CSVTable(columnNames: ["x"], values: [1]), to: url) } catch {
            caught = error
        }
        #expect(caught?.kind == .fileNotWritable(reason: "No such file or directory"))
        #expect(
            caught?.description
                == "no-such-directory/out.csv: cannot write the file (No such file or directory)")
    }
}
