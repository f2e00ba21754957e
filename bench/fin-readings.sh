#!/usr/bin/env bash
# Speed of `backprop fin --readings` with a saved surrogate (issue 12's goals: one readings set
# ≤ 20 ms, a batch of 1000 sets ≤ 5 s on 2 cores). Wall time of the whole process — start-up,
# reading the surrogate file and the CSV, every fit, the report — the median of --repeats runs.
#
#   bench/fin-readings.sh [--repeats N] [--static]
#
# --static also builds the command with --static-swift-stdlib (in a scratch build directory,
# about two minutes) and times one set with it: the start-up without dynamic loading.
#
# Outputs go to a scratch directory that is removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=11
static=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --repeats) repeats=$2; shift 2 ;;
        --static) static=1; shift ;;
        *) echo "usage: bench/fin-readings.sh [--repeats N] [--static]" >&2; exit 2 ;;
    esac
done
swift build -c release --product backprop > /dev/null
bin=.build/release/backprop
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fin=(--k 200 --diameter 0.005 --length 0.1 --ambient-temperature 22.4)

# Train once (the same surrogate the README's example trains) and keep it.
"$bin" fin --readings examples/fin-readings.csv "${fin[@]}" --routes lm,surrogate \
    --save-surrogate "$scratch/surrogate.json" > /dev/null

# 1000 noisy specimens of the sample fin (h from 20 to 45 W/(m²·K), σ = 0.5 K, x = 0 … 90 mm).
python3 - "$scratch/batch.csv" <<'PY'
import math, random, sys
rng = random.Random(12)
k, d, L, tinf = 200.0, 0.005, 0.1, 22.4
with open(sys.argv[1], "w") as f:
    f.write("set,x,T,sigma\n")
    for n in range(1, 1001):
        h, tb = rng.uniform(20, 45), rng.uniform(90, 110)
        m = math.sqrt(4 * h / (k * d))
        for i in range(10):
            x = 0.01 * i
            t = tinf + (tb - tinf) * math.cosh(m * (L - x)) / math.cosh(m * L) + rng.gauss(0, 0.5)
            f.write(f"{n},{x:.2f},{t:.3f},0.5\n")
PY

time_run() {   # prints the median wall time in seconds of "$@" (timed inside one Python process,
               # so no `date` or `bc` start-up is counted)
    python3 - "$repeats" "$@" <<'PY'
import subprocess, sys, time
repeats, command = int(sys.argv[1]), sys.argv[2:]
times = []
for _ in range(repeats):
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    times.append(time.perf_counter() - start)
print(sorted(times)[len(times) // 2])
PY
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
row() { printf '  %-62s %9.1f ms\n' "$1" "$(echo "$2 * 1000" | bc -l)"; }

echo "backprop fin --readings, wall time of the process (median of $repeats runs), $(nproc) cores:"
one=$(time_run "$bin" fin --readings examples/fin-readings.csv "${fin[@]}" --surrogate "$scratch/surrogate.json" --routes surrogate)
row "1 set, saved surrogate (--routes surrogate)" "$one"
inproc=$(for _ in $(seq "$repeats"); do
    "$bin" fin --readings examples/fin-readings.csv "${fin[@]}" --surrogate "$scratch/surrogate.json" --routes surrogate --json |
        python3 -c 'import json, sys; print(sum(t["seconds"] for t in json.load(sys.stdin)["timings"]))'
done | median)
row "1 set, saved surrogate: in-process (read CSV + load model + fit)" "$inproc"
start=$(time_run "$bin" --version)
row "for scale: backprop --version (process start-up alone)" "$start"
both=$(time_run "$bin" fin --readings examples/fin-readings.csv "${fin[@]}" --surrogate "$scratch/surrogate.json" --routes lm,surrogate)
row "1 set, saved surrogate and LM (--routes lm,surrogate)" "$both"
batch=$(time_run "$bin" fin --readings "$scratch/batch.csv" --set-column set "${fin[@]}" \
    --surrogate "$scratch/surrogate.json" --routes lm,surrogate --output "$scratch/results.csv")
row "1000 sets, saved surrogate and LM, results CSV" "$batch"
json=$(time_run "$bin" fin --readings "$scratch/batch.csv" --set-column set "${fin[@]}" \
    --surrogate "$scratch/surrogate.json" --routes lm,surrogate --json)
row "1000 sets, saved surrogate and LM, --json" "$json"
all=$(time_run "$bin" fin --readings "$scratch/batch.csv" --set-column set "${fin[@]}" \
    --surrogate "$scratch/surrogate.json" --routes lm,surrogate,direct --output "$scratch/results.csv")
row "1000 sets, lm, surrogate, direct (one direct network trained)" "$all"
if [[ $static == 1 ]]; then
    swift build -c release --static-swift-stdlib --product backprop --scratch-path "$scratch/static" > /dev/null
    sbin="$scratch/static/release/backprop"
    row "static stdlib: 1 set, saved surrogate" "$(time_run "$sbin" fin --readings examples/fin-readings.csv "${fin[@]}" --surrogate "$scratch/surrogate.json" --routes surrogate)"
    row "static stdlib: backprop --version" "$(time_run "$sbin" --version)"
fi
echo "goals: 1 set ≤ 20 ms, 1000 sets ≤ 5000 ms"
