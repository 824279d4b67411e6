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

with_lab=0
for arg in "$@"; do
  case "$arg" in
    --lab) with_lab=1 ;;
    *) echo "usage: $0 [--lab]" >&2; exit 2 ;;
  esac
done

packages=(libvirt0 libvirt-clients libxml2-utils dpdk dpdk-dev chromium chromium-driver fonts-dejavu-core sqlite3)

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
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

if [ $with_lab -eq 1 ]; then
  prepare_lab
fi
