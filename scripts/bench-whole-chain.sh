#!/usr/bin/env bash
# Wall clock of the whole chain on the emulated lab, per stage (figures, never pass/fail): lab boot to SSH and libvirtd,
# the kcli-shaped worker uploaded and defined over qemu+ssh, Preflight, VFs ready, worker patched/defined/started by the
# Worker VMs step, worker booted to its init (nested TCG), teardown, and the whole chain. Compare with the hand-made run's
# 15.6 min (emulated-lab.md); goal < 8 min on 2 cores without KVM. Needs root and the prepared lab
# (sudo bash scripts/install-prereqs.sh --lab); takes 10-20 minutes. Runs: 1 by default, or the first argument.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-1}
dotnet build tests/Lab.Tests -c Release -nologo -v q >/dev/null || { echo "build failed" >&2; exit 1; }
for i in $(seq 1 "$runs"); do
  figures=$(mktemp)
  VIRTSRIOV_FIGURES_FILE=$figures dotnet test --project tests/Lab.Tests -c Release --no-build -- \
    --filter-class VirtSriov.Lab.Tests.EmulatedLab.WholeChainLabTests >/dev/null || echo "whole chain lab test failed (run $i)" >&2
  sed "s/^figure: /whole chain run $i: /" "$figures"
  rm -f "$figures"
done
