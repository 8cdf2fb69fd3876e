#!/usr/bin/env python3
"""Measures the flash each kernel costs on the Cortex-M33, for `petite fit`'s estimates.

For every kernel in kernels/kernels.def it links a one-kernel selective table against an M33
build of petite_runtime and petite_kernels (-O2, -ffunction-sections, --gc-sections), reads
the link map, and records which input sections that kernel pulls in (its own functions, the
shared helpers, libm/libgcc routines). The runtime is measured the same way from its public
API. Sections are kept separately so that `petite fit` counts a helper shared by several
kernels once: the estimate for a set of kernels is the size of the union of their sections.

    python tools/fit_measure.py --build build/m33 --out tools/fit_sizes.h     (or: make fit-sizes)
(the build: `make m33`, or `cmake -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-m33.cmake ...` then
`cmake --build <dir> --target petite_runtime petite_kernels`).

The file records the sha256 of the sources it was measured from (INPUTS), so a test can tell
when it is stale; with the same sources and compiler the output is the same byte for byte.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "firmware"))
sys.path.insert(0, str(ROOT / "tests" / "memcheck"))
from size_report import REST_RE, SECTION_RE, kind_of  # noqa: E402  (the project's map reader)
import stack_usage  # noqa: E402  (the project's stack measurement)

CPU = ["-mcpu=cortex-m33", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv5-sp-d16"]
CC = "arm-none-eabi-gcc"
RUNTIME_API = ["pt_program_load", "pt_program_method_count", "pt_program_method_name",
               "pt_method_needs", "pt_method_init", "pt_method_set_input", "pt_method_bind_input",
               "pt_method_input", "pt_method_execute", "pt_method_output", "pt_status_name",
               "pt_dtype_name", "pt_dtype_size", "pt_kernel_find", "pt_fail"]


# What the measurement depends on: the runtime and kernel sources and build files, the libc
# routines linked with them, the M33 flags, and the measuring code itself.
INPUTS = ["runtime", "kernels", "firmware/boards/common/libc_min.c", "firmware/size_report.py",
          "tools/fit_measure.py", "tests/memcheck/stack_usage.py", "cmake/toolchain-m33.cmake"]
# The stack a petite firmware reserves: petite's deepest path (entry point + kernel) with this
# much more for the application, printing and interrupt handlers, rounded up to 1 KB.
STACK_MARGIN = 0.5
INPUT_SUFFIXES = {".c", ".h", ".def", ".txt", ".py", ".cmake", ".S"}


def input_files() -> list[Path]:
    files: list[Path] = []
    for rel in INPUTS:
        p = ROOT / rel
        files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix in INPUT_SUFFIXES) if p.is_dir() else [p]
    return files


def inputs_sha256() -> str:
    """One sha256 over the paths and contents of every input, in a fixed order."""
    h = hashlib.sha256()
    for f in input_files():
        h.update(f.relative_to(ROOT).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def compiler_version() -> str:
    return subprocess.run([CC, "--version"], check=True, capture_output=True, text=True).stdout.splitlines()[0]


def kernels() -> list[tuple[str, str]]:
    """Every PT_KERNEL(symbol, "name") of kernels/kernels.def and the .def files beside it."""
    defs = [ROOT / "kernels" / "kernels.def", *sorted((ROOT / "kernels").glob("*/*.def"))]
    return [k for d in defs for k in re.findall(r'^PT_KERNEL\((\w+),\s*"([^"]+)"\)', d.read_text(), re.M)]


def sections(map_text: str) -> dict[str, int]:
    """flash input sections (text/rodata/data) of a link map: 'file:section' -> bytes."""
    out: dict[str, int] = {}
    lines = map_text[map_text.find("Linker script and memory map"):].splitlines()
    i = 0
    while i < len(lines):
        m = SECTION_RE.match(lines[i])
        i += 1
        if not m:
            continue
        sec, addr, size, path = m.groups()
        if addr is None:
            if i >= len(lines) or not REST_RE.match(lines[i]):
                continue
            addr, size, path = REST_RE.match(lines[i]).groups()
            i += 1
        kind = kind_of(sec)
        if kind in ("text", "data") and int(size, 16) and int(addr, 16):
            key = f"{Path(path.split('(')[0]).name}{'(' + path.split('(')[1] if '(' in path else ''}:{sec}"
            out[key] = out.get(key, 0) + int(size, 16)
    return out


def link(build: Path, work: Path, name: str, roots: list[str], extra: list[Path]) -> dict[str, int]:
    libgcc = subprocess.run([CC, *CPU, "-print-libgcc-file-name"], check=True,
                            capture_output=True, text=True).stdout.strip()
    out = work / f"{name}.elf"
    cmd = [CC, *CPU, "-nostdlib", "-Wl,--gc-sections", f"-Wl,-e,{roots[0]}",
           *[f"-Wl,-u,{r}" for r in roots], f"-Wl,-Map={work / name}.map", "-o", str(out),
           *map(str, extra), str(build / "kernels" / "libpetite_kernels.a"),
           str(build / "runtime" / "libpetite_runtime.a"), "-lm", libgcc]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    return sections((work / f"{name}.map").read_text())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--build", type=Path, required=True, help="an M33 build of petite_runtime and petite_kernels")
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    version = compiler_version()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # memcpy/memset come from the boards' minimal libc, as in the firmware.
        libc = work / "libc_min.o"
        subprocess.run([CC, *CPU, "-O2", "-ffunction-sections", "-fdata-sections", "-ffreestanding",
                        "-fno-tree-loop-distribute-patterns", "-fno-builtin", "-c",
                        str(ROOT / "firmware" / "boards" / "common" / "libc_min.c"), "-o", str(libc)],
                       check=True)
        # newlib's libm sets errno: a firmware with libc has __errno; the measurement supplies one.
        errno_c = work / "errno_stub.c"
        errno_c.write_text("int *__errno(void);\nint *__errno(void) { static int e; return &e; }\n")
        subprocess.run([CC, *CPU, "-O2", "-ffunction-sections", "-fdata-sections", "-c", str(errno_c),
                        "-o", str(work / "errno_stub.o")], check=True)
        libc_objs = [libc, work / "errno_stub.o"]
        runtime = link(a.build, work, "runtime", RUNTIME_API, libc_objs)
        table_ids: dict[str, int] = {}
        sizes: dict[str, int] = {}
        per_kernel: list[tuple[str, list[int]]] = []
        for sym, op in kernels():
            src = work / f"{sym}.c"
            src.write_text('#include "petite_kernel.h"\n'
                           f"extern const pt_kernel pt_k_{sym};\n"
                           f"static const pt_kernel *const sel[1] = {{&pt_k_{sym}}};\n"
                           "const pt_kernel_table pt_selected_kernels = {sel, 1};\n")
            obj = work / f"{sym}.o"
            subprocess.run([CC, *CPU, "-O2", "-ffunction-sections", "-fdata-sections", "-c",
                            f"-I{ROOT / 'runtime' / 'include'}", str(src), "-o", str(obj)], check=True)
            secs = link(a.build, work, sym, ["pt_selected_kernels", *RUNTIME_API], [obj, *libc_objs])
            mine = sorted(k for k in secs if k not in runtime and not k.startswith(f"{sym}.o:"))
            for k in mine:
                table_ids.setdefault(k, len(table_ids))
            per_kernel.append((op, [table_ids[k] for k in mine]))
            sizes.update({k: secs[k] for k in mine})
        stack, problems = stack_usage.measure(ROOT, work / "stack", CC, report=sys.stderr)
        if problems:
            sys.exit("fit_measure: the stack measurement failed: " + "; ".join(problems))
    rt_bytes = sum(runtime.values())
    stack_bytes = -(-int(stack["total"] * (1 + STACK_MARGIN)) // 1024) * 1024
    lines = [
        "/* Generated by tools/fit_measure.py (make fit-sizes): do not edit; a test fails when the",
        " * sources it was measured from change (FIT_INPUTS_SHA256). Measured with",
        f" * {version}, {' '.join(CPU)} -O2",
        " * -ffunction-sections -fdata-sections, linked with --gc-sections.",
        " * Flash bytes (text + rodata + data) from the link map. */",
        f'#define FIT_MEASURED_WITH "{version}, Cortex-M33 -O2"',
        f'#define FIT_INPUTS_SHA256 "{inputs_sha256()}"',
        f"#define FIT_RUNTIME_FLASH {rt_bytes}u /* the runtime's public API, memcpy/memset and the libgcc helpers it calls */",
        "",
        "/* Stack: petite's deepest path (entry point + kernel) on the M33, from gcc's call graph",
        " * (tests/memcheck/stack_usage.py), and the stack a petite firmware reserves: that",
        f" * + {STACK_MARGIN:.0%} for the application and interrupt handlers, rounded up to 1 KB. `petite fit`",
        " * assumes it (--stack); the Pico 2 W image reserves and guards it (firmware/boards/pico2w). */",
        f"#define FIT_STACK_MEASURED {stack['total']}u",
        f"#define FIT_STACK_BYTES {stack_bytes}u",
        f'#define FIT_STACK_TEXT "{stack_bytes}"',
        "",
        "/* Kernel-side sections (functions, constants), each counted once per firmware. */",
        "static const uint32_t fit_section_bytes[] = {",
    ]
    ordered = sorted(table_ids, key=table_ids.get)
    for k in ordered:
        lines.append(f"    {sizes[k]}u, /* {k} */")
    lines += ["};", "", "/* Each kernel: the sections it pulls in (indices into fit_section_bytes). */",
              "static const struct fit_kernel_size { const char *op; const char *sections; } fit_kernel_sizes[] = {"]
    for op, ids in per_kernel:
        lines.append(f'    {{"{op}", "{" ".join(map(str, ids))}"}},')
    lines += ["};", ""]
    a.out.write_text("\n".join(lines))
    print(f"runtime {rt_bytes} B; {len(per_kernel)} kernels, {len(ordered)} sections; stack {stack['total']} B "
          f"measured, {stack_bytes} B reserved -> {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
