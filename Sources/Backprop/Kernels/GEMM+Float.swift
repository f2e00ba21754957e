import RealModule

extension Float: NetworkScalar {
    /// Row-major general matrix product `C ← α·op(A)·op(B) + β·C` in Float.
    ///
    /// Blocked and packed around the fastest micro-kernel this CPU runs (``KernelISA/best``:
    /// AVX-512, AVX2+FMA, or the portable `FloatMicroKernel`) for large products (split over the
    /// processors from about 5·10⁵ multiply–adds on, with bit-identical results), a direct loop
    /// for tiny and matrix–vector ones. `gemmReference` is the plain loop it is tested against.
    /// With k = 0 or α = 0, A and B are not read and C becomes β·C.
    public static func gemm(
        transposeA: Bool, transposeB: Bool,
        m: Int, n: Int, k: Int,
        alpha: Float,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        gemm(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
            a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, threads: nil)
    }

    /// The same product on a chosen number of threads (`nil`: chosen by size) with a chosen
    /// micro-kernel (`nil`: ``KernelISA/best``); for tests and benchmarks, which check that the
    /// result does not depend on the threads and agrees with `gemmReference` for every kernel.
    static func gemm(
        transposeA: Bool, transposeB: Bool,
        m: Int, n: Int, k: Int,
        alpha: Float,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        threads: Int?, isa: KernelISA? = nil
    ) {
        GEMMProblem(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
            a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc
        ).run(threads: threads, isa: isa)
    }
}

extension GEMMProblem where Scalar == Float {
    /// The product with the micro-kernel of `isa` (`nil`: ``KernelISA/best``), unless it
    /// needs none (``finishedWithoutKernel()``).
    func run(threads: Int?, isa: KernelISA?) {
        if finishedWithoutKernel() { return }
        runParallel(threads: threadCount(requested: threads), isa: isa ?? .best)
    }

    /// The blocked path on `threads` threads with the micro-kernel of `isa`, which this CPU
    /// must support.
    func runParallel(threads: Int, isa: KernelISA) {
        precondition(isa <= KernelISA.supported, "gemm: this CPU cannot run \(isa) kernels")
        switch isa {
        case .portable: runParallel(kernel: FloatMicroKernel.self, threads: threads)
        #if arch(x86_64)
        case .avx2: runParallel(kernel: FloatAVX2Kernel.self, threads: threads)
        case .avx512: runParallel(kernel: FloatAVX512Kernel.self, threads: threads)
        #else
        case .avx2, .avx512: preconditionFailure("gemm: \(isa) kernels exist only on x86-64")
        #endif
        }
    }
}
