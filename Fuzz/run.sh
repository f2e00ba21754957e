#!/usr/bin/env bash
# Builds one libFuzzer harness and runs it for a number of seconds.
#
#   Fuzz/run.sh <csv|safetensors|model-json> <seconds> [more libFuzzer flags]
#
# Inputs: the committed seed corpus Fuzz/corpus/<target>/ (read only) and a working corpus
# Fuzz/.build/corpus/<target>/ that grows from run to run (not committed). A crash, hang
# (> 10 s for one input) or allocation beyond the limits is written to Fuzz/artifacts/<target>/
# and makes the script exit non-zero; replay one with
#   Fuzz/.build/bin/fuzz-<target> Fuzz/artifacts/<target>/crash-…
# The log goes to Fuzz/.build/logs/; the last lines (executions, coverage, peak RSS) are printed.
# Environment: FUZZ_WORK_CORPUS overrides the working corpus directory (CI uses a temporary one).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then
    echo "usage: Fuzz/run.sh <csv|safetensors|model-json> <seconds> [libFuzzer flags]" >&2
    exit 2
fi
target=$1 seconds=$2
shift 2

case "$target" in
csv) max_len=8192 ;;
safetensors) max_len=8192 ;;
model-json) max_len=16384 ;;
*) echo "Fuzz/run.sh: unknown target '$target' (csv, safetensors, model-json)" >&2; exit 2 ;;
esac

Fuzz/build.sh "$target"

work=${FUZZ_WORK_CORPUS:-Fuzz/.build/corpus/$target}
artifacts=Fuzz/artifacts/$target
logs=Fuzz/.build/logs
mkdir -p "$work" "$artifacts" "$logs"
log=$logs/$target-$(date +%Y%m%d-%H%M%S).log

# Limits: 10 s per input is a hang; one allocation above 256 MB, or 2 GB resident, is a failure
# (no valid input of these sizes needs more than a few MB).
# SWIFT_BACKTRACE=enable=no: Swift's own crash handler would otherwise run under ASan and
# bury the trap's message under a report about itself.
status=0
SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
    "Fuzz/.build/bin/fuzz-$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=256 \
    -max_len="$max_len" -dict="Fuzz/dict/$target.dict" -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$@" "$work" "Fuzz/corpus/$target" >"$log" 2>&1 || status=$?

grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)' "$log" | sed "s/^/$target: /" || true
grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$log" \
    | sed "s/^/$target: /" || true
if [ "$status" -ne 0 ]; then
    echo "$target: FAILED (exit $status); the report:" >&2
    grep -E 'ERROR|SUMMARY|Fatal error|runtime failure|Test unit written|#[0-9]+ 0x' "$log" | head -40 >&2 || true
    echo "$target: full log in $log" >&2
fi
echo "$target: log $log"
exit "$status"
