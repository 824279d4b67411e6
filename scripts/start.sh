#!/usr/bin/env bash
# Starts the dashboard on its built-in simulated lab at http://127.0.0.1:5080.
# As root it first installs what the simulated lab needs (libvirt0, dpdk-testpmd) from Debian's packages.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-prereqs.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run --project src/Web -c Release -- "$@"
