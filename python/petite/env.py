"""Shared checks: supported Python/torch versions, default paths, one-line fatal errors."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Callable, Iterator, NoReturn

REQUIRED_TORCH = "2.13.0"
PYTHON_MIN = (3, 10)
PYTHON_MAX = (3, 13)

REPO = Path(__file__).resolve().parents[2]
DEFAULT_BUILD = Path(os.environ.get("PETITE_BUILD", REPO / "build"))


class PetiteError(Exception):
    """A problem with the user's input or environment: printed as one line, no traceback."""


def fail(msg: str) -> NoReturn:
    raise PetiteError(msg)


def python_problem(version: tuple[int, int] = sys.version_info[:2]) -> str | None:
    if not (PYTHON_MIN <= version <= PYTHON_MAX):
        return (f"unsupported Python {version[0]}.{version[1]}: petite needs Python "
                f"{PYTHON_MIN[0]}.{PYTHON_MIN[1]} to {PYTHON_MAX[0]}.{PYTHON_MAX[1]}")
    return None


def torch_problem(version: str | None) -> str | None:
    if version is None:
        return f"PyTorch is not installed: petite needs torch=={REQUIRED_TORCH} (run `make setup`)"
    if version.split("+")[0] != REQUIRED_TORCH:
        return f"unsupported torch {version}: petite needs torch=={REQUIRED_TORCH} (run `make setup`)"
    return None


def check_versions() -> None:
    """Fail with one clear line on an unsupported Python or torch.

    PETITE_FAKE_PYTHON / PETITE_FAKE_TORCH (e.g. "3.9", "2.5.0") pretend another version so
    the error paths can be tested without installing one.
    """
    fake_py = os.environ.get("PETITE_FAKE_PYTHON")
    py = tuple(int(v) for v in fake_py.split(".")[:2]) if fake_py else sys.version_info[:2]
    problem = python_problem(py)  # type: ignore[arg-type]
    if problem:
        fail(problem)
    torch_version = os.environ.get("PETITE_FAKE_TORCH")
    if torch_version is None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            torch_version = version("torch")  # no `import torch`: keeps "up to date" fast
        except PackageNotFoundError:
            torch_version = None
    problem = torch_problem(torch_version)
    if problem:
        fail(problem)


def run_main(main: Callable[[list[str] | None], int], argv: list[str] | None = None) -> int:
    """Run a command's main(): PetiteError becomes 'petite: error: ...' and exit code 2."""
    try:
        return main(argv)
    except PetiteError as e:
        print(f"petite: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("petite: interrupted", file=sys.stderr)
        return 130


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Hold back what torch/executorch print to stderr at the C level (cpuinfo probes, torchao
    load notes, deprecation warnings): it is noise when things work. If the block fails with
    anything but a PetiteError, the held-back text is replayed so nothing is lost."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as held:
        os.dup2(held.fileno(), 2)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", FutureWarning)
                warnings.simplefilter("ignore", DeprecationWarning)
                yield
        except PetiteError:
            raise
        except BaseException:
            sys.stderr.flush()
            os.dup2(saved, 2)
            held.seek(0)
            sys.stderr.write(held.read().decode(errors="replace"))
            raise
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
