#!/usr/bin/env bash
# Builds the libFuzzer targets with the `fuzz` preset and runs each one for FUZZ_SECONDS (default
# 30), FUZZ_JOBS (default 2, one per core) at a time; each target's log is printed when it ends.
# Crashes land in build/fuzz/artifacts/, logs in build/fuzz/logs/. Fails if any target fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${FUZZ_SECONDS:-30}"
jobs="${FUZZ_JOBS:-2}"
# clang-14 cannot compile libstdc++ 12's std::expected (it needs P0848 / __cpp_concepts 202002),
# which every core API returns, so the fuzzers are built with clang-16.
cxx="${FUZZ_CXX:-clang++-16}"

# target:corpus[:dictionary] (tests/fuzz/fuzz_<target>.cpp, seeds in tests/fuzz/corpus/<corpus>/,
# tests/fuzz/<dictionary>.dict)
targets=(
  sse_parser:sse
  chunk_decoder:chunk:json
  chunk_scanner:chunk_scanner:json
  catalog_json:catalog:json
  retry_after:retry_after
  manuscript:manuscript
  xml_escape:xml_escape
  routing_config:routing_config:json
)
names=()
for target in "${targets[@]}"; do names+=("fuzz_${target%%:*}"); done

cmake --preset fuzz -DCMAKE_CXX_COMPILER="$cxx" >/dev/null
cmake --build --preset fuzz --target "${names[@]}"
mkdir -p build/fuzz/artifacts build/fuzz/logs

# Debian's clang-16 sanitizer runtime only looks for /usr/bin/llvm-symbolizer-16 (package llvm-16);
# point it at whichever symbolizer is installed, or the stacks of a crash are bare addresses.
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] \
  && symbolizer=$(command -v llvm-symbolizer-16 || command -v llvm-symbolizer); then
  ASAN_SYMBOLIZER_PATH="$(readlink -f "$symbolizer")"
  export ASAN_SYMBOLIZER_PATH
fi

fuzz() {
  local name corpus dict options=()
  IFS=: read -r name corpus dict <<<"$1"
  local work="build/fuzz/corpus-${corpus}" log="build/fuzz/logs/fuzz_${name}.log"
  [ -z "$dict" ] || options+=("-dict=tests/fuzz/${dict}.dict")
  mkdir -p "$work"
  cp -n tests/fuzz/corpus/"${corpus}"/* "$work"/ 2>/dev/null || true
  if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "build/fuzz/fuzz/fuzz_${name}" -max_total_time="${seconds}" \
    -artifact_prefix=build/fuzz/artifacts/ -print_final_stats=1 "${options[@]}" "$work" \
    >"$log" 2>&1; then
    echo "== fuzz_${name} (${seconds}s): ok, $(grep -o 'Done [0-9]* runs' "$log" || echo '? runs')," \
      "$(grep -o 'cov: [0-9]* ft: [0-9]* corp: [^ ]*' "$log" | tail -n 1)"
  else
    echo "== fuzz_${name} (${seconds}s): FAILED, log $log," \
      "$(grep -o 'written to [^ ]*' "$log" || echo 'no input written (see the log)')"
    grep -vE '^#[0-9]+|NEW_FUNC' "$log" # the report without the progress lines
    return 1
  fi
}

failed=0
running=0
for target in "${targets[@]}"; do
  if ((running >= jobs)); then
    wait -n || failed=1
    running=$((running - 1))
  fi
  fuzz "$target" &
  running=$((running + 1))
done
while ((running > 0)); do
  wait -n || failed=1
  running=$((running - 1))
done
exit "$failed"
