"""The README demo's last step: run the sine firmware on the emulators, plot it, summarize.

    python -m petite.demo --build build

Runs the M33 image on QEMU (and the RV32 one when built), saves the serial logs to
build/demo/<board>.log, draws build/demo/sine_m33.png with petite.plot, and prints: max error
on the device vs in PyTorch, instructions per inference, flash and RAM used, and whether the
Pico 2 W image was built.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import subprocess
import sys
from pathlib import Path

from petite import firmware_run, plot, ptv

REPO = Path(__file__).resolve().parents[2]
NM = {"m33": "arm-none-eabi-nm", "rv32": "riscv64-unknown-elf-nm"}


def stack_bytes(image: Path, nm: str) -> int | None:
    """The stack the image's linker script reserves (its __stack_size symbol)."""
    try:
        out = subprocess.run([nm, str(image)], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    m = re.search(r"^([0-9a-f]+) [aA] __stack_size$", out, re.M)
    return int(m.group(1), 16) if m else None


def size_summary(report: Path, stack: int | None) -> str:
    """flash/RAM line from the build's size report (firmware/size_report.py)."""
    if not report.is_file():
        return f"no size report ({report} missing)"
    text = report.read_text()
    m = re.search(r"flash_bytes=(\d+) ram_bytes=(\d+)", text)
    parts = dict(re.findall(r"(\w+)_flash=(\d+)", text))
    if not m:
        return f"{report}: no flash_bytes line"
    detail = ", ".join(f"{k} {v}" for k, v in parts.items())
    incl = f", incl. {stack} B of stack" if stack is not None else ""
    return f"flash {m.group(1)} B ({detail}); RAM {m.group(2)} B (static data + bss{incl})"


def pytorch_max_err(models: Path) -> float | None:
    """max |PyTorch eager - sin(x)| over the same inputs the firmware sweeps."""
    path = models / "sine_model.eager.ptv"
    if not path.is_file():
        return None
    v = ptv.read(path)
    return max(abs(float(o[0].reshape(-1)[0]) - math.sin(float(i[0].reshape(-1)[0])))
               for i, o in zip(v.inputs, v.outputs))


def executorch_max_diff(models: Path, lines: list[str]) -> float | None:
    path = models / "sine_model.ptv"
    if not path.is_file():
        return None
    v = ptv.read(path)
    pts = firmware_run.data_points(lines)
    if len(pts) != v.ncases:
        return None
    return max(abs(y - float(o[0].reshape(-1)[0])) for (_, y), o in zip(pts, v.outputs))


def pico2w_status(build: Path) -> str:
    uf2 = sorted((build / "pico2w").glob("**/*.uf2")) if (build / "pico2w").is_dir() else []
    if uf2:
        return f"built: {', '.join(str(p) for p in uf2)}"
    if not os.environ.get("PICO_SDK_PATH"):
        return "skipped: PICO_SDK_PATH is not set (see `make pico2w`)"
    return f"not built: PICO_SDK_PATH is set but no .uf2 under {build / 'pico2w'} (run `make pico2w`)"


def run_board(board: str, build: Path, out_dir: Path, timeout: float) -> firmware_run.RunResult:
    r = firmware_run.run(board, firmware_run.image_path(build, board), timeout)
    (out_dir / f"{board}.log").write_text("\n".join(r.lines) + "\n")
    return r


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Run the sine demo firmware on the emulators and plot it.")
    ap.add_argument("--build", type=Path, default=REPO / "build", help="the build directory (default: build)")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds before an emulator run is stopped")
    a = ap.parse_args(argv)
    build = a.build.resolve()
    models, out_dir = build / "models", build / "demo"
    out_dir.mkdir(parents=True, exist_ok=True)

    try:
        m33 = run_board("m33", build, out_dir, a.timeout)
    except FileNotFoundError as e:
        print(f"demo: error: {e}", file=sys.stderr)
        return 2
    ok = m33.exit_code == 0 and m33.lines[-1:] == ["DONE"]
    if not ok:
        print("\n".join(m33.lines[-5:]), file=sys.stderr)
        print(f"demo: error: the M33 run failed (exit code {m33.exit_code}); log in {out_dir / 'm33.log'}",
              file=sys.stderr)
    png = out_dir / "sine_m33.png"
    if plot.main(["--file", str(out_dir / "m33.log"), "--png", str(png)]) != 0:
        print("demo: error: plotting failed", file=sys.stderr)
        ok = False

    print("\n== petite sine demo ==")
    summary = firmware_run.summary(m33.lines)
    eager = pytorch_max_err(models)
    print(f"max |y - sin(x)|: on the M33 {summary.get('max_err', '?')}, in PyTorch "
          f"{'?' if eager is None else f'{eager:.9g}'} (same {len(firmware_run.data_points(m33.lines))} points)")
    et = executorch_max_diff(models, m33.lines)
    if et is not None:
        print(f"max |M33 - ExecuTorch runtime|: {et:.3g}")

    m33_image = firmware_run.image_path(build, "m33")
    plugin_src = REPO / "bench" / "insn_count_plugin.c"
    try:
        plugin = firmware_run.build_insn_plugin(plugin_src, out_dir / "libinsn_count.so")
        counts = firmware_run.instructions_per_inference("m33", m33_image, plugin, NM["m33"], a.timeout)
        print(f"instructions per inference on the M33: mean {sum(counts) / len(counts):.0f}, "
              f"min {min(counts)}, max {max(counts)} (QEMU TCG plugin, set_input + execute)")
    except (OSError, RuntimeError, ValueError) as e:  # the count is a bonus, not the demo
        print(f"instructions per inference on the M33: not measured ({e})")
    print(f"M33 image: {size_summary(m33_image.with_suffix('.size.txt'), stack_bytes(m33_image, NM['m33']))}")
    print(f"RAM used by petite (metadata + arena + scratch): {summary.get('ram_bytes', '?')} B, "
          f"arena {summary.get('arena_bytes', '?')} B")

    rv32_image = firmware_run.image_path(build, "rv32")
    if rv32_image.is_file():
        rv = run_board("rv32", build, out_dir, a.timeout)
        rs = firmware_run.summary(rv.lines)
        et_rv = executorch_max_diff(models, rv.lines)
        state = "DONE" if rv.lines[-1:] == ["DONE"] and rv.exit_code == 0 else f"FAILED (exit {rv.exit_code})"
        print(f"RV32 (soft-float): {state}, max_err {rs.get('max_err', '?')}, "
              f"{rs.get('mean_instructions', '?')} instructions per inference, max |RV32 - ExecuTorch| "
              f"{'?' if et_rv is None else f'{et_rv:.3g}'}; log {out_dir / 'rv32.log'}")
    else:
        print(f"RV32: not built ({rv32_image} missing: `make rv32`)")
    print(f"Pico 2 W: {pico2w_status(build)}")
    print(f"plot: {png}; M33 log: {out_dir / 'm33.log'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
