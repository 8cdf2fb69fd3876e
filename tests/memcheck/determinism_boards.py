"""Same inputs, same outputs across runs and targets: the sine demo on the host, the emulated
Cortex-M33 and the emulated RV32.

  * each target run twice prints exactly the same lines (every y has 9 significant digits,
    so the same text is the same float32, bit for bit);
  * every target sees the same 100 inputs, bit for bit;
  * outputs agree across targets within the documented tolerance (docs/troubleshooting.md,
    "What petite guarantees"): M33 (hard float) within 1e-5 of the host, RV32 (soft float,
    libgcc) within 1e-4. The measured differences are printed.

Usage: determinism_boards.py BUILD_DIR   (images from `make firmware`: BUILD/{host,m33,rv32}/firmware)
A missing image or emulator FAILS, naming what to build.
"""

from __future__ import annotations

import sys
from pathlib import Path

from petite import firmware_run

TOLERANCE = {"host": 0.0, "m33": 1e-5, "rv32": 1e-4}  # vs the host's outputs


def data_lines(r: firmware_run.RunResult) -> list[str]:
    if r.exit_code != 0 or not r.lines or r.lines[-1] != "DONE":
        raise SystemExit(f"{r.board}: run failed (exit {r.exit_code}): {r.lines[-3:]} {r.stderr[-300:]}")
    return [line for line in r.lines if line.startswith("x=")]


def main() -> int:
    build = Path(sys.argv[1])
    runs: dict[str, list[str]] = {}
    problems: list[str] = []
    for board in ("host", "m33", "rv32"):
        image = firmware_run.image_path(build, board)
        first = data_lines(firmware_run.run(board, image, timeout_s=120))
        second = data_lines(firmware_run.run(board, image, timeout_s=120))
        if first != second:
            diff = next(i for i, (a, b) in enumerate(zip(first + [""], second + [""])) if a != b)
            problems.append(f"{board}: two runs differ at line {diff}: {first[diff:diff + 1]} vs {second[diff:diff + 1]}")
        if len(first) < 10:
            problems.append(f"{board}: only {len(first)} data lines")
        runs[board] = first
        print(f"{board}: {len(first)} points, two runs identical: {first == second}")
    host = [firmware_run.fields(line) for line in runs["host"]]
    for board in ("m33", "rv32"):
        pts = [firmware_run.fields(line) for line in runs[board]]
        if len(pts) != len(host):
            problems.append(f"{board}: {len(pts)} points, the host printed {len(host)}")
            continue
        worst = 0.0
        for h, p in zip(host, pts):
            if p["x"] != h["x"]:
                problems.append(f"{board}: input x={p['x']}, the host's is x={h['x']}")
                break
            worst = max(worst, abs(float(p["y"]) - float(h["y"])))
        ok = worst <= TOLERANCE[board]
        print(f"{board} vs host: max |y diff| = {worst:.3g} (tolerance {TOLERANCE[board]:g}): {'ok' if ok else 'FAIL'}")
        if not ok:
            problems.append(f"{board}: outputs differ from the host's by {worst:.3g} > {TOLERANCE[board]:g}")
    for p in problems:
        print("FAIL:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
