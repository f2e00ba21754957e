// libFuzzer harness for the CSV reader and the column selector (Sources/BackpropData).
//
// Compiled into one module with the reader's sources (see Fuzz/build.sh), so it calls the same
// public API a user's program calls. Input layout, so that one byte string exercises both parsers:
//
//     byte 0              the separator: 0 detect, 1 comma, 2 semicolon, 3 tab, 4+ whitespace
//     bytes 1 ..< NUL     the data file
//     after the first NUL "inputs|outputs", two column selectors
//
// Invariants checked (a failure traps, which libFuzzer reports as a crash):
// - reading either returns a table or throws a CSVError; never traps, hangs or over-allocates;
// - reading in small chunks (1 to 7 bytes, so that a boundary falls inside lines, CRLFs and
//   multi-byte characters) gives the same table, bit for bit, or the same error;
// - a table holds only finite values, at least one row, rows × columns values;
// - writing the table and reading it back with the same separator gives the same table;
// - a selection returns the selected columns in the selector's order.

import Foundation

/// Traps with the message, in optimised builds too (where `precondition` drops its message).
private func check(_ condition: Bool, _ message: @autoclosure () -> String = "invariant broken") {
    if !condition { fatalError(message()) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let separator: CSVSeparator? =
        switch bytes[0] {
        case 0: nil
        case 1: .comma
        case 2: .semicolon
        case 3: .tab
        default: .whitespace
        }
    let rest = bytes[1...]
    let nul = rest.firstIndex(of: 0) ?? rest.endIndex
    let file = Array(rest[..<nul])
    let selectors = nul < rest.endIndex ? String(decoding: rest[(nul + 1)...], as: UTF8.self) : nil

    // Chunked against one piece (chunks larger than the file).
    let chunkSize = 1 + size % 7
    let chunked = Result { () throws(CSVError) -> CSVTable in
        try CSVReader(parsing: file, source: "fuzz.csv", separator: separator, chunkSize: chunkSize).readTable()
    }

    let table: CSVTable
    do {
        table = try CSVReader(parsing: file, source: "fuzz.csv", separator: separator, chunkSize: file.count + 1)
            .readTable()
    } catch {
        _ = error.description
        guard case .failure(let chunkedError) = chunked, chunkedError == error else {
            fatalError("chunks of \(chunkSize) bytes read what one piece could not (\(error))")
        }
        // The selector parser on its own, against a fixed header.
        if let selectors {
            for text in selectors.split(separator: "|", omittingEmptySubsequences: false) {
                do {
                    let selector = try CSVColumnSelector(String(text), file: "fuzz.csv")
                    _ = try selector.columnIndices(in: ["x", "h", "T tip", "2", "a,b"], file: "fuzz.csv")
                } catch {
                    _ = error.description
                }
            }
        }
        return 0
    }

    switch chunked {
    case .success(let other):
        check(other.columnNames == table.columnNames && other.values.map(\.bitPattern) == table.values.map(\.bitPattern),
              "chunks of \(chunkSize) bytes read another table")
    case .failure(let error):
        fatalError("chunks of \(chunkSize) bytes failed where one piece read: \(error)")
    }
    check(table.rowCount >= 1 && table.columnCount >= 1, "a table with no rows or no columns")
    check(table.values.count == table.rowCount * table.columnCount, "ragged table")
    check(table.values.allSatisfy(\.isFinite), "a non-finite value was read")

    // Round trip through the writer, with the separator the reader used.
    for written in [separator ?? .comma, .whitespace] {
        do {
            let encoded = try CSVWriter(separator: written).encoded(table)
            let again = try CSVTable(parsing: encoded, source: "again.csv", separator: written)
            check(again == table, "write → read changed the table (\(written))")
        } catch {
            // The writer refuses names it cannot write (line breaks); nothing else.
            guard case .columnNameWithLineBreak = error.kind else {
                fatalError("a table that was read could not be written and read back: \(error)")
            }
        }
    }

    if let selectors {
        let parts = selectors.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        do {
            let selector = try CSVColumnSelector(String(parts[0]), file: "fuzz.csv")
            let indices = try selector.columnIndices(in: table.columnNames, file: "fuzz.csv")
            let selected = try table.selecting(selector)
            check(selected.columnNames == indices.map { table.columnNames[$0] }, "wrong columns selected")
            check(selected.rowCount == table.rowCount, "selection changed the row count")
            if parts.count == 2 {
                let (x, y) = try table.trainingData(inputs: String(parts[0]), outputs: String(parts[1]))
                check(x.rowCount == table.rowCount && y.rowCount == table.rowCount)
                check(Set(x.columnNames).isDisjoint(with: y.columnNames), "a column is input and output")
            }
        } catch {
            _ = error.description
        }
    }
    return 0
}
