// Run-time choice of instruction set.

#include "CBackpropKernels.h"

int bp_cpu_isa(void)
{
#if defined(__x86_64__)
    // __builtin_cpu_supports also checks that the operating system saves the wider registers
    // (XCR0), so a CPU with AVX-512 under an OS that does not enable it reports AVX2.
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return BP_ISA_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return BP_ISA_AVX2;
#endif
    return BP_ISA_PORTABLE;
}
