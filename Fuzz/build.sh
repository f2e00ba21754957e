#!/usr/bin/env bash
# Builds the libFuzzer harnesses, outside the main package graph: each harness is compiled
# together with the parser sources it fuzzes, with `swiftc -sanitize=fuzzer,address`.
#
#   Fuzz/build.sh [csv|safetensors|model-json ...]     (default: all three)
#
# Binaries go to Fuzz/.build/bin/fuzz-<target>. The modules the parsers import are compiled
# once into static libraries beside them: AtomicFiles (Swift), CBackpropKernels (C, with
# AddressSanitizer) and RealModule from the main package's swift-numerics checkout; if there is
# none, `swift package resolve` makes it (the only step that may need the network, as
# `swift build` does).
#
#   Fuzz/build.sh libraries       only the libraries (Fuzz/make-corpus.sh uses them)
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

# Swift modules: each a static library and a .swiftmodule in $out.
swift_library() {
    local name=$1; shift
    if stale "$out/lib$name.a" "$@"; then
        echo "fuzz build: $name" >&2
        (cd "$out" && swiftc -O -swift-version 6 -parse-as-library -module-name "$name" \
            -emit-library -static -emit-module "${@/#/$root/}" -o "lib$name.a")
    fi
}

# The C kernels, with a module map for Swift to import them.
c_kernels() {
    local sources="$root/Sources/CBackpropKernels"
    if stale "$out/libCBackpropKernels.a" "$sources"; then
        echo "fuzz build: CBackpropKernels" >&2
        local objects="$out/CBackpropKernels.o"
        rm -rf "$objects" && mkdir -p "$objects"
        for file in "$sources"/*.c; do
            clang -O2 -g -fsanitize=address -fPIC -I "$sources/include" -c "$file" \
                -o "$objects/$(basename "$file" .c).o"
        done
        rm -f "$out/libCBackpropKernels.a"
        ar rcs "$out/libCBackpropKernels.a" "$objects"/*.o
    fi
    mkdir -p "$out/CBackpropKernels"
    printf 'module CBackpropKernels {\n    header "%s"\n    export *\n}\n' \
        "$sources/include/CBackpropKernels.h" >"$out/CBackpropKernels/module.modulemap"
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

# Everything the engine imports: RealModule, AtomicFiles, CBackpropKernels.
libraries() {
    real_module
    swift_library AtomicFiles Sources/AtomicFiles/*.swift
    c_kernels
}
# The flags that find and link them.
library_flags=()
set_library_flags() {
    library_flags=(-I "$out" -Xcc -I"$shims" -I "$shims" -Xcc -fmodule-map-file="$out/CBackpropKernels/module.modulemap"
        -L "$out" -lRealModule -lAtomicFiles -lCBackpropKernels)
}

for target in "${targets[@]}"; do
    binary="$out/fuzz-$target"
    case "$target" in
    libraries)
        libraries
        ;;
    csv)
        libraries
        set_library_flags
        sources=(Sources/BackpropData/*.swift)
        if stale "$binary" Sources/BackpropData Fuzz/Harnesses/CSVFuzz.swift "$out/libAtomicFiles.a"; then
            echo "fuzz build: $target" >&2
            swiftc "${flags[@]}" -module-name BackpropData "${sources[@]}" \
                Fuzz/Harnesses/CSVFuzz.swift "${library_flags[@]}" -o "$binary"
        fi
        ;;
    safetensors | model-json)
        libraries
        set_library_flags
        harness=Fuzz/Harnesses/SafeTensorsFuzz.swift
        [ "$target" = model-json ] && harness=Fuzz/Harnesses/ModelJSONFuzz.swift
        if stale "$binary" Sources/Backprop "$harness" "$out"/lib*.a; then
            echo "fuzz build: $target" >&2
            mapfile -t sources < <(find Sources/Backprop -name '*.swift' | sort)
            swiftc "${flags[@]}" -module-name Backprop "${sources[@]}" "$harness" "${library_flags[@]}" -o "$binary"
        fi
        ;;
    *)
        echo "fuzz build: unknown target '$target' (csv, safetensors, model-json, libraries)" >&2
        exit 2
        ;;
    esac
done
