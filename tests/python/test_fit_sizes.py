"""tools/fit_sizes.h (the per-function sizes behind `petite fit`'s estimates) is current.

Two checks: the sources it was measured from are the ones in the tree (FIT_INPUTS_SHA256,
recomputed here), and, with the compiler it records, measuring the M33 build again gives the
same file byte for byte. With another compiler only the first check can hold (sizes are the
compiler's): the test says so with a warning. Regenerate with `make fit-sizes`.
"""

from __future__ import annotations

import difflib
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from petite_models import BUILD, REPO

sys.path.insert(0, str(REPO / "tools"))
import fit_measure  # noqa: E402

HEADER = REPO / "tools" / "fit_sizes.h"


def recorded(name: str) -> str:
    m = re.search(rf'^#define {name} "([^"]*)"', HEADER.read_text(), re.M)
    assert m, f"{HEADER} has no {name}: regenerate it with `make fit-sizes`"
    return m.group(1)


def test_fit_sizes_measured_from_these_sources() -> None:
    assert recorded("FIT_INPUTS_SHA256") == fit_measure.inputs_sha256(), (
        f"{HEADER} is stale: runtime/, kernels/ or the measuring code changed since it was measured "
        f"(inputs: {', '.join(fit_measure.INPUTS)}); regenerate it with `make fit-sizes` and commit it")


def test_fit_sizes_match_a_new_measurement(tmp_path: Path) -> None:
    m33 = BUILD / "m33"
    for lib in ("runtime/libpetite_runtime.a", "kernels/libpetite_kernels.a"):
        if not (m33 / lib).is_file():
            pytest.fail(f"{m33 / lib} is missing: build the M33 libraries (make m33; PETITE_BUILD={BUILD})")
    out = tmp_path / "fit_sizes.h"
    r = subprocess.run([sys.executable, str(REPO / "tools" / "fit_measure.py"), "--build", str(m33), "--out", str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    now = fit_measure.compiler_version()
    if not recorded("FIT_MEASURED_WITH").startswith(now):
        warnings.warn(f"{fit_measure.CC} is {now!r}, {HEADER.name} was measured with "
                      f"{recorded('FIT_MEASURED_WITH')!r}: sizes not compared (the sources are, above)")
        return
    assert out.read_text() == HEADER.read_text(), (
        f"measuring {m33} again gives a different {HEADER.name}: regenerate it with `make fit-sizes`\n"
        + "".join(difflib.unified_diff(HEADER.read_text().splitlines(True), out.read_text().splitlines(True),
                                       "committed", "measured now", n=1))[:3000])
