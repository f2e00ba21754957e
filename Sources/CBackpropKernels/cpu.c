// Run-time choice of instruction set, and the processors this process may run on.

#if defined(__linux__)
#define _GNU_SOURCE
#include <sched.h>
#endif
#include <unistd.h>

#include "CBackpropKernels.h"

long bp_available_processors(void)
{
#if defined(__linux__)
    // The affinity mask: `taskset -c 0` or a batch scheduler's CPU set leaves fewer processors
    // than are online, and a thread per online processor would then share a core.
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int count = CPU_COUNT(&set);
        if (count > 0) return count;
    }
#endif
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? online : 1;
}

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
