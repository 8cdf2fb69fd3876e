#!/usr/bin/env bash
# Set up everything petite needs on a fresh Debian/Ubuntu machine: the Debian packages
# (cross toolchains, QEMU, CMake, clang for fuzzing, valgrind) and a Python venv with pinned
# versions. Idempotent: a second run only checks and returns in seconds.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
venv="${PETITE_VENV:-$here/.venv}"

apt_pkgs=(gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib
          qemu-system-arm qemu-system-misc gcc-riscv64-unknown-elf cmake make gcc
          clang libclang-rt-14-dev valgrind)

# 1. Debian packages.
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: these Debian packages are missing: ${missing[*]}" >&2
    echo "setup: run this, then run the command again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# 2. Python: 3.10-3.13 (what executorch 1.5 supports).
py="${PYTHON:-python3}"
if ! "$py" -c 'import sys; sys.exit(0 if (3,10) <= sys.version_info[:2] <= (3,13) else 1)'; then
  echo "setup: petite needs Python 3.10 to 3.13 (executorch 1.5 wheels); found $("$py" --version 2>&1)." >&2
  echo "setup: set PYTHON=/path/to/python3.11 and run again." >&2
  exit 1
fi

# 3. The venv, with pinned versions. torch first: executorch does not pull it in.
stamp="$venv/.petite-setup"
want="$(cat "$here/python/requirements.txt" "$here/python/requirements-nodeps.txt" | sha256sum | cut -c1-16)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  echo "setup: creating Python environment in $venv"
  "$py" -m venv "$venv"
  pip_q() { "$venv/bin/pip" install -q --disable-pip-version-check "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2); }
  pip_q "torch==2.13.0"
  pip_q -r "$here/python/requirements.txt"
  pip_q --no-deps -r "$here/python/requirements-nodeps.txt"
  pip_q --no-deps -e "$here/python"
  echo "$want" > "$stamp"
fi
"$venv/bin/python" - <<'PY'
import torch, executorch, sys
import tosa_serializer  # needed by executorch's CortexMQuantizer (int8 export)
v = torch.__version__.split("+")[0]
if v != "2.13.0":
    sys.exit(f"setup: petite needs torch==2.13.0 (executorch 1.5 is built against it); the venv has {v}. Delete .venv and run again.")
PY
echo "setup: ok (Debian packages present, venv $venv)"
