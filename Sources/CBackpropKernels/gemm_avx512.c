// AVX-512F GEMM micro-kernels (32 zmm registers of 16 floats or 8 doubles).
//
// Compiled for any x86-64 with `target("avx512f")` on every function of this file (see
// gemm_avx2.c); called only when bp_cpu_isa() reports AVX-512F.

#include "CBackpropKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx512f"))), apply_to = function)

// Float 8 × 32 and Double 8 × 16: sixteen accumulators, two registers for the row of B, one for
// the broadcast element of A (tile sizes in CBackpropKernels.h; why these,
// in GEMMMicroKernel+AVX.swift).
#define BP_KERNEL_NAME bp_sgemm_kernel_avx512
#define BP_SCALAR float
#define BP_VEC __m512
#define BP_LANES 16
#define BP_MR BP_SGEMM_AVX512_MR
#define BP_NV (BP_SGEMM_AVX512_NR / 16)
#define BP_ZERO() _mm512_setzero_ps()
#define BP_LOAD(p) _mm512_load_ps(p)
#define BP_LOADU(p) _mm512_loadu_ps(p)
#define BP_STOREU(p, v) _mm512_storeu_ps(p, v)
#define BP_SET1(x) _mm512_set1_ps(x)
#define BP_BROADCAST(p) _mm512_set1_ps(*(p))
#define BP_FMA(a, b, c) _mm512_fmadd_ps(a, b, c)
#define BP_MUL(a, b) _mm512_mul_ps(a, b)
#define BP_ADD(a, b) _mm512_add_ps(a, b)
#include "gemm_kernel_template.h"
#include "gemm_kernel_undef.h"

#define BP_KERNEL_NAME bp_dgemm_kernel_avx512
#define BP_SCALAR double
#define BP_VEC __m512d
#define BP_LANES 8
#define BP_MR BP_DGEMM_AVX512_MR
#define BP_NV (BP_DGEMM_AVX512_NR / 8)
#define BP_ZERO() _mm512_setzero_pd()
#define BP_LOAD(p) _mm512_load_pd(p)
#define BP_LOADU(p) _mm512_loadu_pd(p)
#define BP_STOREU(p, v) _mm512_storeu_pd(p, v)
#define BP_SET1(x) _mm512_set1_pd(x)
#define BP_BROADCAST(p) _mm512_set1_pd(*(p))
#define BP_FMA(a, b, c) _mm512_fmadd_pd(a, b, c)
#define BP_MUL(a, b) _mm512_mul_pd(a, b)
#define BP_ADD(a, b) _mm512_add_pd(a, b)
#include "gemm_kernel_template.h"
#include "gemm_kernel_undef.h"

#pragma clang attribute pop

#endif
