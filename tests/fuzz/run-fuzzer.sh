#!/usr/bin/env bash
# run-fuzzer.sh FUZZER SEED_DIR SECONDS [libFuzzer options...]
# Runs one libFuzzer target for SECONDS on its seed corpus, read-only: new inputs go to
# a temporary directory that is removed afterwards. A crash, leak, sanitizer report,
# an input slower than 10 s or over 2 GiB of memory fails the run (exit status != 0)
# and leaves the input in build/fuzz/artifacts/ to add to SEED_DIR as a regression seed.
set -euo pipefail
fuzzer=$1 seeds=$2 seconds=$3
shift 3
artifacts=$(dirname "$fuzzer")/artifacts
mkdir -p "$artifacts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
  -detect_leaks=1 -print_final_stats=1 -print_pcs=0 -artifact_prefix="$artifacts/$(basename "$fuzzer")-" \
  "$@" "$work" "$seeds"
