// Vector exp, tanh and sigmoid: the portable C instantiation of vector_math_f32.h and
// vector_math_f64.h (one lane; the compiler vectorises the loops for whatever it targets) and
// the entry points that pick an instruction set.

#include "CBackpropKernels.h"
#include "vector_math_internal.h"
#include <stdint.h>
#include <string.h>

static inline float bp_pow2bits_f32(float h)
{
    uint32_t bits;
    memcpy(&bits, &h, sizeof bits);
    bits <<= 23;
    memcpy(&h, &bits, sizeof bits);
    return h;
}

static inline double bp_pow2bits_f64(double h)
{
    uint64_t bits;
    memcpy(&bits, &h, sizeof bits);
    bits <<= 52;
    memcpy(&h, &bits, sizeof bits);
    return h;
}

#define BP_VM(name) bp_##name##_portable

#define VF float
#define VF_LANES 1
#define VF_SET1(c) ((float)(c))
#define VF_ADD(a, b) ((a) + (b))
#define VF_SUB(a, b) ((a) - (b))
#define VF_MUL(a, b) ((a) * (b))
#define VF_DIV(a, b) ((a) / (b))
#define VF_FMA(a, b, c) ((a) * (b) + (c))
#define VF_MAX(bound, x) ((x) < (bound) ? (bound) : (x))
#define VF_MIN(bound, x) ((x) > (bound) ? (bound) : (x))
#define VF_ABS(x) __builtin_fabsf(x)
#define VF_NEGABS(x) (-__builtin_fabsf(x))
#define VF_COPYSIGN(magnitude, sign) __builtin_copysignf(magnitude, sign)
#define VF_SELECT_NONNEG(x, a, b) ((x) >= 0 ? (a) : (b))
#define VF_POW2BITS(h) bp_pow2bits_f32(h)
#define VF_LOADU(p) (*(p))
#define VF_STOREU(p, v) (*(p) = (v))
#include "vector_math_f32.h"

#define VD double
#define VD_LANES 1
#define VD_SET1(c) ((double)(c))
#define VD_ADD(a, b) ((a) + (b))
#define VD_SUB(a, b) ((a) - (b))
#define VD_MUL(a, b) ((a) * (b))
#define VD_DIV(a, b) ((a) / (b))
#define VD_FMA(a, b, c) ((a) * (b) + (c))
#define VD_MAX(bound, x) ((x) < (bound) ? (bound) : (x))
#define VD_MIN(bound, x) ((x) > (bound) ? (bound) : (x))
#define VD_ABS(x) __builtin_fabs(x)
#define VD_NEGABS(x) (-__builtin_fabs(x))
#define VD_COPYSIGN(magnitude, sign) __builtin_copysign(magnitude, sign)
#define VD_SELECT_NONNEG(x, a, b) ((x) >= 0 ? (a) : (b))
#define VD_POW2BITS(h) bp_pow2bits_f64(h)
#define VD_LOADU(p) (*(p))
#define VD_STOREU(p, v) (*(p) = (v))
#include "vector_math_f64.h"

#if defined(__x86_64__)
#define BP_VM_DISPATCH(function, scalar)                                                \
    void bp_##function(int isa, const scalar *x, scalar *y, long count)                 \
    {                                                                                   \
        if (isa >= BP_ISA_AVX512) bp_##function##_avx512(x, y, count);                  \
        else if (isa == BP_ISA_AVX2) bp_##function##_avx2(x, y, count);                 \
        else bp_##function##_portable(x, y, count);                                     \
    }
#else
#define BP_VM_DISPATCH(function, scalar)                                                \
    void bp_##function(int isa, const scalar *x, scalar *y, long count)                 \
    {                                                                                   \
        (void)isa;                                                                      \
        bp_##function##_portable(x, y, count);                                          \
    }
#endif

BP_VM_DISPATCH(vexp_f32, float)
BP_VM_DISPATCH(vtanh_f32, float)
BP_VM_DISPATCH(vsigmoid_f32, float)
BP_VM_DISPATCH(vexp_f64, double)
BP_VM_DISPATCH(vtanh_f64, double)
BP_VM_DISPATCH(vsigmoid_f64, double)
