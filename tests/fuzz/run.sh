#!/usr/bin/env bash
# Builds the libFuzzer targets with the `fuzz` preset and runs each one briefly (CI calls this;
# FUZZ_SECONDS overrides the 30 s per target). Crashes land in build/fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${FUZZ_SECONDS:-30}"
# clang-14 cannot compile libstdc++ 12's std::expected (it needs P0848 / __cpp_concepts 202002),
# which every core API returns, so the fuzzers are built with clang-16.
cxx="${FUZZ_CXX:-clang++-16}"
cmake --preset fuzz -DCMAKE_CXX_COMPILER="$cxx" >/dev/null
cmake --build --preset fuzz --target fuzz_sse_parser fuzz_chunk_decoder
mkdir -p build/fuzz/artifacts
for target in sse_parser:sse chunk_decoder:chunk; do
  name="${target%%:*}"
  corpus="${target##*:}"
  work="build/fuzz/corpus-${corpus}"
  mkdir -p "$work"
  cp -n tests/fuzz/corpus/"${corpus}"/* "$work"/ 2>/dev/null || true
  echo "== fuzz_${name} (${seconds}s)"
  ASAN_OPTIONS=detect_leaks=1 "build/fuzz/fuzz/fuzz_${name}" -max_total_time="${seconds}" \
    -artifact_prefix=build/fuzz/artifacts/ -print_final_stats=1 "$work"
done
