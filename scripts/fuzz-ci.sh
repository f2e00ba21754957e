#!/usr/bin/env bash
# CI: runs each libFuzzer harness briefly on its committed seed corpus (regression inputs
# included) and fails on any crash, hang or over-allocation.
#
#   scripts/fuzz-ci.sh [seconds per harness, default 30]
#
# Needs no network once the main package is resolved (CI runs `swift build` first; the
# harnesses take RealModule from .build/checkouts). New inputs go to a temporary directory,
# so the repository is left as it was. Crash inputs land in Fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}

start=$(date +%s)
Fuzz/build.sh csv safetensors model-json
built=$(date +%s)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=()
for target in csv safetensors model-json; do
    mkdir -p "$work/$target"
    if ! FUZZ_WORK_CORPUS="$work/$target" Fuzz/run.sh "$target" "$seconds"; then
        failed+=("$target")
    fi
done
end=$(date +%s)

echo "fuzz-ci: build $((built - start)) s, fuzzing $((end - built)) s"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz-ci: FAILED: ${failed[*]} (inputs in Fuzz/artifacts/; replay with Fuzz/.build/bin/fuzz-<target> <file>)" >&2
    exit 1
fi
echo "fuzz-ci: no crash, hang or over-allocation in csv, safetensors, model-json"
