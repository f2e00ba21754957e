#!/usr/bin/env bash
# Determinism of `backprop train` across processes (each run hashes with a fresh random seed,
# so an order that depended on a Dictionary or Set would show):
#
# 1. the same command twice gives the same model file, bit for bit (timings aside);
# 2. --epochs N equals --epochs N/2 followed by --resume --epochs N/2, for sgd, momentum and
#    adam, per-sample and mini-batch, with a validation split and a plateau schedule;
# 3. BACKPROP_THREADS=1, 2 and 3 give the same model when the GEMM splits its products.
#
#   scripts/determinism.sh
#
# The in-process version of these checks, over every optimiser, batch size and Float, is
# Tests/BackpropTests/ReliabilityDeterminismTests.swift.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${BACKPROP:-}" ]; then
    swift build -c release --product backprop >/dev/null
    BACKPROP=$(swift build -c release --show-bin-path)/backprop
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/data.csv" <<'EOF'
import math, random, sys
random.seed(3)
with open(sys.argv[1], "w") as f:
    f.write("x,z,y\n")
    for _ in range(300):
        x, z = random.uniform(-3, 3), random.uniform(-1, 1)
        f.write(f"{x!r},{z!r},{math.sin(x) * z!r}\n")
EOF

# Compares two model files, ignoring the wall-clock seconds of the history and the metadata
# (which may name the run); prints the first difference.
same_model() {
    python3 - "$1" "$2" <<'EOF'
import json, sys
def load(path):
    with open(path) as f:
        m = json.load(f)
    m.pop("metadata", None)
    for record in m.get("training", {}).get("history", []):
        record.pop("seconds", None)
    return m
a, b = load(sys.argv[1]), load(sys.argv[2])
if a != b:
    for key in a:
        if a.get(key) != b.get(key):
            sys.exit(f"differ in {key}")
    sys.exit("differ")
EOF
}

settings=(--data "$work/data.csv" --inputs x,z --outputs y --layers 8,8 --activation tanh
    --validation 0.2 --schedule plateau:0.5:3 --seed 7 --quiet)
failures=0
for optimizer in sgd momentum:0.9 adam; do
    for batch in 1 16; do
        run=(--optimizer "$optimizer" --batch "$batch" --lr 0.01)
        "$BACKPROP" train "${settings[@]}" "${run[@]}" --epochs 12 --model "$work/once.json" >/dev/null
        "$BACKPROP" train "${settings[@]}" "${run[@]}" --epochs 12 --model "$work/again.json" >/dev/null
        "$BACKPROP" train "${settings[@]}" "${run[@]}" --epochs 6 --model "$work/half.json" >/dev/null
        "$BACKPROP" train --resume --model "$work/half.json" --epochs 6 --quiet >/dev/null
        label="$optimizer, batch $batch"
        if same_model "$work/once.json" "$work/again.json"; then
            echo "determinism: $label: two runs give the same model"
        else
            echo "determinism: FAILED: $label: two runs differ" >&2
            failures=$((failures + 1))
        fi
        if same_model "$work/once.json" "$work/half.json"; then
            echo "determinism: $label: 12 epochs = 6 + resume 6"
        else
            echo "determinism: FAILED: $label: 12 epochs differ from 6 + resume 6" >&2
            failures=$((failures + 1))
        fi
    done
done
# GEMM threads (BACKPROP_THREADS): a network whose products (64 × 256 × 256 per batch) the
# GEMM splits gives the same model on 1, 2 and 3 threads.
wide=(--data "$work/data.csv" --inputs x,z --outputs y --layers 256,256 --activation tanh --optimizer adam
    --batch 64 --lr 0.001 --seed 7 --epochs 5 --quiet)
for threads in 1 2 3; do
    BACKPROP_THREADS=$threads "$BACKPROP" train "${wide[@]}" --model "$work/threads-$threads.json" >/dev/null
done
for threads in 2 3; do
    if same_model "$work/threads-1.json" "$work/threads-$threads.json"; then
        echo "determinism: 2-256-256-1, batch 64: $threads GEMM threads give the model of 1 thread"
    else
        echo "determinism: FAILED: $threads GEMM threads differ from 1 thread" >&2
        failures=$((failures + 1))
    fi
done

# The comparison is not blind: another seed gives another model.
"$BACKPROP" train "${settings[@]}" --seed 8 --optimizer adam --batch 16 --lr 0.01 --epochs 12 \
    --model "$work/other.json" >/dev/null
if same_model "$work/once.json" "$work/other.json" 2>/dev/null; then
    echo "determinism: FAILED: another seed gave the same model; the comparison sees nothing" >&2
    failures=$((failures + 1))
fi
[ "$failures" -eq 0 ] || exit 1
echo "determinism: all runs bit-identical"
