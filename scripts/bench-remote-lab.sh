#!/usr/bin/env bash
# The emulated lab as a remote hypervisor, per stage in seconds (boot to SSH ready, Preflight over SSH, the Virtual
# functions step over SSH) and the VF step against a hand-written shell script doing the same work in the same lab boot:
# prints the ratio (goal <= 1.2x). Boots one QEMU guest under TCG (minutes). Needs the prepared lab (as root:
# bash scripts/install-prereqs.sh --lab).
#   bash scripts/bench-remote-lab.sh [VFS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build tests/Benchmarks -c Release -v quiet -nologo >/dev/null
dotnet tests/Benchmarks/bin/Release/net10.0/VirtSriov.Benchmarks.dll remote-lab "${1:-2}" "${2:-2}"
