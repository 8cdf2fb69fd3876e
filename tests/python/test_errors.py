"""Bad input: one clear line naming the problem, a non-zero exit code, no traceback."""

from __future__ import annotations

import os
import subprocess

import pytest

from petite.env import python_problem, torch_problem
from petite_models import PYTHON


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "-m", *args], capture_output=True, text=True, env={**os.environ, **env},
                          timeout=300)


def assert_clean_error(r: subprocess.CompletedProcess, *words: str) -> None:
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, r.stderr
    for w in words:
        assert w in lines[0], lines[0]


def test_missing_weights_file(tmp_path) -> None:
    r = run(["petite.export", "--out-dir", str(tmp_path), "--weights", str(tmp_path / "none.pt")])
    assert_clean_error(r, "weights file not found", "none.pt")


def test_unwritable_output_dir(tmp_path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")  # root ignores permissions, but not a file in the way
    r = run(["petite.export", "--out-dir", str(blocker / "models")])
    assert_clean_error(r, "cannot create output directory", "a-file")
    r = run(["petite.train", "--out", str(blocker / "w.pt"), "--epochs", "1", "--quiet"])
    assert_clean_error(r, "cannot write weights", "a-file")


def test_unsupported_python(tmp_path) -> None:
    r = run(["petite.export", "--out-dir", str(tmp_path)], PETITE_FAKE_PYTHON="3.9")
    assert_clean_error(r, "unsupported Python 3.9", "3.10 to 3.13")


def test_unsupported_torch(tmp_path) -> None:
    r = run(["petite.train", "--out", str(tmp_path / "w.pt")], PETITE_FAKE_TORCH="2.5.1")
    assert_clean_error(r, "unsupported torch 2.5.1", "torch==2.13.0")


def test_bad_weights_file(tmp_path) -> None:
    bad = tmp_path / "w.pt"
    bad.write_bytes(b"not a checkpoint")
    r = run(["petite.export", "--out-dir", str(tmp_path), "--weights", str(bad)])
    assert_clean_error(r, "cannot load weights", "w.pt")


@pytest.mark.parametrize("version, ok", [((3, 9), False), ((3, 10), True), ((3, 13), True), ((3, 14), False)])
def test_python_range(version, ok) -> None:
    assert (python_problem(version) is None) == ok


@pytest.mark.parametrize("version, ok", [("2.13.0", True), ("2.13.0+cpu", True), ("2.13.1", False),
                                         ("2.12.0", False), (None, False)])
def test_torch_pin(version, ok) -> None:
    assert (torch_problem(version) is None) == ok
