import Foundation
import Testing

@testable import FinHeatTransfer

/// Dense Gaussian elimination with partial pivoting: the plain reference for the Thomas algorithm.
private func denseSolve(_ matrix: [[Double]], _ rightHandSide: [Double]) -> [Double] {
    var a = matrix
    var b = rightHandSide
    let n = b.count
    for column in 0..<n {
        let pivotRow = (column..<n).max { abs(a[$0][column]) < abs(a[$1][column]) }!
        a.swapAt(column, pivotRow)
        b.swapAt(column, pivotRow)
        for row in (column + 1)..<n {
            let factor = a[row][column] / a[column][column]
            for k in column..<n { a[row][k] -= factor * a[column][k] }
            b[row] -= factor * b[column]
        }
    }
    var x = [Double](repeating: 0, count: n)
    for row in stride(from: n - 1, through: 0, by: -1) {
        var sum = b[row]
        for k in (row + 1)..<n { sum -= a[row][k] * x[k] }
        x[row] = sum / a[row][row]
    }
    return x
}

@Suite("TridiagonalSolver")
struct TridiagonalSolverTests {
    @Test("agrees with dense Gaussian elimination on a diagonally dominant system")
    func agreesWithDenseElimination() throws {
        var random = SeededRandom(seed: 7)
        let n = 12
        let lower = (0..<(n - 1)).map { _ in random.uniform(in: -1...1) }
        let upper = (0..<(n - 1)).map { _ in random.uniform(in: -1...1) }
        let diagonal = (0..<n).map { _ in random.uniform(in: 2.5...4) }
        let rightHandSide = (0..<n).map { _ in random.uniform(in: -5...5) }
        var dense = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            dense[i][i] = diagonal[i]
            if i > 0 { dense[i][i - 1] = lower[i - 1] }
            if i < n - 1 { dense[i][i + 1] = upper[i] }
        }
        let thomas = try TridiagonalSolver.solve(
            lower: lower, diagonal: diagonal, upper: upper, rightHandSide: rightHandSide)
        let reference = denseSolve(dense, rightHandSide)
        for i in 0..<n { #expect(abs(thomas[i] - reference[i]) < 1e-13) }
    }

    @Test("solves the 1-D Poisson matrix tridiag(1, −2, 1) exactly for a quadratic")
    func poisson() throws {
        // u_i = i², (u_(i−1) − 2u_i + u_(i+1)) = 2, with u_0 = 0 and u_(n+1) = (n+1)² moved right.
        let n = 50
        var rightHandSide = [Double](repeating: 2, count: n)
        rightHandSide[n - 1] -= Double((n + 1) * (n + 1))
        let u = try TridiagonalSolver.solve(
            lower: .init(repeating: 1, count: n - 1), diagonal: .init(repeating: -2, count: n),
            upper: .init(repeating: 1, count: n - 1), rightHandSide: rightHandSide)
        for i in 0..<n { #expect(abs(u[i] - Double((i + 1) * (i + 1))) < 1e-9) }
    }

    @Test("a single row is a division")
    func singleRow() throws {
        #expect(try TridiagonalSolver.solve(lower: [], diagonal: [4], upper: [], rightHandSide: [2]) == [0.5])
    }

    @Test("a zero pivot is reported with its row")
    func zeroPivot() {
        // Rows [1 1; 1 1]: the second pivot is 1 − 1·1 = 0.
        #expect(throws: TridiagonalSolverError(row: 1, pivot: 0)) {
            try TridiagonalSolver.solve(lower: [1], diagonal: [1, 1], upper: [1], rightHandSide: [1, 2])
        }
    }
}
