/// The micro-kernels of one scalar type, one per instruction set, so that choosing and running
/// a kernel is written once for Float and Double (`Float.gemm` and `Double.gemm` differ only in
/// these three types).
protocol GEMMKernels: BinaryFloatingPoint & SIMDScalar & Sendable & Codable {
    /// Swift SIMD code for whatever the compiler targets.
    associatedtype PortableKernel: GEMMMicroKernel where PortableKernel.Scalar == Self
    #if arch(x86_64)
    /// AVX2 with FMA (CBackpropKernels).
    associatedtype AVX2Kernel: GEMMMicroKernel where AVX2Kernel.Scalar == Self
    /// AVX-512F (CBackpropKernels).
    associatedtype AVX512Kernel: GEMMMicroKernel where AVX512Kernel.Scalar == Self
    #endif
}

extension GEMMKernels {
    /// The micro-kernel of `isa` (what the tests drive and name).
    static func kernel(_ isa: KernelISA) -> any GEMMMicroKernel.Type {
        switch isa {
        case .portable: PortableKernel.self
        #if arch(x86_64)
        case .avx2: AVX2Kernel.self
        case .avx512: AVX512Kernel.self
        #else
        case .avx2, .avx512: PortableKernel.self
        #endif
        }
    }
}

extension GEMMProblem where Scalar: GEMMKernels {
    /// The product with the micro-kernel of `isa` (`nil`: ``KernelISA/best``) on `threads`
    /// threads (`nil`: chosen by size), unless it needs none (``finishedWithoutKernel()``).
    func run(threads: Int?, isa: KernelISA?) {
        if finishedWithoutKernel() { return }
        runParallel(threads: threadCount(requested: threads), isa: isa ?? .best)
    }

    /// The blocked path on `threads` threads with the micro-kernel of `isa`, which this CPU
    /// must support.
    func runParallel(threads: Int, isa: KernelISA) {
        precondition(isa <= KernelISA.supported, "gemm: this CPU cannot run \(isa) kernels")
        switch isa {
        case .portable: runParallel(kernel: Scalar.PortableKernel.self, threads: threads)
        #if arch(x86_64)
        case .avx2: runParallel(kernel: Scalar.AVX2Kernel.self, threads: threads)
        case .avx512: runParallel(kernel: Scalar.AVX512Kernel.self, threads: threads)
        #else
        case .avx2, .avx512: preconditionFailure("gemm: \(isa) kernels exist only on x86-64")
        #endif
        }
    }
}
