// The transposing copy at the heart of GEMM packing, with AVX2 (used for both the AVX2 and the
// AVX-512 kernels): target[p·width + j] = source[j·stride + p] for j < count, p < depth.
//
// Packing A (not transposed) and B (transposed) means reading rows of the caller's matrix and
// writing them as columns of a micro-panel; done one element at a time that costs about as
// much as a quarter of the forward product 128 × 512 × 512. Here 8 × 8 blocks of floats (4 × 4
// of doubles) are loaded as rows, transposed in registers and stored as rows; the edges are
// copied one element at a time.

#include "CBackpropKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

static inline void bp_transpose8x8_f32(const float *source, long stride, float *target, long width)
{
    __m256 r0 = _mm256_loadu_ps(source + 0 * stride), r1 = _mm256_loadu_ps(source + 1 * stride);
    __m256 r2 = _mm256_loadu_ps(source + 2 * stride), r3 = _mm256_loadu_ps(source + 3 * stride);
    __m256 r4 = _mm256_loadu_ps(source + 4 * stride), r5 = _mm256_loadu_ps(source + 5 * stride);
    __m256 r6 = _mm256_loadu_ps(source + 6 * stride), r7 = _mm256_loadu_ps(source + 7 * stride);
    // Pairs of rows interleaved, then quadruples, then the two 128-bit halves exchanged.
    __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
    __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
    __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
    __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
    __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
    __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    _mm256_storeu_ps(target + 0 * width, _mm256_permute2f128_ps(u0, u4, 0x20));
    _mm256_storeu_ps(target + 1 * width, _mm256_permute2f128_ps(u1, u5, 0x20));
    _mm256_storeu_ps(target + 2 * width, _mm256_permute2f128_ps(u2, u6, 0x20));
    _mm256_storeu_ps(target + 3 * width, _mm256_permute2f128_ps(u3, u7, 0x20));
    _mm256_storeu_ps(target + 4 * width, _mm256_permute2f128_ps(u0, u4, 0x31));
    _mm256_storeu_ps(target + 5 * width, _mm256_permute2f128_ps(u1, u5, 0x31));
    _mm256_storeu_ps(target + 6 * width, _mm256_permute2f128_ps(u2, u6, 0x31));
    _mm256_storeu_ps(target + 7 * width, _mm256_permute2f128_ps(u3, u7, 0x31));
}

static inline void bp_transpose4x4_f64(const double *source, long stride, double *target, long width)
{
    __m256d r0 = _mm256_loadu_pd(source + 0 * stride), r1 = _mm256_loadu_pd(source + 1 * stride);
    __m256d r2 = _mm256_loadu_pd(source + 2 * stride), r3 = _mm256_loadu_pd(source + 3 * stride);
    __m256d t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);
    __m256d t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
    _mm256_storeu_pd(target + 0 * width, _mm256_permute2f128_pd(t0, t2, 0x20));
    _mm256_storeu_pd(target + 1 * width, _mm256_permute2f128_pd(t1, t3, 0x20));
    _mm256_storeu_pd(target + 2 * width, _mm256_permute2f128_pd(t0, t2, 0x31));
    _mm256_storeu_pd(target + 3 * width, _mm256_permute2f128_pd(t1, t3, 0x31));
}

#define BP_TRANSPOSE_COPY(name, scalar, block, transpose_block)                          \
    void name(long count, long depth, const scalar *source, long stride,                 \
              scalar *target, long width)                                                \
    {                                                                                    \
        long j = 0;                                                                      \
        for (; j + block <= count; j += block) {                                         \
            long p = 0;                                                                  \
            for (; p + block <= depth; p += block)                                       \
                transpose_block(source + j * stride + p, stride, target + p * width + j, \
                                width);                                                  \
            for (; p < depth; p++)                                                       \
                for (long q = j; q < j + block; q++)                                     \
                    target[p * width + q] = source[q * stride + p];                      \
        }                                                                                \
        for (; j < count; j++)                                                           \
            for (long p = 0; p < depth; p++) target[p * width + j] = source[j * stride + p]; \
    }

BP_TRANSPOSE_COPY(bp_transpose_copy_f32_avx2, float, 8, bp_transpose8x8_f32)
BP_TRANSPOSE_COPY(bp_transpose_copy_f64_avx2, double, 4, bp_transpose4x4_f64)

#pragma clang attribute pop

#endif
