// AVX2 + FMA GEMM micro-kernels (16 ymm registers of 8 floats or 4 doubles).
//
// Compiled for any x86-64: `#pragma clang attribute` gives every function in this file
// `target("avx2,fma")`, so only these functions use the instructions, and they are called only
// after bp_cpu_isa() has found the CPU to support them. On other architectures the file is empty.

#include "CBackpropKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

// Float: 6 × 16 — twelve accumulators, two registers for the row of B, one for the broadcast
// (tile sizes in CBackpropKernels.h; why these, in GEMMMicroKernel+AVX.swift).
#define BP_KERNEL_NAME bp_sgemm_kernel_avx2
#define BP_SCALAR float
#define BP_VEC __m256
#define BP_LANES 8
#define BP_MR BP_SGEMM_AVX2_MR
#define BP_NV (BP_SGEMM_AVX2_NR / 8)
#define BP_ZERO() _mm256_setzero_ps()
#define BP_LOAD(p) _mm256_load_ps(p)
#define BP_LOADU(p) _mm256_loadu_ps(p)
#define BP_STOREU(p, v) _mm256_storeu_ps(p, v)
#define BP_SET1(x) _mm256_set1_ps(x)
#define BP_BROADCAST(p) _mm256_broadcast_ss(p)
#define BP_FMA(a, b, c) _mm256_fmadd_ps(a, b, c)
#define BP_MUL(a, b) _mm256_mul_ps(a, b)
#define BP_ADD(a, b) _mm256_add_ps(a, b)
#include "gemm_kernel_template.h"
#include "gemm_kernel_undef.h"

// Double: 6 × 8 — the same register budget with four doubles per register.
#define BP_KERNEL_NAME bp_dgemm_kernel_avx2
#define BP_SCALAR double
#define BP_VEC __m256d
#define BP_LANES 4
#define BP_MR BP_DGEMM_AVX2_MR
#define BP_NV (BP_DGEMM_AVX2_NR / 4)
#define BP_ZERO() _mm256_setzero_pd()
#define BP_LOAD(p) _mm256_load_pd(p)
#define BP_LOADU(p) _mm256_loadu_pd(p)
#define BP_STOREU(p, v) _mm256_storeu_pd(p, v)
#define BP_SET1(x) _mm256_set1_pd(x)
#define BP_BROADCAST(p) _mm256_broadcast_sd(p)
#define BP_FMA(a, b, c) _mm256_fmadd_pd(a, b, c)
#define BP_MUL(a, b) _mm256_mul_pd(a, b)
#define BP_ADD(a, b) _mm256_add_pd(a, b)
#include "gemm_kernel_template.h"
#include "gemm_kernel_undef.h"

#pragma clang attribute pop

#endif
