#!/usr/bin/env bash
# A minimal worker initramfs for the emulated lab's nested worker VM (until the purpose-built worker-initrd.cpio with
# testpmd and the guest agent exists): static busybox and the ACPI button module. Its /init reports what the worker
# sees (PCI devices as vendor:device, the vIOMMU) on the serial console and powers off when the power button is
# pressed (libvirt's graceful shutdown). Idempotent: rebuilt only when this script or the kernel changed.
#   scripts/emulated-lab/minimal-worker-initrd.sh      -> $LAB_CACHE/worker-minimal-initrd.gz
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/emulated-lab/lab-paths.sh
. "$here/lab-paths.sh"

out="$LAB_CACHE/worker-minimal-initrd.gz"
stamp="$LAB_CACHE/worker-minimal-initrd.stamp"
version=$(cat "$LAB_CACHE/kernel-version")
want="$version $(sha256sum "$0" | cut -d' ' -f1)"
if [ -f "$out" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  exit 0
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys}
cp /bin/busybox "$root/bin/busybox"
button=$(find "$LAB_CACHE/kernel/lib/modules/$version" -name 'button.ko*' -print -quit)
case "$button" in
  *.ko.xz) xz -dc "$button" > "$root/button.ko" ;;
  *.ko.zst) zstd -qdc "$button" > "$root/button.ko" ;;
  *) cp "$button" "$root/button.ko" ;;
esac
cat > "$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
insmod /button.ko 2>/dev/null
say() { echo "virtsriov-worker: $*" > /dev/console; }
say "init at $(cut -d' ' -f1 /proc/uptime) s"
for d in /sys/bus/pci/devices/*; do
  say "pci $(basename "$d") $(sed 's/^0x//' "$d/vendor"):$(sed 's/^0x//' "$d/device") iommu_group=$(basename "$(readlink "$d/iommu_group" 2>/dev/null)" 2>/dev/null)"
done
if [ -e /sys/class/iommu/dmar0 ]; then say "iommu dmar0"; fi
say "ready"
pressed() { awk '{ print $1 }' /sys/firmware/acpi/interrupts/ff_pwr_btn 2>/dev/null; }
while [ "$(pressed)" = 0 ] || [ -z "$(pressed)" ]; do sleep 1; done
say "power button: powering off"
poweroff -f
INIT
chmod 0755 "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$out.tmp"
mv "$out.tmp" "$out"
echo "$want" > "$stamp"
echo "minimal worker initramfs built: $out"
