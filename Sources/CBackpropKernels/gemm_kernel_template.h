// One register-blocked GEMM micro-kernel, instantiated by the file that includes this template
// (see gemm_avx2.c, gemm_avx512.c). The includer defines:
//
//   BP_KERNEL_NAME   the function's name
//   BP_SCALAR        float or double
//   BP_VEC           the vector type (__m256, __m256d, __m512, __m512d)
//   BP_LANES         scalars per vector
//   BP_MR, BP_NV     rows of the tile, vectors per row of the tile (NR = BP_NV * BP_LANES)
//   BP_ZERO(), BP_LOAD(p), BP_LOADU(p), BP_STOREU(p, v), BP_SET1(x), BP_BROADCAST(p),
//   BP_FMA(a, b, c) = a*b + c (fused), BP_MUL(a, b), BP_ADD(a, b)
//
// It computes one MR × NR tile of C from packed panels (see GEMMPacking.swift):
//
//   C_tile ← α·Σ_{p<kc} a_p b_pᵀ + β·C_tile       (C only written when β = 0)
//
// a: kc steps of MR scalars (a[p·MR + r] = op(A)[r, p]), each broadcast on load;
// b: kc rows of NR scalars (b[p·NR + j] = op(B)[p, j]), 64-byte aligned;
// c: row-major with row stride ldc, any alignment.
//
// The accumulators acc[r][v] are a constant-size array indexed by fully unrolled loops, so the
// optimiser keeps every one of them in a register (MR·NV of the 16 or 32 vector registers).
// The final update rounds α·acc before adding β·C, exactly as the Swift driver's edge-tile merge
// does, so a tile's value does not depend on whether it is computed in place or in scratch.

#define BP_UNROLL _Pragma("clang loop unroll(full)")

void BP_KERNEL_NAME(long kc, const BP_SCALAR *restrict a, const BP_SCALAR *restrict b,
                    BP_SCALAR alpha, BP_SCALAR beta, BP_SCALAR *restrict c, long ldc)
{
    BP_VEC acc[BP_MR][BP_NV];
    BP_UNROLL for (int r = 0; r < BP_MR; r++) {
        BP_UNROLL for (int v = 0; v < BP_NV; v++) acc[r][v] = BP_ZERO();
    }

    for (long p = 0; p < kc; p++) {
        BP_VEC row[BP_NV];
        BP_UNROLL for (int v = 0; v < BP_NV; v++) row[v] = BP_LOAD(b + v * BP_LANES);
        BP_UNROLL for (int r = 0; r < BP_MR; r++) {
            BP_VEC ar = BP_BROADCAST(a + r);
            BP_UNROLL for (int v = 0; v < BP_NV; v++) acc[r][v] = BP_FMA(ar, row[v], acc[r][v]);
        }
        a += BP_MR;
        b += BP_NV * BP_LANES;
    }

    BP_VEC va = BP_SET1(alpha);
    if (beta == 0) {
        BP_UNROLL for (int r = 0; r < BP_MR; r++) {
            BP_UNROLL for (int v = 0; v < BP_NV; v++)
                BP_STOREU(c + r * ldc + v * BP_LANES, BP_MUL(va, acc[r][v]));
        }
    } else {
        BP_VEC vb = BP_SET1(beta);
        BP_UNROLL for (int r = 0; r < BP_MR; r++) {
            BP_UNROLL for (int v = 0; v < BP_NV; v++) {
                BP_SCALAR *target = c + r * ldc + v * BP_LANES;
                BP_VEC old = BP_LOADU(target);
                BP_STOREU(target, BP_ADD(BP_MUL(va, acc[r][v]), BP_MUL(vb, old)));
            }
        }
    }
}

#undef BP_UNROLL
