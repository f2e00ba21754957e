import Backprop
import BackpropData
import Foundation
import Testing
@testable import BackpropCommand

/// A fresh temporary directory per test, with small CSV files written into it.
struct Scratch {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("backprop-cli-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// The absolute path of `name` inside the directory.
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Writes `text` to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        return path(name)
    }

    func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    /// A linear "fin" table in raw units far from 0 and 1, so that predictions in the wrong units
    /// show: T = 300 + 40 x − 6 h on a grid of 24 rows (x in [0, 1], h in [1, 3]).
    @discardableResult
    func linearData(_ name: String = "data.csv") throws -> String {
        var lines = ["# a plane, T = 300 + 40 x - 6 h", "x,h,T"]
        for i in 0..<6 {
            for j in 0..<4 {
                let x = Double(i) / 5, h = 1 + Double(j) * 2 / 3
                lines.append("\(x),\(h),\(300 + 40 * x - 6 * h)")
            }
        }
        return try write(name, lines.joined(separator: "\n") + "\n")
    }

    /// A smooth nonlinear table: y = sin(3x) for 16 rows.
    @discardableResult
    func curveData(_ name: String = "curve.csv") throws -> String {
        let lines = ["x,y"] + (0..<16).map { i in
            let x = Double(i) / 15
            return "\(x),\(Foundation.sin(3 * x))"
        }
        return try write(name, lines.joined(separator: "\n") + "\n")
    }
}

/// The `backprop` executable `swift build` made, run as a separate process (for exit codes).
enum Executable {
    /// `backprop` beside the test bundle, or in the package's `.build/debug`.
    static let url: URL? = {
        var candidates: [URL] = []
        if let first = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: first).deletingLastPathComponent().appendingPathComponent("backprop"))
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("backprop"))
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("backprop"))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/backprop"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    static var isBuilt: Bool { url != nil }

    /// What a run printed and how it ended.
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs `backprop arguments…` in `directory` and waits for it.
    static func run(_ arguments: [String], in directory: URL) throws -> Run {
        guard let url else { throw CommandFailure("backprop is not built; run swift build first") }
        let out = directory.appendingPathComponent("stdout-\(UUID().uuidString)")
        let err = directory.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return Run(status: process.terminationStatus,
                   stdout: try String(contentsOf: out, encoding: .utf8),
                   stderr: try String(contentsOf: err, encoding: .utf8))
    }
}

/// Parses JSON text with Foundation's parser (an independent check that the output is JSON).
func parseJSON(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
}

/// Trains in-process as `backprop train arguments…` does (without printing), with progress
/// off and an interrupt flag the test may raise.
func train(_ arguments: [String], interrupt: InterruptFlag = InterruptFlag()) throws -> TrainingSummary {
    try TrainCommand.parse(arguments + ["--quiet"]).execute(interrupt: interrupt)
}

/// Whole-table reading, for checking what the commands wrote or read.
extension CSVTable {
    /// Reads the whole data file at `path` (as the user typed it; errors name it so).
    ///
    /// - Throws: ``CSVError`` naming the file, line and column of the first problem.
    static func read(_ path: String) throws(CSVError) -> CSVTable {
        try CSVTable(contentsOf: URL(fileURLWithPath: path))
    }

    /// The chosen columns as an N × (columns.count) matrix.
    func matrix(columns: [Int]) -> Matrix<Double> {
        var elements: [Double] = []
        elements.reserveCapacity(rowCount * columns.count)
        for row in 0..<rowCount {
            let start = row * columnCount
            for column in columns { elements.append(values[start + column]) }
        }
        return try! Matrix(rows: rowCount, columns: columns.count, elements: elements)
    }
}
