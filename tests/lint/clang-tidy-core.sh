#!/usr/bin/env bash
# Runs clang-tidy with the checks of the top-level .clang-tidy over core/'s sources and
# fails on any finding (WarningsAsErrors) or any file clang cannot parse.
# Usage: clang-tidy-core.sh SOURCE_DIR BUILD_DIR   (BUILD_DIR holds compile_commands.json)
set -euo pipefail
source_dir=$1
build_dir=$2
tidy=$(command -v clang-tidy-14 || command -v clang-tidy || true)
if [ -z "$tidy" ]; then
  echo "clang-tidy-14 is not installed; run installer/deps.sh" >&2
  exit 1
fi
cd "$source_dir"
# The build is g++ with -std=c++23; clang 14 spells it c++2b, and cannot parse libstdc++
# 12's <expected>: the fuzz build's stand-in header comes first (tests/fuzz/compat).
find core -name '*.cpp' -print0 | sort -z \
  | xargs -0 -n 4 -P "$(nproc)" "$tidy" -p "$build_dir" --quiet \
      --extra-arg=-std=c++2b --extra-arg=-isystem"$source_dir/tests/fuzz/compat" \
      --extra-arg=-Wno-unknown-warning-option
