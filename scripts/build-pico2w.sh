#!/usr/bin/env bash
# Builds the Pico 2 W image (BUILD/pico2w/petite_pico2w.uf2) when the Pico SDK is installed,
# and says in one line why not when it is not: CI has no SDK, so that is not an error.
# Usage: scripts/build-pico2w.sh BUILD MODELS     (`make pico2w`, after `make host`)
# Environment: PICO_SDK_PATH (required to build), picotool_DIR (optional: <prefix>/lib/cmake/picotool).
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 BUILD_DIR MODELS_DIR" >&2
  exit 2
fi
build=$(realpath -m "$1")
models=$(realpath -m "$2")
root=$(cd "$(dirname "$0")/.." && pwd)
out=$build/pico2w

if [[ -z "${PICO_SDK_PATH:-}" ]]; then
  echo "pico2w: skipped — PICO_SDK_PATH is not set (install the Pico SDK 2.2.0 and picotool >= 2.1.1; see README)"
  exit 0
fi
if [[ ! -f "$PICO_SDK_PATH/pico_sdk_init.cmake" ]]; then
  echo "pico2w: skipped — PICO_SDK_PATH=$PICO_SDK_PATH holds no Pico SDK (install the Pico SDK 2.2.0 and picotool >= 2.1.1; see README)"
  exit 0
fi

args=(-S "$root/firmware/boards/pico2w" -B "$out"
      -DPICO_SDK_PATH="$PICO_SDK_PATH"
      -DPETITE_HOST_TOOLS="$build/host/tools"
      -DPETITE_MODELS_DIR="$models")
if [[ -n "${picotool_DIR:-}" ]]; then
  args+=(-Dpicotool_DIR="$picotool_DIR")
fi

mkdir -p "$out"
if ! cmake "${args[@]}" >"$out/configure.log" 2>&1; then
  if grep -q "Downloading Picotool\|No picotool found\|Incompatible picotool" "$out/configure.log"; then
    echo "pico2w: configure failed: no host picotool >= 2.1.1 found (the SDK then tries to download it)." >&2
    echo "pico2w: fix: build picotool 2.2.0, then rerun with picotool_DIR=<prefix>/lib/cmake/picotool or its bin/ on PATH." >&2
  else
    echo "pico2w: configure failed; the end of $out/configure.log:" >&2
  fi
  tail -n 25 "$out/configure.log" >&2
  exit 1
fi
# Without TinyUSB the SDK builds USB stdio as nothing: the board would run and print nowhere.
if ! grep -q "TinyUSB available" "$out/configure.log"; then
  echo "pico2w: $PICO_SDK_PATH/lib/tinyusb is missing (USB serial would be silently absent): add the SDK's tinyusb submodule" >&2
  exit 1
fi

if ! cmake --build "$out" -j "$(nproc)" >"$out/build.log" 2>&1; then
  echo "pico2w: build failed; the end of $out/build.log:" >&2
  tail -n 40 "$out/build.log" >&2
  exit 1
fi

uf2=$out/petite_pico2w.uf2
elf=$out/petite_pico2w.elf
echo "pico2w: $uf2 ($(stat -c %s "$uf2") bytes); flash it: hold BOOTSEL, plug in, copy the .uf2 to RP2350"
arm-none-eabi-size "$elf" "$out/petite_pico2w_hello.elf"

# petite's parts of the image, from the linker map: what each part put in flash (text +
# rodata), initialised RAM (data) and zeroed RAM (bss). The model is the `petite header` array,
# the table is the selective kernel table from `petite ops --table`.
python3 - "$out/petite_pico2w.elf.map" "$(realpath "$PICO_SDK_PATH")" <<'EOF'
import re, sys
from collections import defaultdict

map_path, sdk = sys.argv[1], sys.argv[2]
RAM_DATA = (".data", ".tdata")
RAM_BSS = (".bss", ".tbss", ".uninitialized_data", ".ram_vector_table")
SKIP = (".heap", ".stack_dummy", ".comment", ".ARM.attributes", ".debug")

def part(section: str, obj: str) -> str:
    if "libpetite_runtime.a(" in obj:
        return "runtime"
    if "libpetite_kernels.a(" in obj:
        return "kernels"
    if "/firmware/app/" in obj:
        return "app"
    if "board_pico2w.c" in obj:
        return "board"
    if sdk in obj or "/lib/gcc/" in obj or "arm-none-eabi/lib" in obj:
        return "sdk+libc"
    if section.startswith(".rodata.petite.") or "petite_pico2w.dir" in obj:
        return "model+table"  # the sources petite_add_model generates
    return "sdk+libc"

sizes = defaultdict(lambda: [0, 0, 0])
text = open(map_path, encoding="utf-8", errors="replace").read()
lines = text[text.index("Linker script and memory map"):].splitlines()
# " .text.name 0xADDR 0xSIZE file", or the name alone when long and the numbers on the next line
entry = re.compile(r"^ (\.\S+|COMMON)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$")
name_only = re.compile(r"^ (\.\S+|COMMON)$")
out_sec, in_sec = None, ""
for line in lines:
    head = re.match(r"^(\.\S+)", line)
    if head:
        out_sec = head.group(1)
        continue
    if out_sec is None or out_sec.startswith(SKIP):
        continue
    alone = name_only.match(line)
    if alone:
        in_sec = alone.group(1)
        continue
    m = entry.match(line)
    if not m:
        continue
    in_sec = m.group(1) or in_sec
    size, obj = int(m.group(3), 16), m.group(4).strip()
    if size and not obj.startswith("load address"):
        col = 1 if out_sec in RAM_DATA else 2 if out_sec in RAM_BSS else 0
        sizes[part(in_sec, obj)][col] += size

print(f"{'part':<12} {'text':>8} {'data':>8} {'bss':>8}")
for name in ("runtime", "kernels", "model+table", "app", "board", "sdk+libc"):
    t, d, b = sizes.get(name, (0, 0, 0))
    print(f"{name:<12} {t:>8} {d:>8} {b:>8}")
t, d, b = (sum(v[i] for v in sizes.values()) for i in range(3))
print(f"{'total':<12} {t:>8} {d:>8} {b:>8}")
print("(text = flash, data = flash + RAM, bss = RAM; sdk+libc includes the CYW43 firmware blob for the LED)")
EOF
