#!/usr/bin/env bash
# run-fuzzer.sh FUZZER SECONDS SEED_DIR [SEED_DIR...]
# Runs one libFuzzer target for SECONDS on its seeds, which stay read-only: new inputs
# go to a temporary directory removed afterwards. A crash, leak, sanitizer report, an
# input slower than 10 s or over 2 GiB of memory fails the run (exit status != 0) and
# leaves the input in build/fuzz/artifacts/, to be added to the target's corpus as a
# regression seed once fixed.
set -euo pipefail
fuzzer=$1 seconds=$2
shift 2
artifacts=$(dirname "$fuzzer")/artifacts
mkdir -p "$artifacts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
  -detect_leaks=1 -print_final_stats=1 -artifact_prefix="$artifacts/$(basename "$fuzzer")-" \
  "$work" "$@"
