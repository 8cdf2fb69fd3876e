"""Tests never vanish: configured with no exported models at all, the host build still has
every test the real build has (they fail, naming the missing file), except the per-model
conformance tests, whose list is the missing zoo.txt: one test stands for them and fails."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from petite_models import BUILD, REPO


def ctest_names(build_dir: Path) -> set[str]:
    r = subprocess.run(["ctest", "-N"], cwd=build_dir, capture_output=True, text=True, check=True)
    return set(re.findall(r"^\s*Test\s+#\d+: (\S+)$", r.stdout, re.M))


def test_no_test_disappears_without_models(tmp_path: Path) -> None:
    real = BUILD / "host"
    if not (real / "CTestTestfile.cmake").is_file():
        pytest.fail(f"{real} is not a configured host build: run `make host` (PETITE_BUILD={BUILD})")
    bare = tmp_path / "host"
    r = subprocess.run(["cmake", "-S", str(REPO), "-B", str(bare), f"-DPETITE_MODELS_DIR={tmp_path / 'no-models'}",
                        f"-DPETITE_PYTHON={sys.executable}"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    have, want = ctest_names(bare), ctest_names(real)
    zoo = (BUILD / "models" / "zoo.txt").read_text().splitlines()[1:]
    per_model = {f"conformance_{m}" for m in (l.split()[0] for l in zoo if l.strip())}
    per_model |= {n for n in want if n.startswith("conformance_bound_vectors_")}
    gone = sorted(want - have - per_model)
    assert not gone, f"tests that vanish when the models are missing: {gone}"
    assert "conformance_zoo_list" in have
    fails = subprocess.run(["ctest", "-R", "^(conformance_zoo_list|runtime_sine|firmware_host_demo)$",
                            "--output-on-failure"], cwd=bare, capture_output=True, text=True)
    assert fails.returncode != 0
    assert str(tmp_path / "no-models" / "zoo.txt") in fails.stdout, fails.stdout[-3000:]
    assert str(tmp_path / "no-models" / "sine_model.pte") in fails.stdout, fails.stdout[-3000:]
