"""The .ptv reader/writer (docs/ptv-format.md): byte layout, round trip, bad files rejected."""

from __future__ import annotations

import math
import struct

import numpy as np
import pytest

from petite import ptv
from petite_models import model_file


def sample() -> ptv.Vectors:
    rng = np.random.default_rng(1)
    v = ptv.Vectors("zoo_case", "unit test")
    for c in range(3):
        v.inputs.append([rng.standard_normal((2, 3)).astype(np.float32),
                         np.array(c, dtype=np.int64),  # 0-d
                         np.array([True, False, c % 2 == 0])])
        v.outputs.append([rng.integers(-128, 127, (4,), dtype=np.int8), np.zeros((0, 2), np.float32)])
    return v


def test_layout_follows_the_spec() -> None:
    data = ptv.encode(sample())
    assert data[:4] == b"PTV1"
    header, ncases, nin, nout, name_len = struct.unpack_from("<5I", data, 4)
    assert (ncases, nin, nout) == (3, 3, 2)
    assert header % 16 == 0
    assert data[24:24 + name_len] == b"zoo_case"
    at = 24 + name_len
    (src_len,) = struct.unpack_from("<I", data, at)
    assert data[at + 4:at + 4 + src_len] == b"unit test"
    at += 4 + src_len
    # input 0: float32 (6), rank 2, [2, 3]; input 1: int64 (4), rank 0; input 2: bool (11) [3]
    assert struct.unpack_from("<4I", data, at) == (6, 2, 2, 3)
    assert struct.unpack_from("<2I", data, at + 16) == (4, 0)
    assert struct.unpack_from("<3I", data, at + 24) == (11, 1, 3)
    assert struct.unpack_from("<3I", data, at + 36) == (1, 1, 4)
    assert struct.unpack_from("<4I", data, at + 48) == (6, 2, 0, 2)
    assert all(b == 0 for b in data[at + 64:header])
    case_bytes = 2 * 3 * 4 + 8 + 3 + 4 + 0
    assert len(data) == header + 3 * case_bytes
    # case 1's first input starts right after case 0, little-endian float32
    first = np.frombuffer(data, "<f4", 6, header + case_bytes)
    assert np.array_equal(first.reshape(2, 3), sample().inputs[1][0])


def test_round_trip(tmp_path) -> None:
    v = sample()
    ptv.write(tmp_path / "s.ptv", v)
    back = ptv.read(tmp_path / "s.ptv")
    assert (back.name, back.source, back.ncases) == (v.name, v.source, 3)
    for c in range(3):
        for a, b in zip(v.inputs[c] + v.outputs[c], back.inputs[c] + back.outputs[c]):
            assert a.dtype == b.dtype and a.shape == b.shape
            assert np.array_equal(a, b)


def corrupt(data: bytes, at: int, value: bytes) -> bytes:
    return data[:at] + value + data[at + len(value):]


@pytest.mark.parametrize("mutate, message", [
    (lambda d: b"PTV2" + d[4:], "magic"),
    (lambda d: d[:20], "shorter than the 24-byte header"),
    (lambda d: d[:-1], "data bytes"),
    (lambda d: d + b"\0", "data bytes"),
    (lambda d: corrupt(d, 4, struct.pack("<I", 20)), "multiple of 16"),
    (lambda d: corrupt(d, 4, struct.pack("<I", 1 << 20)), "multiple of 16"),
    (lambda d: corrupt(d, 8, struct.pack("<I", 4)), "data bytes"),
    (lambda d: corrupt(d, 20, struct.pack("<I", 10_000)), "model name runs past"),
    (lambda d: corrupt(d, 24 + 8 + 4 + 9, struct.pack("<I", 99)), "unknown dtype 99"),
    (lambda d: corrupt(d, 24 + 8 + 4 + 9 + 4, struct.pack("<I", 17)), "rank 17"),
])
def test_bad_files_are_rejected(tmp_path, mutate, message) -> None:
    data = mutate(ptv.encode(sample()))
    path = tmp_path / "bad.ptv"
    path.write_bytes(data)
    with pytest.raises(ptv.PtvError, match=message):
        ptv.read(path)


def test_writer_refuses_inconsistent_cases() -> None:
    v = sample()
    v.inputs[2][0] = v.inputs[2][0][:1]
    with pytest.raises(ptv.PtvError, match="case 2 input 0"):
        ptv.encode(v)
    with pytest.raises(ptv.PtvError, match="cannot hold"):
        ptv.encode(ptv.Vectors("m", "s", [[np.zeros(2, np.complex64)]], [[np.zeros(1, np.float32)]]))


def test_sine_vectors_have_the_promised_shape() -> None:
    for name in ("sine_model.ptv", "sine_model.eager.ptv"):
        v = ptv.read(model_file(name))
        assert v.name == "sine_model"
        assert v.ncases >= 64
        xs = [float(c[0].reshape(-1)[0]) for c in v.inputs]
        assert all(c[0].shape == (1, 1) and c[0].dtype == np.float32 for c in v.inputs)
        assert all(c[0].shape == (1, 1) and c[0].dtype == np.float32 for c in v.outputs)
        assert min(xs) == 0.0
        assert max(xs) == pytest.approx(2 * math.pi, abs=1e-6)
