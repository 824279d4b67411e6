#!/usr/bin/env bash
# The emulated lab as a remote hypervisor: run in the lab guest as its job (run.sh with VIRTSRIOV_LAB_SSH_PORT set):
#   VIRTSRIOV_LAB_SSH_PORT=2222 scripts/emulated-lab/run.sh JOBDIR -- bash scripts/emulated-lab/hypervisor.sh KERNELDIR
# JOBDIR holds host_ed25519 (the guest's SSH host key, made once per lab so known_hosts stays valid across boots)
# and authorized_keys (the dashboard's public key). The guest brings up its management NIC (virtio-net), starts
# sshd and libvirtd (state on tmpfs; the host root below is read-only), writes "ready" to JOBDIR/state and stays up
# until /run/virtsriov-stop exists (touched over SSH), then returns so the guest powers off.
#
# Like a hypervisor's disk, JOBDIR/persist keeps what the product installs across power cycles: /etc/systemd/system,
# /etc/virtsriov, /etc/modules-load.d, /usr/local/bin and /usr/local/lib/virtsriov are bind mounts of its folders (over
# writable overlays of the host's /etc and /usr/local). The guest's init is not systemd (systemd's own boot costs
# minutes under TCG, see docs/emulated-lab.md), so this script plays its part for the one unit that matters: when
# virtsriov-vfs.service is enabled, it loads the modules of /etc/modules-load.d and runs the unit's ExecStart, read
# from the persisted unit file, before the network and libvirtd, as the unit's ordering asks. Each boot's order is
# in /run/virtsriov-boot.log ("UPTIME EVENT" lines) and the unit's output in /run/virtsriov-vfs.log.
set -euo pipefail
kernel_root=$1
job=$PWD
state() { echo "$1" > "$job/state"; echo "virtsriov-lab: $1 at $(cut -d' ' -f1 /proc/uptime) s" > /dev/console; }
boot_event() { echo "$(cut -d' ' -f1 /proc/uptime) $*" >> /run/virtsriov-boot.log; }
modprobe_lab() { modprobe -d "$kernel_root" -S "$(uname -r)" "$@"; }

# The persistent folders, over writable overlays (the host root below is read-only, so new mount points need them).
modprobe_lab overlay
for d in /etc /usr/local; do
  layer=/run/virtsriov-overlay$d
  mkdir -p "$layer/upper" "$layer/work"
  mount -t overlay overlay -o "lowerdir=$d,upperdir=$layer/upper,workdir=$layer/work" "$d"
done
for d in /etc/systemd/system /etc/virtsriov /etc/modules-load.d /usr/local/bin /usr/local/lib/virtsriov; do
  mkdir -p "$job/persist$d" "$d"
  mount --bind "$job/persist$d" "$d"
done

unit=/etc/systemd/system/virtsriov-vfs.service
if [ -f "$unit" ] && [ -e /etc/systemd/system/multi-user.target.wants/virtsriov-vfs.service ]; then
  for f in /etc/modules-load.d/*.conf; do
    [ -f "$f" ] || continue
    grep -Ev '^[[:space:]]*(#|;|$)' "$f" | while read -r module; do modprobe_lab "$module" || true; done
  done
  condition=$(sed -n 's/^ConditionPathExists=//p' "$unit" | tail -n 1)
  read -ra exec_start <<< "$(sed -n 's/^ExecStart=//p' "$unit" | tail -n 1)"
  if [ ${#exec_start[@]} -gt 0 ] && { [ -z "$condition" ] || [ -e "$condition" ]; }; then
    boot_event "virtsriov-vfs.service start"
    set +e
    "${exec_start[@]}" </dev/null >/run/virtsriov-vfs.log 2>&1
    status=$?
    set -e
    boot_event "virtsriov-vfs.service exit $status"
    cp /run/virtsriov-vfs.log "$job/vfs-restore.log"
  fi
fi

boot_event "network start"
modprobe_lab virtio_net
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
boot_event "libvirtd start"
libvirtd -d </dev/null >/dev/null 2>&1
state ready

while [ ! -e /run/virtsriov-stop ]; do sleep 1; done
state stopping
