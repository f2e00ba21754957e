// Vector exp, tanh and sigmoid for AVX2 + FMA (8 floats, 4 doubles a register): the
// instantiation of vector_math_f32.h and vector_math_f64.h with every function compiled for
// target("avx2,fma"), called only when bp_cpu_isa() reports AVX2.

#include "CBackpropKernels.h"
#include "vector_math_internal.h"

#if defined(__x86_64__)
#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

#define BP_VM(name) bp_##name##_avx2

#define VF __m256
#define VF_LANES 8
#define VF_SET1(c) _mm256_set1_ps(c)
#define VF_ADD(a, b) _mm256_add_ps(a, b)
#define VF_SUB(a, b) _mm256_sub_ps(a, b)
#define VF_MUL(a, b) _mm256_mul_ps(a, b)
#define VF_DIV(a, b) _mm256_div_ps(a, b)
#define VF_FMA(a, b, c) _mm256_fmadd_ps(a, b, c)
// vmaxps/vminps return the second operand when either is NaN.
#define VF_MAX(bound, x) _mm256_max_ps(bound, x)
#define VF_MIN(bound, x) _mm256_min_ps(bound, x)
#define VF_ABS(x) _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x)
#define VF_NEGABS(x) _mm256_or_ps(_mm256_set1_ps(-0.0f), x)
#define VF_COPYSIGN(magnitude, sign) \
    _mm256_or_ps(magnitude, _mm256_and_ps(_mm256_set1_ps(-0.0f), sign))
#define VF_SELECT_NONNEG(x, a, b) \
    _mm256_blendv_ps(b, a, _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_GE_OQ))
#define VF_POW2BITS(h) _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_castps_si256(h), 23))
#define VF_LOADU(p) _mm256_loadu_ps(p)
#define VF_STOREU(p, v) _mm256_storeu_ps(p, v)
#include "vector_math_f32.h"

#define VD __m256d
#define VD_LANES 4
#define VD_SET1(c) _mm256_set1_pd(c)
#define VD_ADD(a, b) _mm256_add_pd(a, b)
#define VD_SUB(a, b) _mm256_sub_pd(a, b)
#define VD_MUL(a, b) _mm256_mul_pd(a, b)
#define VD_DIV(a, b) _mm256_div_pd(a, b)
#define VD_FMA(a, b, c) _mm256_fmadd_pd(a, b, c)
#define VD_MAX(bound, x) _mm256_max_pd(bound, x)
#define VD_MIN(bound, x) _mm256_min_pd(bound, x)
#define VD_ABS(x) _mm256_andnot_pd(_mm256_set1_pd(-0.0), x)
#define VD_NEGABS(x) _mm256_or_pd(_mm256_set1_pd(-0.0), x)
#define VD_COPYSIGN(magnitude, sign) \
    _mm256_or_pd(magnitude, _mm256_and_pd(_mm256_set1_pd(-0.0), sign))
#define VD_SELECT_NONNEG(x, a, b) \
    _mm256_blendv_pd(b, a, _mm256_cmp_pd(x, _mm256_setzero_pd(), _CMP_GE_OQ))
#define VD_POW2BITS(h) _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_castpd_si256(h), 52))
#define VD_LOADU(p) _mm256_loadu_pd(p)
#define VD_STOREU(p, v) _mm256_storeu_pd(p, v)
#include "vector_math_f64.h"

#pragma clang attribute pop

#endif
