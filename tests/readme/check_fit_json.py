#!/usr/bin/env python3
"""Checks `petite fit --json` with a reader that knows nothing of petite: the budget adds up,
the capacities are the datasheets' figures, the model bytes are the files' sizes, and the
kernels of two models are counted once where they share code.
    check_fit_json.py <petite> <models dir>"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def fit(tool: str, *args: str) -> tuple[int, dict]:
    r = subprocess.run([tool, "fit", *args, "--json"], capture_output=True, text=True)
    return r.returncode, json.loads(r.stdout)


def check(cond: bool, what: str) -> None:
    if not cond:
        raise SystemExit(f"FAIL: {what}")


def main() -> int:
    tool, models = sys.argv[1], Path(sys.argv[2])
    sine, lenet = models / "sine_model.pte", models / "lenet.pte"
    rc, j = fit(tool, str(sine), "--board", "pico2w")
    check(rc == 0 and j["fits"] is True, f"sine fits pico2w (rc {rc})")
    # RP2350 datasheet: 520 KB SRAM; Pico 2 W: 4 MB flash.
    check(j["flash_capacity"] == 4 * 1024 * 1024 and j["sram_capacity"] == 520 * 1024, "pico2w capacities")
    f, s = j["flash"], j["sram"]
    check(f["total"] == f["runtime"] + f["kernels"] + f["models"] + f["app"], "flash total is the sum")
    check(s["total"] == s["metadata"] + s["arena"] + s["scratch"] + s["stack"] + s["app"], "SRAM total is the sum")
    check(f["margin"] == j["flash_capacity"] - f["total"], "flash margin")
    check(s["margin"] == j["sram_capacity"] - s["total"], "SRAM margin")
    check(f["models"] == sine.stat().st_size, "model bytes are the file's")
    check(j["sizes"] == "estimate" and "arm-none-eabi-gcc" in j["sizes_from"], "says where estimates come from")
    check(0 < f["kernels"] < f["runtime"], "two small kernels cost less than the runtime")
    # The sine MLP's 1x16 activations: the arena holds at least one 16-float tensor.
    check(s["arena"] >= 64 and s["arena"] % 16 == 0, "arena")

    _, one = fit(tool, str(lenet), "--board", "pico2w")
    _, both = fit(tool, str(sine), str(lenet), "--board", "pico2w")
    k1, k2, kb = j["flash"]["kernels"], one["flash"]["kernels"], both["flash"]["kernels"]
    check(max(k1, k2) <= kb < k1 + k2, f"shared kernel code counted once ({k1} + {k2} -> {kb})")
    check(both["sram"]["arena"] == s["arena"] + one["sram"]["arena"], "both models resident: arenas add")
    check(both["flash"]["models"] == sine.stat().st_size + lenet.stat().st_size, "both files in flash")

    rc, tiny = fit(tool, str(models / "autoencoder.pte"), "--board", "custom", "--flash", "128K", "--sram", "16K")
    check(rc == 1 and tiny["fits"] is False and tiny["flash"]["margin"] < 0 and tiny["sram"]["margin"] < 0,
          "autoencoder does not fit 128K/16K")
    check(tiny["models"][0]["weight_bytes"] > 128 * 1024, "autoencoder weights exceed 128 KB")
    print("ok: fit --json budget consistent")
    return 0


if __name__ == "__main__":
    sys.exit(main())
