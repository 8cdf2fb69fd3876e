"""The sine demo firmware on the emulated Cortex-M33, the emulated RV32 and the host.

Checks every printed prediction against ExecuTorch's own outputs for the same inputs
(${PETITE_BUILD}/models/sine_model.ptv), the DONE/exit-code contract, that no heap function
is linked into a bare-metal image, and that a corrupted model array fails cleanly at load.
A missing image or model FAILS (it does not skip), naming what to build.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from petite import firmware_run, ptv

from petite_models import BUILD, MODELS
BARE_BOARDS = ("m33", "rv32")
NM = {"m33": "arm-none-eabi-nm", "rv32": "riscv64-unknown-elf-nm"}
# Hard-float M33 and the host must agree with ExecuTorch (fp32 on x86) to 1e-5. Soft-float
# RV32 is IEEE too; its max difference is printed, and held to a looser bound.
TOLERANCE = {"m33": 1e-5, "host": 1e-5, "rv32": 1e-4}
HEAP_SYMBOLS = {"malloc", "free", "calloc", "realloc", "_sbrk", "sbrk", "_malloc_r", "_free_r",
                "_calloc_r", "_realloc_r", "memalign", "aligned_alloc", "posix_memalign", "_sbrk_r"}

_runs: dict[tuple[str, str], firmware_run.RunResult] = {}


def image(board: str, name: str = "petite_demo") -> Path:
    path = firmware_run.image_path(BUILD, board, name)
    if not path.is_file():
        pytest.fail(f"{board} image {path} is missing: build it with `{firmware_run.BUILD_HINT[board]}` "
                    f"(PETITE_BUILD={BUILD})")
    return path


def run(board: str, name: str = "petite_demo") -> firmware_run.RunResult:
    key = (board, name)
    if key not in _runs:
        _runs[key] = firmware_run.run(board, image(board, name), timeout_s=120)
    return _runs[key]


def reference() -> ptv.Vectors:
    path = MODELS / "sine_model.ptv"
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make models` (PETITE_BUILD={BUILD})")
    return ptv.read(path)


def data_lines(lines: list[str]) -> list[dict[str, str]]:
    return [firmware_run.fields(l) for l in lines if l.startswith("x=")]


@pytest.mark.parametrize("board", ["m33", "rv32", "host"])
def test_demo_runs_to_done(board: str) -> None:
    r = run(board)
    assert not r.timed_out, f"{board}: the run timed out; output:\n" + "\n".join(r.lines[-5:])
    assert r.exit_code == 0, f"{board}: exit code {r.exit_code}; output:\n" + "\n".join(r.lines[-5:]) + r.stderr
    assert r.lines and r.lines[-1] == "DONE", f"{board}: last line {r.lines[-1:]}, expected DONE"
    assert not any(l.startswith(("FAIL", "ERROR")) for l in r.lines)
    assert r.lines[0].startswith("# board="), f"{board}: no header line: {r.lines[:1]}"


@pytest.mark.parametrize("board", ["m33", "rv32", "host"])
def test_predictions_match_executorch(board: str) -> None:
    ref = reference()
    r = run(board)
    pts = data_lines(r.lines)
    assert len(pts) == ref.ncases, (f"{board}: {len(pts)} data lines but the .ptv has {ref.ncases} cases: "
                                    f"build with PETITE_DEMO_POINTS={ref.ncases}")
    max_diff = 0.0
    for i, (p, ins, outs) in enumerate(zip(pts, ref.inputs, ref.outputs)):
        x_ref = np.float32(ins[0].reshape(-1)[0])
        x = np.float32(float(p["x"]))  # 9 significant digits: the exact float32 comes back
        assert x == x_ref, f"{board}: point {i} has x={p['x']}, the .ptv input is {x_ref!r}"
        y_ref = float(outs[0].reshape(-1)[0])
        diff = abs(float(p["y"]) - y_ref)
        assert diff <= TOLERANCE[board], f"{board}: x={p['x']}: y={p['y']}, ExecuTorch {y_ref!r}, |diff| {diff:.3g}"
        max_diff = max(max_diff, diff)
    print(f"{board}: max |firmware - ExecuTorch| over {len(pts)} points = {max_diff:.3g}")


@pytest.mark.parametrize("board", ["m33", "rv32", "host"])
def test_printed_reference_and_summary(board: str) -> None:
    r = run(board)
    pts = data_lines(r.lines)
    assert pts, f"{board}: no data lines"
    for p in pts:
        x = float(p["x"])
        assert abs(float(p["sin"]) - math.sin(x)) <= 1e-7, f"{board}: sin column {p['sin']} at x={x}"
        assert abs(float(p["err"]) - abs(float(p["y"]) - float(p["sin"]))) <= 1e-7
    summary = firmware_run.summary(r.lines)
    assert summary, f"{board}: no SUMMARY line"
    assert float(summary["max_err"]) == max(float(p["err"]) for p in pts)
    assert 0 < int(summary["arena_bytes"]) <= int(summary["ram_bytes"])
    unit = r.lines[0].rsplit("unit=", 1)[-1]
    assert f"mean_{unit}" in summary, f"{board}: SUMMARY has no mean_{unit}: {summary}"
    if unit != "none":
        assert int(summary[f"mean_{unit}"]) > 0


@pytest.mark.parametrize("board", BARE_BOARDS)
@pytest.mark.parametrize("name", ["petite_demo", "petite_demo_corrupt", "petite_hello"])
def test_no_heap_functions_linked(board: str, name: str) -> None:
    elf = image(board, name)
    nm = shutil.which(NM[board])
    assert nm, f"{NM[board]} not found"
    out = subprocess.run([nm, str(elf)], check=True, capture_output=True, text=True).stdout
    names = {line.split()[-1] for line in out.splitlines() if line.strip()}
    assert names, f"{elf}: nm lists no symbols (stripped?)"
    assert "main" in names  # the listing is real: the app's entry is in it
    linked = sorted(names & HEAP_SYMBOLS)
    assert not linked, f"{elf} links heap functions: {linked}"


@pytest.mark.parametrize("board", ["m33", "rv32", "host"])
def test_corrupted_model_fails_at_load(board: str) -> None:
    r = run(board, "petite_demo_corrupt")
    assert not r.timed_out, f"{board}: the corrupted-model run hung (timed out)"
    assert r.exit_code not in (0, firmware_run.TIMEOUT_EXIT), f"{board}: exit code {r.exit_code}"
    assert "DONE" not in r.lines
    assert "FAIL load" in r.lines, f"{board}: no 'FAIL load' line:\n" + "\n".join(r.lines)
    i = r.lines.index("FAIL load")
    assert i > 0 and re.match(r"ERROR PT_ERR_\w+: \S", r.lines[i - 1]), \
        f"{board}: the line before FAIL is not the runtime's message: {r.lines[i - 1:i]}"
