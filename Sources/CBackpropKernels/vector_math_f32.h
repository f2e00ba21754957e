// exp, tanh and the logistic sigmoid of Float vectors, written once over abstract vector
// operations and instantiated by vector_math.c (portable C, one lane), vector_math_avx2.c (8) and
// vector_math_avx512.c (16). The includer defines BP_VM(name) (the ISA-suffixed name) and:
//
//   VF                      the vector type;  VF_LANES  its lanes
//   VF_SET1(c), VF_ADD, VF_SUB, VF_MUL, VF_DIV, VF_FMA(a, b, c) = a·b + c
//   VF_MAX(bound, x), VF_MIN(bound, x)   — x when x is NaN (so NaN propagates)
//   VF_ABS(x), VF_NEGABS(x) = −|x|, VF_COPYSIGN(magnitude ≥ 0, sign)
//   VF_SELECT_NONNEG(x, a, b) = x ≥ 0 ? a : b
//   VF_POW2BITS(h)          the float whose bits are bits(h) << 23 (see exp below)
//   VF_LOADU(p), VF_STOREU(p, v)
//
// Accuracy (measured against Double libm on 2·10⁶ random points and the edges, see
// VectorMathTests.swift): within 3 ulp everywhere (measured: exp 1.04, tanh 2.6, σ 2.3), including subnormal results; NaN in, NaN out.

// 1/k! for the Taylor series of e^r on |r| ≤ ln2/2: the first term left out, r⁸/8!, is below
// 5.4·10⁻⁹ = 0.09 ulp of the result.
#define BP_F32_C2 (1.0f / 2)
#define BP_F32_C3 (1.0f / 6)
#define BP_F32_C4 (1.0f / 24)
#define BP_F32_C5 (1.0f / 120)
#define BP_F32_C6 (1.0f / 720)
#define BP_F32_C7 (1.0f / 5040)
// Adding 1.5·2²³ rounds a float of magnitude < 2²² to an integer, which then sits in the low
// bits of the sum; the +127 puts the exponent bias there too, so bits << 23 is 2^n (exp below).
#define BP_F32_SHIFTER 0x1.8p23f
#define BP_F32_SHIFTER_BIASED (0x1.8p23f + 127.0f)
#define BP_F32_LOG2E 0x1.715476p+0f
// ln 2 = LN2_HI + LN2_LO with LN2_HI of 9 bits, so n·LN2_HI is exact for |n| < 2¹⁵ (Cody–Waite).
#define BP_F32_LN2_HI 0x1.63p-1f
#define BP_F32_LN2_LO -0x1.bd0106p-13f

/// r ↦ (e^r − 1 − r)/r² on |r| ≤ ln2/2: 1/2! + r/3! + … + r⁵/7!.
static inline VF BP_VM(expm1_tail_f32)(VF r)
{
    VF p = VF_SET1(BP_F32_C7);
    p = VF_FMA(p, r, VF_SET1(BP_F32_C6));
    p = VF_FMA(p, r, VF_SET1(BP_F32_C5));
    p = VF_FMA(p, r, VF_SET1(BP_F32_C4));
    p = VF_FMA(p, r, VF_SET1(BP_F32_C3));
    return VF_FMA(p, r, VF_SET1(BP_F32_C2));
}

/// Splits x = n·ln2 + r with n an integer (as a float) and |r| ≤ ln2/2 (a little more where
/// FMA is missing and n·log2e rounds twice); returns n and stores r.
static inline VF BP_VM(reduce_f32)(VF x, VF *r)
{
    VF n = VF_SUB(VF_FMA(x, VF_SET1(BP_F32_LOG2E), VF_SET1(BP_F32_SHIFTER)),
                  VF_SET1(BP_F32_SHIFTER));
    VF rr = VF_FMA(n, VF_SET1(-BP_F32_LN2_HI), x);
    *r = VF_FMA(n, VF_SET1(-BP_F32_LN2_LO), rr);
    return n;
}

/// e^x = 2^n·e^r. The scaling by 2^n is done in two steps, 2^n1·2^n2 with n1 = n/2 rounded and
/// n2 = n − n1, so that results near overflow (n = 128) and subnormal results (n down to −150)
/// need no exponent outside the normal range and round only once.
static inline VF BP_VM(exp_f32)(VF x)
{
    // Beyond these bounds e^x is 0 or ∞ in Float; clamping keeps n small (NaN passes through).
    x = VF_MAX(VF_SET1(-104.0f), x);
    x = VF_MIN(VF_SET1(89.0f), x);
    VF r;
    VF n = BP_VM(reduce_f32)(x, &r);
    VF er = VF_ADD(VF_FMA(VF_MUL(r, r), BP_VM(expm1_tail_f32)(r), r), VF_SET1(1.0f));
    VF h = VF_FMA(n, VF_SET1(0.5f), VF_SET1(BP_F32_SHIFTER_BIASED));
    VF n1 = VF_SUB(h, VF_SET1(BP_F32_SHIFTER_BIASED));
    VF h2 = VF_ADD(VF_SUB(n, n1), VF_SET1(BP_F32_SHIFTER_BIASED));
    return VF_MUL(VF_MUL(er, VF_POW2BITS(h)), VF_POW2BITS(h2));
}

/// tanh x = sign(x)·e/(e + 2) with e = e^(2|x|) − 1, computed without cancellation as
/// 2^n·(e^r − 1) + (2^n − 1); for |x| > 10, tanh x rounds to ±1 and so does the formula.
static inline VF BP_VM(tanh_f32)(VF x)
{
    VF ax = VF_ABS(x);
    VF u = VF_MIN(VF_SET1(20.0f), VF_ADD(ax, ax));
    VF r;
    VF n = BP_VM(reduce_f32)(u, &r);
    VF em1r = VF_FMA(VF_MUL(r, r), BP_VM(expm1_tail_f32)(r), r);
    VF scale = VF_POW2BITS(VF_ADD(n, VF_SET1(BP_F32_SHIFTER_BIASED)));
    VF e = VF_FMA(scale, em1r, VF_SUB(scale, VF_SET1(1.0f)));
    return VF_COPYSIGN(VF_DIV(e, VF_ADD(e, VF_SET1(2.0f))), x);
}

/// σ(z) = 1/(1 + e^−z), as 1/(1 + e) for z ≥ 0 and e/(1 + e) for z < 0 with e = e^−|z| ≤ 1:
/// no overflow for any z, and full relative accuracy for large negative z.
static inline VF BP_VM(sigmoid_f32)(VF z)
{
    VF e = BP_VM(exp_f32)(VF_NEGABS(z));
    VF one = VF_SET1(1.0f);
    return VF_DIV(VF_SELECT_NONNEG(z, one, e), VF_ADD(one, e));
}

#define BP_VM_LOOP_F32(function)                                                       \
    void BP_VM(v##function##_f32)(const float *x, float *y, long count)                \
    {                                                                                  \
        long i = 0;                                                                    \
        for (; i + VF_LANES <= count; i += VF_LANES)                                   \
            VF_STOREU(y + i, BP_VM(function##_f32)(VF_LOADU(x + i)));                  \
        if (i < count) {                                                               \
            float buffer[VF_LANES] = {0};                                              \
            for (long j = 0; j < count - i; j++) buffer[j] = x[i + j];                 \
            VF_STOREU(buffer, BP_VM(function##_f32)(VF_LOADU(buffer)));                \
            for (long j = 0; j < count - i; j++) y[i + j] = buffer[j];                 \
        }                                                                              \
    }

BP_VM_LOOP_F32(exp)
BP_VM_LOOP_F32(tanh)
BP_VM_LOOP_F32(sigmoid)

#undef BP_VM_LOOP_F32
