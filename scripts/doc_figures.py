#!/usr/bin/env python3
"""Every figure README.md and docs/*.md print comes from here: regenerated from a build, checked
by the tests (tests/python/test_readme.py imports this module).

    .venv/bin/python scripts/doc_figures.py [--build build]            # check: exit 1 on a stale figure
    .venv/bin/python scripts/doc_figures.py [--build build] --write    # rewrite the stale ones

Three kinds of figure, all marked in the Markdown with HTML comments (invisible when rendered):

1. The output shown after a command. A ```sh block is followed by a ```text block showing what
   it prints; docs may instead show a terminal transcript (a ``` block of `$ command` lines and
   their output), and `<!-- output-of: CMD -->` right above a ```text block names a command
   that is not shown as a ```sh block (the demo's summary). The shown lines must appear, in
   order, in what the command prints now; a line `...` skips any number of lines. Markers
   after the block (before the next one) say what may legitimately differ:
     <!-- vary: REGEX -->        spans matching REGEX may differ (CPU-dependent float results of
                                 PyTorch and of freshly trained weights, timings)
     <!-- figures: toolchain --> the numbers depend on the cross compilers (flash sizes,
                                 instruction counts, addresses): exact when the compilers are
                                 the ones recorded in README.md's `figures-toolchain` comment,
                                 otherwise only the shape of each line is compared
   `<!-- readme: skip (reason) -->` right above a block keeps it from running (the reason is
   required; test_readme.py checks which blocks may be skipped).
2. A figure in the prose: `NUMBER<!-- fig: NAME -->`, where NAME is a function in FIGURES below.
   In a code block that is not run (an API message, a run on a special build), comments cannot
   sit beside the numbers: `<!-- fig-block: NAME _ NAME ... -->` after the block lists a figure
   for each number in the block, in order (`_` for a number that is not a figure).
3. The toolchain record itself: `<!-- figures-toolchain: ... -->` in README.md.

Everything else (running a block, comparing, regenerating) is in this file, so the check the
tests run and the regeneration are the same code.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
DOC_FILES = [README, REPO / "docs" / "troubleshooting.md"]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.M | re.S)
COMMENT = re.compile(r"<!--\s*(readme|expect|exit|vary|figures|output-of):\s*(.*?)\s*-->")
FIG = re.compile(r"(0x[0-9a-f]+|\d[\d,.]*)<!-- fig: ([\w.]+) -->")
FIG_BLOCK = re.compile(r"<!-- fig-block: ([\w. ]+?) -->")
BLOCK_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")
TOOLCHAIN_RE = re.compile(r"<!-- figures-toolchain: (.*?) -->")
CROSS_COMPILERS = ("arm-none-eabi-gcc", "riscv64-unknown-elf-gcc")


# ----------------------------------------------------------------------------- parsing

@dataclass
class Block:
    path: Path
    line: int
    code: str                       # the command(s); for a transcript, the `$ ` lines joined
    kind: str = "sh"                # sh | output-of | transcript
    prelude: bool = False
    skip: str | None = None
    expects: list[str] = field(default_factory=list)
    exit: int = 0
    vary: list[str] = field(default_factory=list)
    toolchain: bool = False
    shown: str | None = None        # the output the document shows
    shown_span: tuple[int, int] | None = None  # where `shown` sits in the file's text
    steps: list[tuple[str, str, tuple[int, int]]] = field(default_factory=list)  # transcript: (cmd, shown, span)

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(REPO)}:{self.line}"


def _markers_after(text: str, start: int, end: int, b: Block) -> None:
    for c in COMMENT.finditer(text, start, end):
        kind, value = c.group(1), c.group(2)
        if kind == "expect":
            b.expects.append(value)
        elif kind == "exit":
            b.exit = int(value)
        elif kind == "vary":
            b.vary.append(value)
        elif kind == "figures" and value == "toolchain":
            b.toolchain = True


def parse(text: str, path: Path = README) -> list[Block]:
    """The blocks of one Markdown file that are commands with checked output."""
    blocks: list[Block] = []
    fences = list(FENCE.finditer(text))
    for i, m in enumerate(fences):
        lang, body = m.group(1), m.group(2)
        before = text[fences[i - 1].end() if i else 0:m.start()].rstrip().splitlines()
        last = COMMENT.fullmatch(before[-1].strip()) if before else None
        after_end = fences[i + 1].start() if i + 1 < len(fences) else len(text)
        line = text.count("\n", 0, m.start()) + 1
        if lang == "sh":
            b = Block(path, line, body)
        elif lang == "text" and last and last.group(1) == "output-of":
            b = Block(path, line, last.group(2), kind="output-of", shown=body, shown_span=m.span(2))
            _markers_after(text, m.end(), after_end, b)
            blocks.append(b)
            continue
        elif lang == "" and body.lstrip().startswith("$ "):
            b = Block(path, line, "", kind="transcript")
            b.steps = _transcript_steps(body, m.start(2))
            b.code = "\n".join(cmd for cmd, _, _ in b.steps)
        else:
            continue
        if last and last.group(1) == "readme":
            if last.group(2) == "prelude":
                b.prelude = True
            elif last.group(2).startswith("skip"):
                b.skip = last.group(2)[len("skip"):].strip(" ()")
        _markers_after(text, m.end(), after_end, b)
        if lang == "sh" and i + 1 < len(fences) and fences[i + 1].group(1) == "text" and \
                not COMMENT.sub("", text[m.end():fences[i + 1].start()]).strip():
            b.shown, b.shown_span = fences[i + 1].group(2), fences[i + 1].span(2)
        blocks.append(b)
    return blocks


def _transcript_steps(body: str, offset: int) -> list[tuple[str, str, tuple[int, int]]]:
    """`$ cmd` lines and the output under each (up to the next `$ ` line, trailing blank lines
    excluded), with the output's span in the file."""
    steps = []
    pos = offset
    lines = body.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        if not lines[i].startswith("$ "):
            pos += len(lines[i])
            i += 1
            continue
        cmd = lines[i][2:].split("  #")[0].strip()
        pos += len(lines[i])
        i += 1
        start = pos
        out = []
        while i < len(lines) and not lines[i].startswith("$ "):
            out.append(lines[i])
            pos += len(lines[i])
            i += 1
        while out and not out[-1].strip():
            out.pop()
        shown = "".join(out)
        steps.append((cmd, shown, (start, start + len(shown))))
    return steps


def blocks(path: Path) -> list[Block]:
    return parse(path.read_text(), path)


# ----------------------------------------------------------------------------- running

class Runner:
    """Runs documented commands against one build, as a reader would from the repository root."""

    def __init__(self, build: Path) -> None:
        self.build = build.resolve()
        self.default = self.build == (REPO / "build").resolve()
        self.venv = Path(sys.prefix).resolve()  # the venv running this (make's VENV; anywhere)

    def with_build(self, code: str) -> str:
        """Documented paths are build/... and .venv/...: point them at this build and venv."""
        if self.venv != (REPO / ".venv").resolve():
            code = code.replace("$PWD/.venv/", f"{self.venv}/")
            code = re.sub(r"(?<![\w/.$-])\.venv/", f"{self.venv}/", code)
        if self.default:
            return code
        code = code.replace("$PWD/build/", f"{self.build}/")
        return re.sub(r"(?<![\w/.$-])build(?=/|\s|$)", str(self.build), code, flags=re.M)

    def unbuild(self, out: str) -> str:
        """The output as the documents show it: this build's absolute path becomes build/."""
        out = out.replace(f"{self.build}/", "build/")
        if self.default:
            out = out.replace(f"{REPO}/", "")
        return out

    @cached_property
    def prelude(self) -> str:
        return "\n".join(b.code for b in blocks(README) if b.prelude)

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("PICO_SDK_PATH", None)  # the documents show a machine without the SDK
        env["PETITE_BUILD"] = str(self.build)
        return env

    def run(self, b: Block, timeout: float = 600) -> tuple[int, str]:
        """Exit status and stdout+stderr (paths as documented) of a ```sh or output-of block."""
        (self.build / "tutorial").mkdir(parents=True, exist_ok=True)
        script = "set -e -o pipefail\n" + self.with_build(self.prelude) + "\n" + self.with_build(b.code)
        r = subprocess.run(["bash", "-c", script], cwd=REPO, capture_output=True, text=True,
                           timeout=timeout, env=self.env())
        return r.returncode, self.unbuild(r.stdout + r.stderr)

    @cached_property
    def transcript_dir(self) -> Path:
        """Where transcripts run: every model of the build, and the broken files of the CLI tests."""
        d = Path(tempfile.mkdtemp(prefix="petite-docs-"))
        for p in (self.build / "models").iterdir():
            (d / p.name).symlink_to(p)
        subprocess.run([sys.executable, str(REPO / "tests" / "tools" / "make_bad_files.py"),
                        str(d / "sine_model.pte"), str(d / "sine_model.ptv"), str(d)], check=True)
        return d

    def run_step(self, cmd: str, timeout: float = 600) -> str:
        """One transcript command, in transcript_dir, on a terminal (util-linux `script` gives it
        a pty), so stdout and stderr interleave as a reader sees them."""
        path = f"{self.build}/host/tools:{Path(sys.executable).parent}:{os.environ['PATH']}"
        r = subprocess.run(["script", "-qec", cmd, "/dev/null"], cwd=self.transcript_dir, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout,
                           env={**self.env(), "PATH": path, "COLUMNS": "200"})
        return self.unbuild(r.stdout.replace("\r\n", "\n")).replace(f"{self.transcript_dir}/", "")


# ----------------------------------------------------------------------------- comparing

NUMBER = re.compile(r"(?<![\w.])-?(0x)?[0-9a-f]*\d[0-9a-f]*(\.\d+)?(e[-+]?\d+)?(?![\w])|\d+(\.\d+)?")


def shape(line: str) -> str:
    """A line with its numbers (and hex addresses) replaced by # and its spacing collapsed."""
    return re.sub(r"\s+", " ", NUMBER.sub("#", line)).strip()


def segments(shown: str) -> list[list[str]]:
    """The shown lines, split at `...` lines (each means: any number of lines here). Blank
    lines are layout, not output: they are left out of every comparison."""
    segs: list[list[str]] = [[]]
    for line in shown.splitlines():
        if line.strip() == "...":
            segs.append([])
        elif line.strip():
            segs[-1].append(line.rstrip())
    return [s for s in segs if s]


def _find(seg: list[str], lines: list[str], start: int) -> int:
    for i in range(start, len(lines) - len(seg) + 1):
        if lines[i:i + len(seg)] == seg:
            return i
    return -1


def compare(shown: str, actual: str, vary: list[str], exact: bool = True) -> list[str]:
    """Problems found: each shown line must be in the actual output, in order ('...' skips).
    With exact=False (another toolchain), only the lines' shapes are compared."""
    def norm(line: str) -> str:
        line = line.rstrip()
        for v in vary:
            line = re.sub(v, "<vary>", line)
        return line if exact else shape(line)

    lines = [norm(x) for x in actual.splitlines() if x.strip()]
    pos = 0
    problems = []
    for seg in segments(shown):
        want = [norm(x) for x in seg]
        i = _find(want, lines, pos)
        if i < 0:
            missing = next((raw for raw, w in zip(seg, want) if w not in lines[pos:]), None)
            if missing is not None:
                near = [x for x in actual.splitlines() if shape(x) == shape(missing)]
                problems.append(f"shown line not in the output: {missing.strip()!r}"
                                + (f"; the output has {near[0].strip()!r}" if near else ""))
            else:
                problems.append(f"shown lines are in the output but not together or not in this order: "
                                f"{seg[0].strip()!r}...")
            continue
        pos = i + len(want)
    return problems


def regenerate(shown: str, actual: str, vary: list[str]) -> str:
    """The shown text with each segment replaced by the actual lines it stands for (found by
    shape: same text, numbers free). Lines matching a vary pattern take the new run's values."""
    raw = actual.splitlines()
    keep = [i for i, x in enumerate(raw) if x.strip()]  # indices of the non-blank output lines
    shapes = [shape(raw[i]) for i in keep]
    out: list[str] = []
    pos = 0
    parts = re.split(r"^([ \t]*\.\.\.[ \t]*)$", shown.rstrip("\n"), flags=re.M)
    for k, part in enumerate(parts):
        if k % 2 == 1:
            out.append(part)
            continue
        seg = [x for x in part.strip("\n").splitlines() if x.strip()]
        if not seg:
            continue
        i = _find([shape(x) for x in seg], shapes, pos)
        if i < 0:
            raise ValueError(f"cannot find these shown lines (numbers aside) in the output, edit them by hand:\n"
                             + "\n".join(seg) + "\n--- output ---\n" + actual)
        out.extend(x.rstrip() for x in raw[keep[i]:keep[i + len(seg) - 1] + 1])
        pos = i + len(seg)
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------- the toolchain

def toolchain() -> str:
    """The cross compilers that flash sizes and instruction counts depend on."""
    out = []
    for cc in CROSS_COMPILERS:
        try:
            out.append(subprocess.run([cc, "--version"], capture_output=True, text=True).stdout.splitlines()[0])
        except (OSError, IndexError):
            out.append(f"{cc} missing")
    return "; ".join(out)


def recorded_toolchain(text: str | None = None) -> str | None:
    m = TOOLCHAIN_RE.search(text if text is not None else README.read_text())
    return m.group(1) if m else None


# ----------------------------------------------------------------------------- prose figures

class Build:
    """Facts read from a build, each computed once."""

    def __init__(self, build: Path) -> None:
        self.build = build.resolve()
        self.tool = self.build / "host" / "tools" / "petite"
        self.models = self.build / "models"

    def petite(self, *args: str) -> str:
        r = subprocess.run([str(self.tool), *args], capture_output=True, text=True)
        return r.stdout + r.stderr

    def fit_json(self, model: str, *args: str) -> dict:
        return json.loads(self.petite("fit", str(self.models / f"{model}.pte"), "--json", *args))

    @cached_property
    def sine_fit(self) -> dict:
        return self.fit_json("sine_model", "--board", "pico2w")

    @cached_property
    def sine_memory(self) -> str:
        return self.petite("inspect", str(self.models / "sine_model.pte"), "--memory")

    @cached_property
    def host_needs(self) -> dict[str, int]:
        """pt_method_needs on the host (64-bit): the last line of `petite inspect`."""
        out = self.petite("inspect", str(self.models / "sine_model.pte"))
        m = re.search(r"metadata (\d+), buffer 0 (\d+), scratch (\d+) = (\d+) bytes", out)
        if not m:
            raise ValueError(f"no 'bytes needed' line in `petite inspect sine_model.pte`:\n{out}")
        return dict(zip(("metadata", "arena", "scratch", "total"), map(int, m.groups())))

    def size_report(self, image: Path) -> dict[str, int]:
        text = image.with_suffix(".size.txt").read_text()
        return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", text.splitlines()[-1])}

    @cached_property
    def m33_sizes(self) -> dict[str, int]:
        return self.size_report(self.build / "m33" / "firmware" / "petite_demo.elf")

    @cached_property
    def zoo_count(self) -> int:
        r = subprocess.run([sys.executable, "-m", "petite.zoo", "--list"], capture_output=True, text=True,
                           check=True, cwd=REPO)
        return len([x for x in r.stdout.splitlines() if x.strip()])

    @cached_property
    def stack(self) -> dict[str, int]:
        """Deepest stack per entry point on the M33 (tests/memcheck/stack_usage.py)."""
        with tempfile.TemporaryDirectory() as tmp:
            r = subprocess.run([sys.executable, str(REPO / "tests" / "memcheck" / "stack_usage.py"), str(REPO), tmp,
                                "--json"], capture_output=True, text=True)
        if r.returncode:
            raise ValueError(f"stack_usage.py failed:\n{r.stdout}{r.stderr}")
        return json.loads(r.stdout)


def kb(n: float) -> str:
    return f"{n / 1024:.2f}".rstrip("0").rstrip(".")


def thousands(n: int) -> str:
    return f"{n:,}"


# name -> (value from the build, depends on the cross toolchain)
FIGURES: dict[str, tuple[Callable[[Build], str], bool]] = {
    "sine.pte_bytes": (lambda b: str((b.models / "sine_model.pte").stat().st_size), False),
    "sine.pte_bytes_hex": (lambda b: f"0x{(b.models / 'sine_model.pte').stat().st_size:x}", False),
    "sine.m33_ram": (lambda b: str(sum(b.sine_fit["sram"][k] for k in ("metadata", "arena", "scratch"))), False),
    "sine.m33_metadata": (lambda b: str(b.sine_fit["sram"]["metadata"]), False),
    "sine.arena": (lambda b: str(b.sine_fit["sram"]["arena"]), False),
    "sine.arena_minus_1": (lambda b: str(b.sine_fit["sram"]["arena"] - 1), False),
    "sine.scratch": (lambda b: str(b.sine_fit["sram"]["scratch"]), False),
    "sine.planned_sum": (lambda b: re.search(r"sum of all planned tensors: (\d+) B", b.sine_memory).group(1), False),
    "sine.host_metadata": (lambda b: str(b.host_needs["metadata"]), False),
    "sine.host_metadata_minus_1": (lambda b: str(b.host_needs["metadata"] - 1), False),
    "sine.host_ram": (lambda b: str(b.host_needs["total"]), False),
    "sine.m33_kernels_flash": (lambda b: thousands(b.m33_sizes["kernels_flash"]), True),
    "sine.fit_kernels_estimate": (lambda b: thousands(b.sine_fit["flash"]["kernels"]), False),
    "zoo.count": (lambda b: str(b.zoo_count), False),
    "stack.init": (lambda b: str(b.stack["paths"]["init"]), True),
    "stack.execute": (lambda b: str(b.stack["paths"]["execute"]), True),
    "stack.kernel": (lambda b: str(b.stack["kernel"]), True),
    "stack.total": (lambda b: str(b.stack["total"]), True),
    "stack.reserved": (lambda b: re.search(r"^#define FIT_STACK_BYTES (\d+)u", (REPO / "tools" / "fit_sizes.h").read_text(),
                                           re.M).group(1), False),
    "stack.init_budget_kb": (lambda b: kb(b.stack["budgets"]["init"]), False),
    "stack.runtime_budget_kb": (lambda b: kb(b.stack["budgets"]["runtime"]), False),
    "stack.kernel_budget_kb": (lambda b: kb(b.stack["budgets"]["kernel"]), False),
}


def prose_figures(path: Path) -> list[tuple[str, str, tuple[int, int], int]]:
    """(name, shown value, span of the value, line) of every `NUMBER<!-- fig: NAME -->` and of
    every number a `<!-- fig-block: -->` names."""
    text = path.read_text()
    out = [(m.group(2), m.group(1), m.span(1), text.count("\n", 0, m.start()) + 1) for m in FIG.finditer(text)]
    fences = list(FENCE.finditer(text))
    for i, f in enumerate(fences):
        end = fences[i + 1].start() if i + 1 < len(fences) else len(text)
        m = FIG_BLOCK.search(text, f.end(), end)
        if not m:
            continue
        names = m.group(1).split()
        numbers = list(BLOCK_NUMBER.finditer(text, f.start(2), f.end(2)))
        line = text.count("\n", 0, f.start()) + 1
        if len(names) != len(numbers):
            out.append(("fig-block", f"{len(numbers)} numbers in the block, {len(names)} names", (0, 0), line))
            continue
        out += [(name, n.group(0), n.span(), text.count("\n", 0, n.start()) + 1)
                for name, n in zip(names, numbers) if name != "_"]
    return out


# ----------------------------------------------------------------------------- the whole check

@dataclass
class Finding:
    where: str
    problem: str
    fix: tuple[Path, tuple[int, int], str] | None = None  # (file, span, new text)


def check_block(run: Runner, b: Block, exact_toolchain: bool) -> list[Finding]:
    """Run one block; findings for its exit status, its expectations and its shown output."""
    exact = exact_toolchain or not b.toolchain
    found: list[Finding] = []
    if b.kind == "transcript":
        for cmd, shown, span in b.steps:
            out = run.run_step(run.with_build(cmd))
            for p in compare(shown, out, b.vary, exact):
                new = _regen(shown, out, b.vary)
                found.append(Finding(b.where, f"`{cmd}`: {p}\n--- output ---\n{out[-3000:]}",
                                     (b.path, span, new) if new is not None else None))
        return found
    status, out = run.run(b)
    where = f"{b.where}:\n{b.code}\n--- output ---\n{out[-4000:]}"
    if b.kind == "sh" and status != b.exit:
        found.append(Finding(b.where, f"exit {status}, expected {b.exit}\n{where}"))
    for e in b.expects:
        if not re.search(e, out, re.M):
            found.append(Finding(b.where, f"no match for /{e}/\n{where}"))
    if b.shown is not None:
        for p in compare(b.shown, out, b.vary, exact):
            new = _regen(b.shown, out, b.vary)
            found.append(Finding(b.where, f"{p}\n{where}", (b.path, b.shown_span, new) if new is not None else None))
    return found


def _regen(shown: str, out: str, vary: list[str]) -> str | None:
    try:
        return regenerate(shown, out, vary)
    except ValueError:
        return None  # the text changed, not only numbers: a hand edit


def check_figures(build: Build, exact_toolchain: bool) -> list[Finding]:
    found = []
    for path in DOC_FILES:
        for name, shown, span, line in prose_figures(path):
            if name == "fig-block":
                found.append(Finding(f"{path.relative_to(REPO)}:{line}", f"fig-block: {shown}"))
                continue
            if name not in FIGURES:
                found.append(Finding(f"{path.relative_to(REPO)}:{line}", f"unknown figure {name!r}: "
                                     f"add it to FIGURES in scripts/doc_figures.py"))
                continue
            fn, tc = FIGURES[name]
            value = fn(build)
            if value != shown and (exact_toolchain or not tc):
                found.append(Finding(f"{path.relative_to(REPO)}:{line}", f"figure {name} is {value}, the text says {shown}",
                                     (path, span, value)))
    return found


def apply(fixes: list[tuple[Path, tuple[int, int], str]]) -> None:
    """Rewrite spans, last first so earlier spans stay valid."""
    by_file: dict[Path, list[tuple[tuple[int, int], str]]] = {}
    for path, span, new in fixes:
        by_file.setdefault(path, []).append((span, new))
    for path, edits in by_file.items():
        text = path.read_text()
        for (a, z), new in sorted(edits, key=lambda e: e[0][0], reverse=True):
            text = text[:a] + new + text[z:]
        path.write_text(text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", type=Path, default=Path(os.environ.get("PETITE_BUILD", REPO / "build")))
    ap.add_argument("--write", action="store_true", help="rewrite stale figures (and the toolchain record)")
    a = ap.parse_args(argv)
    run, build = Runner(a.build), Build(a.build)
    now, recorded = toolchain(), recorded_toolchain()
    exact_tc = a.write or now == recorded
    if not exact_tc:
        print(f"doc_figures: compilers differ from the recorded ones ({recorded}); toolchain-dependent "
              f"figures are compared by shape only", file=sys.stderr)
    findings: list[Finding] = []
    for path in DOC_FILES:
        for b in blocks(path):
            if b.prelude or b.skip is not None:
                continue
            print(f"doc_figures: {b.where} ({b.kind})", file=sys.stderr)
            findings += check_block(run, b, exact_tc)
    findings += check_figures(build, exact_tc)
    if a.write:
        fixes = {(f.fix[0], f.fix[1]): f.fix for f in findings if f.fix}  # one rewrite per block
        apply(list(fixes.values()))
        if recorded != now:
            text = README.read_text()
            new = f"<!-- figures-toolchain: {now} -->"
            text = TOOLCHAIN_RE.sub(new, text) if recorded else text.rstrip("\n") + "\n\n" + new + "\n"
            README.write_text(text)
        plot = run.build / "demo" / "sine_m33.png"  # drawn by the demo run above (output-of)
        shown_plot = REPO / "docs" / "img" / "sine_m33.png"
        if plot.is_file() and plot.read_bytes() != shown_plot.read_bytes():
            shutil.copyfile(plot, shown_plot)
            print(f"doc_figures: {shown_plot.relative_to(REPO)} replaced by the demo's plot")
        left = [f for f in findings if not f.fix]
        for f in left:
            print(f"{f.where}: {f.problem}\n", file=sys.stderr)
        print(f"doc_figures: {len(findings) - len(left)} figures rewritten, {len(left)} need a hand edit")
        return 1 if left else 0
    for f in findings:
        print(f"{f.where}: {f.problem}\n", file=sys.stderr)
    print(f"doc_figures: {len(findings)} stale figures" if findings else "doc_figures: every figure is current")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
