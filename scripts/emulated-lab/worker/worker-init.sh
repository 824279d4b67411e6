#!/bin/busybox sh
# /init of the worker VM's initramfs (built by build-initramfs.sh): everything runs from RAM. It mounts proc, sys, dev
# and a hugetlbfs open to every user, loads virtio-serial and vfio, binds every driverless network device (the VF) to
# vfio-pci for the unprivileged user (nobody, uid 65534), and serves the QEMU guest agent on the virtio-serial channel
# org.qemu.guest_agent.0: the host runs commands through libvirt, the worker has no network of its own.
# Kernel command line: virtsriov.hugepages=N (2 MiB pages, default 64).
/bin/busybox --install -s /bin
export PATH=/bin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mark() { echo "virtsriov-worker: $1 at $(cut -d' ' -f1 /proc/uptime) s" > /dev/console; }
mark "init started"

for m in $(cat /modules/order); do insmod "/modules/$m.ko" || mark "insmod $m failed"; done
for iommu in /sys/class/iommu/*; do
  [ -e "$iommu" ] && mark "iommu ${iommu##*/}"
done

mkdir -p /dev/hugepages /dev/shm /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=0755 tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t hugetlbfs -o mode=1777 hugetlbfs /dev/hugepages
pages=64
for word in $(cat /proc/cmdline); do
  case "$word" in virtsriov.hugepages=*) pages=${word#*=} ;; esac
done
echo "$pages" > /proc/sys/vm/nr_hugepages

# The worker loads no NIC driver: a network device without one is a VF for DPDK.
for device in /sys/bus/pci/devices/*; do
  case "$(cat "$device/class")" in
    0x02*)
      [ -e "$device/driver" ] && continue
      echo vfio-pci > "$device/driver_override"
      echo "${device##*/}" > /sys/bus/pci/drivers_probe
      mark "${device##*/} ($(cat "$device/vendor"):$(cat "$device/device")) on vfio-pci"
      ;;
  esac
done
for group in /dev/vfio/[0-9]*; do
  [ -e "$group" ] && chown 65534:65534 "$group"
done

# DPDK pins its memory: every command the agent starts inherits an unlimited memlock limit.
ulimit -l unlimited
channel=
for port in /sys/class/virtio-ports/*; do
  [ "$(cat "$port/name" 2>/dev/null)" = org.qemu.guest_agent.0 ] && channel=/dev/${port##*/}
done
if [ -z "$channel" ]; then
  mark "no virtio-serial channel named org.qemu.guest_agent.0: the domain needs <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>"
  exec sh
fi
mkdir -p /run/qemu-ga
mark "agent ready on $channel"
while true; do
  qemu-ga --method=virtio-serial --path="$channel" --statedir=/run/qemu-ga --pidfile=/run/qemu-ga.pid
  mark "qemu-ga exited ($?); restarting"
  sleep 1
done
