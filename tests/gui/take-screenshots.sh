#!/usr/bin/env bash
# Takes the README's wizard screenshots: runs tst_wizard (the whole wizard against the
# built-in lab) under Xvfb with FERRY_SCREENSHOT_DIR set, so every page is saved as a PNG.
#
#   tests/gui/take-screenshots.sh [--build DIR] [--out DIR]
#
# Defaults: --build build, --out resources/screenshots. Needs xvfb (installer/deps.sh).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build="$top/build"
out="$top/resources/screenshots"
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "take-screenshots: unknown option $1" >&2; exit 2 ;;
  esac
done
test_bin="$build/tests/gui/wizard/tst_wizard"
[ -x "$test_bin" ] || { echo "take-screenshots: $test_bin is missing; build first (installer/build.sh)" >&2; exit 1; }
mkdir -p "$out"
FERRY_SCREENSHOT_DIR="$out" \
  xvfb-run -a -s "-screen 0 1280x900x24 -dpi 96" "$test_bin" -platform xcb migrateThroughEveryPage
ls "$out"/*.png
