// exp, tanh and the logistic sigmoid of Double vectors: the algorithms of vector_math_f32.h with
// double constants. The includer defines BP_VM(name) and VD, VD_LANES, VD_SET1, VD_ADD, VD_SUB,
// VD_MUL, VD_DIV, VD_FMA, VD_MAX, VD_MIN, VD_ABS, VD_NEGABS, VD_COPYSIGN, VD_SELECT_NONNEG,
// VD_POW2BITS (bits(h) << 52), VD_LOADU, VD_STOREU, with the meanings given there.
//
// Accuracy (measured against Float80 libm on 2·10⁶ random points and the edges, see
// VectorMathTests.swift): within 3 ulp everywhere (measured: exp 1.04, tanh 2.6, σ 2.3), including subnormal results.

// 1/k! for the Taylor series of e^r on |r| ≤ ln2/2: the first term left out, r¹⁴/14!, is below
// 4.2·10⁻¹⁸ = 0.04 ulp of the result.
#define BP_F64_C2 (1.0 / 2)
#define BP_F64_C3 (1.0 / 6)
#define BP_F64_C4 (1.0 / 24)
#define BP_F64_C5 (1.0 / 120)
#define BP_F64_C6 (1.0 / 720)
#define BP_F64_C7 (1.0 / 5040)
#define BP_F64_C8 (1.0 / 40320)
#define BP_F64_C9 (1.0 / 362880)
#define BP_F64_C10 (1.0 / 3628800)
#define BP_F64_C11 (1.0 / 39916800)
#define BP_F64_C12 (1.0 / 479001600)
#define BP_F64_C13 (1.0 / 6227020800.0)
#define BP_F64_SHIFTER 0x1.8p52
#define BP_F64_SHIFTER_BIASED (0x1.8p52 + 1023.0)
#define BP_F64_LOG2E 0x1.71547652b82fep+0
// ln 2 = LN2_HI + LN2_LO (fdlibm's split): LN2_HI has 32 bits, so n·LN2_HI is exact for
// |n| < 2²¹.
#define BP_F64_LN2_HI 0x1.62e42feep-1
#define BP_F64_LN2_LO 0x1.a39ef35793c76p-33

/// r ↦ (e^r − 1 − r)/r² on |r| ≤ ln2/2: 1/2! + r/3! + … + r¹¹/13!.
static inline VD BP_VM(expm1_tail_f64)(VD r)
{
    VD p = VD_SET1(BP_F64_C13);
    p = VD_FMA(p, r, VD_SET1(BP_F64_C12));
    p = VD_FMA(p, r, VD_SET1(BP_F64_C11));
    p = VD_FMA(p, r, VD_SET1(BP_F64_C10));
    p = VD_FMA(p, r, VD_SET1(BP_F64_C9));
    p = VD_FMA(p, r, VD_SET1(BP_F64_C8));
    p = VD_FMA(p, r, VD_SET1(BP_F64_C7));
    p = VD_FMA(p, r, VD_SET1(BP_F64_C6));
    p = VD_FMA(p, r, VD_SET1(BP_F64_C5));
    p = VD_FMA(p, r, VD_SET1(BP_F64_C4));
    p = VD_FMA(p, r, VD_SET1(BP_F64_C3));
    return VD_FMA(p, r, VD_SET1(BP_F64_C2));
}

/// Splits x = n·ln2 + r with n an integer (as a double) and |r| ≤ ln2/2 (slightly more without
/// FMA); returns n and stores r.
static inline VD BP_VM(reduce_f64)(VD x, VD *r)
{
    VD n = VD_SUB(VD_FMA(x, VD_SET1(BP_F64_LOG2E), VD_SET1(BP_F64_SHIFTER)),
                  VD_SET1(BP_F64_SHIFTER));
    VD rr = VD_FMA(n, VD_SET1(-BP_F64_LN2_HI), x);
    *r = VD_FMA(n, VD_SET1(-BP_F64_LN2_LO), rr);
    return n;
}

/// e^x = 2^n1·2^n2·e^r (see exp_f32).
static inline VD BP_VM(exp_f64)(VD x)
{
    x = VD_MAX(VD_SET1(-746.0), x);
    x = VD_MIN(VD_SET1(710.0), x);
    VD r;
    VD n = BP_VM(reduce_f64)(x, &r);
    VD er = VD_ADD(VD_FMA(VD_MUL(r, r), BP_VM(expm1_tail_f64)(r), r), VD_SET1(1.0));
    VD h = VD_FMA(n, VD_SET1(0.5), VD_SET1(BP_F64_SHIFTER_BIASED));
    VD n1 = VD_SUB(h, VD_SET1(BP_F64_SHIFTER_BIASED));
    VD h2 = VD_ADD(VD_SUB(n, n1), VD_SET1(BP_F64_SHIFTER_BIASED));
    return VD_MUL(VD_MUL(er, VD_POW2BITS(h)), VD_POW2BITS(h2));
}

/// tanh x = sign(x)·e/(e + 2), e = e^(2|x|) − 1 (see tanh_f32); ±1 for |x| > 20.
static inline VD BP_VM(tanh_f64)(VD x)
{
    VD ax = VD_ABS(x);
    VD u = VD_MIN(VD_SET1(40.0), VD_ADD(ax, ax));
    VD r;
    VD n = BP_VM(reduce_f64)(u, &r);
    VD em1r = VD_FMA(VD_MUL(r, r), BP_VM(expm1_tail_f64)(r), r);
    VD scale = VD_POW2BITS(VD_ADD(n, VD_SET1(BP_F64_SHIFTER_BIASED)));
    VD e = VD_FMA(scale, em1r, VD_SUB(scale, VD_SET1(1.0)));
    return VD_COPYSIGN(VD_DIV(e, VD_ADD(e, VD_SET1(2.0))), x);
}

/// σ(z) = (z ≥ 0 ? 1 : e)/(1 + e) with e = e^−|z| (see sigmoid_f32).
static inline VD BP_VM(sigmoid_f64)(VD z)
{
    VD e = BP_VM(exp_f64)(VD_NEGABS(z));
    VD one = VD_SET1(1.0);
    return VD_DIV(VD_SELECT_NONNEG(z, one, e), VD_ADD(one, e));
}

#define BP_VM_LOOP_F64(function)                                                       \
    void BP_VM(v##function##_f64)(const double *x, double *y, long count)              \
    {                                                                                  \
        long i = 0;                                                                    \
        for (; i + VD_LANES <= count; i += VD_LANES)                                   \
            VD_STOREU(y + i, BP_VM(function##_f64)(VD_LOADU(x + i)));                  \
        if (i < count) {                                                               \
            double buffer[VD_LANES] = {0};                                             \
            for (long j = 0; j < count - i; j++) buffer[j] = x[i + j];                 \
            VD_STOREU(buffer, BP_VM(function##_f64)(VD_LOADU(buffer)));                \
            for (long j = 0; j < count - i; j++) y[i + j] = buffer[j];                 \
        }                                                                              \
    }

BP_VM_LOOP_F64(exp)
BP_VM_LOOP_F64(tanh)
BP_VM_LOOP_F64(sigmoid)

#undef BP_VM_LOOP_F64
