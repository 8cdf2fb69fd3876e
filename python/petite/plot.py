"""Serial plotter for the sine demo: device prediction vs sin(x), and |error|.

    petite-plot                    auto-detect the board's serial port, plot live
    petite-plot --port /dev/ttyACM0
    petite-plot --file run.log     a saved log ("-" reads standard input)
    petite-plot --file run.log --png plot.png    write a PNG instead of a window

The firmware prints (and `parse_line` reads) exactly these lines:

    # any header text
    x=<float> y=<float> sin=<float> err=<float> <unit>=<int>      unit: cycles|instructions|none
    SUMMARY max_err=<float> mean_<unit>=<number> ram_bytes=<int> arena_bytes=<int>
    DONE            or            FAIL <reason>

Anything else is a malformed line: it is counted and reported at the end, never fatal.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import queue
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, TextIO, Union

UNITS = ("cycles", "instructions", "none")
RASPBERRY_PI_VID = 0x2E8A  # USB vendor id of the Pico SDK's CDC serial


class MalformedLine(ValueError):
    """A line that is none of the firmware's line kinds; the message says what is wrong."""


@dataclass(frozen=True)
class Header:
    text: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    sin: float
    err: float
    unit: str
    count: int


@dataclass(frozen=True)
class Summary:
    max_err: float
    unit: str
    mean: float
    ram_bytes: int
    arena_bytes: int


@dataclass(frozen=True)
class End:
    ok: bool
    reason: str = ""


Record = Union[Header, Point, Summary, End]


def _float(key: str, text: str, finite: bool = False) -> float:
    try:
        v = float(text)
    except ValueError:
        raise MalformedLine(f"{key}={text!r} is not a number") from None
    if finite and not math.isfinite(v):
        raise MalformedLine(f"{key}={text} is not finite")
    return v


def _int(key: str, text: str) -> int:
    try:
        return int(text, 10)
    except ValueError:
        raise MalformedLine(f"{key}={text!r} is not an integer") from None


def _fields(parts: list[str], keys: list[str]) -> list[str]:
    if len(parts) != len(keys):
        raise MalformedLine(f"expected {len(keys)} fields ({' '.join(k + '=' for k in keys)}), got {len(parts)}")
    values = []
    for part, key in zip(parts, keys):
        k, sep, v = part.partition("=")
        if not sep or k != key:
            raise MalformedLine(f"expected {key}=..., got {part!r}")
        values.append(v)
    return values


def parse_line(line: str) -> Record | None:
    """One firmware line -> a record; None for a blank line; MalformedLine otherwise."""
    line = line.strip()
    if not line:
        return None
    if line.startswith("#"):
        return Header(line[1:].strip())
    if line == "DONE":
        return End(True)
    if line == "FAIL" or line.startswith("FAIL "):
        return End(False, line[5:].strip())
    parts = line.split()
    if parts[0] == "SUMMARY":
        unit_key = parts[2].partition("=")[0] if len(parts) > 2 else ""
        unit = unit_key[len("mean_"):] if unit_key.startswith("mean_") else ""
        if unit not in UNITS:
            raise MalformedLine(f"SUMMARY: expected mean_<{'|'.join(UNITS)}>=..., got {unit_key!r}")
        v = _fields(parts[1:], ["max_err", unit_key, "ram_bytes", "arena_bytes"])
        return Summary(_float("max_err", v[0]), unit, _float(unit_key, v[1], finite=True),
                       _int("ram_bytes", v[2]), _int("arena_bytes", v[3]))
    if parts[0].startswith("x="):
        unit = parts[4].partition("=")[0] if len(parts) == 5 else ""
        if len(parts) == 5 and unit not in UNITS:
            raise MalformedLine(f"unknown unit {unit!r} (expected {'|'.join(UNITS)})")
        v = _fields(parts, ["x", "y", "sin", "err", unit])
        return Point(_float("x", v[0], finite=True), _float("y", v[1]), _float("sin", v[2]),
                     _float("err", v[3]), unit, _int(unit, v[4]))
    raise MalformedLine("not a header, data, SUMMARY, DONE or FAIL line")


@dataclass
class Run:
    """Everything read so far from one firmware run."""

    headers: list[str] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    summary: Summary | None = None
    end: End | None = None
    malformed: list[tuple[int, str, str]] = field(default_factory=list)  # (line no, line, why)
    lines: int = 0

    def add(self, line: str) -> Record | None:
        self.lines += 1
        try:
            rec = parse_line(line)
        except MalformedLine as e:
            self.malformed.append((self.lines, line.rstrip("\r\n"), str(e)))
            return None
        if isinstance(rec, Header):
            self.headers.append(rec.text)
        elif isinstance(rec, Point):
            self.points.append(rec)
        elif isinstance(rec, Summary):
            self.summary = rec
        elif isinstance(rec, End):
            self.end = rec
        return rec

    def describe(self) -> str:
        out = [f"{len(self.points)} points from {self.lines} lines"]
        if self.points:
            worst = max(self.points, key=lambda p: p.err if math.isfinite(p.err) else math.inf)
            out.append(f"max |error| {worst.err:.3g} at x={worst.x:.4g}")
            counted = [p.count for p in self.points if p.unit != "none"]
            if counted:
                out.append(f"mean {self.points[0].unit} per inference {sum(counted) / len(counted):.0f}")
        if self.summary:
            s = self.summary
            out.append(f"device SUMMARY: max_err {s.max_err:.3g}, mean {s.unit} {s.mean:g}, "
                       f"RAM {s.ram_bytes} B, arena {s.arena_bytes} B")
        out.append("DONE" if self.end and self.end.ok else
                   f"FAIL {self.end.reason}" if self.end else "no DONE/FAIL line (run cut short?)")
        text = "; ".join(out)
        if self.malformed:
            text += f"\n{len(self.malformed)} malformed line(s) ignored:"
            for no, line, why in self.malformed[:5]:
                text += f"\n  line {no}: {why}: {line[:70]!r}"
            if len(self.malformed) > 5:
                text += f"\n  ... and {len(self.malformed) - 5} more"
        return text


# ----------------------------------------------------------------------------- sources

class SourceError(Exception):
    """No usable input (no serial port, unreadable file): one line for the user."""


def find_port() -> str:
    """The board's serial port: a Raspberry Pi USB device if any, else the only USB serial port."""
    from serial.tools import list_ports

    ports = list(list_ports.comports())
    pico = [p for p in ports if p.vid == RASPBERRY_PI_VID]
    if len(pico) >= 1:
        return pico[0].device
    usb = [p for p in ports if p.vid is not None]
    if len(usb) == 1:
        return usb[0].device
    if not usb:
        raise SourceError("no serial port found: plug in the board (it appears as /dev/ttyACM*), "
                          "or use --port PORT, or --file LOG / --file - for a saved run")
    raise SourceError("several serial ports found (" + ", ".join(p.device for p in usb)
                      + "): choose one with --port")


def serial_lines(port: str, baud: int, idle_timeout: float) -> Iterator[str]:
    import serial

    try:
        conn = serial.Serial(port, baud, timeout=0.5)
    except (serial.SerialException, OSError) as e:
        raise SourceError(f"cannot open serial port {port}: {e}") from None
    last = time.monotonic()
    with conn:
        while True:
            raw = conn.readline()
            if raw:
                last = time.monotonic()
                yield raw.decode("utf-8", errors="replace")
            elif time.monotonic() - last > idle_timeout:
                return


def open_lines(args: argparse.Namespace) -> tuple[str, Iterable[str]]:
    if args.file == "-":
        return "standard input", sys.stdin
    if args.file:
        try:
            f: TextIO = open(args.file, encoding="utf-8", errors="replace")
        except OSError as e:
            raise SourceError(f"cannot read log file {args.file}: {e.strerror or e}") from None
        return args.file, f
    port = args.port or find_port()
    return f"serial port {port}", serial_lines(port, args.baud, args.timeout)


# ----------------------------------------------------------------------------- drawing

def _setup_axes(fig: "matplotlib.figure.Figure"):  # noqa: F821
    import numpy as np

    ax1, ax2 = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [2, 1]})
    xs = np.linspace(0.0, 2.0 * math.pi, 400)
    ax1.plot(xs, np.sin(xs), color="0.6", lw=4, alpha=0.5, label="sin(x)", gid="sin-reference")
    (pred,) = ax1.plot([], [], "o-", ms=3, lw=1, color="C0", label="device prediction", gid="prediction")
    ax1.set_ylabel("y")
    ax1.set_xlim(0, 2 * math.pi)
    ax1.set_ylim(-1.2, 1.2)
    ax1.legend(loc="upper right")
    ax1.grid(alpha=0.3)
    (err,) = ax2.plot([], [], ".-", ms=3, lw=1, color="C3", label="|error|", gid="error")
    ax2.set_xlabel("x")
    ax2.set_ylabel("|prediction - sin(x)|")
    ax2.grid(alpha=0.3)
    return ax1, ax2, pred, err


def _update(run: Run, fig, ax1, ax2, pred, err, source: str) -> None:
    pred.set_data([p.x for p in run.points], [p.y for p in run.points])
    err.set_data([p.x for p in run.points], [p.err for p in run.points])
    finite = [p.err for p in run.points if math.isfinite(p.err)]
    ax2.set_ylim(0, max(finite + [1e-6]) * 1.15)
    status = "running" if run.end is None else ("DONE" if run.end.ok else f"FAIL {run.end.reason}")
    title = f"petite sine demo ({source}): {len(run.points)} points, {status}"
    if finite:
        title += f", max |error| {max(finite):.2g}"
    if run.malformed:
        title += f", {len(run.malformed)} malformed"
    ax1.set_title(title, fontsize=9)


def plotted_data(fig) -> dict[str, dict[str, list[float]]]:
    """The data actually drawn, read back from the figure's lines (by gid)."""
    out = {}
    for ax in fig.axes:
        for line in ax.get_lines():
            if line.get_gid() in ("prediction", "error"):
                out[line.get_gid()] = {"x": [float(v) for v in line.get_xdata()],
                                       "y": [float(v) for v in line.get_ydata()]}
    return out


def write_png(run: Run, png: Path, source: str, dump: Path | None = None) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 6), dpi=100)
    ax1, ax2, pred, err = _setup_axes(fig)
    _update(run, fig, ax1, ax2, pred, err, source)
    fig.tight_layout()
    try:
        fig.savefig(png)
        if dump:
            dump.write_text(json.dumps(plotted_data(fig), indent=1) + "\n")
    except OSError as e:
        raise SourceError(f"cannot write {png}: {e.strerror or e}") from None


def plot_live(run: Run, lines: Iterable[str], source: str) -> None:
    """A window that redraws as lines arrive; reading happens on a thread."""
    import matplotlib.pyplot as plt
    from matplotlib.animation import FuncAnimation

    q: "queue.Queue[str | None]" = queue.Queue()

    def reader() -> None:
        try:
            for line in lines:
                q.put(line)
        finally:
            q.put(None)

    threading.Thread(target=reader, daemon=True).start()
    fig = plt.figure(figsize=(8, 6))
    ax1, ax2, pred, err = _setup_axes(fig)

    def tick(_frame: int):
        while True:
            try:
                line = q.get_nowait()
            except queue.Empty:
                break
            if line is not None:
                run.add(line)
        _update(run, fig, ax1, ax2, pred, err, source)
        return pred, err

    anim = FuncAnimation(fig, tick, interval=100, cache_frame_data=False)  # noqa: F841 - keep a reference
    plt.show()


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or sys.platform in ("darwin", "win32")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="petite-plot", description=__doc__.splitlines()[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="\n".join(__doc__.splitlines()[2:]))
    src = p.add_mutually_exclusive_group()
    src.add_argument("--port", help="serial port (default: auto-detect)")
    src.add_argument("--file", help="read a saved log instead ('-' = standard input)")
    src.add_argument("stdin", nargs="?", choices=["-"], help="same as --file -")
    p.add_argument("--baud", type=int, default=115200, help="serial baud rate (USB CDC ignores it)")
    p.add_argument("--timeout", type=float, default=10.0, help="serial: stop after this many idle seconds")
    p.add_argument("--png", type=Path, help="write the plot to this PNG (no window)")
    p.add_argument("--dump-json", type=Path, help="also write the plotted series as JSON")
    a = p.parse_args(argv)
    if a.stdin:
        a.file = "-"
    run = Run()
    try:
        source, lines = open_lines(a)
        png = a.png
        if png is None and not has_display():
            png = Path("sine_plot.png")
            print(f"petite-plot: no display, writing {png} instead of a window")
        if png is None:
            plot_live(run, lines, source)
        else:
            for line in lines:
                run.add(line)
                if run.end is not None and not a.file:
                    break
            write_png(run, png, source, a.dump_json)
            print(f"petite-plot: wrote {png}")
    except SourceError as e:
        print(f"petite-plot: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("petite-plot: interrupted", file=sys.stderr)
    print(f"petite-plot: {run.describe()}")
    if not run.points:
        return 1
    return 0 if run.end is None or run.end.ok else 1


if __name__ == "__main__":
    sys.exit(main())
