#!/usr/bin/env bash
# Coverage of the true h by every route's 95 % interval on three non-default fins, σ = 1 % and
# 3 % of θ_b, σ stated or estimated: ≥ 100 seeded specimens each through `backprop fin
# --readings --set-column set --json` (see scripts/coverage.py). About a minute; not in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product backprop > /dev/null
exec python3 scripts/coverage.py "$@"
