import CBackpropKernels
import Foundation

/// The instruction sets the inner loops (GEMM micro-kernels, vector math) come in, chosen once
/// per process at run time.
///
/// A default Swift build for x86-64 may use only SSE2, and Swift has no per-function target
/// attribute, so the AVX2+FMA and AVX-512 loops live in the C target `CBackpropKernels`, each
/// function compiled with `__attribute__((target(...)))`. `best` asks the CPU (through
/// `__builtin_cpu_supports`, which also checks that the operating system saves the wide
/// registers) which of them may run; `portable` is the Swift GEMM micro-kernels and the
/// one-lane C vector math of `vector_math.c`, the only level on other architectures (Apple
/// silicon), where the AVX kernels are not compiled.
enum KernelISA: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Swift SIMD code for whatever the compiler targets (SSE2 in a default x86-64 build).
    case portable
    /// AVX2 with FMA: sixteen 256-bit registers, fused multiply–add.
    case avx2
    /// AVX-512F: thirty-two 512-bit registers.
    case avx512

    /// The fastest level this machine supports, read once.
    ///
    /// The environment variable `BACKPROP_KERNEL_ISA` (`portable`, `avx2` or `avx512`) lowers
    /// it, for comparisons and to rule out a kernel when chasing a bug; a level the CPU lacks,
    /// or an unknown name, is ignored.
    static let best: KernelISA = {
        let supported = KernelISA.supported
        if let name = ProcessInfo.processInfo.environment["BACKPROP_KERNEL_ISA"],
           let requested = KernelISA(rawValue: name.lowercased()), requested <= supported {
            return requested
        }
        return supported
    }()

    /// The best level the CPU supports, whatever the environment says.
    static let supported: KernelISA = {
        switch bp_cpu_isa() {
        case BP_ISA_AVX512: .avx512
        case BP_ISA_AVX2: .avx2
        default: .portable
        }
    }()

    /// Every level this machine can run, `portable` first: what tests loop over.
    static var available: [KernelISA] { allCases.filter { $0 <= supported } }

    var description: String { rawValue }
}

extension KernelISA: Comparable {
    static func < (lhs: KernelISA, rhs: KernelISA) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
