#!/usr/bin/env bash
# Time of each step for a real guest: copy, conversion, boot check.
#
#   sudo tests/bench/bench-guest-steps.sh [--build DIR] [--work DIR] [--efi] [--two-disk] [--virt-type qemu|kvm]
#
# Builds the VMware-shaped Debian 12 guest (tests/fixtures/guests/make-vmware-debian.sh;
# the debootstrap is cached in /var/cache/ferry-guests), serves it from ferry-lab
# (--guest-vm), and runs ONE
#   ferry-cli migrate --target qemu:///system --start --progress json
# into a transient directory pool, on a transient isolated network. The steps' times come
# from the JSON step events (each step lasts until the next one starts) and report.json
# (disk copy seconds, conversion seconds, boot_check seconds). The domain, pool, network
# and work directory are removed afterwards.
# Needs root (image build, qemu:///system); starts virtlogd and libvirtd when none runs
# and stops only what it started. Not run in CI: minutes of both cores under TCG.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build="$top/build"
work=""
fixture_args=()
virt_type=""
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --efi | --two-disk) fixture_args+=("$1"); shift ;;
    --virt-type) virt_type=$2; shift 2 ;;
    *) echo "bench: unknown option $1" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "bench: run as root (guest image build, qemu:///system)" >&2; exit 1; }
for tool in jq virsh virt-v2v-in-place virt-customize debootstrap; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing; run installer/deps.sh" >&2; exit 1; }
done
[ -x "$build/app/lab/ferry-lab" ] && [ -x "$build/app/cli/ferry-cli" ] ||
  { echo "bench: build Ferry first (installer/build.sh)" >&2; exit 1; }
if [ -z "$virt_type" ]; then
  if [ -e /sys/module/kvm_pvm ] || [ ! -w /dev/kvm ]; then virt_type=qemu; else virt_type=kvm; fi
fi

own_work=""
[ -n "$work" ] || { work=$(mktemp -d /var/tmp/ferry-bench-guest.XXXXXX); own_work=1; }
chmod 0755 "$work"
mkdir -p "$work/pool" "$work/guest"
secret="$work/password"
( umask 077; head -c 18 /dev/urandom | base64 >"$secret" )
export FERRY_LAB_PASSWORD
FERRY_LAB_PASSWORD=$(cat "$secret")
vm=vmware-debian
name=ferry-bench-$$
virsh=(virsh -q -c qemu:///system)
lab_pid="" logd_pid="" libvirtd_pid=""
cleanup() {
  set +e
  "${virsh[@]}" destroy "$vm" >/dev/null 2>&1
  "${virsh[@]}" undefine --nvram "$vm" >/dev/null 2>&1
  "${virsh[@]}" pool-destroy "$name" >/dev/null 2>&1
  "${virsh[@]}" net-destroy "$name" >/dev/null 2>&1
  [ -n "$lab_pid" ] && kill "$lab_pid" 2>/dev/null && wait "$lab_pid" 2>/dev/null
  [ -n "$libvirtd_pid" ] && kill "$libvirtd_pid" 2>/dev/null
  [ -n "$logd_pid" ] && kill "$logd_pid" 2>/dev/null
  rm -f "$secret"
  if [ -n "$own_work" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

if ! "${virsh[@]}" version >/dev/null 2>&1; then
  /usr/sbin/virtlogd >"$work/virtlogd.log" 2>&1 & logd_pid=$!
  /usr/sbin/libvirtd >"$work/libvirtd.log" 2>&1 & libvirtd_pid=$!
  for _ in $(seq 60); do "${virsh[@]}" version >/dev/null 2>&1 && break; sleep 0.5; done
fi

t0=$(date +%s.%N)
mapfile -t images < <("$top/tests/fixtures/guests/make-vmware-debian.sh" "$work/guest" "${fixture_args[@]}" 2>"$work/fixture.log")
fixture_s=$(echo "$(date +%s.%N) - $t0" | bc)
[ "${#images[@]}" -gt 0 ] || { echo "bench: the guest image build failed, see $work/fixture.log" >&2; tail -5 "$work/fixture.log" >&2; exit 1; }
spec="$vm=$(IFS=,; echo "${images[*]}")"
[[ " ${fixture_args[*]} " == *" --efi "* ]] && spec+=",efi"

"${virsh[@]}" pool-create-as "$name" dir --target "$work/pool" >/dev/null
printf "<network><name>%s</name><bridge name='fb%s'/></network>" "$name" "$$" >"$work/network.xml"
"${virsh[@]}" net-create "$work/network.xml" >/dev/null

coproc LAB { exec "$build/app/lab/ferry-lab" --listen 127.0.0.1:0 --data-dir "$build/tests/lab-data" --guest-vm "$spec" 2>"$work/lab.log"; }
lab_pid=$LAB_PID
read -r -t 600 line <&"${LAB[0]}" || { echo "bench: ferry-lab did not start; see $work/lab.log" >&2; exit 1; }
url=$(jq -r .url <<<"$line")
fingerprint=$(jq -r .fingerprint <<<"$line")

t0=$(date +%s.%N)
"$build/app/cli/ferry-cli" migrate --source "$url" --user root --password-file "$secret" --fingerprint "$fingerprint" \
  --vm "$vm" --target qemu:///system --pool "$name" --virt-type "$virt_type" --network "VM Network=network:$name" \
  --start --report-dir "$work/reports" --progress json >"$work/events.jsonl" 2>"$work/migrate.log" ||
  { echo "bench: ferry-cli migrate failed, see $work/migrate.log" >&2; tail -5 "$work/migrate.log" >&2; exit 1; }
total_s=$(echo "$(date +%s.%N) - $t0" | bc)
report="$work/reports/$vm/report.json"

echo
echo "== $vm (${images[*]##*/}), virt type $virt_type, $(nproc) cores =="
printf '%-34s %9s\n' step seconds
printf '%-34s %9.1f\n' "guest image build (not Ferry)" "$fixture_s"
# Each step lasts from its event to the next; the copy from the start to the first step.
jq -r 'select(.event=="step") | "\(.step) \(.elapsed_ms)"' "$work/events.jsonl" |
  awk -v total="$total_s" 'BEGIN { prev = "copy (connect, inventory, fetch)"; at = 0 }
       { printf "%-34s %9.1f\n", prev, ($2 / 1000) - at; prev = $1; at = $2 / 1000 }
       END { printf "%-34s %9.1f\n", prev " (until exit)", total - at }'
jq -r '"disks copied (report)              \([.disks[].seconds] | add | . * 10 | round / 10)",
       "conversion (report)                \(.conversion.seconds * 10 | round / 10)  \(.conversion.result), nic_names: \([.conversion.nic_names[] | "\(.name)=\(.action)"] | join(","))",
       "boot check (report)                \(.boot_check.seconds)  \(.boot_check.result) by \(.boot_check.method): \(.boot_check.seen)"' "$report"
printf '%-34s %9.1f\n' "ferry-cli migrate, total" "$total_s"
