// CBackpropKernels: the few inner loops of Backprop that need instructions a default Swift build
// may not use (AVX2, FMA, AVX-512 on x86-64), compiled per function with
// `__attribute__((target(...)))` and chosen at run time, so the package needs no compiler flags
// and still runs on any x86-64 (and builds, without these kernels, on other architectures).
//
// Swift imports this header as the module CBackpropKernels; Sources/Backprop/Kernels/ holds the
// Swift side (KernelISA.swift chooses, GEMMMicroKernel+AVX.swift and VectorMath.swift call).

#ifndef CBACKPROPKERNELS_H
#define CBACKPROPKERNELS_H

#pragma clang assume_nonnull begin

/// Instruction-set levels, from the portable baseline up.
#define BP_ISA_PORTABLE 0
#define BP_ISA_AVX2 1
#define BP_ISA_AVX512 2

/// The best level this CPU (and operating system) supports: BP_ISA_AVX512 with AVX-512F,
/// BP_ISA_AVX2 with AVX2 and FMA, otherwise BP_ISA_PORTABLE (always on non-x86-64 machines).
int bp_cpu_isa(void);

/// The processors this process may run on: on Linux those of its affinity mask (`taskset`,
/// cpusets), elsewhere those online; at least 1.
long bp_available_processors(void);

#if defined(__x86_64__)

// GEMM micro-kernels: one MR × NR tile C ← α·Σ_{p<kc} a_p b_pᵀ + β·C (C only written when
// β = 0) from packed panels: a holds kc steps of MR scalars, b holds kc rows of NR scalars and
// is 64-byte aligned; c has row stride ldc. See gemm_kernel_template.h.

#define BP_SGEMM_AVX2_MR 6
#define BP_SGEMM_AVX2_NR 16
#define BP_DGEMM_AVX2_MR 6
#define BP_DGEMM_AVX2_NR 8
#define BP_SGEMM_AVX512_MR 8
#define BP_SGEMM_AVX512_NR 32
#define BP_DGEMM_AVX512_MR 8
#define BP_DGEMM_AVX512_NR 16

void bp_sgemm_kernel_avx2(long kc, const float *a, const float *b,
                          float alpha, float beta, float *c, long ldc);
void bp_dgemm_kernel_avx2(long kc, const double *a, const double *b,
                          double alpha, double beta, double *c, long ldc);
void bp_sgemm_kernel_avx512(long kc, const float *a, const float *b,
                            float alpha, float beta, float *c, long ldc);
void bp_dgemm_kernel_avx512(long kc, const double *a, const double *b,
                            double alpha, double beta, double *c, long ldc);

// The transposing copy of GEMM packing, target[p·width + j] = source[j·stride + p] for
// j < count, p < depth, in 8 × 8 (Float) or 4 × 4 (Double) blocks of AVX2 registers.
void bp_transpose_copy_f32_avx2(long count, long depth, const float *source, long stride,
                                float *target, long width);
void bp_transpose_copy_f64_avx2(long count, long depth, const double *source, long stride,
                                double *target, long width);

#endif

// Vector math over buffers, y[i] = f(x[i]) for i < count, in the instruction set `isa` (a
// BP_ISA_… level the CPU supports; other architectures ignore it). y may be x (in place) but
// must not otherwise overlap it. Within 3 ulp of the exact result over the whole range
// (measured: exp 1.04, tanh 2.6, σ 2.3)
// (vector_math_f32.h); NaN in, NaN out.
//   exp:     e^x (0 and +∞ where Float or Double underflow and overflow)
//   tanh:    tanh x
//   sigmoid: σ(x) = 1/(1 + e^−x), never overflowing (0 and 1 at the far ends)

void bp_vexp_f32(int isa, const float *x, float *y, long count);
void bp_vtanh_f32(int isa, const float *x, float *y, long count);
void bp_vsigmoid_f32(int isa, const float *x, float *y, long count);
void bp_vexp_f64(int isa, const double *x, double *y, long count);
void bp_vtanh_f64(int isa, const double *x, double *y, long count);
void bp_vsigmoid_f64(int isa, const double *x, double *y, long count);

// A persistent pool of worker threads (parallel.c). bp_parallel_for calls task(context, part)
// once for every part < parts, on the calling thread and the pool's workers (started until
// there are at least threads − 1; all of them may claim parts), and returns when all have
// returned. Parts must be independent; what a part computes must not depend on the thread that
// runs it. With threads ≤ 1, more than 2²⁰ − 1 parts, no worker that could be started, or while
// another job holds the pool (another caller, or a task calling bp_parallel_for itself), the
// caller runs every part, in order.
typedef void (*bp_parallel_task)(void *_Nullable context, long part);
void bp_parallel_for(long threads, long parts, bp_parallel_task task, void *_Nullable context);

#pragma clang assume_nonnull end

#endif
