#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer and under ThreadSanitizer (the GEMM splits
# large products over threads), each in its own build directory so that neither disturbs the
# normal .build.
#
#   scripts/sanitizers.sh [address|thread|all] [FILTER]     (default: all, every test)
#
# FILTER is `swift test --filter`'s regular expression; CI runs the threaded code (worker pool,
# parallel GEMM, training, determinism) under ThreadSanitizer with it.
#
# The first run of each builds the package and its tests with the sanitizer (several minutes
# on two cores); later runs are incremental. A finding makes `swift test` fail with the
# sanitizer's report on stderr, and this script exit non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
filter=()
[ -n "${2:-}" ] && filter=(--filter "$2")

run() {
    local sanitizer=$1 scratch=$2
    local start=$(date +%s)
    echo "sanitizers: swift test --sanitize=$sanitizer --scratch-path $scratch ${filter[*]:-}"
    # halt_on_error: the first report fails the run. Leaks inside the toolchain's libraries
    # are suppressed (scripts/lsan-suppressions.txt). Swift's own crash handler is turned off
    # so that a trap shows the sanitizer's report, not the handler's.
    SWIFT_BACKTRACE=enable=no \
    ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1} \
    LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$(pwd)/scripts/lsan-suppressions.txt:print_suppressions=1} \
    TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1} \
        swift test --sanitize="$sanitizer" --scratch-path "$scratch" ${filter[@]+"${filter[@]}"}
    echo "sanitizers: $sanitizer passed in $(($(date +%s) - start)) s"
}

case "$which" in
address) run address .build-asan ;;
thread) run thread .build-tsan ;;
all)
    run address .build-asan
    run thread .build-tsan
    ;;
*) echo "usage: scripts/sanitizers.sh [address|thread|all] [FILTER]" >&2; exit 2 ;;
esac
