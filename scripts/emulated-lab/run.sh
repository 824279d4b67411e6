#!/usr/bin/env bash
# Runs one command in the emulated SR-IOV lab and powers the guest off:
#   scripts/emulated-lab/run.sh JOBDIR -- COMMAND [ARGS...]
# The guest is QEMU (TCG) with an Intel IOMMU and an igb (82576) SR-IOV NIC; its root is this host's
# root, read-only over virtio-9p; JOBDIR is shared read-write and is the command's working directory
# (/run/virtsriov-job in the guest), so relative output paths land in JOBDIR. After the run JOBDIR holds
# console.log (serial console), guest-output.log (the command's output), exit-code, dmesg.log and
# wall-seconds (QEMU start to power-off). Exit code: the command's, or 124 when the guest timed out,
# 125 when the lab is not prepared. Timeout: $VIRTSRIOV_LAB_TIMEOUT seconds (default 600).
# With $VIRTSRIOV_LAB_SSH_PORT the guest gets a management NIC of its own (virtio-net, QEMU user network) whose
# port 22 is forwarded from 127.0.0.1:PORT only; the igb under test never carries it, since creating VFs resets the PF.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/emulated-lab/lab-paths.sh
. "$here/lab-paths.sh"

if [ $# -lt 3 ] || [ "$2" != "--" ]; then
  echo "usage: $0 JOBDIR -- COMMAND [ARGS...]" >&2
  exit 2
fi
job=$(realpath -m "$1")
shift 2

for f in vmlinuz initrd.gz; do
  if [ ! -f "$LAB_CACHE/$f" ]; then
    echo "emulated-lab: $LAB_CACHE/$f is missing; run scripts/emulated-lab/prepare.sh (as root) first" >&2
    exit 125
  fi
done
command -v qemu-system-x86_64 >/dev/null || { echo "emulated-lab: qemu-system-x86_64 is not installed; run prepare.sh" >&2; exit 125; }

mkdir -p "$job"
rm -f "$job/exit-code" "$job/console.log" "$job/guest-output.log" "$job/dmesg.log" "$job/wall-seconds"
{
  echo "cd /run/virtsriov-job || exit 99"
  printf 'exec'
  printf ' %q' "$@"
  echo
} > "$job/guest-command.sh"

# no_timer_check: on a busy host, TCG can miss the kernel's IO-APIC timer check and panic at boot ("timer doesn't work
# through Interrupt-remapped IO-APIC"); panic=-1 turns any panic into a reboot, which -no-reboot turns into QEMU exiting.
management=()
if [ -n "${VIRTSRIOV_LAB_SSH_PORT:-}" ]; then
  management=(-netdev "user,id=mgmt,hostfwd=tcp:127.0.0.1:${VIRTSRIOV_LAB_SSH_PORT}-:22" -device virtio-net-pci,netdev=mgmt)
fi

start=$(date +%s.%N)
set +e
timeout --kill-after=10 "${VIRTSRIOV_LAB_TIMEOUT:-600}" \
  qemu-system-x86_64 -accel tcg -machine q35,kernel-irqchip=split -cpu max -smp 2 -m 2048 \
    -global q35-pcihost.pci-hole64-size=0 \
    -device intel-iommu,intremap=on,caching-mode=on \
    -kernel "$LAB_CACHE/vmlinuz" -initrd "$LAB_CACHE/initrd.gz" \
    -append "console=ttyS0 intel_iommu=on iommu=pt quiet loglevel=3 no_timer_check panic=-1" \
    -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on \
    -virtfs "local,path=$job,mount_tag=job,security_model=none" \
    -netdev user,id=n0 -device igb,netdev=n0 "${management[@]}" \
    -nographic -no-reboot \
    </dev/null >"$job/console.log" 2>&1
qemu_status=$?
set -e
awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f\n", e - s }' > "$job/wall-seconds"

if [ -s "$job/exit-code" ]; then
  exit "$(cat "$job/exit-code")"
fi
if [ $qemu_status -eq 124 ] || [ $qemu_status -eq 137 ]; then
  echo "emulated-lab: the guest did not finish within ${VIRTSRIOV_LAB_TIMEOUT:-600} s; see $job/console.log" >&2
  exit 124
fi
echo "emulated-lab: QEMU exited ($qemu_status) without a result; see $job/console.log" >&2
exit "$([ $qemu_status -ne 0 ] && echo $qemu_status || echo 1)"
