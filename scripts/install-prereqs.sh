#!/usr/bin/env bash
# Installs the Debian packages the dashboard and its tests need. Runs apt only as root and only
# when something is missing, so it is cheap to call before every start or test run.
set -euo pipefail

packages=(libvirt0 libvirt-clients libxml2-utils dpdk dpdk-dev chromium chromium-driver fonts-dejavu-core sqlite3)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Run as root, or install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 0
fi

echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
