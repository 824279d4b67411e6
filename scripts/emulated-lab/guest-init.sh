#!/bin/busybox sh
# /init of the emulated lab's initramfs (built by prepare.sh). It mounts the host's root
# read-only over virtio-9p (tag hostroot), the job folder read-write (tag job) at
# /run/virtsriov-job, loads the NIC and vfio modules of the lab kernel, runs the job's
# guest-command.sh in a chroot of the host root, records its exit code and powers off.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mark() { echo "virtsriov-lab: $1 at $(cut -d' ' -f1 /proc/uptime) s" > /dev/console; }
mark "init started"

for m in $(cat /modules/order); do insmod "/modules/$m.ko" || echo "insmod $m failed" > /dev/console; done

version=$(cat /kernel-version)
kernel_root=$(cat /kernel-root)
job=/newroot/run/virtsriov-job
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144 hostroot /newroot || { echo "cannot mount hostroot"; poweroff -f; }
mkdir -p /dev/hugepages /dev/shm /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t devpts devpts /dev/pts
# Open to every user: the unprivileged testpmd maps its hugepages here.
mount -t hugetlbfs -o mode=1777 hugetlbfs /dev/hugepages
echo 320 > /proc/sys/vm/nr_hugepages
mount -o bind /proc /newroot/proc
mount -o bind /sys /newroot/sys
mount -o rbind /dev /newroot/dev
mount -t tmpfs -o mode=0755 tmpfs /newroot/run
# Scratch space lives under /run, so the host's /tmp stays visible (a CI clone or a test build may sit there).
mkdir -p -m 1777 /newroot/run/tmp
mkdir -p "$job"
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 job "$job" || { echo "cannot mount the job folder"; poweroff -f; }

# The lab kernel's modules live in the extracted package on the host, not in /lib/modules.
for m in igb vfio-pci; do
  chroot /newroot /sbin/modprobe -d "$kernel_root" -S "$version" "$m" || echo "modprobe $m failed" > /dev/console
done
mark "job starting"

set -o pipefail
chroot /newroot /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/run/tmp TMPDIR=/run/tmp \
  DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 VIRTSRIOV_LAB_GUEST=1 \
  /bin/bash /run/virtsriov-job/guest-command.sh 2>&1 | tee "$job/guest-output.log"
echo $? > "$job/exit-code"
dmesg > "$job/dmesg.log"
mark "job finished (exit $(cat "$job/exit-code"))"
sync
poweroff -f
