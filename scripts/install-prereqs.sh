#!/usr/bin/env bash
# Installs the Debian packages the dashboard and its tests need. Runs apt only as root and only
# when something is missing, so it is cheap to call before every start or test run.
# --lab also prepares the optional emulated SR-IOV lab (QEMU 10 from bookworm-backports, a Debian
# guest kernel, a busybox initramfs; see scripts/emulated-lab/prepare.sh), used by tests/Lab.Tests.
set -euo pipefail

# Optional: the emulated-hardware lab. A failure is reported but does not fail the other prerequisites;
# the lab test then skips and says why.
prepare_lab() {
  bash "$(dirname "$0")/emulated-lab/prepare.sh" || echo "The emulated SR-IOV lab could not be prepared; tests/Lab.Tests will skip its lab test." >&2
}

# The lab guest runs sshd and libvirtd from this host's root (seen read-only over 9p), and the SSH transport's
# tests start a throw-away sshd on a loopback port. Neither daemon may start on this host: policy-rc.d refuses
# the packages' start scripts while they install, on systemd and sysvinit hosts alike.
# gcc, libc6-dev, pkg-config, curl: the worker's static testpmd (scripts/emulated-lab/worker/build-testpmd.sh).
lab_packages=(openssh-server openssh-sftp-server libvirt-daemon-system ovmf qemu-guest-agent gcc libc6-dev pkg-config curl)

with_lab=0
for arg in "$@"; do
  case "$arg" in
    --lab) with_lab=1 ;;
    *) echo "usage: $0 [--lab]" >&2; exit 2 ;;
  esac
done

packages=(iproute2 libvirt0 libvirt-clients libxml2-utils dpdk dpdk-dev chromium chromium-driver fonts-dejavu-core sqlite3 systemd)

if [ $with_lab -eq 1 ]; then
  packages+=("${lab_packages[@]}")
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${missing[*]}" >&2
    echo "Run as root, or install them with: sudo apt-get install -y ${missing[*]}" >&2
  else
    echo "Installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    no_start=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\n# VirtSriov install-prereqs: no daemon starts while packages install.\nexit 101\n' > /usr/sbin/policy-rc.d
      chmod 755 /usr/sbin/policy-rc.d
      no_start=1
    fi
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    [ $no_start -eq 0 ] || rm -f /usr/sbin/policy-rc.d
  fi
fi

if [ $with_lab -eq 1 ]; then
  prepare_lab
fi
