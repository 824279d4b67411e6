#!/usr/bin/env bash
# The emulated lab as a remote hypervisor: run in the lab guest as its job (run.sh with VIRTSRIOV_LAB_SSH_PORT set):
#   VIRTSRIOV_LAB_SSH_PORT=2222 scripts/emulated-lab/run.sh JOBDIR -- bash scripts/emulated-lab/hypervisor.sh KERNELDIR
# JOBDIR holds host_ed25519 (the guest's SSH host key, made once per lab so known_hosts stays valid across boots)
# and authorized_keys (the dashboard's public key). The guest brings up its management NIC (virtio-net), starts
# sshd and libvirtd (state on tmpfs; the host root below is read-only), writes "ready" to JOBDIR/state and stays up
# until /run/virtsriov-stop exists (touched over SSH), then returns so the guest powers off.
set -euo pipefail
kernel_root=$1
job=$PWD
state() { echo "$1" > "$job/state"; echo "virtsriov-lab: $1 at $(cut -d' ' -f1 /proc/uptime) s" > /dev/console; }

modprobe -d "$kernel_root" -S "$(uname -r)" virtio_net
nic=
for n in /sys/class/net/*; do
  if [ "$(basename "$(readlink -f "$n/device/driver" 2>/dev/null)")" = virtio_net ]; then nic=$(basename "$n"); fi
done
[ -n "$nic" ] || { state "no management NIC (virtio-net): was VIRTSRIOV_LAB_SSH_PORT set?"; exit 3; }
ip link set lo up
ip link set "$nic" up
ip addr add 10.0.2.15/24 dev "$nic"
ip route add default via 10.0.2.2 dev "$nic"

# sshd first (libvirt's state copies are slow over 9p under TCG); -f /dev/null: no sshd_config is read.
mkdir -p -m 0700 /run/virtsriov-ssh /run/sshd
install -m 0600 "$job/host_ed25519" "$job/authorized_keys" /run/virtsriov-ssh/
/usr/sbin/sshd -f /dev/null -o HostKey=/run/virtsriov-ssh/host_ed25519 \
  -o AuthorizedKeysFile=/run/virtsriov-ssh/authorized_keys -o PermitRootLogin=prohibit-password \
  -o PasswordAuthentication=no -o UsePAM=no -o UseDNS=no -o PidFile=/run/sshd.pid \
  -o "Subsystem=sftp /usr/lib/openssh/sftp-server" </dev/null >/dev/null 2>&1
state ssh

# libvirtd: writable copies of its folders on tmpfs (owners and modes kept), no private mount namespace for QEMU
# (on a 9p root QEMU could not see /dev/vfio/N from one), cgroup2 for memtune; stdio on /dev/null so the
# daemons never hold the job's output open.
for d in /var/lib/libvirt /var/cache/libvirt /var/log/libvirt /etc/libvirt; do
  mkdir -p "/run/virtsriov-copy$d"
  cp -a "$d/." "/run/virtsriov-copy$d/"
  mount -t tmpfs -o mode=0755 tmpfs "$d"
  cp -a "/run/virtsriov-copy$d/." "$d/"
done
for d in /tmp /var/tmp /root; do mount -t tmpfs -o mode=1777 tmpfs "$d"; done
chmod 0700 /root
echo 'namespaces = [ ]' >> /etc/libvirt/qemu.conf
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null || true
virtlogd -d </dev/null >/dev/null 2>&1
libvirtd -d </dev/null >/dev/null 2>&1
state ready

while [ ! -e /run/virtsriov-stop ]; do sleep 1; done
state stopping
