"""Where the tests find the build: $PETITE_BUILD (default: build/ in this checkout) and its models.

A missing model is a test FAILURE that says how to make it, never a skip."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("PETITE_BUILD", REPO / "build"))
MODELS = BUILD / "models"
PYTHON = sys.executable
FLATC = Path(PYTHON).parent / "flatc"


def model_file(name: str) -> Path:
    path = MODELS / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make models` (or `python -m petite.export --out-dir {MODELS}`)")
    return path


def pte_json(pte: Path, workdir: Path) -> dict[str, Any]:
    """The .pte as JSON, dumped by flatc with ExecuTorch's schema: a reader independent of
    the Python emitter. flatc omits fields equal to their default (0, empty)."""
    import importlib.util

    spec = importlib.util.find_spec("executorch")  # without importing it (slow)
    schema = Path(list(spec.submodule_search_locations)[0]) / "exir" / "_serialize" / "program.fbs"
    subprocess.run([str(FLATC), "--json", "--raw-binary", "--strict-json", "-o", str(workdir),
                    str(schema), "--", str(pte)], check=True, capture_output=True)
    return json.loads((workdir / (pte.stem + ".json")).read_text())
