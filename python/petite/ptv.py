"""Reader and writer of `.ptv` reference-vector files (docs/ptv-format.md).

A .ptv holds N cases of one model: each case's inputs, then the outputs one oracle gave.
Every case has the same tensor specs (dtype + shape); the header states them once.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MAGIC = b"PTV1"
MAX_RANK = 16

# ExecuTorch ScalarType number -> numpy dtype, for the dtypes the format allows.
SCALAR_TYPES: dict[int, np.dtype] = {
    0: np.dtype(np.uint8),
    1: np.dtype(np.int8),
    2: np.dtype(np.int16),
    3: np.dtype(np.int32),
    4: np.dtype(np.int64),
    5: np.dtype(np.float16),
    6: np.dtype(np.float32),
    7: np.dtype(np.float64),
    11: np.dtype(np.bool_),
}
_NUMPY_TO_SCALAR = {dt: code for code, dt in SCALAR_TYPES.items()}


class PtvError(ValueError):
    """A .ptv file (or the data to write into one) breaks the format; the message says how."""


@dataclass
class TensorSpec:
    dtype: int  # ExecuTorch ScalarType number
    shape: tuple[int, ...]

    @property
    def np_dtype(self) -> np.dtype:
        return SCALAR_TYPES[self.dtype]

    @property
    def nbytes(self) -> int:
        return int(np.prod(self.shape, dtype=np.int64)) * self.np_dtype.itemsize


@dataclass
class Vectors:
    """Cases of one model: inputs[c][i] and outputs[c][o] are numpy arrays."""

    name: str
    source: str
    inputs: list[list[np.ndarray]] = field(default_factory=list)
    outputs: list[list[np.ndarray]] = field(default_factory=list)

    @property
    def ncases(self) -> int:
        return len(self.inputs)

    def specs(self) -> tuple[list[TensorSpec], list[TensorSpec]]:
        if not self.inputs:
            raise PtvError(f"{self.name}: no cases to write")
        if len(self.outputs) != len(self.inputs):
            raise PtvError(f"{self.name}: {len(self.inputs)} input cases but {len(self.outputs)} output cases")

        def spec_of(a: np.ndarray, what: str) -> TensorSpec:
            code = _NUMPY_TO_SCALAR.get(a.dtype)
            if code is None:
                raise PtvError(f"{self.name}: {what} has dtype {a.dtype}, which .ptv cannot hold")
            if a.ndim > MAX_RANK:
                raise PtvError(f"{self.name}: {what} has rank {a.ndim} (max {MAX_RANK})")
            return TensorSpec(code, tuple(int(s) for s in a.shape))

        ins = [spec_of(a, f"input {i}") for i, a in enumerate(self.inputs[0])]
        outs = [spec_of(a, f"output {i}") for i, a in enumerate(self.outputs[0])]
        for c in range(self.ncases):
            for kind, arrays, want in (("input", self.inputs[c], ins), ("output", self.outputs[c], outs)):
                if len(arrays) != len(want):
                    raise PtvError(f"{self.name}: case {c} has {len(arrays)} {kind}s, case 0 has {len(want)}")
                for i, (a, s) in enumerate(zip(arrays, want)):
                    got = spec_of(a, f"case {c} {kind} {i}")
                    if got != s:
                        raise PtvError(f"{self.name}: case {c} {kind} {i} is {got}, case 0 has {s}")
        return ins, outs


def _u32(v: int) -> bytes:
    return struct.pack("<I", v)


def encode(v: Vectors) -> bytes:
    ins, outs = v.specs()
    name, source = v.name.encode(), v.source.encode()
    head = bytearray(MAGIC) + _u32(0) + _u32(v.ncases) + _u32(len(ins)) + _u32(len(outs))
    head += _u32(len(name)) + name + _u32(len(source)) + source
    for s in ins + outs:
        head += _u32(s.dtype) + _u32(len(s.shape)) + b"".join(_u32(d) for d in s.shape)
    head += bytes(-len(head) % 16)
    head[4:8] = _u32(len(head))
    body = bytearray()
    for c in range(v.ncases):
        for a in v.inputs[c] + v.outputs[c]:
            body += np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<"), copy=False).tobytes()
    return bytes(head + body)


def write(path: Path, v: Vectors) -> None:
    Path(path).write_bytes(encode(v))


def decode(data: bytes, what: str = ".ptv") -> Vectors:
    """Parse a .ptv; any inconsistency raises PtvError naming the field."""

    def u32(at: int, field_name: str) -> int:
        if at + 4 > header:
            raise PtvError(f"{what}: {field_name} runs past header_bytes")
        return struct.unpack_from("<I", data, at)[0]

    if len(data) < 24:
        raise PtvError(f"{what}: not a .ptv file ({len(data)} bytes, shorter than the 24-byte header)")
    if data[:4] != MAGIC:
        raise PtvError(f"{what}: not a .ptv file (magic {data[:4]!r}, expected {MAGIC!r})")
    header, ncases, ninputs, noutputs = struct.unpack_from("<4I", data, 4)
    if header % 16 or header > len(data):
        raise PtvError(f"{what}: header_bytes {header} is not a multiple of 16 within the {len(data)}-byte file")
    at = 20
    strings = []
    for label in ("model name", "source"):
        n = u32(at, label + " length")
        at += 4
        if at + n > header:
            raise PtvError(f"{what}: {label} runs past header_bytes")
        try:
            strings.append(data[at:at + n].decode())
        except UnicodeDecodeError:
            raise PtvError(f"{what}: {label} is not UTF-8") from None
        at += n
    specs: list[TensorSpec] = []
    for k in range(ninputs + noutputs):
        label = f"input {k}" if k < ninputs else f"output {k - ninputs}"
        dtype, rank = u32(at, label + " dtype"), u32(at + 4, label + " rank")
        at += 8
        if dtype not in SCALAR_TYPES:
            raise PtvError(f"{what}: {label} has unknown dtype {dtype}")
        if rank > MAX_RANK:
            raise PtvError(f"{what}: {label} has rank {rank} (max {MAX_RANK})")
        shape = tuple(u32(at + 4 * d, f"{label} sizes") for d in range(rank))
        at += 4 * rank
        specs.append(TensorSpec(dtype, shape))
    if any(data[at:header]):
        raise PtvError(f"{what}: padding before header_bytes is not zero")
    case_bytes = sum(s.nbytes for s in specs)
    if header + ncases * case_bytes != len(data):
        raise PtvError(f"{what}: {ncases} cases of {case_bytes} bytes need {ncases * case_bytes} data bytes, "
                       f"the file has {len(data) - header}")
    v = Vectors(strings[0], strings[1])
    pos = header
    for _ in range(ncases):
        case = []
        for s in specs:
            a = np.frombuffer(data, dtype=s.np_dtype.newbyteorder("<"), count=int(np.prod(s.shape, dtype=np.int64)),
                              offset=pos).reshape(s.shape).astype(s.np_dtype)
            case.append(a)
            pos += s.nbytes
        v.inputs.append(case[:ninputs])
        v.outputs.append(case[ninputs:])
    return v


def read(path: Path) -> Vectors:
    return decode(Path(path).read_bytes(), str(path))
