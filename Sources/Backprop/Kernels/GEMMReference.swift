/// The plain triple loop for `C ← α·op(A)·op(B) + β·C` (row-major), kept as the algorithmic
/// reference that the fast kernels are tested against (as llm.c keeps `matmul_forward_naive`).
///
/// - Complexity: m·n·k multiply–adds.
@inlinable
public func gemmReference<Scalar: FloatingPoint>(
    transposeA: Bool, transposeB: Bool,
    m: Int, n: Int, k: Int,
    alpha: Scalar,
    a: UnsafePointer<Scalar>, lda: Int,
    b: UnsafePointer<Scalar>, ldb: Int,
    beta: Scalar,
    c: UnsafeMutablePointer<Scalar>, ldc: Int
) {
    for i in 0..<m {
        for j in 0..<n {
            var sum: Scalar = 0
            for p in 0..<k {
                let aip = transposeA ? a[p * lda + i] : a[i * lda + p]
                let bpj = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                sum += aip * bpj
            }
            let cij = c + (i * ldc + j)
            cij.pointee = beta == 0 ? alpha * sum : alpha * sum + beta * cij.pointee
        }
    }
}
