"""petite's benchmark: exact instruction counts on the emulated Cortex-M33, the hand-written
floors, flash and RAM footprints, host callgrind counts; writes bench/RESULTS.md.

    .venv/bin/python bench/run.py [--build build] [--out bench/RESULTS.md]   (or: make bench)

Everything M33 is compiled here with explicit flags (those of cmake/toolchain-m33.cmake plus
-std=c11, as CMake passes it), so that each variant is one command line away:
  O2         the demo's flags: instructions per inference
  O2-hooks   + -DPETITE_BENCH_HOOKS: the executor marks before each call -> per-operator counts
  Os         size report at -Os (the runtime-core target is stated at -Os)
  Os-nomsg   -Os -DPETITE_NO_MESSAGES: status codes without message text
  O2-nodsp, O2-hooks-nodsp   the same with -mcpu=cortex-m33+nodsp (no __ARM_FEATURE_DSP): the int8
             kernels' portable C paths on the same emulated core, against their SMLAD fast paths
The counts come from bench/insn_count_plugin.c (QEMU TCG plugin, exact and repeatable).
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import shutil
import struct
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "python"))
sys.path.insert(0, str(REPO / "firmware"))
from petite import firmware_run, ptv  # noqa: E402
from size_report import kind_of  # noqa: E402

CC = "arm-none-eabi-gcc"
CPU = ["-mcpu=cortex-m33", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv5-sp-d16"]
COMMON = [*CPU, "-ffreestanding", "-ffunction-sections", "-fdata-sections", "-std=c11",
          "-Wall", "-Wextra", "-Werror", "-fstack-usage"]
CONFIGS = {
    "O2": ["-O2"],
    "O2-hooks": ["-O2", "-DPETITE_BENCH_HOOKS"],
    "Os": ["-Os"],
    "Os-nomsg": ["-Os", "-DPETITE_NO_MESSAGES"],
    # gcc takes the last -mcpu: +nodsp turns __ARM_FEATURE_DSP off, so the cortex_m kernels
    # compile their portable paths (checked by dsp_defined below).
    "O2-nodsp": ["-O2", "-mcpu=cortex-m33+nodsp"],
    "O2-hooks-nodsp": ["-O2", "-DPETITE_BENCH_HOOKS", "-mcpu=cortex-m33+nodsp"],
}
BOARD = REPO / "firmware" / "boards" / "qemu_m33"
# Models measured on the M33: the sine demo and zoo models whose operators are all there.
MODELS = ["sine_model", "mnist_mlp", "autoencoder", "lenet", "ds_cnn_folded"]
# int8 models (python/petite/quant.py): cortex_m:: kernels, DSP paths vs portable paths.
INT8_MODELS = ["sine_int8", "mnist_mlp_int8", "lenet_int8", "ds_cnn_int8"]
INT8_VARIANTS = {"DSP": ("O2", "O2-hooks"), "portable": ("O2-nodsp", "O2-hooks-nodsp")}
RUNS = 3
LINEAR_OPS = ("aten::addmm.out", "aten::mm.out", "aten::bmm.out", "aten::convolution.out")


def sh(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


# ---- compiling and linking ---------------------------------------------------------------

def sources() -> dict[str, list[Path]]:
    kernels = sorted(p for p in (REPO / "kernels").glob("*.c") if p.name != "all_kernels.c")
    kernels += sorted((REPO / "kernels" / "cortex_m").glob("*.c"))
    return {
        "runtime": sorted((REPO / "runtime" / "src").glob("*.c")),
        "kernels": kernels,
        "board": [BOARD / "startup.c", BOARD / "board.c", REPO / "firmware/boards/common/libc_min.c"],
        "app": [REPO / "firmware/app/fmt.c"],
    }


def includes() -> list[str]:
    return [f"-I{REPO / p}" for p in ("runtime/include", "runtime/src", "kernels", "firmware/app",
                                      "firmware/boards", "bench/floor")]


def compile_one(src: Path, obj: Path, flags: list[str]) -> Path:
    obj.parent.mkdir(parents=True, exist_ok=True)
    extra = ["-fno-tree-loop-distribute-patterns", "-fno-builtin"] if src.name == "libc_min.c" else []
    r = subprocess.run([CC, *COMMON, *flags, *extra, *includes(), "-c", str(src), "-o", str(obj)],
                       capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(f"compiling {src} failed:\n{r.stderr}")
    return obj


def compile_config(out: Path, name: str) -> dict[str, list[Path]]:
    flags = CONFIGS[name]
    objs: dict[str, list[Path]] = {}
    jobs = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        for part, srcs in sources().items():
            for s in srcs:
                # cortex_m/softmax.c and softmax.c: distinct object names
                stem = ("cm_" if s.parent.name == "cortex_m" and not s.stem.startswith("cm_") else "") + s.stem
                o = out / name / part / (stem + ".o")
                jobs.append((part, pool.submit(compile_one, s, o, flags)))
        for part, f in jobs:
            objs.setdefault(part, []).append(f.result())
    return objs


def dsp_defined(flags: list[str]) -> bool:
    """Whether the compiler defines __ARM_FEATURE_DSP for these flags."""
    r = sh([CC, *CPU, *flags, "-dM", "-E", "-"], input="")
    return "__ARM_FEATURE_DSP" in r.stdout


def libgcc() -> str:
    return sh([CC, *CPU, "-print-libgcc-file-name"]).stdout.strip()


def link(elf: Path, objs: list[Path]) -> Path:
    mapf = elf.with_suffix(".map")
    r = subprocess.run([CC, *CPU, "-nostdlib", "-Wl,--gc-sections", f"-T{BOARD / 'link.ld'}",
                        f"-Wl,-Map={mapf}", "-o", str(elf), *map(str, objs), "-lm", libgcc()],
                       capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(f"linking {elf} failed:\n{r.stderr}")
    return elf


# ---- generated inputs: model arrays, kernel tables, cases, floor weights -----------------

def c_floats(a: np.ndarray) -> str:
    return ", ".join(f"{float(v)!r}f" if np.isfinite(v) else "0.0f" for v in a.reshape(-1).astype(np.float64))


def c_init(a: np.ndarray) -> str:
    """A braced initializer with one level of braces per dimension."""
    if a.ndim <= 1:
        return "{" + c_floats(a) + "}"
    return "{" + ", ".join(c_init(x) for x in a) + "}"


def write_case(path: Path, inputs: list[np.ndarray], expected: np.ndarray) -> None:
    """bench_case.h: case inputs as byte arrays, expected output 0 as floats."""
    lines = ["/* Generated by bench/run.py. */", "#include <stddef.h>", "#include <stdint.h>",
             f"#define BENCH_NINPUTS {len(inputs)}", f"#define BENCH_IN0_NUMEL {inputs[0].size}",
             f"#define BENCH_OUT_NUMEL {expected.size}"]
    for i, a in enumerate(inputs):
        b = np.ascontiguousarray(a).tobytes()
        lines.append(f"static _Alignas(16) const uint8_t bench_in{i}[{max(len(b), 1)}] = "
                     f"{{{', '.join(str(x) for x in b) or '0'}}};")
    lines.append(f"static const void *const bench_inputs[{len(inputs)}] = "
                 f"{{{', '.join(f'bench_in{i}' for i in range(len(inputs)))}}};")
    lines.append(f"static const size_t bench_input_bytes[{len(inputs)}] = "
                 f"{{{', '.join(str(a.nbytes) for a in inputs)}}};")
    lines.append(f"static const float bench_expected[{expected.size}] = {{{c_floats(expected)}}};")
    path.write_text("\n".join(lines) + "\n")


def inspect_json(tool: Path, pte: Path, *views: str) -> dict:
    return json.loads(sh([str(tool), "inspect", str(pte), "--json", *views]).stdout)


def constants(tool: Path, pte: Path) -> dict[int, np.ndarray]:
    """Value index -> float32 array of every constant tensor, read from the file's bytes."""
    info = inspect_json(tool, pte, "--file", "--graph")
    shapes = {t["value"]: t["shape"] for t in info["methods"][0]["tensors"]}
    data = pte.read_bytes()
    out = {}
    for r in info["file_map"]["regions"]:
        m = re.match(r"forward %(\d+) float32 \[.*\] \(constant \d+\)", r["what"])
        if m:
            v = int(m.group(1))
            out[v] = np.frombuffer(data[r["start"]:r["end"]], dtype="<f4").reshape(shapes[v])
    return out


def graph(tool: Path, pte: Path) -> list[dict]:
    return inspect_json(tool, pte, "--graph")["methods"][0]["graph"]


def sine_floor_weights(tool: Path, pte: Path) -> str:
    """L<i>_W ([in, out], addmm's mat2) and L<i>_B for each addmm of the sine MLP, in order."""
    c = constants(tool, pte)
    lines = ["/* Generated by bench/run.py from the .pte's constants. */"]
    layers = [ins for ins in graph(tool, pte) if ins["op"] == "aten::addmm.out"]
    for i, ins in enumerate(layers):
        b, w = c[ins["args"][0]], c[ins["args"][2]]
        lines.append(f"static const float L{i}_W[{w.shape[0]}][{w.shape[1]}] = {c_init(w)};")
        lines.append(f"static const float L{i}_B[{b.size}] = {{{c_floats(b)}}};")
    return "\n".join(lines) + "\n"


def conv_floor_case(tool: Path, pte: Path, x: np.ndarray) -> tuple[str, np.ndarray]:
    """Weights of LeNet's first convolution, and its output on x computed with numpy in float32
    in the floor's (ExecuTorch's) summation order, so the floor can be checked bit for bit."""
    c = constants(tool, pte)
    ins = graph(tool, pte)[0]
    assert ins["op"] == "aten::convolution.out"
    w, b = c[ins["args"][1]], c[ins["args"][2]]
    img = x.reshape(28, 28).astype(np.float32)
    acc = np.zeros((6, 24, 24), np.float32)
    for ky in range(5):
        for kx in range(5):
            acc = acc + img[ky:ky + 24, kx:kx + 24][None] * w[:, 0, ky, kx][:, None, None]
    y = acc + b[:, None, None]
    text = ("/* Generated by bench/run.py from the .pte's constants. */\n"
            f"static const float C0_W[6][1][5][5] = {c_init(w)};\n"
            f"static const float C0_B[6] = {{{c_floats(b)}}};\n")
    return text, y.astype(np.float32)


# ---- running -----------------------------------------------------------------------------

def run_counted(elf: Path, plugin: Path, timeout: float = 300.0) -> tuple[list[str], list[int]]:
    """Serial lines and the instruction count at every petite_bench_mark call."""
    mark = firmware_run.symbol_address("arm-none-eabi-nm", elf, "petite_bench_mark")
    log = elf.with_suffix(".marks.txt")
    cmd = [*firmware_run.qemu_command("m33", elf), "-plugin", f"{plugin},mark={mark:#x}",
           "-d", "plugin", "-D", str(log)]
    p = subprocess.run(["timeout", "--kill-after=5", f"{timeout:g}", *cmd], stdin=subprocess.DEVNULL,
                       capture_output=True, text=True)
    lines = p.stdout.replace("\r\n", "\n").splitlines()
    if p.returncode != 0 or "DONE" not in lines:
        raise RuntimeError(f"{elf.name}: exit {p.returncode}: " + " | ".join(lines[-4:]))
    text = log.read_text()
    marks = next(l.split()[1:] for l in text.splitlines() if l.startswith("petite-marks:"))
    return lines, [int(v) for v in marks]


def field(lines: list[str], prefix: str) -> dict[str, str]:
    for line in lines:
        if line.startswith(prefix + " "):
            return firmware_run.fields(line)
    return {}


# ---- sizes -------------------------------------------------------------------------------

SECTION_RE = re.compile(r"^ (\.\S+|COMMON)(?:\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*))?$")
REST_RE = re.compile(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$")


def map_sizes(map_path: Path) -> dict[str, dict[str, int]]:
    """Flash (text+rodata+data) and RAM (data+bss) bytes per linked input file."""
    text = map_path.read_text()
    lines = text[text.find("Linker script and memory map"):].splitlines()
    sizes: dict[str, dict[str, int]] = {}
    i = 0
    while i < len(lines):
        m = SECTION_RE.match(lines[i])
        i += 1
        if not m:
            continue
        sec, addr, size, path = m.groups()
        if addr is None:
            if i >= len(lines) or not (r := REST_RE.match(lines[i])):
                continue
            i += 1
            addr, size, path = r.groups()
        kind, n = kind_of(sec), int(size, 16)
        if kind is None or n == 0 or int(addr, 16) == 0:
            continue
        name = Path(path.strip()).name
        s = sizes.setdefault(name, {"flash": 0, "ram": 0, "part": part_of(path)})
        s["flash"] += n if kind in ("text", "data") else 0
        s["ram"] += n if kind in ("data", "bss") else 0
    return sizes


def part_of(path: str) -> str:
    for p in ("runtime", "kernels", "board", "app", "model", "table"):
        if f"/{p}/" in path:
            return p
    return "libgcc" if "libgcc" in path else "other"


def stack_usage(objdir: Path) -> list[tuple[int, str, str]]:
    """(bytes, function, file) from every -fstack-usage file of a config, largest first."""
    out = []
    for su in objdir.rglob("*.su"):
        for line in su.read_text().splitlines():
            parts = line.split("\t")
            if len(parts) >= 2:
                fn = parts[0].split(":")[-1]
                out.append((int(parts[1]), fn, f"{su.parent.name}/{su.stem}.c"))
    return sorted(out, reverse=True)


# ---- host: callgrind ---------------------------------------------------------------------

def host_tool(build: Path) -> Path:
    """A non-sanitized -O2 build of the `petite` tool (valgrind cannot run ASan binaries)."""
    d = build / "bench" / "host-release"
    sh(["cmake", "-S", str(REPO), "-B", str(d), "-DCMAKE_BUILD_TYPE=", "-DCMAKE_C_FLAGS=-O2",
        f"-DPETITE_MODELS_DIR={build / 'models'}"])
    sh(["cmake", "--build", str(d), "--target", "petite", "-j", "2"])
    return d / "tools" / "petite"


def callgrind(tool: Path, pte: Path, ptv_path: Path, out: Path) -> tuple[int, int]:
    """Instructions inside pt_method_execute over all .ptv cases, and the number of cases."""
    cg = out / f"callgrind.{pte.stem}.out"
    r = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={cg}",
                        "--toggle-collect=pt_method_execute", str(tool), "run", str(pte), "--ptv",
                        str(ptv_path)], capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(f"callgrind on {pte.name}: {r.stderr[-400:]}")
    m = re.search(r"Collected : (\d+)", r.stderr)
    return int(m.group(1)) if m else -1, ptv.read(ptv_path).ncases


# ---- the bench ---------------------------------------------------------------------------

def macs(g: list[dict], shapes: dict[int, list[int]]) -> dict[int, int]:
    """Multiply-accumulates of each linear/conv instruction (by index)."""
    out = {}
    for ins in g:
        a = ins["args"]
        if ins["op"] in ("aten::addmm.out",):
            m, k = shapes[a[1]]
            out[ins["index"]] = m * k * shapes[a[2]][1]
        elif ins["op"] == "aten::mm.out":
            m, k = shapes[a[0]]
            out[ins["index"]] = m * k * shapes[a[1]][1]
        elif ins["op"] == "aten::convolution.out":
            w, y = shapes[a[1]], shapes[a[-1]]
            out[ins["index"]] = int(np.prod(y)) * int(np.prod(w[1:]))
        # cortex_m int8 (ExecuTorch 1.5 layouts): weights [N, K]; conv OHWI [OC, KH, KW, IC];
        # depthwise [1, KH, KW, OC] (one MAC per output element per kernel tap)
        elif ins["op"] == "cortex_m::quantized_linear.out":
            out[ins["index"]] = int(np.prod(shapes[a[-1]])) * shapes[a[1]][1]
        elif ins["op"] == "cortex_m::quantized_conv2d.out":
            out[ins["index"]] = int(np.prod(shapes[a[-1]])) * int(np.prod(shapes[a[1]][1:]))
        elif ins["op"] == "cortex_m::quantized_depthwise_conv2d.out":
            out[ins["index"]] = int(np.prod(shapes[a[-1]])) * int(np.prod(shapes[a[1]][1:3]))
        elif ins["op"] == "cortex_m::quantized_batch_matmul.out":
            # [..., M, K] x [..., K, N] -> [..., M, N]
            out[ins["index"]] = int(np.prod(shapes[a[-1]])) * shapes[a[0]][-1]
    return out


class Bench:
    def __init__(self, build: Path, out: Path):
        self.build, self.out = build, out
        self.models = build / "models"
        self.tool = build / "host" / "tools" / "petite"
        if not self.tool.is_file():
            raise SystemExit(f"bench: {self.tool} missing: run `make host` first")
        self.objs: dict[str, dict[str, list[Path]]] = {}
        self.plugin = firmware_run.build_insn_plugin(REPO / "bench" / "insn_count_plugin.c",
                                                     out / "libinsn_count.so")

    def config(self, name: str) -> dict[str, list[Path]]:
        if name not in self.objs:
            self.objs[name] = compile_config(self.out / "obj", name)
        return self.objs[name]

    def model_objs(self, model: str, config: str) -> tuple[list[Path], Path]:
        """Objects of the model's array, its kernel table and the bench app."""
        d = self.out / "gen" / model
        d.mkdir(parents=True, exist_ok=True)
        pte = self.models / f"{model}.pte"
        (d / "model").mkdir(exist_ok=True)
        sh([str(self.tool), "header", str(pte), "--name", "bench_model", "-o", str(d / "model" / "bench_model.c")])
        (d / "table").mkdir(exist_ok=True)
        sh([str(self.tool), "ops", str(pte), "--table", str(d / "table" / "table.c")])
        v = ptv.read(self.models / f"{model}.ptv")
        write_case(d / "bench_case.h", [np.asarray(a) for a in v.inputs[0]],
                   np.asarray(v.outputs[0][0], dtype=np.float32))
        text = sh([str(self.tool), "inspect", str(pte)]).stdout
        m = re.search(r"metadata (\d+), buffer 0 (\d+), scratch (\d+)", text)
        meta, arena, scratch = (int(x) for x in m.groups()) if m else (8192, 65536, 4096)
        if model in INT8_MODELS:
            # the host tool plans for its own (portable) kernels; the DSP paths need scratch
            # (int16 copies of an input row) that only the M33's plan asks for: PLAN shows it
            scratch = max(scratch, 16384)
        flags = CONFIGS[config] + [f"-I{d}", f"-I{d / 'model'}", '-DBENCH_MODEL_HEADER="bench_model.h"',
                                   "-DBENCH_MODEL=bench_model", "-DBENCH_MODEL_SIZE=bench_model_size",
                                   f"-DBENCH_METADATA_BYTES={meta}", f"-DBENCH_ARENA_BYTES={arena + 64}",
                                   f"-DBENCH_SCRATCH_BYTES={max(scratch, 16)}", f"-DBENCH_RUNS={RUNS}"]
        o = self.out / "obj" / config / model
        objs = [compile_one(d / "model" / "bench_model.c", o / "model" / "bench_model.o", flags),
                compile_one(d / "table" / "table.c", o / "table" / "table.o", flags),
                compile_one(REPO / "bench" / "app" / "bench_model.c", o / "app" / "bench_app.o", flags)]
        return objs, pte

    def image(self, model: str, config: str) -> Path:
        c = self.config(config)
        extra, _ = self.model_objs(model, config)
        elf = self.out / "img" / config / f"{model}.elf"
        elf.parent.mkdir(parents=True, exist_ok=True)
        return link(elf, [*c["runtime"], *c["kernels"], *c["board"], *c["app"], *extra])

    def floor_image(self, kind: str, config: str) -> Path:
        d = self.out / "gen" / f"floor_{kind}"
        d.mkdir(parents=True, exist_ok=True)
        if kind == "sine":
            pte = self.models / "sine_model.pte"
            (d / "floor_weights.h").write_text(sine_floor_weights(self.tool, pte))
            v = ptv.read(self.models / "sine_model.ptv")
            write_case(d / "bench_case.h", [np.asarray(v.inputs[0][0])], np.asarray(v.outputs[0][0]))
        else:
            v = ptv.read(self.models / "lenet.ptv")
            x = np.asarray(v.inputs[0][0], dtype=np.float32)
            text, y = conv_floor_case(self.tool, self.models / "lenet.pte", x)
            (d / "floor_weights.h").write_text(text)
            write_case(d / "bench_case.h", [x], y)
        flags = CONFIGS[config] + [f"-I{d}", f"-DBENCH_RUNS={RUNS}"]
        o = self.out / "obj" / config / f"floor_{kind}"
        c = self.config("O2")
        objs = [compile_one(REPO / "bench" / "floor" / f"{kind}_floor.c", o / "floor.o", flags),
                compile_one(REPO / "bench" / "floor" / "floor_main.c", o / "floor_main.o", flags)]
        elf = self.out / "img" / config / f"floor_{kind}.elf"
        elf.parent.mkdir(parents=True, exist_ok=True)
        return link(elf, [*objs, *c["board"], *c["app"]])


def per_inference(marks: list[int]) -> int:
    """The last run's count (all runs are equal after the first for these deterministic loops)."""
    return marks[-1] - marks[-2]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", type=Path, default=REPO / "build")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "RESULTS.md")
    ap.add_argument("--no-host", action="store_true", help="skip the callgrind section")
    a = ap.parse_args(argv)
    build = a.build.resolve()
    work = build / "bench"
    work.mkdir(parents=True, exist_ok=True)
    b = Bench(build, work)
    md: list[str] = []
    gcc = sh([CC, "--version"]).stdout.splitlines()[0]
    md += ["# petite benchmark results", "",
           f"Written by `make bench` (bench/run.py) on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC.",
           f"Compiler: {gcc}. QEMU: {sh(['qemu-system-arm', '--version']).stdout.splitlines()[0]}.",
           f"Flags: `{' '.join(COMMON)}` plus, per variant: "
           + "; ".join(f"{k}: `{' '.join(v)}`" for k, v in CONFIGS.items()) + ".",
           "Link: `-nostdlib -Wl,--gc-sections` + libgcc, board qemu-m33 (mps2-an505).",
           "Instruction counts are exact (QEMU TCG plugin bench/insn_count_plugin.c, counted between two",
           "calls of `petite_bench_mark`; each figure includes one marker call, 2 instructions).", ""]

    # -- speed: per inference, floors
    def measure(model: str, cfg: str, hooks: str) -> dict:
        elf = b.image(model, cfg)
        lines, marks = run_counted(elf, b.plugin)
        hl, hmarks = run_counted(b.image(model, hooks), b.plugin)
        plan = field(lines, "PLAN")
        ncalls = int(plan["calls"])
        per = len(hmarks) // RUNS
        last = hmarks[-per:]
        g = graph(b.tool, b.models / f"{model}.pte")
        ops = [(g[i]["op"], last[i + 2] - last[i + 1]) for i in range(ncalls)]
        r = dict(insn=per_inference(marks), plan=plan, ops=ops, graph=g,
                 check=field(lines, "CHECK").get("max_abs_diff"), hooks_check=field(hl, "CHECK").get("max_abs_diff"),
                 stack=field(lines, "STACK"), dispatch=last[1] - last[0] + last[-1] - last[-2])
        print(f"bench: {model} {cfg}: {r['insn']} instructions per inference", flush=True)
        return r

    per_model: dict[str, dict] = {model: measure(model, "O2", "O2-hooks") for model in MODELS}
    for v, (cfg, _) in INT8_VARIANTS.items():
        want = v == "DSP"
        if dsp_defined(CONFIGS[cfg]) != want:
            raise SystemExit(f"bench: {cfg}: __ARM_FEATURE_DSP is {'off' if want else 'on'}; the {v} variant needs it {'on' if want else 'off'}")
    int8: dict[tuple[str, str], dict] = {}
    for model in INT8_MODELS:
        if not (b.models / f"{model}.pte").is_file():
            raise SystemExit(f"bench: {b.models / model}.pte missing: run `make models` first")
        for v, (cfg, hooks) in INT8_VARIANTS.items():
            int8[(model, v)] = measure(model, cfg, hooks)

    floors = {}
    for kind in ("sine", "conv"):
        for cfg in ("O2",):
            lines, marks = run_counted(b.floor_image(kind, cfg), b.plugin)
            floors[(kind, cfg)] = (per_inference(marks), field(lines, "CHECK").get("max_abs_diff"))
    # the -O3 floor (fully unrolled by gcc): compiled apart, reported for reference
    CONFIGS["O3"] = ["-O3"]
    CONFIGS["O3-fma"] = ["-O3", "-ffp-contract=fast"]
    for cfg in ("O3", "O3-fma"):
        lines, marks = run_counted(b.floor_image("sine", cfg), b.plugin)
        floors[("sine", cfg)] = (per_inference(marks), field(lines, "CHECK").get("max_abs_diff"))

    sine = per_model["sine_model"]
    f2, f3 = floors[("sine", "O2")][0], floors[("sine", "O3")][0]
    md += ["## Sine MLP (1-16-16-1 ReLU, fp32) on the emulated M33", "",
           "| what | instructions per inference | ratio to the -O2 floor | max abs diff vs ExecuTorch |",
           "|---|---:|---:|---:|",
           f"| petite (set_input + execute, -O2) | {sine['insn']} | {sine['insn'] / f2:.2f}x | {sine['check']} |",
           f"| hand-written floor, same flags (-O2) | {f2} | 1.00x | {floors[('sine', 'O2')][1]} |",
           f"| hand-written floor, -O3 (unrolled) | {f3} | {f3 / f2:.2f}x | {floors[('sine', 'O3')][1]} |",
           f"| hand-written floor, -O3 -ffp-contract=fast (VFMA: not ExecuTorch's rounding) | "
           f"{floors[('sine', 'O3-fma')][0]} | {floors[('sine', 'O3-fma')][0] / f2:.2f}x | {floors[('sine', 'O3-fma')][1]} |",
           "", f"**petite / -O3 floor: {sine['insn'] / f3:.2f}x** (target <= 1.2x). The floors sum in ExecuTorch's order",
           "with separate multiply and add roundings, as petite must to match ExecuTorch bit for bit; the",
           "VFMA row shows what fused multiply-add (a different result) would buy.", ""]

    md += ["## Per operator (bench build with -DPETITE_BENCH_HOOKS, -O2)", "",
           "Each operator's count runs from the executor's mark before its call to the next mark: it",
           "includes the dispatch (loop, indirect call) and one marker call. `dispatch` is set_input",
           "plus execute's entry and exit.", ""]
    def op_table(model: str, r: dict, title: str) -> list[str]:
        shapes = {t["value"]: t["shape"] for t in
                  inspect_json(b.tool, b.models / f"{model}.pte", "--graph")["methods"][0]["tensors"]}
        mm = macs(r["graph"], shapes)
        t = [f"### {title}: {r['insn']} instructions per inference", "",
             "| # | operator | instructions | MACs | instructions/MAC |", "|---:|---|---:|---:|---:|"]
        lin_i = lin_m = 0
        for i, (op, n) in enumerate(r["ops"]):
            m = mm.get(i)
            t.append(f"| {i} | {op} | {n} | {m or ''} | {f'{n / m:.2f}' if m else ''} |")
            if m:
                lin_i, lin_m = lin_i + n, lin_m + m
        t.append(f"| | dispatch (set_input, entry, exit) | {r['dispatch']} | | |")
        if lin_m:
            t.append(f"| | all linear/conv operators | {lin_i} | {lin_m} | {lin_i / lin_m:.2f} |")
        t.append("")
        r["lin"] = (lin_i, lin_m)
        r["macs"] = sum(mm.values())
        return t

    for model, r in per_model.items():
        md += op_table(model, r, model)

    cf = floors[("conv", "O2")]
    lenet_conv = per_model["lenet"]["ops"][0][1]
    md += ["## Conv floor: LeNet's first convolution (1->6 channels, 5x5, 28x28 -> 24x24, 86,400 MACs)", "",
           "| what | instructions | instructions/MAC | ratio to the floor |", "|---|---:|---:|---:|",
           f"| petite aten::convolution.out (instruction 0 of lenet, -O2) | {lenet_conv} | {lenet_conv / 86400:.2f} | {lenet_conv / cf[0]:.2f}x |",
           f"| hand-written floor (-O2), max abs diff vs numpy {cf[1]} | {cf[0]} | {cf[0] / 86400:.2f} | 1.00x |", ""]

    # -- int8: DSP vs portable
    md += ["## int8 (Cortex-M quantized): DSP vs portable", "",
           "The int8 models of python/petite/quant.py (cortex_m:: operators) on the same emulated M33,",
           "built twice: `DSP` = `-mcpu=cortex-m33` (__ARM_FEATURE_DSP on: the SMLAD/SXTB16 fast paths of",
           "quantized_linear, quantized_conv2d and quantized_depthwise_conv2d) and `portable` =",
           "`-mcpu=cortex-m33+nodsp` (__ARM_FEATURE_DSP off: the portable C paths), both -O2. MACs are",
           "counted from the bound shapes of the linear/conv operators. Both variants' outputs equal the",
           ".ptv's bit for bit (max abs diff must be 0, else the bench fails).", "",
           "| model | MACs | DSP: instructions | DSP: instructions/MAC | portable: instructions | "
           "portable: instructions/MAC | portable / DSP | DSP linear/conv only: instructions/MAC | "
           "portable linear/conv only: instructions/MAC | max abs diff (DSP, portable) |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    tables: list[str] = []
    for model in INT8_MODELS:
        d, p = int8[(model, "DSP")], int8[(model, "portable")]
        tables += op_table(model, d, f"{model}, DSP")
        tables += op_table(model, p, f"{model}, portable")
        m = d["macs"]
        md.append(f"| {model} | {m} | {d['insn']} | {d['insn'] / m:.2f} | {p['insn']} | {p['insn'] / m:.2f} | "
                  f"{p['insn'] / d['insn']:.2f}x | {d['lin'][0] / d['lin'][1]:.2f} | {p['lin'][0] / p['lin'][1]:.2f} | "
                  f"{d['check']}, {p['check']} |")
    ds = int8[("ds_cnn_int8", "DSP")]
    md += ["", f"**DS-CNN int8, DSP path: {ds['insn'] / ds['macs']:.2f} instructions per MAC for the whole inference,",
           f"{ds['lin'][0] / ds['lin'][1]:.2f} in its linear/conv operators** (target <= 1.5). Per operator "
           "(-DPETITE_BENCH_HOOKS builds of each variant):", "", *tables]

    # -- footprint
    md += ["## Flash footprint (bytes: text + rodata + data, from the link map of the sine image)", "",
           "The M33 demo (cmake/toolchain-m33.cmake) builds at -O2; the runtime-core target is stated at",
           "-Os, so both are shown. `nomsg` = -DPETITE_NO_MESSAGES (status codes, no message text).", ""]
    size_cfgs = ["O2", "Os", "Os-nomsg"]
    size_failed: list[str] = []
    maps = {}
    for cfg in size_cfgs:
        try:
            elf = b.image("sine_model", cfg)
            maps[cfg] = map_sizes(elf.with_suffix(".map"))
        except RuntimeError as e:
            print(f"bench: {cfg}: {e}", file=sys.stderr)
            size_failed.append(cfg)
    md += ["| variant | sine instructions per inference | max abs diff vs ExecuTorch |", "|---|---:|---:|"]
    size_checks: dict[str, str | None] = {}
    for cfg in maps:
        lines, marks = run_counted(b.image("sine_model", cfg), b.plugin)
        size_checks[cfg] = field(lines, "CHECK").get("max_abs_diff")
        md.append(f"| {cfg} | {per_inference(marks)} | {size_checks[cfg]} |")
    md.append("")
    names = sorted({n for m in maps.values() for n in m}, key=lambda n: (maps[size_cfgs[0]].get(n, {}).get("part", "z"), n))
    md += ["| part | file | " + " | ".join(maps) + " |", "|---|---|" + "---:|" * len(maps)]
    totals: dict[str, dict[str, int]] = {c: {} for c in maps}
    for n in names:
        part = next((maps[c][n]["part"] for c in maps if n in maps[c]), "?")
        md.append(f"| {part} | {n} | " + " | ".join(str(maps[c].get(n, {}).get("flash", 0)) for c in maps) + " |")
        for c in maps:
            totals[c][part] = totals[c].get(part, 0) + maps[c].get(n, {}).get("flash", 0)
    md += ["", "| total per part | " + " | ".join(maps) + " |", "|---|" + "---:|" * len(maps)]
    for part in ("runtime", "kernels", "table", "model", "app", "board", "libgcc"):
        md.append(f"| {part} | " + " | ".join(str(totals[c].get(part, 0)) for c in maps) + " |")
    md.append("| whole image | " + " | ".join(str(sum(totals[c].values())) for c in maps) + " |")
    md += ["", "(`table` is the generated selective kernel table; `app` the bench app + number formatting;",
           "libgcc is pulled in by double arithmetic and 64-bit division.)", ""]

    # -- RAM
    md += ["## RAM (bytes, M33)", "",
           "| model | metadata | planned arena | scratch | max stack (painted, whole firmware) |",
           "|---|---:|---:|---:|---:|"]
    ram_rows = [*per_model.items(), *((f"{m} ({v})", r) for (m, v), r in int8.items())]
    for model, r in ram_rows:
        p, s = r["plan"], r["stack"]
        md.append(f"| {model} | {p['metadata']} | {p['arena']} | {p['scratch']} | {s.get('used', '?')} |")
    su = [x for x in stack_usage(work / "obj" / "O2") if x[2].split("/")[0] in ("runtime", "kernels")]
    md += ["", "Largest stack frames in runtime/ and kernels/ (-fstack-usage, -O2):", "",
           "| bytes | function | file |", "|---:|---|---|"]
    md += [f"| {n} | {fn} | {f} |" for n, fn, f in su[:8]]
    md.append("")

    # -- host
    if not a.no_host and shutil.which("valgrind"):
        tool = host_tool(build)
        md += ["## Host (x86-64, gcc -O2 build of `petite run`, no sanitizers): callgrind", "",
               "Instructions inside pt_method_execute (`--toggle-collect=pt_method_execute`), per case of the .ptv.", "",
               "| model | instructions per inference | cases |", "|---|---:|---:|"]
        for model in [*MODELS, "gru", "lstm", *INT8_MODELS]:
            pte = b.models / f"{model}.pte"
            if not pte.is_file():
                continue
            ir, n = callgrind(tool, pte, b.models / f"{model}.ptv", work)
            md.append(f"| {model} | {ir // max(n, 1)} | {n} |")
        md.append("")

    notes = REPO / "bench" / "notes.md"
    if notes.is_file():
        md += [notes.read_text()]
    # The counts mean nothing if the answers are wrong: every run is checked against ExecuTorch,
    # and RESULTS.md is written only when all of them agree.
    bad = [f"{m}: {r['check']}" for m, r in per_model.items() if r["check"] is None or float(r["check"]) > 1e-6]
    bad += [f"{m} (hooks build): {r['hooks_check']}" for m, r in per_model.items()
            if r["hooks_check"] is None or float(r["hooks_check"]) > 1e-6]
    bad += [f"sine_model {cfg}: {c}" for cfg, c in size_checks.items() if c is None or float(c) > 1e-6]
    bad += [f"sine_model {cfg}: did not build" for cfg in size_failed]
    # int8: zero tolerance, in the plain and the hooks builds of both variants
    bad += [f"{m} {v}: {r[k]}" for (m, v), r in int8.items() for k in ("check", "hooks_check")
            if r[k] is None or float(r[k]) != 0.0]
    bad += [f"floor {k[0]} {k[1]}: {v[1]}" for k, v in floors.items()
            if k[1] != "O3-fma" and (v[1] is None or float(v[1]) != 0.0)]
    if bad:
        print(f"bench: error: outputs differ from the reference: {', '.join(bad)}; {a.out} not written",
              file=sys.stderr)
        return 1
    a.out.write_text("\n".join(md) + "\n")
    (work / "results.json").write_text(json.dumps(
        {m: {"insn": r["insn"], "ops": r["ops"], "plan": r["plan"], "lin": r.get("lin")} for m, r in per_model.items()}
        | {f"{m}-{v}": {"insn": r["insn"], "ops": r["ops"], "plan": r["plan"], "lin": r.get("lin"), "macs": r.get("macs")}
           for (m, v), r in int8.items()}
        | {"floors": {f"{k[0]}-{k[1]}": v[0] for k, v in floors.items()}}, indent=1))
    print(f"bench: wrote {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
