import CBackpropKernels

// Elementwise e^z, tanh z and σ(z) = 1/(1 + e^−z) over whole buffers, for the activations
// a = g(z) of a layer (and e^z for anything else that needs it), vectorised in C
// (CBackpropKernels/vector_math_*.c) for AVX-512, AVX2+FMA or portable C, as ``KernelISA/best``
// says.
//
// How: x = n·ln2 + r (Cody–Waite, |r| ≤ ln2/2), e^r by its Taylor series (degree 7 for Float,
// 13 for Double: truncation below 0.1 ulp), then 2^n by exponent arithmetic in two steps so that
// subnormal results and results next to overflow round once. tanh z = sign(z)·e/(e + 2) with
// e = e^(2|z|) − 1 computed as 2^n·(e^r − 1) + (2^n − 1), free of cancellation for small z.
// σ(z) = 1/(1 + e) for z ≥ 0 and e/(1 + e) for z < 0 with e = e^−|z| ≤ 1, so nothing overflows.
//
// Accuracy, measured on 2·10⁶ random points per function (uniform, log-uniform from 2⁻¹⁴⁹ up,
// ±10⁴) against Double libm for Float results and Float80 `expl`/`tanhl` for Double: exp ≤ 1.04 ulp, tanh ≤ 2.6 ulp, sigmoid ≤ 2.3 ulp, in
// Float and Double and every instruction set (glibc: exp 0.5, tanh 2.1, sigmoid by the same
// formula 2.3). NaN gives NaN; e^z is 0 or +∞ exactly where libm's is; tanh is ±1 and σ is 0 or
// 1 at the far ends.
//
// Speed on this machine (AMD EPYC Zen 5, one core, 65 536-element buffers = one 128 × 512
// layer, ns per element, thread CPU time). "RealModule" is the loop `a[i] = Float.tanh(z[i])`
// (glibc `tanhf`, `expf`; sigmoid as 1/(1 + exp(−z))) that the activations keep for buffers
// shorter than `Activation.vectorThreshold` (64):
//
//               RealModule  AVX-512     AVX2       portable C
//   exp     F   1.75        0.16        0.31       0.96
//           D   3.01        0.50        0.97       3.33
//   tanh    F   11.1        0.17        0.33       1.12
//           D   11.0        0.53        1.05       3.87
//   sigmoid F   5.06        0.21        0.42       1.26
//           D   6.11        0.63        1.24       4.10
//
// The portable C is what a CPU without AVX2 runs: SSE2, two doubles a register and no FMA, so
// Double exp is no faster than glibc there.

/// `a[i] = e^z[i]` for `i < count`.
///
/// - Parameters:
///   - z: the inputs.
///   - a: the results; may be `z` itself (in place), must not otherwise overlap it.
///   - isa: the instruction set (tests compare every one this CPU has); ``KernelISA/best``.
func vectorExp(
    _ z: UnsafePointer<Float>, _ a: UnsafeMutablePointer<Float>, count: Int,
    isa: KernelISA = .best
) {
    bp_vexp_f32(isa.level, z, a, count)
}

/// `a[i] = e^z[i]` for `i < count` (see the Float version).
func vectorExp(
    _ z: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, count: Int,
    isa: KernelISA = .best
) {
    bp_vexp_f64(isa.level, z, a, count)
}

/// `a[i] = tanh z[i]` for `i < count`.
///
/// - Parameters:
///   - z: the inputs.
///   - a: the results; may be `z` itself (in place), must not otherwise overlap it.
///   - isa: the instruction set (tests compare every one this CPU has); ``KernelISA/best``.
func vectorTanh(
    _ z: UnsafePointer<Float>, _ a: UnsafeMutablePointer<Float>, count: Int,
    isa: KernelISA = .best
) {
    bp_vtanh_f32(isa.level, z, a, count)
}

/// `a[i] = tanh z[i]` for `i < count` (see the Float version).
func vectorTanh(
    _ z: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, count: Int,
    isa: KernelISA = .best
) {
    bp_vtanh_f64(isa.level, z, a, count)
}

/// `a[i] = σ(z[i]) = 1/(1 + e^−z[i])` for `i < count`, without overflow for any z.
///
/// - Parameters:
///   - z: the inputs.
///   - a: the results; may be `z` itself (in place), must not otherwise overlap it.
///   - isa: the instruction set (tests compare every one this CPU has); ``KernelISA/best``.
func vectorSigmoid(
    _ z: UnsafePointer<Float>, _ a: UnsafeMutablePointer<Float>, count: Int,
    isa: KernelISA = .best
) {
    bp_vsigmoid_f32(isa.level, z, a, count)
}

/// `a[i] = σ(z[i]) = 1/(1 + e^−z[i])` for `i < count` (see the Float version).
func vectorSigmoid(
    _ z: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, count: Int,
    isa: KernelISA = .best
) {
    bp_vsigmoid_f64(isa.level, z, a, count)
}

extension KernelISA {
    /// The `BP_ISA_…` constant of CBackpropKernels.h; traps for a level this CPU lacks (which
    /// would otherwise die on an illegal instruction).
    var level: Int32 {
        precondition(self <= KernelISA.supported, "vector math: this CPU cannot run \(self) code")
        return switch self {
        case .portable: BP_ISA_PORTABLE
        case .avx2: BP_ISA_AVX2
        case .avx512: BP_ISA_AVX512
        }
    }
}
