"""Every shell command in README.md (and every `$` transcript in docs/troubleshooting.md) still
works and still prints what the document shows, and every figure in their prose is current.

The documents mark their blocks with HTML comments (invisible when rendered):
  <!-- readme: prelude -->        before a block: run before every other block (PATH set-up)
  <!-- readme: skip (reason) -->  before a block: not run here, for the reason given
  <!-- expect: REGEX -->          after a block: must match the block's stdout+stderr
  <!-- exit: N -->                after a block: its exit status (default 0)
  <!-- vary: / figures: / output-of: / fig: / fig-block: -->  see scripts/doc_figures.py
An output block (```text) that follows is what the README shows: each expect must match it,
and its lines must be in what the command prints now (exactly, except what a `vary` marker
allows; toolchain-dependent numbers exactly when the compilers are the recorded ones). A block
with neither skip nor expect fails: no README command goes unchecked. scripts/doc_figures.py is
the code that checks and (with --write) regenerates all of this; these tests call it.

Blocks run in README order from the repository root; paths under build/ follow PETITE_BUILD.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))
import doc_figures as df  # noqa: E402

README = REPO / "README.md"
BUILD = Path(os.environ.get("PETITE_BUILD", REPO / "build")).resolve()
FENCE = df.FENCE
Block = df.Block
parse = df.parse

BLOCKS = parse(README.read_text(), README)
DOC_BLOCKS = [b for p in df.DOC_FILES[1:] for b in df.blocks(p)]
PRELUDE = "\n".join(b.code for b in BLOCKS if b.prelude)
RUN = [b for b in BLOCKS if not b.prelude and b.skip is None and b.kind == "sh"]
OUTPUT_OF = [b for b in BLOCKS if b.kind == "output-of"]
TRANSCRIPTS = [b for b in DOC_BLOCKS if b.kind == "transcript" and b.skip is None]
RUNNER = df.Runner(BUILD)


def exact_toolchain() -> bool:
    now, recorded = df.toolchain(), df.recorded_toolchain()
    if now != recorded:
        warnings.warn(f"cross compilers differ from the ones README.md's figures were made with ({recorded}): "
                      f"toolchain-dependent figures compared by shape only")
    return now == recorded


def expect_re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.M)


def test_readme_marks_every_block() -> None:
    assert PRELUDE, "README.md has no <!-- readme: prelude --> block"
    assert len(RUN) >= 15, f"only {len(RUN)} runnable blocks found: the parser or the README changed"
    for b in BLOCKS:
        if b.kind != "sh":
            assert b.shown is not None, f"README.md:{b.line}: an output-of block without its output"
            continue
        if b.skip is not None:
            assert b.skip, f"README.md:{b.line}: a skipped block must say why"
            assert not b.expects, f"README.md:{b.line}: skipped but has expectations"
        elif not b.prelude:
            assert b.expects, f"README.md:{b.line}: a command block without <!-- expect: --> is unchecked"


def test_skipped_blocks_are_the_stated_ones() -> None:
    """Only make demo/test (CI runs them), the Pico 2 W blocks (SDK, hardware) and, in the docs,
    a run on a specially built demo (its figures checked by a fig-block) are skipped."""
    skipped = [b for b in BLOCKS if b.skip is not None]
    assert skipped, "no skipped blocks: the parser lost its markers"
    for b in skipped:
        assert re.search(r"make (demo|test)|pico2w|uf2|ttyACM", b.code), f"README.md:{b.line} skipped: {b.skip}"
    for b in DOC_BLOCKS:
        if b.skip is not None:
            assert b.skip and "PETITE_DEMO_ARENA_BYTES" in b.skip, f"{b.where} skipped: {b.skip}"


@pytest.mark.parametrize("block", RUN, ids=[f"line{b.line}" for b in RUN])
def test_readme_shows_what_it_checks(block: Block) -> None:
    """The README's shown output matches its own expectations (they check what readers see)."""
    if block.shown is None:
        pytest.fail(f"README.md:{block.line}: no ```text output shown after the command")
    for e in block.expects:
        assert expect_re(e).search(block.shown), f"README.md:{block.line}: shown output lacks /{e}/"


@pytest.mark.parametrize("block", RUN, ids=[f"line{b.line}" for b in RUN])
def test_readme_command(block: Block) -> None:
    """The command exits as shown, matches its expectations, and prints the shown output."""
    found = df.check_block(RUNNER, block, exact_toolchain())
    assert not found, "\n\n".join(f.problem for f in found) + "\n(regenerate: scripts/doc_figures.py --write)"


@pytest.mark.parametrize("block", OUTPUT_OF, ids=[f"line{b.line}" for b in OUTPUT_OF])
def test_readme_output_of(block: Block) -> None:
    """Output shown for a command the README does not run as a block (the demo's summary)."""
    found = df.check_block(RUNNER, block, exact_toolchain())
    assert not found, "\n\n".join(f.problem for f in found) + "\n(regenerate: scripts/doc_figures.py --write)"


@pytest.mark.parametrize("block", TRANSCRIPTS, ids=[f"{b.path.stem}-line{b.line}" for b in TRANSCRIPTS])
def test_docs_transcript(block: Block) -> None:
    """Each `$ command` in docs/troubleshooting.md still prints what is shown under it."""
    found = df.check_block(RUNNER, block, exact_toolchain())
    assert not found, "\n\n".join(f.problem for f in found) + "\n(regenerate: scripts/doc_figures.py --write)"


def test_prose_figures_are_current() -> None:
    """Every NUMBER<!-- fig: NAME --> (and fig-block) in the README and docs is what the build says."""
    names = [n for p in df.DOC_FILES for n, *_ in df.prose_figures(p)]
    assert len(names) >= 15, f"only {len(names)} marked figures: the markers or the parser changed"
    found = df.check_figures(df.Build(BUILD), exact_toolchain())
    assert not found, "\n".join(f"{f.where}: {f.problem}" for f in found) + \
        "\n(regenerate: scripts/doc_figures.py --write)"


def test_toolchain_is_recorded() -> None:
    assert df.recorded_toolchain(), "README.md has no <!-- figures-toolchain: --> record"
    assert all(cc in df.recorded_toolchain() for cc in df.CROSS_COMPILERS)


def test_compare_catches_a_stale_figure() -> None:
    """The checker itself: a changed number fails, `...` skips, vary and shape work, and
    regeneration puts the new numbers in place of the old."""
    out = "header\n  total 200  of 100: DOES NOT FIT\nmiddle\nloss 0.5 done\nend 7\n"
    assert df.compare("  total 200  of 100: DOES NOT FIT\n...\nend 7\n", out, []) == []
    assert df.compare("  total 201  of 100: DOES NOT FIT\n", out, [])
    assert df.compare("  total 200  of 100: DOES NOT FIT\nend 7\n", out, []), "a gap needs `...`"
    assert df.compare("loss 0.9 done\n", out, [r"loss [\d.]+"]) == []
    assert df.compare("  total 999  of 1: DOES NOT FIT\n", out, [], exact=False) == []
    assert df.regenerate("  total 1  of 1: DOES NOT FIT\n...\nend 1\n", out, []) == \
        "  total 200  of 100: DOES NOT FIT\n...\nend 7\n"
    with pytest.raises(ValueError):
        df.regenerate("a line that is not there\n", out, [])


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
    text = ("<!-- output-of: make it -->\n```text\nmade 3\n```\n<!-- vary: \\d+ -->\n<!-- figures: toolchain -->\n\n"
            "```\n$ petite a  # note\nout a\n\n$ petite b\nout b\n```\n"
            "Some 42<!-- fig: zoo.count --> models.\n")
    b = parse(text)
    assert b[0].kind == "output-of" and b[0].code == "make it" and b[0].shown == "made 3\n"
    assert b[0].vary == ["\\d+"] and b[0].toolchain
    assert b[1].kind == "transcript" and [(c, o) for c, o, _ in b[1].steps] == [("petite a", "out a\n"), ("petite b", "out b\n")]
    assert all(text[a:z] == o for _, o, (a, z) in b[1].steps)


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
