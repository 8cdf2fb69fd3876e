"""The serial plotter: the firmware's line format, malformed lines, and the PNG it writes."""

from __future__ import annotations

import json
import math
import subprocess

import pytest

from petite import plot
from petite.plot import End, Header, MalformedLine, Point, Summary, parse_line
from petite_models import PYTHON


def test_parses_every_line_kind() -> None:
    assert parse_line("# petite sine demo, qemu-m33\r\n") == Header("petite sine demo, qemu-m33")
    assert parse_line("x=0 y=0.00561 sin=0 err=0.00561 instructions=912") == \
        Point(0.0, 0.00561, 0.0, 0.00561, "instructions", 912)
    assert parse_line("x=6.28318548 y=-1.5e-3 sin=1.7484555e-07 err=0.0015 cycles=1200\n") == \
        Point(6.28318548, -1.5e-3, 1.7484555e-07, 0.0015, "cycles", 1200)
    assert parse_line("x=1 y=2 sin=3 err=1 none=0").unit == "none"
    assert parse_line("SUMMARY max_err=0.0076 mean_cycles=1203.5 ram_bytes=2048 arena_bytes=128") == \
        Summary(0.0076, "cycles", 1203.5, 2048, 128)
    assert parse_line("DONE") == End(True)
    assert parse_line("FAIL load: bad magic") == End(False, "load: bad magic")
    assert parse_line("   ") is None


def test_a_nan_prediction_is_data_not_garbage() -> None:
    p = parse_line("x=1 y=nan sin=0.84 err=nan cycles=5")
    assert isinstance(p, Point) and math.isnan(p.y)


@pytest.mark.parametrize("line, why", [
    ("x=1 y=2 sin=3 err=1", "expected 5 fields"),
    ("x=1 y=2 sin=3 err=1 cycles=1 extra=2", "expected 5 fields"),
    ("x=1 y=2 sin=3 err=1 seconds=4", "unknown unit"),
    ("x=1 sin=2 y=3 err=1 cycles=4", "expected y="),
    ("x=abc y=2 sin=3 err=1 cycles=4", "not a number"),
    ("x=nan y=2 sin=3 err=1 cycles=4", "not finite"),
    ("x=1 y=2 sin=3 err=1 cycles=4.5", "not an integer"),
    ("x=1 y=2 sin=3 err=1 cycles=", "not an integer"),
    ("SUMMARY max_err=1 mean_cycles=2 ram_bytes=3", "expected 4 fields"),
    ("SUMMARY max_err=1 mean_time=2 ram_bytes=3 arena_bytes=4", "mean_<"),
    ("SUMMARY max_err=1 mean_cycles=2 ram_bytes=x arena_bytes=4", "not an integer"),
    ("DONE!", "not a header"),
    ("x=1y=2", "expected 5 fields"),
    ("hello", "not a header"),
])
def test_malformed_lines_raise(line, why) -> None:
    with pytest.raises(MalformedLine, match=why):
        parse_line(line)


def sample_log() -> tuple[str, list[tuple[float, float, float, float, int]]]:
    rows = []
    lines = ["# petite sine demo: 40 points, qemu-m33"]
    for i in range(40):
        x = 2 * math.pi * i / 39
        y = math.sin(x) + 0.01 * math.cos(3 * x)
        rows.append((x, y, math.sin(x), abs(y - math.sin(x)), 800 + i))
        lines.append(f"x={x:.9g} y={y:.9g} sin={math.sin(x):.9g} err={abs(y - math.sin(x)):.9g} instructions={800 + i}")
        if i == 10:
            lines.append("x=garbled y=")
        if i == 20:
            lines.append("\x00\x13noise from a reset")
    lines += ["SUMMARY max_err=0.01 mean_instructions=819.5 ram_bytes=1500 arena_bytes=128", "DONE"]
    return "\n".join(lines) + "\n", rows


def test_png_from_a_log_plots_what_the_log_said(tmp_path) -> None:
    text, rows = sample_log()
    log = tmp_path / "run.log"
    log.write_text(text)
    png, dump = tmp_path / "plot.png", tmp_path / "plot.json"
    r = subprocess.run([PYTHON, "-m", "petite.plot", "--file", str(log), "--png", str(png), "--dump-json", str(dump)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "40 points" in r.stdout and "2 malformed line(s) ignored" in r.stdout
    assert "line 13" in r.stdout and "line 24" in r.stdout  # 1-based: header, 11 points, then the bad one
    drawn = json.loads(dump.read_text())
    assert drawn["prediction"]["x"] == pytest.approx([r[0] for r in rows], abs=1e-8)
    assert drawn["prediction"]["y"] == pytest.approx([r[1] for r in rows], abs=1e-8)
    assert drawn["error"]["y"] == pytest.approx([r[3] for r in rows], abs=1e-8)


def test_stdin_and_fail_marker(tmp_path) -> None:
    text = "x=0 y=0 sin=0 err=0 none=0\nFAIL execute: kernel error\n"
    r = subprocess.run([PYTHON, "-m", "petite.plot", "-", "--png", str(tmp_path / "p.png")], input=text,
                       capture_output=True, text=True)
    assert r.returncode == 1
    assert "FAIL execute: kernel error" in r.stdout
    assert (tmp_path / "p.png").is_file()


def test_no_serial_port_is_a_clear_error(monkeypatch, capsys) -> None:
    import serial.tools.list_ports

    monkeypatch.setattr(serial.tools.list_ports, "comports", lambda: [])
    assert plot.main(["--png", "unused.png"]) == 2
    err = capsys.readouterr().err
    assert "no serial port found" in err and "--port" in err


def test_missing_log_file_is_a_clear_error(tmp_path, capsys) -> None:
    assert plot.main(["--file", str(tmp_path / "nope.log"), "--png", str(tmp_path / "x.png")]) == 2
    assert "cannot read log file" in capsys.readouterr().err
