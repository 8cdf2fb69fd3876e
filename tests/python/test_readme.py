"""Every shell command in README.md still works and still prints what the README shows.

The README marks its fenced ```sh blocks with HTML comments (invisible when rendered):
  <!-- readme: prelude -->        before a block: run before every other block (PATH set-up)
  <!-- readme: skip (reason) -->  before a block: not run here, for the reason given
  <!-- expect: REGEX -->          after a block: must match the block's stdout+stderr
  <!-- exit: N -->                after a block: its exit status (default 0)
An output block (```text) that follows is what the README shows: each expect must match it
too, so the checked lines are the lines a reader sees. A block with neither skip nor expect
fails: no README command goes unchecked.

Blocks run in README order from the repository root; paths under build/ follow PETITE_BUILD.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
BUILD = Path(os.environ.get("PETITE_BUILD", REPO / "build")).resolve()
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.M | re.S)
COMMENT = re.compile(r"<!--\s*(readme|expect|exit):\s*(.*?)\s*-->")


@dataclass
class Block:
    line: int
    code: str
    prelude: bool = False
    skip: str | None = None
    expects: list[str] = field(default_factory=list)
    exit: int = 0
    shown: str | None = None  # the ```text block that follows, if any


def parse(text: str) -> list[Block]:
    blocks: list[Block] = []
    fences = list(FENCE.finditer(text))
    for i, m in enumerate(fences):
        if m.group(1) != "sh":
            continue
        b = Block(line=text.count("\n", 0, m.start()) + 1, code=m.group(2))
        # comments between the previous fence and this one: only those right above it count
        before = text[fences[i - 1].end() if i else 0:m.start()].rstrip().splitlines()
        last = before[-1] if before else ""
        c = COMMENT.fullmatch(last.strip())
        if c and c.group(1) == "readme":
            if c.group(2) == "prelude":
                b.prelude = True
            elif c.group(2).startswith("skip"):
                b.skip = c.group(2)[len("skip"):].strip(" ()")
        # comments after this fence, up to the next fence
        after_end = fences[i + 1].start() if i + 1 < len(fences) else len(text)
        for c in COMMENT.finditer(text, m.end(), after_end):
            if c.group(1) == "expect":
                b.expects.append(c.group(2))
            elif c.group(1) == "exit":
                b.exit = int(c.group(2))
        # the output shown: a ```text block with nothing but comments between
        if i + 1 < len(fences) and fences[i + 1].group(1) == "text" and \
                not COMMENT.sub("", text[m.end():fences[i + 1].start()]).strip():
            b.shown = fences[i + 1].group(2)
        blocks.append(b)
    return blocks


BLOCKS = parse(README.read_text())
PRELUDE = "\n".join(b.code for b in BLOCKS if b.prelude)
RUN = [b for b in BLOCKS if not b.prelude and b.skip is None]


def with_build(code: str) -> str:
    """README paths are build/...: point them at PETITE_BUILD."""
    if BUILD == (REPO / "build").resolve():
        return code
    code = code.replace("$PWD/build/", f"{BUILD}/")
    return re.sub(r"(?<![\w/.$-])build/", f"{BUILD}/", code)


def expect_re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.M)


def test_readme_marks_every_block() -> None:
    assert PRELUDE, "README.md has no <!-- readme: prelude --> block"
    assert len(RUN) >= 15, f"only {len(RUN)} runnable blocks found: the parser or the README changed"
    for b in BLOCKS:
        if b.skip is not None:
            assert b.skip, f"README.md:{b.line}: a skipped block must say why"
            assert not b.expects, f"README.md:{b.line}: skipped but has expectations"
        elif not b.prelude:
            assert b.expects, f"README.md:{b.line}: a command block without <!-- expect: --> is unchecked"


def test_skipped_blocks_are_the_stated_ones() -> None:
    """Only make demo/test (CI runs them) and the Pico 2 W blocks (SDK, hardware) are skipped."""
    skipped = [b for b in BLOCKS if b.skip is not None]
    assert skipped, "no skipped blocks: the parser lost its markers"
    for b in skipped:
        assert re.search(r"make (demo|test)|pico2w|uf2|ttyACM", b.code), f"README.md:{b.line} skipped: {b.skip}"


@pytest.mark.parametrize("block", RUN, ids=[f"line{b.line}" for b in RUN])
def test_readme_shows_what_it_checks(block: Block) -> None:
    """The README's shown output matches its own expectations (they check what readers see)."""
    if block.shown is None:
        pytest.fail(f"README.md:{block.line}: no ```text output shown after the command")
    for e in block.expects:
        assert expect_re(e).search(block.shown), f"README.md:{block.line}: shown output lacks /{e}/"


@pytest.mark.parametrize("block", RUN, ids=[f"line{b.line}" for b in RUN])
def test_readme_command(block: Block) -> None:
    (BUILD / "tutorial").mkdir(parents=True, exist_ok=True)
    script = "set -e -o pipefail\n" + with_build(PRELUDE) + "\n" + with_build(block.code)
    r = subprocess.run(["bash", "-c", script], cwd=REPO, capture_output=True, text=True, timeout=600)
    out = r.stdout + r.stderr
    where = f"README.md:{block.line}:\n{block.code}\n--- output ---\n{out[-4000:]}"
    assert r.returncode == block.exit, f"exit {r.returncode}, expected {block.exit}\n{where}"
    if BUILD != (REPO / "build").resolve():
        out = out.replace(f"{BUILD}/", "build/")
    for e in block.expects:
        assert expect_re(e).search(out), f"no match for /{e}/\n{where}"


def test_fit_agrees_with_the_device() -> None:
    """petite fit's exact SRAM figures are what pt_method_needs asked for on the emulated M33."""
    tool = BUILD / "host" / "tools" / "petite"
    fit = subprocess.run([str(tool), "fit", str(BUILD / "models" / "sine_model.pte"), "--board", "pico2w", "--json"],
                         capture_output=True, text=True, check=True)
    sram = json.loads(fit.stdout)["sram"]
    image = BUILD / "m33" / "firmware" / "petite_demo.elf"
    run = subprocess.run(["qemu-system-arm", "-M", "mps2-an505", "-nographic", "-semihosting-config",
                          "enable=on,target=native", "-kernel", str(image)],
                         capture_output=True, text=True, timeout=120)
    m = re.search(r"^SUMMARY .*ram_bytes=(\d+) arena_bytes=(\d+)", run.stdout, re.M)
    assert m, f"no SUMMARY line from the M33 image:\n{run.stdout[-2000:]}{run.stderr[-2000:]}"
    assert sram["metadata"] + sram["arena"] + sram["scratch"] == int(m.group(1))
    assert sram["arena"] == int(m.group(2))


def test_parser_reads_markers() -> None:
    """The parser itself, on a small made-up README."""
    text = ("<!-- readme: prelude -->\n```sh\nexport A=1\n```\n\n"
            "```sh\necho hi\n```\n<!-- expect: ^hi$ -->\n<!-- exit: 3 -->\n```text\nhi\n```\n\n"
            "<!-- readme: skip (needs a board) -->\n```sh\nflash it\n```\n")
    b = parse(text)
    assert [x.prelude for x in b] == [True, False, False]
    assert b[1].expects == ["^hi$"] and b[1].exit == 3 and b[1].shown == "hi\n"
    assert b[2].skip == "needs a board"


def test_fit_estimates_close_to_a_real_link() -> None:
    """The per-section estimates of runtime + kernels are within 15% of what the M33 demo
    image's link map measured for the same model (firmware/size_report.py)."""
    tool = BUILD / "host" / "tools" / "petite"
    sine = str(BUILD / "models" / "sine_model.pte")
    report = BUILD / "m33" / "firmware" / "petite_demo.size.txt"
    assert report.is_file(), f"{report} missing: build the M33 firmware (make m33)"

    def flash(*extra: str) -> dict:
        r = subprocess.run([str(tool), "fit", sine, "--board", "pico2w", "--json", *extra],
                           capture_output=True, text=True, check=True)
        return json.loads(r.stdout)

    est, meas = flash(), flash("--size-report", str(report))
    assert est["sizes"] == "estimate" and meas["sizes"] == "measured"
    e = est["flash"]["runtime"] + est["flash"]["kernels"]
    m = meas["flash"]["runtime"] + meas["flash"]["kernels"]
    assert abs(e - m) <= 0.15 * m, f"estimate {e} B vs measured {m} B"


def test_fit_reads_an_elf_without_size_report(tmp_path: Path) -> None:
    """--elf with no size report beside it (a Pico SDK build): the image's flash is its
    allocated sections, the text + data that arm-none-eabi-size reports."""
    tool = str(BUILD / "host" / "tools" / "petite")
    sine = str(BUILD / "models" / "sine_model.pte")
    elf = tmp_path / "image.elf"
    elf.write_bytes((BUILD / "m33" / "firmware" / "petite_demo.elf").read_bytes())
    size = subprocess.run(["arm-none-eabi-size", str(elf)], capture_output=True, text=True, check=True)
    text, data = (int(v) for v in size.stdout.splitlines()[1].split()[:2])
    r = subprocess.run([tool, "fit", sine, "--board", "pico2w", "--elf", str(elf), "--json"],
                       capture_output=True, text=True, check=True)
    j = json.loads(r.stdout)
    assert j["sizes"] == "measured" and j["flash"]["image"] == text + data == j["flash"]["total"]
    host = tmp_path / "host.elf"  # a 64-bit host program is not a microcontroller firmware
    host.write_bytes(Path(tool).read_bytes())
    r = subprocess.run([tool, "fit", sine, "--board", "pico2w", "--elf", str(host)], capture_output=True, text=True)
    assert r.returncode == 1 and "is not a 32-bit little-endian ELF" in r.stderr


def test_readme_c_example_is_the_tested_project() -> None:
    """The README's ```c application is tests/readme/fit_project/main.c, which ctest builds and runs."""
    blocks = [m.group(2) for m in FENCE.finditer(README.read_text()) if m.group(1) == "c"]
    main = (REPO / "tests" / "readme" / "fit_project" / "main.c").read_text()
    assert main in blocks, "README.md's ```c block differs from tests/readme/fit_project/main.c: copy the file into it"
