#!/usr/bin/env bash
# Peak memory and time of the command line on a large data file: the README's "CSV" numbers.
# Writes a CSV of ROWS rows × 11 full-precision columns (x0…x9, y = their mean; ≈ 217 MB for
# 10⁶ rows) with Python, then runs `train`, `train --validation 0.2`, `predict --output` and
# `gradient` under /usr/bin/time and prints each one's peak resident set and wall time.
#
#   scripts/large-csv-memory.sh [rows, default 1000000] [directory, default a temporary one]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
csv=$work/large.csv
if [ ! -f "$csv" ]; then
    python3 - "$csv" "$rows" <<'PY'
import random, sys
random.seed(1)
path, rows = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write(",".join([f"x{i}" for i in range(10)] + ["y"]) + "\n")
    for _ in range(rows):
        xs = [random.random() for _ in range(10)]
        f.write(",".join(repr(v) for v in xs) + "," + repr(sum(xs) / 10) + "\n")
PY
fi
swift build -c release --product backprop >/dev/null
bin=.build/release/backprop
echo "data: $csv ($(( $(stat -c %s "$csv") / 1000000 )) MB, $rows rows × 11 columns)"
measure() {
    local label=$1; shift
    /usr/bin/time -f "%M %e" -o "$work/time.txt" "$@" >/dev/null
    read -r kb seconds < "$work/time.txt"
    awk -v l="$label" -v kb="$kb" -v s="$seconds" 'BEGIN { printf "%-32s peak %6.1f MB   %5.2f s\n", l, kb / 1000, s }'
}
common=(--data "$csv" --inputs 0-9 --outputs y --layers 8 --epochs 1 --batch 128)
measure "train" "$bin" train "${common[@]}" --model "$work/model.json"
measure "train --validation 0.2" "$bin" train "${common[@]}" --validation 0.2 --model "$work/model-v.json"
measure "predict --output" "$bin" predict --model "$work/model.json" --data "$csv" --output "$work/predictions.csv"
measure "gradient" "$bin" gradient --model "$work/model.json" --data "$csv"
