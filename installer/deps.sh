#!/usr/bin/env bash
# Installs every Debian 12 package Ferry needs to build, run and test.
# Idempotent: packages already present are left alone. Run as root.
set -euo pipefail

build=(cmake ninja-build g++ pkg-config git
       qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-tools-dev qt6-tools-dev-tools
       qt6-l10n-tools qt6-translations-l10n libgl-dev libqt6opengl6-dev libvulkan-dev qtkeychain-qt6-dev
       libvirt-dev libnbd-dev libarchive-dev libssl-dev libblkid-dev zlib1g-dev
       librsvg2-bin)
run=(qemu-utils qemu-system-common nbdkit libnbd-bin
     libvirt-daemon-system libvirt-clients libvirt-daemon-driver-qemu
     e2fsprogs dosfstools xfsprogs ntfs-3g fdisk lvm2 fuse3 util-linux
     qt6-qpa-plugins openssl mtools
     initramfs-tools-core zstd xz-utils fusefat
     virt-v2v guestfs-tools)
test=(golang-go golang-github-vmware-govmomi-dev xvfb xauth curl aria2 ovmf
      qemu-system-x86 busybox-static cpio linux-image-amd64 iproute2 iputils-ping
      procps psmisc time jq bc syslinux syslinux-common syslinux-efi
      debootstrap lintian appstream desktop-file-utils man-db
      clang-14 libfuzzer-14-dev libclang-rt-14-dev clang-tidy-14 zip python3)

all=("${build[@]}" "${run[@]}" "${test[@]}")
missing=()
for p in "${all[@]}"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = 'install ok installed' ] || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#all[@]} packages present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "deps: missing ${missing[*]}; run this script as root" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet; refresh them when they are older than a day.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 -print -quit 2>/dev/null)" ]; then
  apt-get update -q
fi
apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "deps: installed ${#missing[@]} packages"
