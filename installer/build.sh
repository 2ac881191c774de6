#!/usr/bin/env bash
# Installs the Debian packages Ferry needs (as root, idempotent), then configures and
# builds everything into ./build. Extra arguments go to cmake's configure step,
# e.g. installer/build.sh -DFERRY_SANITIZE=ON
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/installer/deps.sh"
cmake -S "$top" -B "$top/build" -G Ninja "$@" >/dev/null
cmake --build "$top/build" -j "$(nproc)"
