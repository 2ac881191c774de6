#!/usr/bin/env bash
# OVA import benchmark: Ferry against what an admin would otherwise do, in one run.
#
#   tests/bench/bench-ova.sh [--build DIR] [--size BYTES] [--work DIR] [--skip-v2v]
#   tests/bench/bench-ova.sh --guest-image RAW [--build DIR] [--work DIR]
#
# The package: a vSphere-shaped OVA (tests/fixtures/ova/make-ova.sh --single) holding a
# streamOptimized VMDK of a --size disk (default 4 GiB) that is half zeros (every other
# 64 MiB region a hole) and half data (alternating incompressible pseudo-random bytes and
# base64 text, so deflate has real work). Imported into raw and into qcow2 by:
#   ferry               ferry-cli migrate --source bench.ova --target dir:... (--no-inspect --no-convert)
#   tar-x+qemu-img      Proxmox's way: tar -x the package into scratch space, then
#                       qemu-img convert the VMDK (-O raw | -O qcow2)
#   virt-v2v            virt-v2v -i ova -o local (raw only; it converts the guest too, so it
#                       needs an OS on the disk: expect it to fail on this synthetic one)
# Printed per tool: seconds, ratio to Ferry, peak RSS (/usr/bin/time -v), peak extra disk
# space (scratch + output, sampled every 0.2 s, minus the final output) and whether the
# output equals the source image (cmp / qemu-img compare). Every tool is timed until its
# output is synced. Not run in CI: minutes, and the figures depend on the machine.
#
# --guest-image RAW: the package holds a real guest instead (e.g. the vmware-debian disk of
# tests/fixtures/guests/make-vmware-debian.sh), raw only, and Ferry runs the whole migration
# (inspection and virt-v2v-in-place conversion) so it compares with virt-v2v -i ova, which
# always converts; tar-x+qemu-img still only copies. Converted outputs are not byte-exact.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build="$top/build"
size=$((4 << 30))
work=""
v2v=1
guest=""
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --size) size=$(numfmt --from=iec "$2"); shift 2 ;;
    --work) work=$2; shift 2 ;;
    --skip-v2v) v2v=""; shift ;;
    --guest-image) guest=$(realpath "$2"); shift 2 ;;
    *) echo "bench: unknown option $1" >&2; exit 2 ;;
  esac
done
for tool in qemu-img tar openssl /usr/bin/time du cmp; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing; run installer/deps.sh" >&2; exit 1; }
done
cli="$build/app/cli/ferry-cli"
[ -x "$cli" ] || { echo "bench: build Ferry first (cmake --build build --target ferry-cli)" >&2; exit 1; }
[ -n "$work" ] || work=/var/tmp/ferry-bench-ova
mkdir -p "$work"
image="$work/bench-$size.img"
package="$work/bench-$size.ova"
if [ -n "$guest" ]; then
  image=$guest
  size=$(stat -c %s "$guest")
  package="$work/guest-$(basename "$guest" .raw).ova"
  [ -f "$package" ] || bash "$top/tests/fixtures/ova/make-ova.sh" --single "$image" bench "$package"
fi

# --- the disk and the package (cached in --work) ---------------------------------------
region=$((64 << 20))
if [ ! -f "$package" ]; then
  echo "bench: building a $(numfmt --to=iec "$size")B image and its OVA in $work (once)"
  rm -f "$image"
  truncate -s "$size" "$image"
  regions=$((size / region))
  for ((i = 0; i < regions; i += 2)); do
    if (((i / 2) % 2 == 0)); then
      head -c "$region" /dev/zero | openssl enc -aes-128-ctr -nosalt -K "$(printf '%032x' "$i")" -iv "$(printf "%032x" 0)"
    else # base64 text: a little more than a region, written whole, then cut to the region
      head -c $((region * 3 / 4)) /dev/zero | openssl enc -aes-128-ctr -nosalt -K "$(printf '%032x' "$i")" -iv "$(printf "%032x" 0)" 2>/dev/null |
        base64 -w 76 >"$work/region.txt"
      truncate -s "$region" "$work/region.txt"
      cat "$work/region.txt"
      rm -f "$work/region.txt"
    fi | dd of="$image" bs=1M seek=$((i * region / (1 << 20))) conv=notrunc,fsync status=none iflag=fullblock
  done
  bash "$top/tests/fixtures/ova/make-ova.sh" --single "$image" bench "$package.part"
  mv "$package.part" "$package"
fi
echo "bench: package $(du -h --apparent-size "$package" | cut -f1) for a $(numfmt --to=iec "$size")B disk" \
  "($(du -h "$image" | cut -f1) of data in the image)"

results="$work/results.txt"
: >"$results"
out="$work/out"
scratch="$work/scratch"

# Peak of du over out + scratch while the tool runs, in MiB, into $work/peak.txt.
watch_disk() {
  local peak=0 now
  while [ -e "$work/watching" ]; do
    now=$(du -s -m "$out" "$scratch" 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
    [ "$now" -gt "$peak" ] && peak=$now && echo "$peak" >"$work/peak.txt"
    sleep 0.2
  done
}

# measure NAME FORMAT COMMAND...: appends "name format seconds rss_mib peak_extra_mib check cpu_s" to $results.
measure() {
  local name=$1 format=$2
  shift 2
  rm -rf "$out" "$scratch"
  mkdir -p "$out" "$scratch"
  sync
  echo 0 >"$work/peak.txt"
  touch "$work/watching"
  watch_disk &
  local watcher=$! t0 t1 ok=1
  t0=$(date +%s.%N)
  /usr/bin/time -v -o "$work/time.txt" bash -c "$*" >"$work/$name-$format.log" 2>&1 && sync || ok=""
  t1=$(date +%s.%N)
  rm -f "$work/watching"
  wait "$watcher" || true
  if [ -z "$ok" ]; then
    echo "bench: $name ($format) failed: $(tail -1 "$work/$name-$format.log")" >&2
    echo "$name $format fail 0 0 - 0" >>"$results"
    return
  fi
  local rss peak final disk check cpu
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/time.txt")
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.1f", s }' "$work/time.txt")
  peak=$(cat "$work/peak.txt")
  final=$(du -s -m "$out" | cut -f1)
  disk=$(find "$out" -type f \( -name '*.raw' -o -name '*.qcow2' -o -name '*-sda' \) -print -quit)
  if [ -z "$disk" ]; then
    check="no-output"
  elif [ -n "$converts" ]; then
    check="converted"
  elif [ "$format" = raw ] && cmp -s "$image" "$disk"; then
    check="byte-exact"
  elif [ "$format" = qcow2 ] && qemu-img compare -q -f raw -F qcow2 "$image" "$disk"; then
    check="identical"
  else
    check="MISMATCH"
  fi
  echo "$name $format $(echo "$t1 - $t0" | bc) $rss $((peak > final ? peak - final : 0)) $check $cpu" >>"$results"
}

converts=""
formats=(raw qcow2)
ferry_options="--no-inspect --no-convert"
if [ -n "$guest" ]; then formats=(raw); ferry_options=""; fi
for format in "${formats[@]}"; do
  converts=$([ -n "$guest" ] && echo 1 || true)
  measure ferry "$format" "'$cli' migrate --source '$package' --target 'dir:$out' --format $format $ferry_options --progress none"
  converts=""
  measure tar-x+qemu-img "$format" "tar -xf '$package' -C '$scratch' && qemu-img convert -O $format '$scratch/bench-disk1.vmdk' '$out/bench.$format'"
done
if [ -n "$v2v" ] && command -v virt-v2v >/dev/null; then
  # As Ferry runs it: the direct backend, TCG where KVM cannot run the appliance (PVM).
  tcg=$([ -e /sys/module/kvm_pvm ] || [ ! -w /dev/kvm ] && echo "LIBGUESTFS_BACKEND_SETTINGS=force_tcg" || true)
  converts=1
  measure virt-v2v raw "LIBGUESTFS_BACKEND=direct $tcg timeout 1200 virt-v2v -i ova '$package' -o local -os '$out' -of raw"
fi

echo
echo "== OVA import: $(numfmt --to=iec "$size")B disk ($([ -n "$guest" ] && basename "$guest" || echo "half zeros")), package $(du -h --apparent-size "$package" | cut -f1) =="
printf '%-16s %-6s %9s %10s %7s %9s %16s  %s\n' tool format seconds "vs ferry" "CPU s" "RSS MiB" "peak extra MiB" output
while read -r name format secs rss extra check cpu; do
  if [ "$secs" = fail ]; then printf '%-16s %-6s %9s\n' "$name" "$format" failed; continue; fi
  ferry=$(awk -v f="$format" '$1 == "ferry" && $2 == f { print $3 }' "$results")
  awk -v n="$name" -v fo="$format" -v s="$secs" -v r="$rss" -v e="$extra" -v c="$check" -v f="$ferry" -v u="$cpu" 'BEGIN {
    printf "%-16s %-6s %9.1f %9.2fx %7s %9s %16s  %s\n", n, fo, s, (f > 0 && f != "fail" ? s / f : 0), u, r, e, c }'
done <"$results"
echo "(vs ferry = tool seconds / Ferry seconds: above 1 means Ferry is faster; peak extra = scratch and"
echo " transient space beyond the final output; Ferry's CPU includes the manifest's SHA-256 and the"
echo " whole-disk SHA-256 that the peers do not compute; load average: $(cut -d' ' -f1-3 /proc/loadavg))"
