#!/usr/bin/env bash
# Builds the libFuzzer harnesses, outside the main package graph: each harness is compiled
# together with the parser sources it fuzzes, with `swiftc -sanitize=fuzzer,address`.
#
#   Fuzz/build.sh [csv|safetensors|model-json ...]     (default: all three)
#
# Binaries go to Fuzz/.build/bin/fuzz-<target>. RealModule (swift-numerics), which the engine
# imports, is compiled once, uninstrumented, from the main package's checkout; if there is none,
# `swift package resolve` makes it (the only step that may need the network, as `swift build` does).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/Fuzz/.build/bin"
mkdir -p "$out"

targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(csv safetensors model-json)

# Common flags: optimised (libFuzzer needs speed), with debug info for stack traces, Swift's
# overflow and bounds checks kept (-O, not -Ounchecked), AddressSanitizer and coverage.
flags=(-O -g -swift-version 6 -parse-as-library -sanitize=fuzzer,address -use-ld=lld)

# Rebuilds $1 only when a source is newer than it.
stale() {
    local binary=$1; shift
    [ ! -e "$binary" ] && return 0
    [ -n "$(find "$@" -newer "$binary" -print -quit)" ]
}

real_module() {
    local numerics="$root/.build/checkouts/swift-numerics"
    if [ ! -d "$numerics" ]; then
        echo "fuzz build: no swift-numerics checkout; running swift package resolve" >&2
        swift package resolve >&2
    fi
    shims="$numerics/Sources/_NumericsShims/include"
    if stale "$out/libRealModule.a" "$numerics/Sources/RealModule"; then
        echo "fuzz build: RealModule" >&2
        (cd "$out" && swiftc -O -swift-version 5 -parse-as-library -module-name RealModule \
            -emit-library -static -emit-module -Xcc -I"$shims" -I "$shims" \
            "$numerics"/Sources/RealModule/*.swift -o libRealModule.a)
    fi
}

for target in "${targets[@]}"; do
    binary="$out/fuzz-$target"
    case "$target" in
    csv)
        sources=(Sources/BackpropData/*.swift)
        if stale "$binary" Sources/BackpropData Fuzz/Harnesses/CSVFuzz.swift; then
            echo "fuzz build: $target" >&2
            swiftc "${flags[@]}" -module-name BackpropData "${sources[@]}" \
                Fuzz/Harnesses/CSVFuzz.swift -o "$binary"
        fi
        ;;
    safetensors | model-json)
        real_module
        harness=Fuzz/Harnesses/SafeTensorsFuzz.swift
        [ "$target" = model-json ] && harness=Fuzz/Harnesses/ModelJSONFuzz.swift
        if stale "$binary" Sources/Backprop "$harness" "$out/libRealModule.a"; then
            echo "fuzz build: $target" >&2
            mapfile -t sources < <(find Sources/Backprop -name '*.swift' | sort)
            swiftc "${flags[@]}" -module-name Backprop -I "$out" -Xcc -I"$shims" -I "$shims" \
                "${sources[@]}" "$harness" -L "$out" -lRealModule -o "$binary"
        fi
        ;;
    *)
        echo "fuzz build: unknown target '$target' (csv, safetensors, model-json)" >&2
        exit 2
        ;;
    esac
done
