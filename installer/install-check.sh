#!/usr/bin/env bash
# Installs a built ferry .deb into a fresh Debian 12 root and runs it from there:
#   install-check.sh FERRY.deb EXPECTED_VERSION
#
# What it proves: on a minimal bookworm system (debootstrap --variant=minbase, nothing
# else), `apt-get install --no-install-recommends ./ferry.deb` pulls in everything the
# installed binaries need, and then, from the installed files only,
#   every binary and the xcb platform plugin resolve all their libraries (ldd)
#   ferry-cli --version                prints EXPECTED_VERSION (and ferry-lab --version)
#   ferry                              the wizard starts (offscreen) and keeps running
#   ferry-cli inventory --source lab   starts the installed ferry-lab, which builds its
#                                      guest disks with the installed scripts and tools,
#                                      and lists the lab's VMs.
# The one thing borrowed from the host is /boot (read-only): ferry-lab's bootable demo
# disks copy the running system's kernel, and every real machine has one, a chroot not.
#
# Speed: the minbase root is made once and kept as a tarball, and the .debs apt fetches
# are kept too, both under $FERRY_INSTALL_CACHE (default /var/cache/ferry-install-check);
# a base older than 7 days is rebuilt, one older than a day gets fresh package lists.
# apt still resolves every dependency on each run.
# Needs root (chroot, mounts). Every mount and process is released on exit, also on failure.
set -euo pipefail
export LC_ALL=C

deb=${1:?usage: install-check.sh FERRY.deb EXPECTED_VERSION}
expected=${2:?usage: install-check.sh FERRY.deb EXPECTED_VERSION}
[ "$(id -u)" -eq 0 ] || { echo "install-check: needs root (chroot and mounts)" >&2; exit 1; }
[ -f "$deb" ] || { echo "install-check: $deb does not exist; build it with installer/package.sh" >&2; exit 1; }
for tool in debootstrap chroot findmnt; do
  command -v "$tool" >/dev/null || { echo "install-check: $tool is missing (installer/deps.sh installs it)" >&2; exit 1; }
done

cache=${FERRY_INSTALL_CACHE:-/var/cache/ferry-install-check}
base=$cache/bookworm-minbase.tar
archives=$cache/archives
mkdir -p "$archives/partial"
# The same mirror and suites as this host, so the chroot resolves what the build linked.
mirror=$(sed -n '/^URIs:/{s/^URIs: *//p;q}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}

# Kills what still runs inside ROOT, unmounts everything under it (deepest first), and
# removes it only when nothing is mounted there any more (rm must never reach a
# bind-mounted /dev). Returns 1 if a mount could not be released.
release_root() { # ROOT
  local dir=$1 pid link target
  for link in /proc/[0-9]*/root; do
    pid=${link#/proc/}; pid=${pid%/root}
    [ "$(readlink "$link" 2>/dev/null)" = "$dir" ] && kill -KILL "$pid" 2>/dev/null || true
  done
  while read -r target; do
    umount "$target" 2>/dev/null || umount -l "$target" || true
  done < <(findmnt -rn -o TARGET | grep "^$dir/" | sort -r)
  mounts=$(findmnt -rn -o TARGET)
  if grep -q "^$dir/" <<<"$mounts"; then
    echo "install-check: mounts under $dir remain; not removing it" >&2
    return 1
  fi
  rm -rf --one-file-system "$dir"
}

# A run killed without its trap (SIGKILL on a ctest timeout) leaves its root behind.
for stale in /var/tmp/ferry-install-root.*; do
  [ -d "$stale" ] && { echo "install-check: releasing $stale from an earlier run"; release_root "$stale" || true; }
done

root=$(mktemp -d /var/tmp/ferry-install-root.XXXXXX)
cleanup() {
  local rc=$?
  release_root "$root" || rc=1
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bindmount() { # SOURCE TARGET [ro]
  mkdir -p "$2"
  mount --bind "$1" "$2"
  if [ "${3:-}" = ro ]; then mount -o remount,bind,ro "$2"; fi
}

make_base() {
  local fresh=$root/base
  echo "install-check: debootstrap --variant=minbase bookworm from $mirror (cached in $base)"
  mkdir -p "$fresh"
  debootstrap --variant=minbase --cache-dir="$archives" bookworm "$fresh" "$mirror" >"$root/debootstrap.log" 2>&1 \
    || { tail -20 "$root/debootstrap.log" >&2; echo "install-check: debootstrap failed" >&2; return 1; }
  rm -f "$fresh/etc/apt/sources.list"
  cp /etc/apt/sources.list.d/debian.sources "$fresh/etc/apt/sources.list.d/"
  # No service starts inside a chroot.
  printf '#!/bin/sh\nexit 101\n' >"$fresh/usr/sbin/policy-rc.d"
  chmod 0755 "$fresh/usr/sbin/policy-rc.d"
  cp /etc/resolv.conf "$fresh/etc/resolv.conf"
  chroot "$fresh" apt-get update -q >/dev/null
  tar -C "$fresh" -cf "$base.tmp" . && mv "$base.tmp" "$base"
  rm -rf --one-file-system "$fresh"
}

start=$SECONDS
if [ ! -f "$base" ] || [ -n "$(find "$base" -mtime +7)" ]; then
  make_base
  echo "install-check: base made in $((SECONDS - start)) s"
fi
tar -C "$root" -xf "$base"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
bindmount /dev "$root/dev"
bindmount "$archives" "$root/var/cache/apt/archives"
bindmount /boot "$root/boot" ro
cp "$deb" "$root/tmp/ferry.deb"
# Package lists older than a day may name files the mirror has replaced since.
if [ -n "$(find "$base" -mtime +0)" ]; then
  chroot "$root" apt-get update -q >/dev/null || { echo "install-check: apt-get update failed in the fresh root" >&2; exit 1; }
fi

step=$SECONDS
echo "install-check: apt-get install --no-install-recommends ./ferry.deb"
if ! chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /tmp/ferry.deb \
     >"$root/tmp/apt.log" 2>&1; then
  tail -30 "$root/tmp/apt.log" >&2
  echo "install-check: the package did not install into a fresh bookworm root" >&2
  exit 1
fi
echo "install-check: installed in $((SECONDS - step)) s ($(grep -c '^Setting up' "$root/tmp/apt.log") packages set up)"

run() { chroot "$root" env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/root TMPDIR=/tmp "$@"; }

# Every installed binary and the platform plugin the wizard loads find all their libraries.
xcbs=("$root"/usr/lib/*/qt6/plugins/platforms/libqxcb.so)
for binary in /usr/bin/ferry /usr/bin/ferry-cli /usr/bin/ferry-lab "${xcbs[0]#"$root"}"; do
  [ -e "$root$binary" ] || { echo "install-check: $binary is not installed" >&2; exit 1; }
  if run ldd "$binary" | grep 'not found'; then
    echo "install-check: $binary lacks libraries; a dependency is missing" >&2
    exit 1
  fi
done

version=$(run ferry-cli --version)
echo "install-check: $version"
[ "$version" = "ferry-cli $expected" ] || { echo "install-check: expected 'ferry-cli $expected'" >&2; exit 1; }
lab_version=$(run ferry-lab --version)
[ "$lab_version" = "ferry-lab $expected" ] || { echo "install-check: ferry-lab says '$lab_version', expected $expected" >&2; exit 1; }

# The wizard starts from the installed files (offscreen: there is no display here) and is
# still running after 5 seconds: timeout's 124 means it was alive until stopped.
rc=0
run env QT_QPA_PLATFORM=offscreen timeout 5 ferry >"$root/tmp/ferry.log" 2>&1 || rc=$?
[ "$rc" -eq 124 ] || { cat "$root/tmp/ferry.log" >&2; echo "install-check: the installed ferry exited with $rc at start" >&2; exit 1; }

step=$SECONDS
if ! run timeout 600 ferry-cli inventory --source lab --json >"$root/tmp/inventory.json" 2>"$root/tmp/inventory.err"; then
  cat "$root/tmp/inventory.err" >&2
  echo "install-check: ferry-cli inventory --source lab failed from the installed package" >&2
  exit 1
fi
for vm in tiny-linux-bios tiny-linux-efi boot-bios; do
  grep -q "\"$vm\"" "$root/tmp/inventory.json" || { echo "install-check: the lab inventory lacks $vm" >&2; exit 1; }
done
echo "install-check: inventory --source lab listed $(grep -o '"moref"' "$root/tmp/inventory.json" | wc -l) objects in $((SECONDS - step)) s"
echo "install-check: passed in $((SECONDS - start)) s"
