#!/usr/bin/env bash
# Checks on the .deb that installer/package.sh built into BUILD_DIR/package:
#   check-package.sh contents|lintian|fresh-root BUILD_DIR VERSION
set -euo pipefail
mode=$1 build=$2 version=$3
deb=$build/package/ferry_${version}_$(dpkg --print-architecture).deb
[ -f "$deb" ] || { echo "package: $deb is missing; run installer/package.sh $build" >&2; exit 1; }

contents() {
  local list id=org.ferryproject.Ferry missing=() f qm
  list=$(dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|')
  local want=(/usr/bin/ferry /usr/bin/ferry-cli /usr/bin/ferry-lab
              /usr/share/ferry/make-lab-guests.sh /usr/share/ferry/make-boot-disk.sh
              /usr/share/applications/$id.desktop /usr/share/metainfo/$id.metainfo.xml
              /usr/share/icons/hicolor/scalable/apps/$id.svg
              /usr/share/man/man1/ferry.1.gz /usr/share/man/man1/ferry-cli.1.gz /usr/share/man/man1/ferry-lab.1.gz
              /usr/share/doc/ferry/copyright /usr/share/doc/ferry/changelog.gz)
  for size in 16 22 24 32 48 64 128 256; do want+=("/usr/share/icons/hicolor/${size}x${size}/apps/$id.png"); done
  # Every translation the build produced is shipped.
  while IFS= read -r qm; do
    want+=("/usr/share/ferry/translations/$(basename "$qm")")
  done < <(find "$build/translations" "$build/ui" -name '*.qm' 2>/dev/null)
  for f in "${want[@]}"; do grep -qx "$f" <<<"$list" || missing+=("$f"); done
  [ ${#missing[@]} -eq 0 ] || { echo "package: $deb lacks ${missing[*]}" >&2; exit 1; }
  [ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || { echo "package: version is not $version" >&2; exit 1; }
  grep -q 'libqt6widgets6' <<<"$(dpkg-deb -f "$deb" Depends)" || { echo "package: shlibdeps found no Qt dependency" >&2; exit 1; }
  # apt ignores a Recommends it cannot find, so a misspelt name would go unnoticed.
  local unknown
  unknown=$(comm -23 <(dpkg-deb -f "$deb" Depends Recommends | sed 's/^[A-Za-z]*: //; s/([^)]*)//g' \
                        | tr ',|' '\n\n' | tr -d ' ' | grep . | sort -u) \
                     <(apt-cache pkgnames | sort -u))
  [ -z "$unknown" ] || { echo "package: Depends/Recommends name packages apt does not know:" $unknown >&2; exit 1; }
  # The installed tree as software centres see it: metainfo, its desktop entry and icons.
  local tree
  tree=$(mktemp -d)
  dpkg-deb -x "$deb" "$tree"
  appstreamcli validate-tree --no-net --explain "$tree" && desktop-file-validate "$tree/usr/share/applications/$id.desktop" \
    || { rm -rf "$tree"; echo "package: the installed metadata does not validate" >&2; exit 1; }
  rm -rf "$tree"
  echo "package: $deb holds all ${#want[@]} expected files; Depends: $(dpkg-deb -f "$deb" Depends)"
  echo "package: Recommends: $(dpkg-deb -f "$deb" Recommends)"
}

lint() {
  # Errors fail the test; warnings and notes are listed for the report.
  local out rc=0
  out=$(lintian --fail-on error --display-info --tag-display-limit 0 "$deb" 2>&1) || rc=$?
  echo "$out"
  echo "lintian: $(grep -c '^E:' <<<"$out" || true) errors, $(grep -c '^W:' <<<"$out" || true) warnings, $(grep -c '^I:' <<<"$out" || true) infos"
  return $rc
}

case "$mode" in
  contents) contents ;;
  lintian) lint ;;
  fresh-root)
    [ "$(id -u)" -eq 0 ] || { echo "install test needs root (chroot); skipped"; exit 77; }
    exec "$(dirname "$0")/../../../installer/install-check.sh" "$deb" "$version" ;;
  *) echo "usage: check-package.sh contents|lintian|fresh-root BUILD_DIR VERSION" >&2; exit 2 ;;
esac
