#!/usr/bin/env bash
# Runs every test of the solution and ends with one line: "N passed, N failed, N skipped".
# As root it first installs what the tests need (libvirt, dpdk-testpmd, Chromium) from Debian's packages.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-prereqs.sh --lab || { echo "0 passed, 1 failed"; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
dotnet build VirtSriov.Web.sln -c Release -nologo 2>&1 | tail -n 3
if [ "${PIPESTATUS[0]}" -ne 0 ]; then
  dotnet build VirtSriov.Web.sln -c Release -nologo 2>&1 | grep -E "error" | sort -u | head -50
  echo "0 passed, 1 failed"
  exit 1
fi

# The nested whole chain (a worker VM inside the emulated lab: TCG in TCG, about 9 minutes) and the Chromium test on the
# emulated lab (category EmulatedLab) run after everything else, one after the other and alone: a TCG guest booting
# beside another starves past its boot timeout on 2 cores. VIRTSRIOV_WHOLE_CHAIN=0 leaves the whole chain out (quick
# local runs; CI runs it).
filters=(--filter-not-trait "Category=WholeChain" --filter-not-trait "Category=EmulatedLab")

dotnet test --solution VirtSriov.Web.sln -c Release --no-build --results-directory "$PWD/TestResults" "${filters[@]}" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

dotnet test --project tests/EndToEnd.Tests -c Release --no-build --results-directory "$PWD/TestResults" \
  --filter-trait "Category=EmulatedLab" "$@" 2>&1 | tee -a "$log"
lab_status=${PIPESTATUS[0]}
[ "$lab_status" -eq 0 ] || status=$lab_status

if [ "${VIRTSRIOV_WHOLE_CHAIN:-1}" = 1 ]; then
  dotnet test --project tests/EndToEnd.Tests -c Release --no-build --results-directory "$PWD/TestResults" \
    --filter-trait "Category=WholeChain" "$@" 2>&1 | tee -a "$log"
  chain_status=${PIPESTATUS[0]}
  [ "$chain_status" -eq 0 ] || status=$chain_status
else
  echo "Not running the WholeChain test (VIRTSRIOV_WHOLE_CHAIN=0)." >&2
fi

# MTP ends with a summary ("total: N / failed: N / succeeded: N / skipped: N"); read it.
read -r passed failed skipped < <(awk '
  /^[[:space:]]*failed: [0-9]+/    { f += $2 }
  /^[[:space:]]*succeeded: [0-9]+/ { p += $2 }
  /^[[:space:]]*skipped: [0-9]+/   { s += $2 }
  END { print p+0, f+0, s+0 }' "$log")

# A run that printed no summary (killed, crashed) or ran nothing is a failure, whatever its exit code.
if ! grep -qE "^[[:space:]]*total: [1-9]" "$log"; then
  echo "The test run ended without a summary: treating it as failed." >&2
  status=1
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
rm -f "$log"
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
