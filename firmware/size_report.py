#!/usr/bin/env python3
"""Size report of one firmware image: `size` on the ELF, then text/data/bss per part
(runtime, kernels, model, app, board, libgcc), from the linker map's input sections.
Runs after each bare-metal link (firmware/CMakeLists.txt); prints the report and writes it."""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

PARTS = ("runtime", "kernels", "model", "app", "board", "libgcc")
# An input-section line of a GNU ld map: " .text.name  0xADDR  0xSIZE  file", or the name on
# a line of its own when it is long and the rest on the next line.
SECTION_RE = re.compile(r"^ (\.\S+|COMMON)(?:\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*))?$")
REST_RE = re.compile(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$")


def kind_of(section: str) -> str | None:
    """text (flash only), data (flash and RAM), bss (RAM only), or None for debug info."""
    if section.startswith((".text", ".rodata", ".srodata", ".vectors", ".ARM.exidx", ".init", ".fini")):
        return "text"
    if section.startswith((".data", ".sdata")):
        return "data"
    if section.startswith((".bss", ".sbss", "COMMON")):
        return "bss"
    return None


def part_of(section: str, path: str) -> str:
    if section.startswith(".rodata.petite.") or "/model" in path and "sine_model" in path:
        return "model"
    if "libpetite_runtime" in path or "/runtime/" in path:
        return "runtime"
    if "libpetite_kernels" in path or "/kernels/" in path or "kernel" in Path(path).name:
        return "kernels"
    if "libgcc" in path:
        return "libgcc"
    if "/boards/" in path:
        return "board"
    return "app"


def parse_map(text: str) -> dict[str, dict[str, int]]:
    sizes = {p: {"text": 0, "data": 0, "bss": 0} for p in PARTS}
    start = text.find("Linker script and memory map")
    if start < 0:
        raise ValueError("not a GNU ld map: no 'Linker script and memory map' section")
    lines = text[start:].splitlines()
    i = 0
    while i < len(lines):
        m = SECTION_RE.match(lines[i])
        i += 1
        if not m:
            continue
        section, addr, size, path = m.groups()
        if addr is None:  # long name: the numbers are on the next line
            if i >= len(lines):
                break
            r = REST_RE.match(lines[i])
            if not r:
                continue
            i += 1
            addr, size, path = r.groups()
        kind = kind_of(section)
        n = int(size, 16)
        if kind is None or n == 0 or int(addr, 16) == 0:
            continue
        sizes[part_of(section, path)][kind] += n
    return sizes


def report(size_tool: str, elf: Path, map_path: Path) -> str:
    size_out = subprocess.run([size_tool, str(elf)], check=True, capture_output=True, text=True).stdout
    fields = size_out.splitlines()[1].split()
    text, data, bss = (int(v) for v in fields[:3])
    parts = parse_map(map_path.read_text())
    out = [f"size report: {elf.name}", size_out.rstrip(), "", f"{'part':<10}{'text':>8}{'data':>8}{'bss':>8}"]
    for p in PARTS:
        s = parts[p]
        out.append(f"{p:<10}{s['text']:>8}{s['data']:>8}{s['bss']:>8}")
    out.append("(bss includes the stack; text includes read-only data such as the model)")
    out.append(f"flash_bytes={text + data} ram_bytes={data + bss} "
               + " ".join(f"{p}_flash={parts[p]['text'] + parts[p]['data']}" for p in PARTS))
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size", required=True, help="the size tool (arm-none-eabi-size ...)")
    ap.add_argument("--elf", required=True, type=Path)
    ap.add_argument("--map", required=True, type=Path)
    ap.add_argument("--out", required=True, type=Path)
    a = ap.parse_args(argv)
    try:
        text = report(a.size, a.elf, a.map)
    except (OSError, ValueError, subprocess.CalledProcessError, IndexError) as e:
        print(f"size_report: {e}", file=sys.stderr)
        return 1
    a.out.write_text(text)
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
