"""Worst-case stack of the runtime and kernels on the Cortex-M33, from the compiler's own numbers.

Compiles runtime/src/*.c and kernels/*.c with the M33 flags (cmake/toolchain-m33.cmake) and
-fcallgraph-info=su, which writes each function's frame size and its calls (.ci files). The
deepest path from each public entry point is the sum of the frames along it. Calls through a
function pointer (the executor's kernel run, a kernel's bind) are charged separately: the
kernel figure is the deepest path from any kernel function, added on top.

Fails (exit 1) on a frame whose size is dynamic (a VLA or alloca), on recursion, or when a
figure is over its budget.

Each path is reported as a device runs it: load (pt_program_load), needs and init (the entry
plus the deepest kernel bind or prepare it calls through the kernel table: functions of kernels/
named *bind* or *prepare*), execute (pt_method_execute plus the deepest kernel run: every other
kernel function).

Budgets (bytes, BUDGETS below; docs/troubleshooting.md quotes them): the needs and init paths
(binds included), every entry point alone, the deepest kernel function (bind or run), and the
deepest entry + kernel.

Usage: stack_usage.py ROOT OUT_DIR [--cc arm-none-eabi-gcc] [--json]
(--json prints the figures as JSON instead of the table; the exit status is the same.)
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

FLAGS = ["-mcpu=cortex-m33", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv5-sp-d16", "-O2", "-ffreestanding",
         "-ffunction-sections", "-fdata-sections", "-std=c11", "-fcallgraph-info=su"]
ENTRIES = ["pt_program_load", "pt_method_needs", "pt_method_init", "pt_method_set_input", "pt_method_bind_input",
           "pt_method_execute"]
INDIRECT = "__indirect_call"
BUDGETS = {"init": 1024, "runtime": 1536, "kernel": 1536, "total": 5376}

NODE = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
EDGE = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')
FRAME = re.compile(r"(\d+) bytes \((static|dynamic|dynamic,bounded)\)")


def compile_all(root: Path, out: Path, cc: str) -> list[Path]:
    root, out = root.resolve(), out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    sources = sorted((root / "runtime" / "src").glob("*.c")) + sorted((root / "kernels").glob("*.c"))
    incs = [f"-I{root / 'runtime' / 'include'}", f"-I{root / 'runtime' / 'src'}", f"-I{root / 'kernels'}"]
    for src in sources:
        part = "kernels" if src.parent.name == "kernels" else "runtime"
        obj = out / f"{part}_{src.stem}.o"
        subprocess.run([cc, *FLAGS, *incs, "-c", str(src), "-o", str(obj)], check=True, cwd=out)
    return sorted(out.glob("*.ci"))


def measure(root: Path, out: Path, cc: str = "arm-none-eabi-gcc",
            report=sys.stdout) -> tuple[dict, list[str]]:
    """The figures (deepest stack per entry point, the deepest kernel, entry + kernel) and the
    problems found (dynamic frames, recursion, budgets exceeded), printing a table to report."""
    frames: dict[str, int] = {}
    kernel_fns: set[str] = set()
    calls: dict[str, set[str]] = {}
    problems: list[str] = []
    for ci in compile_all(root, out, cc):
        text = ci.read_text()
        in_kernels = ci.stem.startswith("kernels_")
        for title, label in NODE.findall(text):
            m = FRAME.search(label)
            if not m:
                continue  # a callee defined elsewhere (memcpy, libgcc...): its frame is counted where defined
            if m.group(2) != "static":
                problems.append(f"{title}: stack frame is {m.group(2)} (a VLA or alloca)")
            frames[title] = int(m.group(1))
            if in_kernels:
                kernel_fns.add(title)
        for src, dst in EDGE.findall(text):
            calls.setdefault(src, set()).add(dst)

    memo: dict[str, tuple[int, list[str]]] = {}

    def deepest(fn: str, stack: tuple[str, ...]) -> tuple[int, list[str]]:
        """(bytes, path) of the deepest chain of frames from fn, indirect calls costing 0."""
        if fn in stack:
            problems.append("recursion: " + " -> ".join(stack + (fn,)))
            return 0, []
        if fn in memo:
            return memo[fn]
        best = (0, [])
        for callee in calls.get(fn, ()):
            if callee == INDIRECT:
                continue
            got = deepest(callee, stack + (fn,))
            if got[0] > best[0]:
                best = got
        memo[fn] = (frames.get(fn, 0) + best[0], [fn] + best[1])
        return memo[fn]

    to_ind: dict[str, tuple[int, list[str]] | None] = {}

    def to_indirect(fn: str, stack: tuple[str, ...]) -> tuple[int, list[str]] | None:
        """(bytes, path) of the deepest chain from fn to a frame that calls through a pointer
        (where a kernel's bind or run is called from), that frame included; None if none."""
        if fn in stack:
            return None
        if fn in to_ind:
            return to_ind[fn]
        best: tuple[int, list[str]] | None = None
        if INDIRECT in calls.get(fn, ()):
            best = (frames.get(fn, 0), [fn])
        for callee in calls.get(fn, ()):
            if callee == INDIRECT:
                continue
            got = to_indirect(callee, stack + (fn,))
            if got and (best is None or frames.get(fn, 0) + got[0] > best[0]):
                best = (frames.get(fn, 0) + got[0], [fn] + got[1])
        to_ind[fn] = best
        return best

    runtime = {e: deepest(e, ()) for e in ENTRIES}
    kernels = {k: deepest(k, ()) for k in sorted(kernel_fns)}
    if len(frames) < 50 or not kernel_fns:
        problems.append(f"only {len(frames)} functions found: did the compiler write .ci files?")
        return {}, problems
    k_name, (k_bytes, k_path) = max(kernels.items(), key=lambda kv: kv[1][0])

    def short(path: list[str]) -> str:
        return " -> ".join(p.rsplit(":", 1)[-1] for p in path)

    def is_bind(fn: str) -> bool:
        name = fn.rsplit(":", 1)[-1]
        return "bind" in name or "prepare" in name

    binds = {k: v for k, v in kernels.items() if is_bind(k)}
    runs = {k: v for k, v in kernels.items() if not is_bind(k)}
    b_bytes, b_path = max(binds.values(), key=lambda v: v[0])
    r_bytes_k, r_path = max(runs.values(), key=lambda v: v[0])
    for e, (b, path) in runtime.items():
        budget = BUDGETS["runtime"]
        print(f"{e:22s} {b:5d} B (budget {budget:5d})  {short(path)}", file=report)
        if b > budget:
            problems.append(f"{e} needs {b} B of stack, over its {budget} B budget")
    print("paths a device runs (entry + the kernel functions it calls through the table):", file=report)
    paths: dict[str, int] = {}
    for label, e, kb, kpath, budget in [("load", "pt_program_load", 0, [], BUDGETS["runtime"]),
                                         ("needs", "pt_method_needs", b_bytes, b_path, BUDGETS["init"]),
                                         ("init", "pt_method_init", b_bytes, b_path, BUDGETS["init"]),
                                         ("execute", "pt_method_execute", r_bytes_k, r_path, BUDGETS["total"])]:
        site = to_indirect(e, ()) if kpath else None
        # the deepest of: the entry's own deepest chain, and the chain to the kernel call + the kernel's
        total_p, shown = runtime[e][0], short(runtime[e][1])
        if site and site[0] + kb > total_p:
            total_p, shown = site[0] + kb, f"{short(site[1])} + {short(kpath)}"
        paths[label] = total_p
        print(f"  {label:8s} {total_p:5d} B (budget {budget:5d})  {shown}", file=report)
        if total_p > budget:
            problems.append(f"the {label} path needs {total_p} B of stack, over its {budget} B budget")
    print(f"{'deepest kernel':22s} {k_bytes:5d} B (budget {BUDGETS['kernel']:5d})  {short(k_path)}  "
          f"[{Path(k_name.split(':')[0]).name}]", file=report)
    r_bytes = max(b for b, _ in runtime.values())
    total = r_bytes + k_bytes
    print(f"{'entry + kernel':22s} {total:5d} B (budget {BUDGETS['total']:5d})", file=report)
    if k_bytes > BUDGETS["kernel"]:
        problems.append(f"{k_name} needs {k_bytes} B of stack, over the {BUDGETS['kernel']} B kernel budget")
    if total > BUDGETS["total"]:
        problems.append(f"runtime + kernel stack {total} B is over the {BUDGETS['total']} B budget")
    figures = {**{e: b for e, (b, _) in runtime.items()}, "kernel": k_bytes, "total": total,
               "paths": paths, "budgets": BUDGETS}
    return figures, problems


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("root", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--cc", default="arm-none-eabi-gcc")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    a = ap.parse_args()
    figures, problems = measure(a.root, a.out, a.cc, sys.stderr if a.json else sys.stdout)
    if a.json:
        print(json.dumps(figures))
    for p in problems:
        print("FAIL:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
