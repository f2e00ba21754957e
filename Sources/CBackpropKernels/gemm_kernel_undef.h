// Clears the parameters of gemm_kernel_template.h before the next instantiation.
#undef BP_KERNEL_NAME
#undef BP_SCALAR
#undef BP_VEC
#undef BP_LANES
#undef BP_MR
#undef BP_NV
#undef BP_ZERO
#undef BP_LOAD
#undef BP_LOADU
#undef BP_STOREU
#undef BP_SET1
#undef BP_BROADCAST
#undef BP_FMA
#undef BP_MUL
#undef BP_ADD
