# CPack: the Debian package `ferry`. Included from the top-level CMakeLists.txt after every
# install() rule is declared. Build it with installer/package.sh (or `cpack --config
# CPackConfig.cmake` in a build directory); the install tests (ctest -L install) do the same.

# `install` and cpack install what is built; they do not build `all` (every test) first.
# installer/package.sh builds the packaged targets explicitly.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

# Debian's own files in /usr/share/doc/ferry: copyright and the (native) changelog, gzipped.
set(ferry_changelog_gz ${PROJECT_BINARY_DIR}/installer/changelog.gz)
add_custom_command(OUTPUT ${ferry_changelog_gz}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/installer
  COMMAND sh -c "gzip -9n < \"$0\" > \"$1\"" ${PROJECT_SOURCE_DIR}/installer/debian/changelog ${ferry_changelog_gz}
  DEPENDS ${PROJECT_SOURCE_DIR}/installer/debian/changelog VERBATIM)
add_custom_target(ferry_package_docs ALL DEPENDS ${ferry_changelog_gz})
install(FILES ${PROJECT_SOURCE_DIR}/installer/debian/copyright ${ferry_changelog_gz}
        DESTINATION share/doc/ferry)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ferry)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The Ferry authors")
set(CPACK_PACKAGE_CONTACT "The Ferry authors <ferry@ferryproject.org>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/package)
set(CPACK_THREADS 0)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://ferryproject.org/")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# CPack writes the summary as the synopsis, then the description with each line indented
# and empty lines as " .".
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "migrate VMware ESXi virtual machines to KVM")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Ferry moves virtual machines from VMware ESXi and vCenter to KVM and
libvirt. It reads the inventory over the vSphere API, copies each disk over
many HTTPS connections at once, writes sparse raw or qcow2 images verified
with SHA-256, resumes interrupted copies, inspects the guest and defines a
libvirt domain.

This package contains the Qt wizard (ferry), the headless ferry-cli and
ferry-lab, an ESXi-compatible endpoint for demos and tests.")

# What Ferry needs beyond the libraries it links (shlibdeps adds those):
#   qt6-qpa-plugins      the xcb/wayland platform plugins the wizard needs to open a window
#   qemu-utils           qemu-nbd (qcow2 sink, inspection export), qemu-img
#   qemu-system-common   qemu-storage-daemon (FUSE block export when there is no nbd module)
#   nbdkit               nbdkit curl plugin (inspecting a source disk before the copy)
#   libvirt-clients      virt-xml-validate (domain XML validation)
#   mount                losetup (inspection); ntfs-3g, fusefat: FUSE mounts of NTFS and FAT
# ferry-lab builds its guest disks with tests/fixtures/guests/make-lab-guests.sh and
# make-boot-disk.sh (installed in share/ferry): fdisk (sfdisk), e2fsprogs, dosfstools,
# mtools, openssl, cpio, busybox-static and syslinux for the bootable demo disks.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
  "qt6-qpa-plugins, qemu-utils, qemu-system-common, nbdkit, libvirt-clients, mount, ntfs-3g, fusefat, fdisk, e2fsprogs, dosfstools, mtools, openssl, cpio, busybox-static, syslinux, syslinux-common, syslinux-efi")
#   lvm2                 lvs/pvs for guests with LVM; initramfs-tools-core: lsinitramfs (virtio readiness)
#   iproute2, iputils-ping  netcheck's path-MTU probe; libvirt-daemon-system: a local qemu:///system target
#   qemu-system-x86, ovmf   run migrated BIOS and UEFI guests on that local target
#   qt6-translations-l10n   Qt's own strings (dialog buttons) in the translated wizard
#   virt-v2v             virt-v2v-in-place: converts copied Linux guests to virtio (--no-convert without it)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
  "lvm2, initramfs-tools-core, iproute2, iputils-ping, libvirt-daemon-system, libvirt-daemon-driver-qemu, qemu-system-x86, ovmf, qt6-translations-l10n, virt-v2v")

include(CPack)
