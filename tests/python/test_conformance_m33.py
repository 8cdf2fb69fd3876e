"""The conformance firmware (firmware/conformance) on the emulated Cortex-M33 (and RV32).

The image embeds zoo models with their ExecuTorch reference vectors and compares on the
device; it prints `MODEL <name> cases=<n> max_abs=<g> max_rel=<g> OK|FAIL` per model, then
DONE. Here every model the firmware's list names must appear, with all of its .ptv cases,
OK and within the 1e-5 relative bound. A missing image FAILS, naming what to build.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from petite import firmware_run, ptv

from petite_models import BUILD, MODELS
FW_LIST = Path(__file__).resolve().parents[2] / "firmware" / "conformance" / "CMakeLists.txt"
RTOL = 1e-5
LINE = re.compile(r"^MODEL (\w+) cases=(\d+) max_abs=(\S+) max_rel=(\S+) (OK|FAIL)$")


def firmware_models(board: str) -> list[str]:
    """The models the firmware embeds on `board` (its CMake list). Each must have been
    exported: a missing .pte or .ptv fails, naming it (a model never drops out silently)."""
    var = "conf_no_libm" if board == "rv32" else "conf_all"
    m = re.search(rf"set\({var}((?:\s+\w+)+)\)", FW_LIST.read_text())
    assert m, f"{FW_LIST}: no set({var} ...) list"
    names = m.group(1).split()
    absent = [str(MODELS / f"{n}{s}") for n in names for s in (".pte", ".ptv") if not (MODELS / f"{n}{s}").is_file()]
    if absent:
        pytest.fail(f"the conformance firmware's models are not all exported, missing: {', '.join(absent)} "
                    f"(run `make models`)")
    return names


def run_conformance(board: str) -> firmware_run.RunResult:
    path = firmware_run.image_path(BUILD, board, "petite_conformance")
    if not path.is_file():
        pytest.fail(f"{board} image {path} is missing: build it with `{firmware_run.BUILD_HINT[board]}` "
                    f"(PETITE_BUILD={BUILD})")
    return firmware_run.run(board, path, timeout_s=300)


@pytest.mark.parametrize("board", ["m33", "rv32"])
def test_every_model_conforms_on_device(board: str) -> None:
    expected = firmware_models(board)
    assert expected, f"{FW_LIST}: the {board} list is empty"
    r = run_conformance(board)
    text = "\n".join(r.lines)
    assert not r.timed_out, f"{board}: conformance firmware timed out\n{text}"
    rows = {m.group(1): m for m in (LINE.match(l) for l in r.lines) if m}
    print(f"\n{board}: model, cases, max abs diff, max rel diff")
    for name, m in rows.items():
        print(f"  {name:18s} {m.group(2):>3s}  {m.group(3):>14s}  {m.group(4):>14s}  {m.group(5)}")
    assert sorted(rows) == sorted(expected), f"{board}: models printed {sorted(rows)}, expected {sorted(expected)}\n{text}"
    for name in expected:
        m = rows[name]
        # a dynamic-shape model runs vectors written at its upper bound (bound_vectors.py, 10 cases)
        bound = re.search(rf"set\(conf_bound_shape_{name}\s", FW_LIST.read_text())
        want_cases = 10 if bound else ptv.read(MODELS / f"{name}.ptv").ncases
        assert int(m.group(2)) == want_cases, f"{board} {name}: ran {m.group(2)} cases, the .ptv has {want_cases}"
        assert m.group(5) == "OK", f"{board} {name}: {m.group(0)}\n{text}"
        assert float(m.group(4)) <= RTOL, f"{board} {name}: max rel diff {m.group(4)} above {RTOL}"
    assert r.lines and r.lines[-1] == "DONE", f"{board}: last line is not DONE\n{text}"
    assert r.exit_code == 0, f"{board}: exit code {r.exit_code}\n{text}"


def test_firmware_list_leaves_out_only_documented_models() -> None:
    """Every zoo model is either embedded on the M33 or named in the firmware's reasons."""
    zoo = MODELS / "zoo.txt"
    if not zoo.is_file():
        pytest.fail(f"{zoo} is missing: run `make models`")
    names = [l.split()[0] for l in zoo.read_text().splitlines()[1:] if l.strip()]
    embedded = set(firmware_models("m33"))
    notes = FW_LIST.read_text()
    missing = [n for n in names if n not in embedded and not re.search(rf"#\s+{n}\b", notes)]
    assert not missing, f"zoo models neither embedded nor explained in {FW_LIST}: {missing}"
