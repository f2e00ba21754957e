#!/usr/bin/env bash
# The side-by-side benchmark: NumPy, PyTorch, scikit-learn and `backprop bench`.
#
#   bench/run.sh [--workloads fin-sgd,wide-minibatch,fd-vs-backprop,pinn] [--quick]
#                [--threads N] [--no-swift] [--json-out FILE]
#
# The virtual environment lives outside the repository:
#   ${BACKPROP_BENCH_VENV:-$HOME/.cache/backprop-bench-venv}
# The first run installs numpy, torch (~5 GB) and scikit-learn into it.
set -euo pipefail

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(realpath "$(dirname "$bench")")
venv=${BACKPROP_BENCH_VENV:-$HOME/.cache/backprop-bench-venv}

case "$(realpath -m "$venv")/" in
    "$root"/*)
        echo "BACKPROP_BENCH_VENV=$venv is inside the repository $root; put it outside" >&2
        exit 2 ;;
esac

if [ ! -x "$venv/bin/python" ]; then
    echo "creating the virtual environment $venv" >&2
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import numpy, torch, sklearn, threadpoolctl' 2>/dev/null; then
    echo "installing numpy, torch, scikit-learn, threadpoolctl into $venv (torch: ~5 GB)" >&2
    "$venv/bin/python" -m pip install numpy torch scikit-learn threadpoolctl
fi

# On some processors this machine sets OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (older
# OpenBLAS builds need them); they slow a current numpy. Unset both, for this command only.
echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-(unset)} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE-(unset)}:" \
     "both unset for the benchmark" >&2
cd "$root"
exec env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$venv/bin/python" "$bench/compare.py" "$@"
