# Sourced by the emulated-lab scripts: where the lab's kernel and initramfs are cached.
if [ -n "${VIRTSRIOV_LAB_CACHE:-}" ]; then
  LAB_CACHE=$VIRTSRIOV_LAB_CACHE
elif [ "$(id -u)" -eq 0 ]; then
  LAB_CACHE=/var/cache/virtsriov-lab
else
  LAB_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/virtsriov-lab
fi
export LAB_CACHE
