#!/usr/bin/env bash
# Builds the worker VM's initramfs, worker-initrd.cpio in the lab cache (see prepare.sh): a whole userland in RAM for the
# nested worker, so nothing is read over 9p-over-9p. It holds busybox (static), the lean static dpdk-testpmd of
# build-testpmd.sh (the igb VF, null and mempool drivers built in; /usr/lib/dpdk left empty), qemu-ga and util-linux's
# setpriv with their libraries, and the lab kernel's virtio-serial and vfio modules; /init is worker-init.sh.
# When the lean testpmd cannot be built, Debian's dpdk-testpmd goes in instead, with exactly the shared libraries it
# needs and the PMD plugins for the igb VF and the null device in /usr/lib/dpdk: the product runs testpmd with
# -d /usr/lib/dpdk either way. VIRTSRIOV_LEAN_TESTPMD=0 forces Debian's.
# Idempotent: rebuilt only when the kernel, a script or a packaged binary changed (worker-initrd.cpio.stamp).
# Uncompressed: the nested worker's kernel unpacks it in half the time of gzip (lz4 and zstd in between), for 12 MB
# instead of 5 MB to upload.
#   build-initramfs.sh [CACHE]     (default: the lab cache of lab-paths.sh)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/emulated-lab/lab-paths.sh
. "$here/../lab-paths.sh"
cache=${1:-$LAB_CACHE}

testpmd=/usr/bin/dpdk-testpmd
agent=/usr/sbin/qemu-ga
# util-linux setpriv: busybox's cannot change the uid.
setpriv=/usr/bin/setpriv
pmd_dir=$(dirname "$(readlink -f /usr/lib/x86_64-linux-gnu/dpdk/pmds-*/librte_net_e1000.so 2>/dev/null || echo /missing/x)")
# net_e1000 drives the igb VF (net_e1000_igb_vf); mempool_ring backs every mbuf pool; net_null is the dev loop's port.
plugins=(librte_net_e1000.so librte_mempool_ring.so librte_net_null.so)
# vfio-pci for the VF, virtio_console for the agent's channel (and the virtio PCI transport under it).
modules=(virtio_pci virtio_console vfio_iommu_type1 vfio-pci)

log() { echo "emulated-lab worker: $*" >&2; }

for f in "$agent" "$cache/kernel-version"; do
  [ -e "$f" ] || { log "$f is missing: install qemu-guest-agent and run prepare.sh first"; exit 3; }
done

lean=
if [ "${VIRTSRIOV_LEAN_TESTPMD:-1}" = 0 ]; then
  log "VIRTSRIOV_LEAN_TESTPMD=0: Debian's dpdk-testpmd and its plugins"
elif bash "$here/build-testpmd.sh" "$cache"; then
  lean="$cache/testpmd/dpdk-testpmd"
else
  log "WARNING: the lean testpmd could not be built (see above): FALLING BACK to Debian's dpdk-testpmd, its 54 shared libraries and PMD plugins (a bigger initramfs, a slower testpmd start in the nested worker)"
fi
if [ -z "$lean" ]; then
  for f in "$testpmd" "$pmd_dir/librte_net_e1000.so"; do
    [ -e "$f" ] || { log "$f is missing: install dpdk and dpdk-dev and run prepare.sh first"; exit 3; }
  done
fi

version=$(cat "$cache/kernel-version")
kernel_modules="$cache/kernel/lib/modules/$version"
stamp="$cache/worker-initrd.cpio.stamp"
want="$version $(cat "$here/build-initramfs.sh" "$here/build-testpmd.sh" "$here/worker-init.sh" "$here/run-unprivileged.sh" | sha256sum | cut -d' ' -f1) $(dpkg-query -W -f='${Version} ' dpdk-dev qemu-guest-agent busybox-static util-linux) testpmd:$([ -n "$lean" ] && sha256sum "$lean" | cut -d' ' -f1 || echo debian)"
if [ -f "$cache/worker-initrd.cpio" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  exit 0
fi

root=$(mktemp -d)
chmod 0755 "$root"  # mktemp makes it 0700: the unprivileged user must reach /
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,run,tmp,etc,modules,lib64,lib/x86_64-linux-gnu,usr/bin,usr/sbin,usr/lib/dpdk}

# Every shared library the binaries and plugins load, flat in the loader's default folder; the loader itself in /lib64.
copy_libraries() {
  ldd "$@" | awk '/=> \// { print $3 }' | sort -u | while read -r library; do
    cp -L "$library" "$root/lib/x86_64-linux-gnu/$(basename "$library")"
  done
}
cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
cp /bin/busybox "$root/bin/busybox"
cp "$agent" "$root/usr/sbin/"
cp "$setpriv" "$root/usr/bin/"
if [ -n "$lean" ]; then
  cp "$lean" "$root/usr/bin/dpdk-testpmd"
  copy_libraries "$agent" "$setpriv"
else
  cp "$testpmd" "$root/usr/bin/dpdk-testpmd"
  plugin_paths=()
  for p in "${plugins[@]}"; do
    cp -L "$pmd_dir/$p" "$root/usr/lib/dpdk/$p"
    plugin_paths+=("$pmd_dir/$p")
  done
  copy_libraries "$testpmd" "$agent" "$setpriv" "${plugin_paths[@]}"
fi
# glibc loads it at run time (dlopen) to cancel threads: ldd does not list it.
cp -L /lib/x86_64-linux-gnu/libgcc_s.so.1 "$root/lib/x86_64-linux-gnu/"

# Modules with their dependencies first, uncompressed (busybox insmod reads plain .ko only); built-ins are skipped.
declare -A loaded=()
add_module() {
  local name=$1 entry dep file
  [ -z "${loaded[$name]:-}" ] || return 0
  loaded[$name]=1
  entry=$(grep -E "(^|/)${name//-/[-_]}\.ko(\.[a-z]+)?:" "$kernel_modules/modules.dep" || true)
  if [ -z "$entry" ]; then
    grep -qE "/${name//-/[-_]}\.ko" "$kernel_modules/modules.builtin" && return 0
    log "module $name is neither in modules.dep nor built in"; exit 3
  fi
  for dep in ${entry#*:}; do add_module "$(basename "${dep%%.ko*}")"; done
  file="$kernel_modules/${entry%%:*}"
  case "$file" in
    *.ko.xz) xz -dc "$file" > "$root/modules/$name.ko" ;;
    *.ko.zst) zstd -qdc "$file" > "$root/modules/$name.ko" ;;
    *) cp "$file" "$root/modules/$name.ko" ;;
  esac
  echo "$name" >> "$root/modules/order"
}
for m in "${modules[@]}"; do add_module "$m"; done

install -m 0755 "$here/worker-init.sh" "$root/init"
install -m 0755 "$here/run-unprivileged.sh" "$root/usr/bin/run-unprivileged"
# libvirt shuts a worker down through its guest agent first: qemu-ga runs "/sbin/shutdown -h -P|-H|-r +0 MESSAGE",
# which busybox does not have (a kcli worker's systemd answers ACPI and the agent alike).
mkdir -p "$root/sbin"
cat > "$root/sbin/shutdown" <<'SHUTDOWN'
#!/bin/busybox sh
case "$2" in
  -r) exec /bin/busybox reboot -f ;;
  -H) exec /bin/busybox halt -f ;;
  *) exec /bin/busybox poweroff -f ;;
esac
SHUTDOWN
chmod 0755 "$root/sbin/shutdown"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
mkdir -p "$root/var" && ln -s /run "$root/var/run"

(cd "$root" && find . | cpio -o -H newc --quiet) > "$cache/worker-initrd.cpio.tmp"
mv "$cache/worker-initrd.cpio.tmp" "$cache/worker-initrd.cpio"
echo "$want" > "$stamp"
which="the lean $lean"
[ -n "$lean" ] || which="Debian's, with its plugins"
log "built $cache/worker-initrd.cpio ($(du -h "$cache/worker-initrd.cpio" | cut -f1)), testpmd: $which"
