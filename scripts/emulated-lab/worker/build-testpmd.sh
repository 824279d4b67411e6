#!/usr/bin/env bash
# Builds a lean dpdk-testpmd for the worker initramfs: testpmd's own sources (Debian's DPDK source, the version of the
# installed libdpdk-dev) linked fully statically against libdpdk-dev's archives, with only the PMDs the worker uses
# built in (net_e1000 for the igb VF, net_null, mempool_ring). Debian's /usr/bin/dpdk-testpmd needs 54 shared
# libraries (26 MB of initramfs, 18,000 relocations); this one needs none. In the nested worker it reached its first
# EAL line 43 s after guest-exec instead of 48 s, its first statistics after 99 s instead of 106 s (one run each).
# Fully static (libc too): no dynamic loader runs at all, and the binary is self-contained. Its dlopen is only reached
# through -d with a .so in it, which the lean initramfs does not ship.
# Idempotent: rebuilt only when the source tarball, this script or libdpdk-dev changed (dpdk-testpmd.stamp).
#   build-testpmd.sh [CACHE]   -> CACHE/testpmd/dpdk-testpmd; the source tarball is kept in CACHE/src
# Exits non-zero when the source cannot be fetched or the build fails (build-initramfs.sh then falls back to Debian's).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/emulated-lab/lab-paths.sh
. "$here/../lab-paths.sh"
cache=${1:-$LAB_CACHE}

mirror=${VIRTSRIOV_DEBIAN_MIRROR:-http://deb.debian.org/debian}
archives=/usr/lib/x86_64-linux-gnu
# The static archives, in link order; the drivers register through constructors, so they go in whole.
drivers=(net_e1000 net_null mempool_ring bus_pci bus_vdev)
libraries=(ethdev cmdline mbuf mempool ring net meter pci kvargs telemetry eal)
# Libraries testpmd's meson.build makes optional, compiled out as meson does when they are absent (and the PMDs
# whose testpmd commands it would add).
absent=(RTE_HAS_JANSSON RTE_LIB_BITRATESTATS RTE_LIB_BPF RTE_LIB_GRO RTE_LIB_GSO RTE_LIB_LATENCYSTATS RTE_LIB_METRICS
  RTE_LIB_PDUMP RTE_CRYPTO_SCHEDULER RTE_NET_BNXT RTE_NET_BOND RTE_NET_DPAA RTE_BUS_DPAA RTE_NET_I40E RTE_NET_IXGBE
  RTE_NET_MLX5)
# sha256 of the orig tarballs this script was checked with; another version is checked against its .dsc only.
declare -A known_sha256=([22.11.11]=27a3bb1f57e02eb68c7c0a6f8bbf9fb74ec198c5aab74ed602da5b71c492a476)

log() { echo "emulated-lab testpmd: $*" >&2; }

for tool in gcc pkg-config curl xz; do
  command -v "$tool" >/dev/null || { log "$tool is missing"; exit 3; }
done
version=$(dpkg-query -W -f='${Version}' libdpdk-dev 2>/dev/null) || { log "libdpdk-dev is not installed"; exit 3; }
upstream=${version#*:}
upstream=${upstream%%-*}

out="$cache/testpmd"
src="$cache/src"
mkdir -p "$out" "$src"

dsc="$src/dpdk_${version#*:}.dsc"
if [ ! -s "$dsc" ]; then
  curl -fsS --retry 2 -o "$dsc.tmp" "$mirror/pool/main/d/dpdk/dpdk_${version#*:}.dsc" || { rm -f "$dsc.tmp"; log "cannot download the .dsc of dpdk $version"; exit 4; }
  mv "$dsc.tmp" "$dsc"
fi
# " SHA256 SIZE dpdk_22.11.11.orig.tar.xz" in the Checksums-Sha256 field.
read -r sha256 _ orig < <(sed -n '/^Checksums-Sha256:/,/^[^ ]/p' "$dsc" | awk '$3 ~ /\.orig\.tar\./ { print; exit }') || true
[ -n "${orig:-}" ] || { log "$dsc names no orig tarball"; exit 4; }
if [ -n "${known_sha256[$upstream]:-}" ] && [ "${known_sha256[$upstream]}" != "$sha256" ]; then
  log "$dsc gives $orig the sha256 $sha256, not the known ${known_sha256[$upstream]}"; exit 4
fi
tarball="$src/$orig"
if [ ! -f "$tarball" ] || [ "$(sha256sum "$tarball" | cut -d' ' -f1)" != "$sha256" ]; then
  log "downloading $orig"
  curl -fsS --retry 2 -o "$tarball.tmp" "$mirror/pool/main/d/dpdk/$orig" || { rm -f "$tarball.tmp"; log "cannot download $orig"; exit 4; }
  [ "$(sha256sum "$tarball.tmp" | cut -d' ' -f1)" = "$sha256" ] || { rm -f "$tarball.tmp"; log "$orig does not match its sha256 in the .dsc"; exit 4; }
  mv "$tarball.tmp" "$tarball"
fi

stamp="$out/dpdk-testpmd.stamp"
want="$sha256 $(sha256sum "$here/build-testpmd.sh" | cut -d' ' -f1) $version $(gcc -dumpfullversion)"
if [ -x "$out/dpdk-testpmd" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Only testpmd and the one EAL header libdpdk-dev does not install (rte_os_shim.h, which testpmd.h includes).
tar -xJf "$tarball" -C "$work" --strip-components=1 --wildcards '*/app/test-pmd/*' '*/lib/eal/linux/include/rte_os_shim.h'
testpmd="$work/app/test-pmd"
# The sources meson.build lists unconditionally: the first files( ... ) block.
mapfile -t sources < <(awk '/^sources = files\(/ { on = 1; next } on && /\)/ { exit } on { gsub(/[ ,\x27]/, ""); if ($0 != "") print }' "$testpmd/meson.build")
[ ${#sources[@]} -gt 10 ] || { log "found no source list in $testpmd/meson.build"; exit 5; }
{
  echo '#include <rte_build_config.h>'
  for macro in "${absent[@]}"; do echo "#undef $macro"; done
} > "$work/lean-config.h"

# Forced before pkg-config's -include rte_config.h: rte_build_config.h is "#pragma once", so the #undefs stick.
read -ra dpdk_cflags < <(pkg-config --cflags libdpdk)
cflags=(-O2 -pipe -Wno-deprecated-declarations -Wno-address-of-packed-member -DALLOW_EXPERIMENTAL_API -include "$work/lean-config.h" "${dpdk_cflags[@]}" -I"$testpmd" -I"$work/lib/eal/linux/include")
log "compiling ${#sources[@]} testpmd sources of dpdk $version"
printf '%s\n' "${sources[@]}" | xargs -P "$(nproc)" -I{} gcc "${cflags[@]}" -c "$testpmd/{}" -o "$work/{}.o" \
  || { log "compiling testpmd failed"; exit 5; }

whole=() plain=()
for d in "${drivers[@]}"; do whole+=("$archives/librte_$d.a"); done
for l in "${libraries[@]}"; do plain+=("$archives/librte_$l.a"); done
for a in "${whole[@]}" "${plain[@]}"; do [ -f "$a" ] || { log "$a is missing (libdpdk-dev)"; exit 5; }; done
# libbsd (strlcpy; glibc 2.36 has none) and libnuma are what Debian's EAL links; ld warns that dlopen and
# getaddrinfo need glibc's shared libraries at run time: neither runs in the worker.
objects=("${sources[@]/#/$work/}")
gcc -static -s -o "$work/dpdk-testpmd" "${objects[@]/%/.o}" \
  -Wl,--whole-archive "${whole[@]}" -Wl,--no-whole-archive \
  -Wl,--start-group "${plain[@]}" -Wl,--end-group \
  -lnuma -lbsd -lmd -lm -lpthread -ldl 2> "$work/link.log" \
  || { cat "$work/link.log" >&2; log "linking testpmd failed"; exit 5; }
mv "$work/dpdk-testpmd" "$out/dpdk-testpmd.tmp"
mv "$out/dpdk-testpmd.tmp" "$out/dpdk-testpmd"
echo "$want" > "$stamp"
log "built $out/dpdk-testpmd ($(du -h "$out/dpdk-testpmd" | cut -f1), static, PMDs: ${drivers[*]})"
