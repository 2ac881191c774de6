#!/usr/bin/env bash
# Validates the AppStream metainfo offline and checks that the one version (CMake's
# project version) is the newest release in the metainfo and in the Debian changelog
# (the man pages get it from CMake).
#   check-metadata.sh SOURCE_DIR VERSION
set -euo pipefail
src=$1 version=$2
metainfo=$src/resources/org.ferryproject.Ferry.metainfo.xml
appstreamcli validate --no-net --explain "$metainfo"
newest=$(grep -m1 -o '<release version="[^"]*"' "$metainfo" | cut -d'"' -f2)
[ "$newest" = "$version" ] || { echo "metainfo: newest release is '$newest', the project is $version; add a <release>" >&2; exit 1; }
changelog=$(head -1 "$src/installer/debian/changelog" | sed -n 's/^ferry (\([^)]*\)).*/\1/p')
[ "$changelog" = "$version" ] || { echo "installer/debian/changelog: newest entry is '$changelog', the project is $version" >&2; exit 1; }
echo "metadata: valid, version $version everywhere"
