"""The int8 export (python -m petite.quant): each model really lowered to cortex_m ops, its
report states the quantization parameters and the accuracy change, its recorded operator list
is what the .pte holds (read back with flatc), and its reference outputs lie on the output's
int8 grid (they came through a dequantize, as the oracle's graph ends)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import numpy as np
import pytest

from petite import ptv
from petite.quant import MODEL_NAMES, NAMES, OPS_NAMES
from petite_models import MODELS, model_file, pte_json

CONV_MODELS = ("lenet_int8", "ds_cnn_int8", "ops_int8_conv_pool")


def metrics(name: str) -> dict:
    return json.loads(model_file(f"{name}.metrics.json").read_text())


@pytest.mark.parametrize("name", NAMES)
def test_lowered_to_cortex_m(name: str) -> None:
    ops = model_file(f"{name}.ops.txt").read_text().split()
    assert "cortex_m::quantize_per_tensor.out" in ops and "cortex_m::dequantize_per_tensor.out" in ops
    if name in MODEL_NAMES:
        assert "cortex_m::quantized_linear.out" in ops
        # No float compute left: every op is a cortex_m kernel or a layout copy.
        assert all(op.startswith(("cortex_m::", "dim_order_ops::")) for op in ops), ops
    if name in CONV_MODELS:
        assert "cortex_m::quantized_conv2d.out" in ops or "cortex_m::quantized_depthwise_conv2d.out" in ops


@pytest.mark.parametrize("name", NAMES)
def test_recorded_operators_are_the_programs(name: str, tmp_path) -> None:
    plan = pte_json(model_file(f"{name}.pte"), tmp_path)["execution_plan"][0]
    ops = [o["name"] + ("." + o["overload"] if o.get("overload") else "") for o in plan["operators"]]
    assert model_file(f"{name}.ops.txt").read_text().split() == ops
    assert metrics(name)["ops"] == ops


@pytest.mark.parametrize("name", NAMES)
def test_report_has_quant_params_and_accuracy(name: str) -> None:
    text = model_file(f"{name}.report.txt").read_text()
    m = metrics(name)
    for line in m["quant_params"]:
        assert line in text
    scales = [float(s) for s in re.findall(r"scale=([0-9.e+-]+)", text)]
    zps = [int(z) for z in re.findall(r"zero_point=(-?\d+)", text)]
    assert scales and all(s > 0 for s in scales)
    assert zps and all(-128 <= z <= 127 for z in zps)
    assert re.search(r"^accuracy: ", text, re.M)
    assert "operators.py" in text and "second oracle: executorch.runtime" in text
    # Convolutions get per-channel weights; linear layers per-tensor.
    assert m["per_channel"] == (name in CONV_MODELS)
    assert ("per-channel (axis 0)" in text) == (name in CONV_MODELS)
    if name in MODEL_NAMES:
        assert "linear weight" in text and "per-tensor" in text


def test_sine_accuracy_is_measured_and_bounded() -> None:
    acc = metrics("sine_int8")["accuracy"]
    # int8 costs accuracy, but stays within a few output steps of the fp32 model.
    assert 0 < acc["max_abs_err_vs_fp32"] < 0.1
    assert acc["max_abs_err_vs_sin_int8"] >= acc["max_abs_err_vs_sin_fp32"] - acc["max_abs_err_vs_fp32"]
    assert acc["max_abs_err_vs_sin_int8"] < 0.1


def test_op_graphs_cover_every_cortex_m_kernel_family() -> None:
    ops = set()
    for name in OPS_NAMES + MODEL_NAMES:
        ops |= set(model_file(f"{name}.ops.txt").read_text().split())
    for family in ("quantized_add", "quantized_mul", "quantized_div", "quantized_activation", "minimum",
                   "maximum", "quantized_linear", "softmax", "transpose", "pad", "quantized_conv2d",
                   "quantized_depthwise_conv2d", "quantized_transpose_conv2d", "quantized_avg_pool2d",
                   "quantized_max_pool2d", "quantized_batch_matmul", "quantize_per_tensor",
                   "dequantize_per_tensor"):
        assert f"cortex_m::{family}.out" in ops, family


@pytest.mark.parametrize("name", [n for n in MODEL_NAMES if n != "sine_int8"])
def test_classifier_top1_agreement(name: str) -> None:
    acc = metrics(name)["accuracy"]
    assert acc["cases"] >= 8
    assert acc["top1_agreement"] >= acc["cases"] - 2, acc


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_reference_outputs_are_on_the_int8_grid(name: str) -> None:
    v = ptv.read(model_file(f"{name}.ptv"))
    assert "operators.py" in v.source
    last = [p for p in metrics(name)["quant_params"] if "dequantize_per_tensor" in p][-1]
    scale = float(re.search(r"scale=([0-9.e+-]+)", last).group(1))
    zp = int(re.search(r"zero_point=(-?\d+)", last).group(1))
    for c in range(v.ncases):
        out = v.outputs[c][0].astype(np.float64)
        q = out / scale + zp
        assert np.all(np.abs(q - np.round(q)) < 1e-3), f"case {c}: not a dequantized int8 value"
        assert np.all((np.round(q) >= -128) & (np.round(q) <= 127))


def test_up_to_date_and_bad_arguments() -> None:
    r = subprocess.run([sys.executable, "-m", "petite.quant", "--out-dir", str(MODELS)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert all(f"{n}: up to date" in r.stdout for n in NAMES), r.stdout
    r = subprocess.run([sys.executable, "-m", "petite.quant", "--only", "no_such_model"], capture_output=True, text=True)
    assert r.returncode == 2 and "invalid choice" in r.stderr
