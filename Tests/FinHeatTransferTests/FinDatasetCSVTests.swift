import Foundation
import Testing

@testable import FinHeatTransfer

/// A minimal header-row CSV reader: the contract any reader of our files must meet.
private func readCSV(_ text: String) -> (header: [String], rows: [[Double]]) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let header = lines[0].split(separator: ",").map(String.init)
    let rows = lines.dropFirst().filter { !$0.isEmpty }.map { line in
        line.split(separator: ",").map { Double(String($0))! }
    }
    return (header, rows)
}

@Suite("FinDataset CSV")
struct FinDatasetCSVTests {
    @Test("CSV has a header row and round-trips every Double bit for bit")
    func roundTrip() throws {
        let fin = try AnalyticFin(properties: .aluminiumPinFinInAir, tip: .convective)
        let data = try FinDataset.linearFin(
            fin, count: 64, spacing: .random, noiseStandardDeviation: 0.75, seed: 2024)
        let text = data.csv
        #expect(text.hasPrefix("x,T,T_measured\n"))
        #expect(text.hasSuffix("\n"))
        let (header, rows) = readCSV(text)
        #expect(header == data.columnNames)
        #expect(rows.count == 64)
        for (row, sample) in zip(rows, data.samples) {
            #expect(row == [sample.x, sample.exact, sample.measured])
        }
    }

    @Test("numbers are written as \"\\(Double)\": small values in exponent form")
    func numberFormat() {
        let data = FinDataset(
            samples: [FinSample(x: 0.1, exact: 1e-05, measured: -2.5)],
            columnNames: ["x", "theta", "theta_measured"], noiseStandardDeviation: 0, seed: 0)
        #expect(data.csv == "x,theta,theta_measured\n0.1,1e-05,-2.5\n")
    }
}

@Suite("FinDataset CSV documented example")
struct FinDatasetCSVExampleTests {
    @Test("the CSV shown in the doc comment is what seed 1 produces (to libm rounding)")
    func documentedExample() throws {
        let fin = try AnalyticFin(properties: .aluminiumPinFinInAir, tip: .insulated)
        let data = try FinDataset.linearFin(fin, count: 3, noiseStandardDeviation: 0.75, seed: 1)
        let documented: [[Double]] = [
            [0.0, 100.0, 99.97429950865612],
            [0.05, 79.80721193847691, 78.83775553854892],
            [0.1, 73.60407052479141, 71.72901990476402],
        ]
        let (header, rows) = readCSV(data.csv)
        #expect(header == ["x", "T", "T_measured"])
        // exp, log and cos may differ in the last bit between C libraries.
        for (row, expected) in zip(rows, documented) {
            for (value, documentedValue) in zip(row, expected) {
                #expect(abs(value - documentedValue) <= 1e-13 * abs(documentedValue))
            }
        }
    }
}
