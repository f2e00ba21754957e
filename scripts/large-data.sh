#!/usr/bin/env bash
# One epoch of a tiny network on 10⁶ rows (the suite runs 10⁵): scaling, training and
# evaluation stay finite and in bounded time. About 10 s in a debug build.
#
#   scripts/large-data.sh [rows, default 1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
BACKPROP_LARGE_ROWS=$rows swift test --filter "ReliabilityNumericalEdgeTests/manyRows" 2>&1 \
    | grep -E "manyRows:|✘|✔ Test run|error" 
