#!/usr/bin/env bash
# Prepares the emulated SR-IOV lab (see docs/emulated-lab.md): QEMU 10 with the igb device from
# bookworm-backports, a Debian guest kernel extracted into a cache folder, and a tiny busybox
# initramfs that mounts the host's root read-only over virtio-9p and runs one job in it.
# Idempotent: every part is skipped when it is already there. Installing packages needs root;
# without root it only builds what it can and says what is missing.
#
# Cache folder: $VIRTSRIOV_LAB_CACHE, else /var/cache/virtsriov-lab as root, else
# ${XDG_CACHE_HOME:-~/.cache}/virtsriov-lab. Layout:
#   kernel/            dpkg-deb -x of linux-image-<version>
#   kernel-version     <version>, e.g. 6.1.0-56-amd64
#   vmlinuz            the guest kernel
#   initrd.gz          the initramfs (init from scripts/emulated-lab/guest-init.sh)
#   worker-initrd.cpio the nested worker VM's initramfs (uncompressed): testpmd, qemu-ga, vfio (scripts/emulated-lab/worker/build-initramfs.sh)
#   testpmd/           the worker's lean static dpdk-testpmd (worker/build-testpmd.sh); src/ the DPDK source it is built from
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/emulated-lab/lab-paths.sh
. "$here/lab-paths.sh"

nine_p_modules=(virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci netfs fscache 9pnet 9p 9pnet_virtio)

log() { echo "emulated-lab: $*" >&2; }

is_root() { [ "$(id -u)" -eq 0 ]; }

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

ensure_backports_source() {
  if grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
    return 1
  fi
  log "adding bookworm-backports to /etc/apt/sources.list.d/bookworm-backports.sources"
  cat > /etc/apt/sources.list.d/bookworm-backports.sources <<'SOURCES'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
}

qemu_has_igb() {
  command -v qemu-system-x86_64 >/dev/null && qemu-system-x86_64 -device help 2>/dev/null | grep -q '"igb"'
}

install_packages() {
  local missing=()
  for p in busybox-static cpio kmod xz-utils zstd dpdk dpdk-dev qemu-guest-agent gcc libc6-dev pkg-config curl; do installed "$p" || missing+=("$p"); done
  local need_qemu=0
  qemu_has_igb || need_qemu=1
  if [ ${#missing[@]} -eq 0 ] && [ $need_qemu -eq 0 ]; then
    return
  fi
  if ! is_root; then
    log "missing: ${missing[*]} $([ $need_qemu -eq 1 ] && echo 'qemu-system-x86 (bookworm-backports, with igb)'); run this script as root"
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  local updated=0
  if ensure_backports_source || [ ! -d /var/lib/apt/lists ] || ! apt-cache policy qemu-system-x86 | grep -q bookworm-backports; then
    apt-get update -qq
    updated=1
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  if [ $need_qemu -eq 1 ]; then
    [ $updated -eq 1 ] || apt-get update -qq
    log "installing qemu-system-x86 from bookworm-backports"
    apt-get install -y -qq --no-install-recommends -t bookworm-backports qemu-system-x86 >/dev/null
  fi
  qemu_has_igb || { log "qemu-system-x86_64 has no igb device after install"; exit 3; }
}

# The version that linux-image-amd64 depends on, e.g. 6.1.0-56-amd64.
kernel_package() {
  apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}

extract_kernel() {
  if [ -s "$LAB_CACHE/kernel-version" ] && [ -f "$LAB_CACHE/vmlinuz" ]; then
    return
  fi
  local package version work
  package=$(kernel_package)
  [ -n "$package" ] || { log "apt-cache knows no linux-image-amd64 (run apt-get update)"; exit 3; }
  version=${package#linux-image-}
  log "downloading $package"
  work=$(mktemp -d)
  # apt-get download drops privileges to _apt, which must be able to write there.
  chown _apt "$work" 2>/dev/null || true
  (cd "$work" && apt-get download -qq "$package")
  rm -rf "$LAB_CACHE/kernel"
  mkdir -p "$LAB_CACHE/kernel"
  dpkg-deb -x "$work"/linux-image-*.deb "$LAB_CACHE/kernel"
  rm -rf "$work"
  depmod -b "$LAB_CACHE/kernel" "$version"
  cp "$LAB_CACHE/kernel/boot/vmlinuz-$version" "$LAB_CACHE/vmlinuz"
  echo "$version" > "$LAB_CACHE/kernel-version"
}

# Copies a module uncompressed (busybox insmod reads plain .ko only).
copy_module() {
  local name=$1 modules=$2 target=$3 file
  file=$(find "$modules" -name "$name.ko*" -print -quit)
  if [ -z "$file" ]; then
    # Built into this kernel: nothing to load.
    grep -q "/$name.ko" "$modules/modules.builtin" && return 0
    log "module $name not found under $modules"; exit 3
  fi
  case "$file" in
    *.ko.xz) xz -dc "$file" > "$target/$name.ko" ;;
    *.ko.zst) zstd -qdc "$file" > "$target/$name.ko" ;;
    *.ko.gz) gzip -dc "$file" > "$target/$name.ko" ;;
    *) cp "$file" "$target/$name.ko" ;;
  esac
  echo "$name" >> "$target/order"
}

build_initramfs() {
  local stamp="$LAB_CACHE/initrd.stamp" want
  want="$(cat "$LAB_CACHE/kernel-version") $(sha256sum "$here/guest-init.sh" | cut -d' ' -f1)"
  if [ -f "$LAB_CACHE/initrd.gz" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return
  fi
  local version root modules
  version=$(cat "$LAB_CACHE/kernel-version")
  modules="$LAB_CACHE/kernel/lib/modules/$version"
  root=$(mktemp -d)
  mkdir -p "$root"/{bin,dev,proc,sys,newroot,modules}
  cp /bin/busybox "$root/bin/busybox"
  for m in "${nine_p_modules[@]}"; do copy_module "$m" "$modules" "$root/modules"; done
  install -m 0755 "$here/guest-init.sh" "$root/init"
  echo "$version" > "$root/kernel-version"
  echo "$LAB_CACHE/kernel" > "$root/kernel-root"
  (cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$LAB_CACHE/initrd.gz.tmp"
  mv "$LAB_CACHE/initrd.gz.tmp" "$LAB_CACHE/initrd.gz"
  rm -rf "$root"
  echo "$want" > "$stamp"
  log "initramfs built: $LAB_CACHE/initrd.gz"
}

mkdir -p "$LAB_CACHE"
install_packages
extract_kernel
build_initramfs
bash "$here/worker/build-initramfs.sh" "$LAB_CACHE"
log "ready: qemu $(qemu-system-x86_64 --version | head -1 | awk '{print $4}'), kernel $(cat "$LAB_CACHE/kernel-version"), cache $LAB_CACHE"
