"""The exported sine model: oracles agree, the .pte says what the report says, the plan is
sound, the fit meets its target. The .pte is read back with flatc (ExecuTorch's schema), not
with the code that wrote it."""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess

import numpy as np
import pytest

from petite import ptv
from petite_models import PYTHON, REPO, model_file, pte_json

SHIPPED = REPO / "python" / "petite" / "sine_weights.json"

ELEMENT_BYTES = {"FLOAT": 4, "INT": 4, "LONG": 8, "CHAR": 1, "BYTE": 1, "BOOL": 1, "DOUBLE": 8, "SHORT": 2}


@pytest.fixture(scope="module")
def program(tmp_path_factory) -> dict:
    return pte_json(model_file("sine_model.pte"), tmp_path_factory.mktemp("flatc"))["execution_plan"][0]


@pytest.fixture(scope="module")
def report() -> str:
    return model_file("sine_model.report.txt").read_text()


def test_executorch_and_eager_agree() -> None:
    et = ptv.read(model_file("sine_model.ptv"))
    eager = ptv.read(model_file("sine_model.eager.ptv"))
    assert et.ncases == eager.ncases >= 64
    assert "executorch.runtime" in et.source and "eager" in eager.source
    for c in range(et.ncases):
        assert np.array_equal(et.inputs[c][0], eager.inputs[c][0])
        assert np.max(np.abs(et.outputs[c][0] - eager.outputs[c][0])) <= 1e-5, f"case {c}"


def test_fit_meets_the_target() -> None:
    metrics = json.loads(model_file("sine_model.metrics.json").read_text())
    assert metrics["fit_points"] >= 1000
    assert metrics["max_abs_err"] <= 0.03
    assert 0 < metrics["rmse"] <= metrics["max_abs_err"]
    # and the exported program itself (ExecuTorch's outputs) is that close to sin(x)
    et = ptv.read(model_file("sine_model.ptv"))
    worst = max(abs(float(o[0][0, 0]) - math.sin(float(i[0][0, 0]))) for i, o in zip(et.inputs, et.outputs))
    assert worst <= 0.03


def op_names(program: dict) -> list[str]:
    return [o["name"] + ("." + o["overload"] if o.get("overload") else "") for o in program["operators"]]


def test_operator_list_matches_report_and_ops_file(program, report) -> None:
    ops = op_names(program)
    assert model_file("sine_model.ops.txt").read_text().split() == ops
    section = report.split("\n== 3.")[1].split("\n== ")[0]
    listed = re.findall(r"^\s+\d+: (\S+)$", section, re.M)
    assert listed == ops
    assert set(ops) >= {"aten::addmm.out", "aten::relu.out"}


def test_folding_removed_the_transposes(program, report) -> None:
    metrics = json.loads(model_file("sine_model.metrics.json").read_text())
    ops = op_names(program)
    if metrics["options"]["fold_transposes"]:
        assert "aten::permute_copy.out" not in ops
        assert "aten::permute_copy.out" in metrics["ops_unfolded"]
        assert "constant folding: ON" in report
    else:
        assert "aten::permute_copy.out" in ops


def planned_tensors(program: dict) -> dict[int, dict]:
    out = {}
    for i, v in enumerate(program["values"]):
        if v["val_type"] == "Tensor" and "allocation_info" in v["val"]:
            t, a = v["val"], v["val"]["allocation_info"]
            nbytes = math.prod(t.get("sizes", [])) * ELEMENT_BYTES[t["scalar_type"]]
            offset = (a.get("memory_offset_high", 0) << 32) | a.get("memory_offset_low", 0)
            out[i] = {"sizes": t.get("sizes", []), "bytes": nbytes, "mem": a["memory_id"], "offset": offset}
    return out


def test_memory_plan_matches_report(program, report) -> None:
    sizes = re.search(r"non_const_buffer_sizes = \[([\d, ]+)\]", report).group(1)
    assert [int(s) for s in sizes.split(",")] == [int(s) for s in program["non_const_buffer_sizes"]]
    rows = re.findall(r"^\s+v(\d+)\s+f32\[([\d, ]*)\]\s+(\d+)\s+(\d+)\s+(\d+)\s", report.split("== 6.")[1], re.M)
    reported = {int(v): {"sizes": [int(s) for s in shape.split(",") if s.strip()], "bytes": int(b),
                         "mem": int(m), "offset": int(o)} for v, shape, b, m, o in rows}
    assert reported == planned_tensors(program)


def test_plan_never_overlaps_live_tensors(program) -> None:
    """Two planned tensors that share bytes must never be alive at the same time (the input
    is alive from before instruction 0; the output until after the last)."""
    planned = planned_tensors(program)
    instrs = program["chains"][0]["instructions"]
    live: dict[int, list[int]] = {}
    for n, ins in enumerate(instrs):
        for v in ins["instr_args"].get("args", []):
            if v in planned:
                live.setdefault(v, []).append(n)
    for v in program["inputs"]:
        live.setdefault(v, []).append(-1)
    for v in program["outputs"]:
        live.setdefault(v, []).append(len(instrs))
    size = program["non_const_buffer_sizes"][1]
    for a, pa in planned.items():
        assert pa["offset"] + pa["bytes"] <= size
        for b, pb in planned.items():
            if a >= b or pa["mem"] != pb["mem"]:
                continue
            share = pa["offset"] < pb["offset"] + pb["bytes"] and pb["offset"] < pa["offset"] + pa["bytes"]
            if share and live.get(a) and live.get(b):
                disjoint = max(live[a]) <= min(live[b]) or max(live[b]) <= min(live[a])
                assert disjoint, f"v{a} and v{b} share bytes while both alive"


def test_default_export_uses_the_shipped_weights_and_is_then_up_to_date(tmp_path) -> None:
    """With no weights given, the export uses python/petite/sine_weights.json: a fresh export
    gives the build's .pte byte for byte, a second run does nothing, and the unfolded variant
    keeps the transposes as run-time ops."""
    run = [PYTHON, "-m", "petite.export", "--out-dir", str(tmp_path), "--quiet"]
    first = subprocess.run(run, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "trained weights shipped: python/petite/sine_weights.json" in first.stdout
    assert (tmp_path / "sine_model.pte").read_bytes() == model_file("sine_model.pte").read_bytes()
    assert (tmp_path / "sine_weights.json").read_bytes() == SHIPPED.read_bytes()
    second = subprocess.run(run, capture_output=True, text=True)
    assert second.returncode == 0 and "up to date" in second.stdout
    third = subprocess.run(run + ["--no-fold-transposes"], capture_output=True, text=True)
    assert third.returncode == 0, third.stderr
    assert "aten::permute_copy.out" in (tmp_path / "sine_model.ops.txt").read_text().split()


def test_shipped_weights_match_their_checksum_and_fit() -> None:
    """The shipped file is the one recorded (sha256 in petite/train.py), and its fit, measured
    again here, is the one written inside it, within the target."""
    from petite import train

    assert train.sha256_file(SHIPPED) == train.SHIPPED_WEIGHTS_SHA256, \
        "python/petite/sine_weights.json changed: regenerate it as petite/train.py says and record its sha256"
    doc = json.loads(SHIPPED.read_text())
    assert "python -m petite.train" in doc["about"]
    mx, rmse = train.measure_fit(train.load(SHIPPED))
    assert mx <= train.TARGET_MAX_ERR
    assert abs(mx - doc["fit"]["max_abs_err"]) <= 1e-6 and abs(rmse - doc["fit"]["rmse"]) <= 1e-6


def test_damaged_shipped_weights_are_refused(tmp_path, monkeypatch) -> None:
    from petite import env, train

    bad = tmp_path / "sine_weights.json"
    bad.write_text(SHIPPED.read_text().replace("0.", "0.1", 1))
    monkeypatch.setattr(train, "SHIPPED_WEIGHTS", bad.resolve())
    with pytest.raises(env.PetiteError, match="does not match its recorded sha256"):
        train.load(bad)


def test_retrain_gives_a_model_within_tolerance(tmp_path) -> None:
    """--retrain trains afresh: float training is not bit-reproducible across CPUs, so this
    checks tolerances, never digits: the fit meets the target and is close to the shipped
    weights' fit, and the program differs from the shipped one only in its constant segment."""
    r = subprocess.run([PYTHON, "-m", "petite.export", "--out-dir", str(tmp_path), "--retrain", "--quiet"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "stage 0: training (--retrain)" in r.stdout
    metrics = json.loads((tmp_path / "sine_model.metrics.json").read_text())
    assert metrics["train_seconds"] is not None and metrics["weights"].startswith("trained now")
    shipped_fit = json.loads(SHIPPED.read_text())["fit"]
    assert metrics["max_abs_err"] <= 0.03
    assert abs(metrics["max_abs_err"] - shipped_fit["max_abs_err"]) <= 0.005, (metrics["max_abs_err"], shipped_fit)
    assert abs(metrics["rmse"] - shipped_fit["rmse"]) <= 0.003, (metrics["rmse"], shipped_fit)
    new, old = (tmp_path / "sine_model.pte").read_bytes(), model_file("sine_model.pte").read_bytes()
    assert len(new) == len(old)
    assert old[8:12] == b"eh00"  # extended header: magic, length, program_size, segment_base_offset
    segment = int.from_bytes(old[24:32], "little")
    assert 0 < segment < len(old)
    assert new[:segment] == old[:segment], "the program (all but its constant segment) changed with the weights"
    et = ptv.read(tmp_path / "sine_model.ptv")
    worst = max(abs(float(o[0][0, 0]) - math.sin(float(i[0][0, 0]))) for i, o in zip(et.inputs, et.outputs))
    assert worst <= 0.03
