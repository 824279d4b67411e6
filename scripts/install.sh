#!/usr/bin/env bash
# Installs VirtSriov for production, as root: a self-contained publish of the dashboard and the CLI to
# /opt/virtsriov, the CLI on PATH at /usr/local/bin/virtsriov (the VF boot unit runs it), and a hardened
# systemd unit, virtsriov.service, enabled and started; state in /var/lib/virtsriov.
#
#   bash scripts/install.sh                 install (or upgrade) and start
#   bash scripts/install.sh --uninstall     stop and remove the program, the unit and the link; keep the data
#   --prefix DIR                            install under DIR as if it were / (a throw-away root): the unit points
#                                           into DIR and nothing is enabled or started
set -euo pipefail
cd "$(dirname "$0")/.."

prefix=""
uninstall=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix)
      [ $# -ge 2 ] && [ -n "$2" ] || { echo "--prefix needs a directory, e.g. --prefix /tmp/virtsriov-root" >&2; exit 2; }
      prefix="$(realpath -m "$2")"
      shift 2 ;;
    --uninstall) uninstall=1; shift ;;
    *) echo "usage: $0 [--prefix DIR] [--uninstall]" >&2; exit 2 ;;
  esac
done

if [ "$(id -u)" -ne 0 ]; then
  echo "install.sh must run as root (it writes /opt, /usr/local/bin and /etc/systemd/system): sudo bash $0 $*" >&2
  exit 1
fi

app_dir="$prefix/opt/virtsriov"
cli_link="$prefix/usr/local/bin/virtsriov"
unit_file="$prefix/etc/systemd/system/virtsriov.service"
data_dir=/var/lib/virtsriov
# systemd is asked to act only for a real install on a host it runs.
manage_service=0
if [ -z "$prefix" ] && [ -d /run/systemd/system ]; then
  manage_service=1
fi

if [ $uninstall -eq 1 ]; then
  if [ $manage_service -eq 1 ]; then
    systemctl disable --now virtsriov.service 2>/dev/null || true
  fi
  rm -f "$unit_file" "$cli_link"
  rm -rf "$app_dir"
  if [ $manage_service -eq 1 ]; then
    systemctl daemon-reload
  fi
  echo "Removed $app_dir, $cli_link and $unit_file."
  echo "Kept the history, keys and simulated lab in $data_dir (delete it to forget them)."
  if [ -e "$prefix/etc/systemd/system/virtsriov-vfs.service" ]; then
    echo "Warning: virtsriov-vfs.service still recreates VFs at boot with the removed CLI; tear the runs down first, or reinstall." >&2
  fi
  exit 0
fi

if [ -z "$prefix" ]; then
  bash scripts/install-prereqs.sh
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
echo "Publishing the dashboard and the CLI (self-contained, linux-x64); this takes a few minutes."
publish() {
  dotnet publish "$1" -c Release -r linux-x64 --self-contained -o "$2" >"$staging/publish.log" 2>&1 \
    || { tail -n 30 "$staging/publish.log" >&2; echo "dotnet publish $1 failed (above); nothing was installed." >&2; exit 1; }
}
publish src/Web "$staging/dashboard"
publish src/Cli "$staging/cli"

if [ $manage_service -eq 1 ]; then
  systemctl stop virtsriov.service 2>/dev/null || true
fi
rm -rf "$app_dir"
install -d -m 755 "$app_dir" "$(dirname "$cli_link")" "$(dirname "$unit_file")"
cp -a "$staging/dashboard" "$staging/cli" "$app_dir/"
ln -sfn "$app_dir/cli/VirtSriov.Cli" "$cli_link"
# The Virtual functions step writes its boot configuration here; it must exist to be writable under ProtectSystem=strict.
install -d -m 755 "$prefix/etc/virtsriov"

cat > "$unit_file" <<EOF
# Installed by VirtSriov's scripts/install.sh; reinstalling overwrites it.
[Unit]
Description=VirtSriov dashboard (DPDK on SR-IOV virtual functions in KVM clusters)
After=network-online.target libvirtd.service
Wants=network-online.target

[Service]
Type=exec
ExecStart=$app_dir/dashboard/VirtSriov.Web
WorkingDirectory=$app_dir/dashboard
Environment=VirtSriov__DataDirectory=$data_dir
Environment=DOTNET_CLI_TELEMETRY_OPTOUT=1
Restart=on-failure
StateDirectory=virtsriov
StateDirectoryMode=0700
# The steps run as root and change the host: sysfs (VFs, vfio-pci binding), the VF boot unit and its
# configuration, the vfio module list, kcli's state; local testpmd keeps its EAL runtime in /run/dpdk.
# Everything else is read-only.
ProtectSystem=strict
ReadWritePaths=/sys /etc/systemd/system $prefix/etc/virtsriov /etc/modules-load.d -/root/.kcli
RuntimeDirectory=dpdk
RuntimeDirectoryPreserve=yes
PrivateTmp=yes
NoNewPrivileges=yes
ProtectHome=read-only
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
RestrictSUIDSGID=yes
LockPersonality=yes
RestrictRealtime=yes
UMask=0077

[Install]
WantedBy=multi-user.target
EOF
chmod 644 "$unit_file"

if [ $manage_service -eq 1 ]; then
  systemctl daemon-reload
  systemctl enable --now virtsriov.service
  echo "Installed and started: http://127.0.0.1:5080 (the one-time setup link: journalctl -u virtsriov)."
else
  reason="systemd is not running"
  [ -z "$prefix" ] || reason="a throw-away root"
  echo "Installed $app_dir, $cli_link and $unit_file; not started ($reason)."
fi
