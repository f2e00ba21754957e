import RealModule

extension Double: NetworkScalar {
    /// Row-major general matrix product `C ← α·op(A)·op(B) + β·C` in Double.
    ///
    /// Blocked and packed around `DoubleMicroKernel` for large products (split over the
    /// processors from about 2·10⁶ multiply–adds on, with bit-identical results), a direct loop
    /// for tiny and matrix–vector ones. `gemmReference` is the plain loop it is tested against.
    /// With k = 0 or α = 0, A and B are not read and C becomes β·C.
    public static func gemm(
        transposeA: Bool, transposeB: Bool,
        m: Int, n: Int, k: Int,
        alpha: Double,
        a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double,
        c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        gemm(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
            a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, threads: nil)
    }

    /// The same product on a chosen number of threads (`nil`: chosen by size); for tests and
    /// benchmarks, which check that the result does not depend on it.
    static func gemm(
        transposeA: Bool, transposeB: Bool,
        m: Int, n: Int, k: Int,
        alpha: Double,
        a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double,
        c: UnsafeMutablePointer<Double>, ldc: Int,
        threads: Int?
    ) {
        GEMMProblem(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
            a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc
        ).run(kernel: DoubleMicroKernel.self, threads: threads)
    }
}
