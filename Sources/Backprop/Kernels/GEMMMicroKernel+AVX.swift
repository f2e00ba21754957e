#if arch(x86_64)
import CBackpropKernels

// The AVX2+FMA and AVX-512 micro-kernels: C functions of the target CBackpropKernels (one
// template, gemm_kernel_template.h, instantiated in gemm_avx2.c and gemm_avx512.c), each
// compiled with `__attribute__((target(...)))` so that a default build, which targets baseline
// x86-64, still contains them. `Float.gemm` and `Double.gemm` run them only when ``KernelISA``
// reports that the CPU has the instructions. The tile sizes come from CBackpropKernels.h.
//
// A is packed as plain scalars: AVX broadcasts an element on load (`vbroadcastss`), so the
// fourfold pre-broadcast copy that the SSE2 kernels need is gone. The transposing packs (A not
// transposed, B transposed) use `bp_transpose_copy_…_avx2`, 8 × 8 blocks transposed in
// registers (pack_avx2.c).
//
// How the tiles were chosen (AMD EPYC Zen 5, ~4 GHz, one core; GFLOP/s from thread CPU time).
// Kernel alone, sweeping a packed 96 × 256 A block against a 256 × 256 B panel:
//   AVX2 Float  6×16: 128 (the peak: 2 FMA pipes × 8 lanes × 2 flops × 4 GHz); 8×8: 109; 4×16: 109
//   AVX2 Double 6×8: 64 (peak); 8×4: 54; 4×8: 55
//   AVX-512 Float  6×32, 8×32, 12×32, 14×32, 6×64, 8×48: 254–257 (peak 256); 4×32: 222;
//                  24×16, 28×16: 215–243
//   AVX-512 Double 6×16 … 14×16, 8×24, 6×32: 126–128 (peak 128); 24×8: 118
// Any tile with 12 or more accumulators reaches the peak (FMA latency 4 × 2 pipes needs 8 in
// flight), so the AVX-512 tile was chosen on whole products: the wide-minibatch step
// (64 → 512 → 512 → 1, batch 128: six blocked products, 1 thread) took, in µs,
//   Float  8×32: 1045–1083, 6×32: 1087, 12×32: 1108, 6×64: 1128, 14×32: 1151, 24×16: 1261
//   Double 8×16: 2007–2102, 6×16: 2073, 12×16: 2107, 6×32: 2054, 14×16: 2163, 24×8: 2507
// and 1024³ ran at 214–248 (8×32) against 193–235 for the others. 8 rows also divide the usual
// batch sizes, so no lanes are wasted on edge tiles. The blocking sizes hardly matter once the
// kernel is at its peak: kc ∈ {192, 256, 320} × mc ∈ {96, 128, 256} all gave 1048–1111 µs
// (Float) and 2018–2180 µs (Double) for the step, within the noise of a shared machine; kc = 256
// keeps the B micro-panel (256 × 32 floats = 32 KiB) in the 48 KiB L1, mc = 128 the A block
// (128 KiB Float, 256 KiB Double) in the 1 MiB L2, nc the B panel (2 MiB) in L3. With the
// transposing packs in AVX2 registers (pack_avx2.c) the Float step then took 962–1000 µs
// (4415–4642 µs with the SSE2 kernels), Double 1945–2016 µs (8979–9303).

/// What every AVX kernel shares: A packed as plain scalars (AVX broadcasts on load), kc = 256,
/// and the transposing packs done in AVX2 registers (`bp_transpose_copy_…_avx2`).
protocol AVXMicroKernel: GEMMMicroKernel where PackedA == Scalar, Scalar: AVXTransposingCopy {}

extension AVXMicroKernel {
    static var kc: Int { 256 }

    @inline(__always) static func packedA(_ element: Scalar) -> Scalar { element }

    @inline(__always)
    static func transposedCopyA(
        count: Int, depth: Int, source: UnsafePointer<Scalar>, stride: Int,
        target: UnsafeMutablePointer<Scalar>, width: Int
    ) -> Bool {
        Scalar.transposeCopyAVX2(count: count, depth: depth, source: source, stride: stride, target: target, width: width)
        return true
    }

    @inline(__always)
    static func transposedCopyB(
        count: Int, depth: Int, source: UnsafePointer<Scalar>, stride: Int,
        target: UnsafeMutablePointer<Scalar>, width: Int
    ) -> Bool {
        Scalar.transposeCopyAVX2(count: count, depth: depth, source: source, stride: stride, target: target, width: width)
        return true
    }
}

/// `target[p·width + j] = source[j·stride + p]` in 8 × 8 (Float) or 4 × 4 (Double) blocks of
/// AVX2 registers (pack_avx2.c).
protocol AVXTransposingCopy {
    static func transposeCopyAVX2(
        count: Int, depth: Int, source: UnsafePointer<Self>, stride: Int, target: UnsafeMutablePointer<Self>, width: Int)
}

extension Float: AVXTransposingCopy {
    @inline(__always)
    static func transposeCopyAVX2(
        count: Int, depth: Int, source: UnsafePointer<Float>, stride: Int, target: UnsafeMutablePointer<Float>, width: Int
    ) {
        bp_transpose_copy_f32_avx2(count, depth, source, stride, target, width)
    }
}

extension Double: AVXTransposingCopy {
    @inline(__always)
    static func transposeCopyAVX2(
        count: Int, depth: Int, source: UnsafePointer<Double>, stride: Int, target: UnsafeMutablePointer<Double>, width: Int
    ) {
        bp_transpose_copy_f64_avx2(count, depth, source, stride, target, width)
    }
}

/// Float, AVX2 + FMA: a 6 × 16 tile in twelve ymm accumulators (`bp_sgemm_kernel_avx2`).
enum FloatAVX2Kernel: AVXMicroKernel {
    typealias Scalar = Float
    static var mr: Int { Int(BP_SGEMM_AVX2_MR) }
    static var nr: Int { Int(BP_SGEMM_AVX2_NR) }
    static var mc: Int { 120 }
    static var nc: Int { 2048 }

    @inline(__always)
    static func multiply(
        kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        alpha: Float, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        bp_sgemm_kernel_avx2(kc, a, b, alpha, beta, c, ldc)
    }
}

/// Double, AVX2 + FMA: a 6 × 8 tile in twelve ymm accumulators (`bp_dgemm_kernel_avx2`).
enum DoubleAVX2Kernel: AVXMicroKernel {
    typealias Scalar = Double
    static var mr: Int { Int(BP_DGEMM_AVX2_MR) }
    static var nr: Int { Int(BP_DGEMM_AVX2_NR) }
    static var mc: Int { 120 }
    static var nc: Int { 1024 }

    @inline(__always)
    static func multiply(
        kc: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
        alpha: Double, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        bp_dgemm_kernel_avx2(kc, a, b, alpha, beta, c, ldc)
    }
}

/// Float, AVX-512F: an 8 × 32 tile in sixteen zmm accumulators (`bp_sgemm_kernel_avx512`).
enum FloatAVX512Kernel: AVXMicroKernel {
    typealias Scalar = Float
    static var mr: Int { Int(BP_SGEMM_AVX512_MR) }
    static var nr: Int { Int(BP_SGEMM_AVX512_NR) }
    static var mc: Int { 128 }
    static var nc: Int { 2048 }

    @inline(__always)
    static func multiply(
        kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        alpha: Float, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        bp_sgemm_kernel_avx512(kc, a, b, alpha, beta, c, ldc)
    }
}

/// Double, AVX-512F: an 8 × 16 tile in sixteen zmm accumulators (`bp_dgemm_kernel_avx512`).
enum DoubleAVX512Kernel: AVXMicroKernel {
    typealias Scalar = Double
    static var mr: Int { Int(BP_DGEMM_AVX512_MR) }
    static var nr: Int { Int(BP_DGEMM_AVX512_NR) }
    static var mc: Int { 128 }
    static var nc: Int { 1024 }

    @inline(__always)
    static func multiply(
        kc: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
        alpha: Double, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        bp_dgemm_kernel_avx512(kc, a, b, alpha, beta, c, ldc)
    }
}
#endif
