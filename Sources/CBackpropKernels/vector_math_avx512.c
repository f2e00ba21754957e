// Vector exp, tanh and sigmoid for AVX-512F (16 floats, 8 doubles a register): the
// instantiation of vector_math_f32.h and vector_math_f64.h with every function compiled for
// target("avx512f"), called only when bp_cpu_isa() reports AVX-512F. Bitwise operations go
// through the integer forms, which AVX-512F has (the float forms need AVX-512DQ).

#include "CBackpropKernels.h"
#include "vector_math_internal.h"

#if defined(__x86_64__)
#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx512f"))), apply_to = function)

#define BP_VM(name) bp_##name##_avx512

#define BP_SIGN32 _mm512_set1_epi32((int)0x80000000u)
#define BP_SIGN64 _mm512_set1_epi64((long long)0x8000000000000000ull)

#define VF __m512
#define VF_LANES 16
#define VF_SET1(c) _mm512_set1_ps(c)
#define VF_ADD(a, b) _mm512_add_ps(a, b)
#define VF_SUB(a, b) _mm512_sub_ps(a, b)
#define VF_MUL(a, b) _mm512_mul_ps(a, b)
#define VF_DIV(a, b) _mm512_div_ps(a, b)
#define VF_FMA(a, b, c) _mm512_fmadd_ps(a, b, c)
// vmaxps/vminps return the second operand when either is NaN.
#define VF_MAX(bound, x) _mm512_max_ps(bound, x)
#define VF_MIN(bound, x) _mm512_min_ps(bound, x)
#define VF_ABS(x) _mm512_abs_ps(x)
#define VF_NEGABS(x) _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(x), BP_SIGN32))
#define VF_COPYSIGN(magnitude, sign)                                                     \
    _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(magnitude),                  \
                                        _mm512_and_si512(_mm512_castps_si512(sign), BP_SIGN32)))
#define VF_SELECT_NONNEG(x, a, b) \
    _mm512_mask_blend_ps(_mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_GE_OQ), b, a)
#define VF_POW2BITS(h) _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_castps_si512(h), 23))
#define VF_LOADU(p) _mm512_loadu_ps(p)
#define VF_STOREU(p, v) _mm512_storeu_ps(p, v)
#include "vector_math_f32.h"

#define VD __m512d
#define VD_LANES 8
#define VD_SET1(c) _mm512_set1_pd(c)
#define VD_ADD(a, b) _mm512_add_pd(a, b)
#define VD_SUB(a, b) _mm512_sub_pd(a, b)
#define VD_MUL(a, b) _mm512_mul_pd(a, b)
#define VD_DIV(a, b) _mm512_div_pd(a, b)
#define VD_FMA(a, b, c) _mm512_fmadd_pd(a, b, c)
#define VD_MAX(bound, x) _mm512_max_pd(bound, x)
#define VD_MIN(bound, x) _mm512_min_pd(bound, x)
#define VD_ABS(x) _mm512_abs_pd(x)
#define VD_NEGABS(x) _mm512_castsi512_pd(_mm512_or_si512(_mm512_castpd_si512(x), BP_SIGN64))
#define VD_COPYSIGN(magnitude, sign)                                                     \
    _mm512_castsi512_pd(_mm512_or_si512(_mm512_castpd_si512(magnitude),                  \
                                        _mm512_and_si512(_mm512_castpd_si512(sign), BP_SIGN64)))
#define VD_SELECT_NONNEG(x, a, b) \
    _mm512_mask_blend_pd(_mm512_cmp_pd_mask(x, _mm512_setzero_pd(), _CMP_GE_OQ), b, a)
#define VD_POW2BITS(h) _mm512_castsi512_pd(_mm512_slli_epi64(_mm512_castpd_si512(h), 52))
#define VD_LOADU(p) _mm512_loadu_pd(p)
#define VD_STOREU(p, v) _mm512_storeu_pd(p, v)
#include "vector_math_f64.h"

#pragma clang attribute pop

#endif
