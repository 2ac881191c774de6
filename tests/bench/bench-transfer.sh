#!/usr/bin/env bash
# Transfer benchmark: Ferry against named peers, all in one run against one ferry-lab.
#
#   tests/bench/bench-transfer.sh [--build DIR] [--size BYTES] [--rate BYTES_PER_S] [--connections N]
#                                 [--skip-unthrottled] [--skip-throttled] [--work DIR]
#
# Two rounds: ferry-lab with a per-connection cap (as ESXi throttles each TCP
# connection), then unthrottled over loopback; the throttled round also runs Ferry with
# --connections auto (ferry-auto). Peers in each round:
#   aria2c -x N -s N   the generic multi-connection downloader
#   curl               one stream
#   curl+sha256        curl, then OpenSSL's SHA-256 of its output: what Ferry's contract
#                      (report.json's sha256) costs a one-stream copy
#   nbdkit curl + nbdcopy   virt-v2v's HTTPS input path
#   qnam               QNetworkAccessManager (tests/bench/qnamfetch.cpp): one manager per
#                      fetch thread, HTTP/2 off, N connections, 32 MiB ranges, bounded
#                      buffers; what Ferry's own HTTP/1.1 client is measured against
# Printed: seconds, MB/s, ratio to Ferry, peak RSS and CPU seconds per GiB (from
# /usr/bin/time), Ferry's CPU per GiB as a ratio to each peer's, what Ferry's engine said
# limited the copy (the dominant bottleneck in report.json and the shares of the fetch
# threads' time from --progress json), and whether Ferry's output matches the source's sha256. Every tool is
# timed until its output is synced to disk, as Ferry syncs before it reports success;
# --work /dev/shm/DIR takes the disk out of the comparison.
# Not run in CI: it takes minutes and its figures depend on the machine.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build="$top/build"
size=$((4 << 30))
rate=25000000
conns=8
work=""
rounds=(throttled unthrottled)
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --size) size=$(numfmt --from=iec "$2"); shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --connections) conns=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --skip-unthrottled) rounds=(throttled); shift ;;
    --skip-throttled) rounds=(unthrottled); shift ;;
    *) echo "bench: unknown option $1" >&2; exit 2 ;;
  esac
done
for tool in aria2c curl nbdkit nbdcopy openssl jq /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing; run installer/deps.sh" >&2; exit 1; }
done
[ -x "$build/app/lab/ferry-lab" ] && [ -x "$build/app/cli/ferry-cli" ] ||
  { echo "bench: build Ferry first (installer/build.sh)" >&2; exit 1; }

own_work=""
[ -n "$work" ] || { work=$(mktemp -d /var/tmp/ferry-bench.XXXXXX); own_work=1; }
mkdir -p "$work/lab" "$work/out"
secret="$work/password"
( umask 077; head -c 18 /dev/urandom | base64 > "$secret" )
export FERRY_LAB_PASSWORD
FERRY_LAB_PASSWORD=$(cat "$secret")
lab_pid=""
cleanup() {
  [ -n "$lab_pid" ] && kill "$lab_pid" 2>/dev/null && wait "$lab_pid" 2>/dev/null
  rm -rf "$work/out" "$secret" "$work"/*.conf "$work"/*.netrc
  # The lab disk of a work directory we made is GiBs that nobody reuses; the logs stay.
  if [ -n "$own_work" ]; then rm -rf "$work/lab"; fi
}
trap cleanup EXIT

start_lab() { # $1 = extra ferry-lab arguments
  [ -n "$lab_pid" ] && { kill "$lab_pid"; wait "$lab_pid" 2>/dev/null || true; }
  coproc LAB { exec "$build/app/lab/ferry-lab" --listen 127.0.0.1:0 --data-dir "$work/lab" \
                 --bench-disk-size "$size" $1 2>"$work/lab.log"; }
  lab_pid=$LAB_PID
  local line
  read -r -t 600 line <&"${LAB[0]}" || { echo "bench: ferry-lab did not start; see $work/lab.log" >&2; exit 1; }
  url=$(jq -r .url <<<"$line")
  fingerprint=$(jq -r .fingerprint <<<"$line")
  host=${url#https://}
}

flat_url() { echo "$url/folder/bench/bench-flat.vmdk?dcPath=ha-datacenter&dsName=datastore1"; }

# Runs one tool under /usr/bin/time; appends "name seconds rss_kib cpu_seconds" to $results.
measure() { # $1 = name, rest = command
  local name=$1; shift
  rm -rf "$work/out"; mkdir -p "$work/out"; sync
  local t0 t1
  t0=$(date +%s.%N)
  # Timed until the output is durable (sync): Ferry fsyncs its disks before it reports
  # success, so a peer's copy only counts once it is on disk as well.
  /usr/bin/time -f "%M %U %S" -o "$work/time.txt" "$@" >"$work/$name.log" 2>&1 &&
    find "$work/out" -type f -exec sync {} + ||
    { echo "bench: $name failed, see $work/$name.log" >&2; tail -3 "$work/$name.log" >&2; echo "$name fail 0 0" >>"$results"; return; }
  t1=$(date +%s.%N)
  read -r rss user sys <"$work/time.txt"
  echo "$name $(echo "$t1 - $t0" | bc) $rss $(echo "$user + $sys" | bc)" >>"$results"
}

run_ferry() {
  measure ferry "$build/app/cli/ferry-cli" migrate --source "$url" --user root --password-file "$secret" \
    --fingerprint "$fingerprint" --vm bench --target "dir:$work/out" --connections "$conns" \
    --no-inspect --progress json
  # What the engine said limited the copy: the disk's dominant verdict and the mean
  # shares of the fetch threads' time over the seconds it measured.
  verdict=$(jq -r 'select(.event=="vm-finished") | .report.disks[0].bottleneck // "none"' "$work/ferry.log" 2>/dev/null | tail -1)
  shares=$(jq -r 'select(.event=="progress" and (.bottleneck.kind // "unknown") != "unknown") | .bottleneck
                  | "\(.network_share) \(.target_share) \(.cpu_share) \(.process_cores) \(.text)"' "$work/ferry.log" 2>/dev/null |
    awk '{ n++; net += $1; tgt += $2; cpu += $3; cores += $4; $1 = $2 = $3 = $4 = ""; last = $0 }
         END { if (n) printf "network %.0f%%, target %.0f%%, cpu %.0f%% of the fetch threads; %.1f cores; last:%s", 100*net/n, 100*tgt/n, 100*cpu/n, cores/n, last
               else printf "not measured" }')
  local out
  out=$(find "$work/out" -name 'bench*.raw' -print -quit)
  if [ -n "$out" ]; then
    if [ "$(sha256sum <"$out" | cut -d' ' -f1)" = "$source_sha" ]; then ferry_ok="byte-exact"; else ferry_ok="MISMATCH"; fi
  else
    ferry_ok="no output"
  fi
}

# The throttled round also runs --connections auto: its speed next to the fixed count's,
# and the count it settled on (report.json's transfer.connections_used).
run_ferry_auto() {
  measure ferry-auto "$build/app/cli/ferry-cli" migrate --source "$url" --user root --password-file "$secret" \
    --fingerprint "$fingerprint" --vm bench --target "dir:$work/out" --connections auto \
    --no-inspect --progress json
  auto_count=$(jq -r 'select(.event=="vm-finished") | .report.transfer.connections_used[0] // "?"' "$work/ferry-auto.log" 2>/dev/null | tail -1)
  auto_steps=$(jq -r 'select(.event=="progress") | .connection_count' "$work/ferry-auto.log" 2>/dev/null | uniq | paste -sd' ' -)
}

run_peers() {
  printf 'http-user=root\nhttp-passwd=%s\ncheck-certificate=false\n' "$FERRY_LAB_PASSWORD" >"$work/aria2.conf"
  measure aria2c aria2c --conf-path="$work/aria2.conf" -x "$conns" -s "$conns" -k 32M --file-allocation=none \
    --allow-overwrite=true --summary-interval=0 --console-log-level=warn -d "$work/out" -o bench.raw "$(flat_url)"
  printf 'machine %s login root password %s\n' "${host%:*}" "$FERRY_LAB_PASSWORD" >"$work/curl.netrc"
  measure curl curl -sS -k --netrc-file "$work/curl.netrc" -o "$work/out/bench.raw" "$(flat_url)"
  measure curl+sha256 sh -c 'curl -sS -k --netrc-file "$1" -o "$2" "$3" && openssl dgst -sha256 "$2"' sh \
    "$work/curl.netrc" "$work/out/bench.raw" "$(flat_url)"
  # An older build may lack the QNAM peer: then it is left out.
  if [ -x "$build/tests/bench/ferry-bench-qnam" ]; then
    measure qnam "$build/tests/bench/ferry-bench-qnam" "$(flat_url)" "$work/out/bench.raw" "$size" --user root \
      --password-file "$secret" --connections "$conns"
  fi
  measure nbdkit-curl+nbdcopy nbdkit -U - curl url="$(flat_url)" user=root password=+"$secret" sslverify=false \
    --run "nbdcopy \"\$uri\" $work/out/bench.raw"
}

report() { # $1 = round title
  echo
  echo "== $1: $(numfmt --to=iec "$size")B disk, $conns connections =="
  local ferry_s
  ferry_s=$(awk '$1=="ferry"{print $2}' "$results")
  printf '%-22s %9s %9s %12s %10s %12s\n' tool seconds MB/s "vs ferry" "RSS MiB" "CPU s/GiB"
  while read -r name secs rss cpu; do
    if [ "$secs" = fail ]; then printf '%-22s %9s\n' "$name" failed; continue; fi
    awk -v n="$name" -v s="$secs" -v r="$rss" -v c="$cpu" -v f="$ferry_s" -v b="$size" 'BEGIN {
      printf "%-22s %9.1f %9.1f %11.2fx %10.0f %12.2f\n", n, s, b/s/1e6, (f>0 ? s/f : 0), r/1024, c/(b/2^30) }'
  done <"$results"
  echo "(vs ferry = peer seconds / Ferry seconds: above 1 means Ferry is faster)"
  # The issue's targets as ratios of this run, so a loaded machine shifts both sides.
  awk -v round="$1" '{ s[$1] = $2; c[$1] = $4 }
    END {
      f = s["ferry"]; if (f == "" || f == "fail") exit
      if (s["curl"] > 0) printf "ferry speed vs curl: %.2fx (%s)\n", s["curl"] / f, round ~ /unthrottled/ ? "target >= 0.80x" : "no target"
      if (round !~ /unthrottled/ && s["aria2c"] > 0) printf "ferry speed vs aria2c: %.2fx (target >= 1.00x)\n", s["aria2c"] / f
      if (s["qnam"] > 0) printf "ferry speed vs qnam: %.2fx\n", s["qnam"] / f
      if (round !~ /unthrottled/ && s["nbdkit-curl+nbdcopy"] > 0) printf "ferry speed vs nbdkit-curl+nbdcopy: %.2fx (target >= 5.00x)\n", s["nbdkit-curl+nbdcopy"] / f
      for (t in c) if (t != "ferry" && c[t] > 0 && s[t] != "fail")
        printf "ferry CPU per GiB vs %s: %.2fx%s\n", t, c["ferry"] / c[t], (t == "curl" ? " (target <= 1.00x)" : "")
    }' "$results" | sort
  echo "ferry bottleneck: $verdict ($shares)"
  echo "ferry output: $ferry_ok"
  [ -z "${auto_count:-}" ] || echo "ferry --connections auto: settled on $auto_count connections (counts in order: $auto_steps)"
}

for round in "${rounds[@]}"; do
  results="$work/results-$round.txt"; : >"$results"
  if [ "$round" = throttled ]; then start_lab "--rate-per-connection $rate"; else start_lab ""; fi
  source_sha=$(sha256sum <"$(find "$work/lab" -name 'bench-flat.vmdk' -print -quit)" | cut -d' ' -f1)
  run_ferry
  auto_count=""
  if [ "$round" = throttled ]; then run_ferry_auto; fi
  run_peers
  if [ "$round" = throttled ]; then report "throttled to $rate B/s per connection"; else report "unthrottled loopback"; fi
done
