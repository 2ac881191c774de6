#!/usr/bin/env bash
# Builds the Debian package from a configured, built build directory (default ./build):
#   installer/package.sh [--no-build] [BUILD_DIR]
# --no-build packages what is built already (the install tests use it, so a test never
# relinks binaries that other tests may be running).
# Prints the path of the .deb (BUILD_DIR/package/ferry_<version>_<arch>.deb) on stdout.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build_first=1
if [ "${1:-}" = --no-build ]; then build_first=; shift; fi
build=$(cd "${1:-$top/build}" && pwd)
[ -f "$build/CPackConfig.cmake" ] || { echo "package: $build is not a configured Ferry build; run installer/build.sh" >&2; exit 1; }
if [ -n "$build_first" ]; then
  cmake --build "$build" -j "$(nproc)" --target ferry ferry-cli ferry-lab ferry_desktop_files ferry_package_docs >&2
fi
rm -f "$build"/package/ferry_*.deb
(cd "$build" && cpack -G DEB --config CPackConfig.cmake >&2) \
  || { echo "package: cpack failed; see $build/package/_CPack_Packages/*/DEB/*.log" >&2; exit 1; }
deb=$(ls "$build"/package/ferry_*.deb)
echo "$deb"
