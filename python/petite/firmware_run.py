"""Run petite firmware images on QEMU (or natively, for the host board) and capture their serial lines.

    python -m petite.firmware_run m33 build/m33/firmware/petite_demo.elf

Every run goes through `timeout`: a firmware that hangs (or a bkpt without semihosting) must
end the run, not the test session. QEMU never opens a display (-display none / -nographic).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

BOARDS = ("m33", "rv32", "host")
IMAGE_NAMES = {"m33": "petite_demo.elf", "rv32": "petite_demo.elf", "host": "petite_demo"}
# What to build when an image is missing (the Makefile's targets).
BUILD_HINT = {"m33": "make m33", "rv32": "make rv32", "host": "make host"}
TIMEOUT_EXIT = 124  # what `timeout` returns when it had to stop the command


@dataclass
class RunResult:
    board: str
    image: Path
    exit_code: int
    lines: list[str] = field(default_factory=list)
    stderr: str = ""

    @property
    def timed_out(self) -> bool:
        return self.exit_code == TIMEOUT_EXIT


def image_path(build: Path, board: str, name: str = "petite_demo") -> Path:
    """Where the Makefile's build puts a board's image: build/<board>/firmware/<name>[.elf]."""
    if board not in BOARDS:
        raise ValueError(f"unknown board {board!r} (expected one of {', '.join(BOARDS)})")
    return Path(build) / board / "firmware" / (name if board == "host" else name + ".elf")


def qemu_command(board: str, image: Path) -> list[str]:
    """The QEMU command line for a bare-metal image (checked on QEMU 7.2)."""
    common = ["-display", "none", "-nographic", "-monitor", "none", "-serial", "stdio",
              "-semihosting-config", "enable=on,target=native"]
    if board == "m33":
        # mps2-an505: Cortex-M33 with FPU; exit code via semihosting SYS_EXIT_EXTENDED.
        return ["qemu-system-arm", "-M", "mps2-an505", *common, "-kernel", str(image)]
    if board == "rv32":
        # virt with a Hazard3-like core (RV32IMAC, no F/D, no S-mode). -icount makes minstret
        # count instructions exactly (otherwise it follows host time).
        return ["qemu-system-riscv32", "-M", "virt", "-bios", "none",
                "-cpu", "rv32,f=false,d=false,h=false,s=false,zbkb=true",
                "-icount", "shift=0,align=off,sleep=off", *common, "-kernel", str(image)]
    raise ValueError(f"board {board!r} does not run on QEMU")


def command(board: str, image: Path) -> list[str]:
    return [str(image)] if board == "host" else qemu_command(board, image)


def run(board: str, image: Path, timeout_s: float = 60.0) -> RunResult:
    """Runs `image` for `board` and returns its exit code and output lines (serial or stdout).
    Raises FileNotFoundError naming what to build when the image or the emulator is missing."""
    image = Path(image)
    if not image.is_file():
        raise FileNotFoundError(f"{board} firmware image {image} not found: build it with `{BUILD_HINT[board]}`")
    cmd = command(board, image)
    if shutil.which(cmd[0]) is None:
        raise FileNotFoundError(f"{cmd[0]} not found: install it (scripts/setup.sh)")
    if shutil.which("timeout") is None:
        raise FileNotFoundError("coreutils `timeout` not found")
    p = subprocess.run(["timeout", "--kill-after=5", f"{timeout_s:g}", *cmd], stdin=subprocess.DEVNULL,
                       capture_output=True, check=False)
    out = p.stdout.decode("utf-8", errors="replace").replace("\r\n", "\n")
    return RunResult(board, image, p.returncode, out.splitlines(), p.stderr.decode("utf-8", errors="replace"))


def build_insn_plugin(source: Path, out: Path) -> Path:
    """Compiles the bench's QEMU TCG plugin (bench/insn_count_plugin.c) into `out`."""
    if not out.is_file() or out.stat().st_mtime < source.stat().st_mtime:
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["gcc", "-shared", "-fPIC", "-O2", "-o", str(out), str(source)], check=True)
    return out


def symbol_address(nm: str, image: Path, symbol: str) -> int:
    out = subprocess.run([nm, str(image)], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == symbol:
            return int(parts[0], 16) & ~1  # Thumb symbols may carry the mode bit
    raise ValueError(f"{image}: no symbol {symbol}")


def instructions_per_inference(board: str, image: Path, plugin: Path, nm: str,
                               timeout_s: float = 120.0) -> list[int]:
    """Exact guest instructions of each inference: the plugin records the instruction count at
    every call of petite_bench_mark, which the demo calls right before and after each one."""
    mark = symbol_address(nm, image, "petite_bench_mark")
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "marks.txt"
        cmd = [*qemu_command(board, image), "-plugin", f"{plugin},mark={mark:#x}", "-d", "plugin", "-D", str(log)]
        p = subprocess.run(["timeout", "--kill-after=5", f"{timeout_s:g}", *cmd], stdin=subprocess.DEVNULL,
                           capture_output=True, check=False)
        if p.returncode != 0:
            raise RuntimeError(f"{board}: instruction-count run exited with {p.returncode}")
        text = log.read_text() if log.is_file() else ""
    marks = next((l.split()[1:] for l in text.splitlines() if l.startswith("petite-marks:")), None)
    if not marks or len(marks) % 2:
        raise RuntimeError(f"{board}: the plugin recorded no usable marks")
    counts = [int(v) for v in marks]
    return [counts[i + 1] - counts[i] for i in range(0, len(counts), 2)]


def fields(line: str) -> dict[str, str]:
    """`x=1 y=2 cycles=3` -> {"x": "1", ...}; tokens without '=' are ignored."""
    return dict(tok.split("=", 1) for tok in line.split() if "=" in tok)


def data_points(lines: list[str]) -> list[tuple[float, float]]:
    """(x, y) of every data line of the sine demo, in order."""
    pts = []
    for line in lines:
        if line.startswith("x="):
            f = fields(line)
            pts.append((float(f["x"]), float(f["y"])))
    return pts


def summary(lines: list[str]) -> dict[str, str]:
    for line in lines:
        if line.startswith("SUMMARY "):
            return fields(line)
    return {}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Run a petite firmware image and print its output.")
    ap.add_argument("board", choices=BOARDS)
    ap.add_argument("image", type=Path)
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds before the run is stopped")
    a = ap.parse_args(argv)
    try:
        r = run(a.board, a.image, a.timeout)
    except FileNotFoundError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print("\n".join(r.lines))
    if r.timed_out:
        print(f"error: {a.board} run timed out after {a.timeout:g} s", file=sys.stderr)
    return r.exit_code


if __name__ == "__main__":
    sys.exit(main())
