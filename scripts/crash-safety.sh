#!/usr/bin/env bash
# Crash safety of `backprop train`:
#
# 1. SIGKILL at random moments while it writes a checkpoint every epoch: afterwards the model
#    path holds a complete model (it loads, its JSON parses) that is the previous one or a newer
#    one (its epoch count never goes back), and training resumes from it (--resume).
# 2. SIGINT (Ctrl-C) with a validation set: the process saves the best model so far, prints
#    "interrupted after epoch N; saved the weights of epoch B …" and exits with status 130;
#    the saved weights are those of the best validation epoch B.
#
#   scripts/crash-safety.sh [kills, default 25]
#
# Uses the release build of `backprop` (built if needed; BACKPROP=path overrides) and python3
# (standard library only) to read the model files independently of the library.
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-25}

if [ -z "${BACKPROP:-}" ]; then
    swift build -c release --product backprop >/dev/null
    BACKPROP=$(swift build -c release --show-bin-path)/backprop
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=$work/sine.csv
model=$work/model.json

# 400 rows of y = sin(x) + cos(2z) and a 2-128-128-1 network (17 000 weights, with Adam's
# moments a 1 MB model file): most of each epoch is spent saving the checkpoint, so most
# kills land in the middle of a save.
python3 - "$data" <<'EOF'
import math, random, sys
random.seed(1)
with open(sys.argv[1], "w") as f:
    f.write("x,z,y\n")
    for _ in range(400):
        x, z = random.uniform(-3, 3), random.uniform(-1, 1)
        f.write(f"{x!r},{z!r},{math.sin(x) + math.cos(2 * z)!r}\n")
EOF

# Prints the model's epoch count; fails unless the file is complete JSON of a model.
epochs_in() {
    python3 -c '
import json, sys
with open(sys.argv[1]) as f:
    m = json.load(f)
assert m["format"] == "backprop-model", "not a model file"
print(m["training"]["state"]["epochsCompleted"])' "$1"
}

train=(--data "$data" --inputs x,z --outputs y --layers 128,128 --activation tanh --optimizer adam
    --lr 0.001 --batch 32 --checkpoint-every 1 --quiet)

echo "crash-safety: $kills SIGKILLs of backprop train --checkpoint-every 1 at random moments"
previous=-1
killed_while_running=0
leftovers=0
for ((k = 1; k <= kills; k++)); do
    if [ -e "$model" ]; then
        "$BACKPROP" train --resume --model "$model" --epochs 100000 --checkpoint-every 1 --quiet \
            >/dev/null 2>"$work/stderr" &
    else
        "$BACKPROP" train "${train[@]}" --model "$model" --epochs 100000 >/dev/null 2>"$work/stderr" &
    fi
    pid=$!
    # 50 ms to 1.5 s: the first kills land before the first save, later ones anywhere.
    sleep "$(python3 -c "import random; print(random.uniform(0.05, 1.5))")"
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid"
        killed_while_running=$((killed_while_running + 1))
    fi
    wait "$pid" 2>/dev/null || true

    if [ ! -e "$model" ]; then
        [ "$previous" -lt 0 ] || { echo "crash-safety: FAILED: the model file vanished after kill $k" >&2; exit 1; }
        echo "  kill $k: before the first save; no model file yet"
        continue
    fi
    if ! epochs=$(epochs_in "$model" 2>"$work/python"); then
        echo "crash-safety: FAILED: after kill $k the model file is not a complete model:" >&2
        cat "$work/python" >&2
        cp "$model" "$work/../backprop-crash-safety-partial.json" 2>/dev/null || true
        exit 1
    fi
    if [ "$epochs" -lt "$previous" ]; then
        echo "crash-safety: FAILED: after kill $k the model went back from epoch $previous to $epochs" >&2
        exit 1
    fi
    # The library's own loader must accept it too.
    "$BACKPROP" predict --model "$model" --data "$data" --output "$work/predictions.csv" >/dev/null
    temporary=$(find "$work" -name '.model.json.tmp-*' | wc -l)
    leftovers=$((leftovers + temporary))
    find "$work" -name '.model.json.tmp-*' -delete
    echo "  kill $k: model complete at epoch $epochs (was $previous)$([ "$temporary" -gt 0 ] && echo ", $temporary temporary file left beside it")"
    previous=$epochs
done
echo "crash-safety: $killed_while_running of $kills kills hit a running process; the model was always complete and never went back"
echo "crash-safety: temporary files left by killed saves (harmless, never read): $leftovers"

# Ctrl-C: the best model so far is saved, with a clear message and status 130.
rm -f "$model"
# A large rate makes validation J noisy, so the best epoch is usually not the last one.
"$BACKPROP" train "${train[@]}" --lr 0.03 --validation 0.25 --early-stopping 100000 --model "$model" \
    --epochs 100000 >/dev/null 2>"$work/stderr" &
pid=$!
sleep 2
kill -INT "$pid"
status=0
wait "$pid" || status=$?
message=$(grep "interrupted after epoch" "$work/stderr" || true)
if [ "$status" -ne 130 ] || [ -z "$message" ]; then
    echo "crash-safety: FAILED: SIGINT gave status $status and stderr:" >&2
    cat "$work/stderr" >&2
    exit 1
fi
python3 - "$model" "$message" <<'EOF'
import json, re, sys
with open(sys.argv[1]) as f:
    m = json.load(f)
state = m["training"]["state"]
n, best = map(int, re.search(r"interrupted after epoch (\d+); saved the weights of epoch (\d+)", sys.argv[2]).groups())
assert state["epochsCompleted"] == n, f"the file holds {state['epochsCompleted']} epochs, the message says {n}"
assert state["bestEpoch"] == best, f"best validation epoch {state['bestEpoch']}, saved {best}"
assert m["parameters"] == state["bestParameters"], "the saved weights are not the best epoch's"
last = "the last" if best == n else f"not the last ({n})"
print(f"crash-safety: SIGINT after epoch {n}: status 130, saved the weights of the best validation epoch {best}, {last}")
print(f"crash-safety: message: {sys.argv[2]}")
EOF
