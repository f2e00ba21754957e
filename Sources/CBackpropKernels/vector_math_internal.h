// The per-instruction-set loops behind bp_vexp_f32 … bp_vsigmoid_f64 (vector_math.c).

#ifndef BP_VECTOR_MATH_INTERNAL_H
#define BP_VECTOR_MATH_INTERNAL_H

#define BP_VM_DECLARE(isa)                                                              \
    void bp_vexp_f32_##isa(const float *x, float *y, long count);                       \
    void bp_vtanh_f32_##isa(const float *x, float *y, long count);                      \
    void bp_vsigmoid_f32_##isa(const float *x, float *y, long count);                   \
    void bp_vexp_f64_##isa(const double *x, double *y, long count);                     \
    void bp_vtanh_f64_##isa(const double *x, double *y, long count);                    \
    void bp_vsigmoid_f64_##isa(const double *x, double *y, long count);

BP_VM_DECLARE(portable)
#if defined(__x86_64__)
BP_VM_DECLARE(avx2)
BP_VM_DECLARE(avx512)
#endif

#undef BP_VM_DECLARE

#endif
