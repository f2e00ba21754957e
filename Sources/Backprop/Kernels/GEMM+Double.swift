import RealModule

extension Double: NetworkScalar {
    /// Row-major general matrix product `C ← α·op(A)·op(B) + β·C` in Double.
    ///
    /// Blocked and packed around the fastest micro-kernel this CPU runs (``KernelISA/best``:
    /// AVX-512, AVX2+FMA, or the portable `DoubleMicroKernel`) for large products (split over the
    /// processors from about 5·10⁵ multiply–adds on, with bit-identical results), a direct loop
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
        GEMMProblem(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
            a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc
        ).run(threads: nil, isa: nil)
    }
}

extension Double: GEMMKernels {
    typealias PortableKernel = DoubleMicroKernel
    #if arch(x86_64)
    typealias AVX2Kernel = DoubleAVX2Kernel
    typealias AVX512Kernel = DoubleAVX512Kernel
    #endif
}
