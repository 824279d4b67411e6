#!/usr/bin/env bash
# Prints the project's performance numbers with their ratio to the goals. Not part of the tests:
# timings on a shared machine are noisy, so they are measured here and reported, never asserted.
# --lab adds the emulated lab booted as a remote hypervisor (figures over SSH).
# --properties runs only the property tests at 10x their test-run cases (10^6 in all) and prints cases and time.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-prereqs.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build VirtSriov.Web.sln -c Release -nologo -v q >/dev/null

if [ "${1:-}" = "--properties" ]; then
  t0=$(date +%s%N)
  VIRTSRIOV_PROPERTY_SCALE=10 dotnet test --project tests/Core.Tests -c Release --no-build -- \
    --filter-namespace VirtSriov.Core.Tests.Properties | grep -E "total:|failed:|succeeded:"
  t1=$(date +%s%N)
  echo "property tests at 10^6 generated cases: $(( (t1 - t0) / 1000000 )) ms"
  exit 0
fi

web=src/Web/bin/Release/net10.0/VirtSriov.Web.dll
bench=tests/Benchmarks/bin/Release/net10.0/VirtSriov.Benchmarks.dll

start_to_healthy() {
  local data port pid t0 t1
  data=$(mktemp -d) port=$((20000 + RANDOM % 20000))
  t0=$(date +%s%N)
  dotnet "$web" --urls "http://127.0.0.1:$port" --VirtSriov:DataDirectory "$data" >/dev/null 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do sleep 0.02; done
  t1=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
  echo $(( (t1 - t0) / 1000000 ))
}

for i in 1 2 3; do
  ms=$(start_to_healthy)
  awk -v ms="$ms" -v i="$i" 'BEGIN { printf "dashboard start to first healthy response (run %d, fresh data folder): %d ms (goal < 3000 ms: ratio %.2f)\n", i, ms, ms / 3000 }'
done

dotnet "$bench" pipeline 200000
dotnet "$bench" wizard 15
dotnet "$bench" follow 30 1
# 100 SignalR hub clients and 5 real Blazor circuits (Chromium pages) following one live run of the dashboard process.
dotnet "$bench" load 100 5
# 10,000 runs and 10 million events in SQLite: the History page's query and the run detail page's loads.
dotnet "$bench" history 10000 10000000
for filter in '*TestpmdParser*' '*EventAppend*' '*Preflight*' '*DomainPatcher*' '*LibvirtCalls*' '*ClusterManifest*'; do
  dotnet "$bench" --filter "$filter" --job short 2>&1 | grep -E "^\|" || true
done

# The emulated lab as a remote hypervisor (about 2 minutes under TCG): boot to SSH and libvirtd ready, Preflight over
# SSH, 2 VFs created and bound over SSH. Only with --lab: it needs the prepared lab (install-prereqs.sh --lab) and root.
if [ "${1:-}" = "--lab" ]; then
  figures=$(mktemp)
  VIRTSRIOV_FIGURES_FILE=$figures dotnet test --project tests/Lab.Tests -c Release --no-build -- \
    --filter-class VirtSriov.Lab.Tests.EmulatedLab.RemoteHypervisorLabTests >/dev/null || echo "remote hypervisor lab test failed" >&2
  sed 's/^figure: /remote emulated lab: /' "$figures"
  rm -f "$figures"
  # The whole chain (10-20 minutes): lab, worker, VFs, Worker VMs, nested worker boot, teardown.
  bash scripts/bench-whole-chain.sh 1
fi
