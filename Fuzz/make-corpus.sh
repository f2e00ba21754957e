#!/usr/bin/env bash
# Regenerates the library-written part of the seed corpora in Fuzz/corpus/ (the files are
# committed; run this after a change of the file formats). Regression inputs (regression-*) and
# other hand-added seeds are kept.
set -euo pipefail
cd "$(dirname "$0")/.."
Fuzz/build.sh libraries   # RealModule, AtomicFiles, CBackpropKernels
out=Fuzz/.build/bin
shims=.build/checkouts/swift-numerics/Sources/_NumericsShims/include
libraries=(-I "$out" -Xcc -I"$shims" -I "$shims" -Xcc -fmodule-map-file="$out/CBackpropKernels/module.modulemap"
    -L "$out" -lRealModule -lAtomicFiles -lCBackpropKernels -sanitize=address)
mkdir -p Fuzz/corpus/csv Fuzz/corpus/safetensors Fuzz/corpus/model-json

mapfile -t engine < <(find Sources/Backprop -name '*.swift' | sort)
swiftc -O -swift-version 6 -module-name Backprop "${engine[@]}" Fuzz/Seeds/ModelSeeds.swift \
    "${libraries[@]}" -o "$out/model-seeds"
swiftc -O -swift-version 6 -module-name BackpropData Sources/BackpropData/*.swift \
    Fuzz/Seeds/CSVSeeds.swift "${libraries[@]}" -o "$out/csv-seeds"

"$out/model-seeds" Fuzz/corpus/model-json Fuzz/corpus/safetensors
"$out/csv-seeds" Fuzz/corpus/csv
for target in csv safetensors model-json; do
    echo "$target: $(ls Fuzz/corpus/$target | wc -l) seeds, $(du -sh Fuzz/corpus/$target | cut -f1)"
done
