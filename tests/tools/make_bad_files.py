"""Writes the broken inputs the petite CLI tests feed it, derived from the real sine model.

Each file is broken in one known way, so each test can check that petite names the problem.
Standard library only: the C tests must not need the project's venv.
"""
import struct
import sys
from pathlib import Path


def replace_once(data: bytes, old: bytes, new: bytes) -> bytes:
    assert len(old) == len(new), "a same-length patch keeps every flatbuffer offset valid"
    count = data.count(old)
    if count != 1:
        sys.exit(f"make_bad_files: expected {old!r} once in the .pte, found it {count} times")
    return data.replace(old, new)


def main(pte_path: str, ptv_path: str, out_dir: str) -> None:
    pte = Path(pte_path).read_bytes()
    ptv = Path(ptv_path).read_bytes()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)

    (out / "empty.pte").write_bytes(b"")
    (out / "garbage.pte").write_bytes(b"this is not an ExecuTorch program\n" * 8)
    (out / "truncated.pte").write_bytes(pte[: len(pte) // 2])
    (out / "truncated_header.pte").write_bytes(pte[:6])
    # Operator names are plain strings in the flatbuffer: renaming one makes an op that no
    # kernel table has, while the file stays valid.
    relx = replace_once(pte, b"aten::relu", b"aten::relx")
    (out / "missing_op.pte").write_bytes(relx)
    (out / "two_missing_ops.pte").write_bytes(replace_once(relx, b"aten::addmm", b"aten::addmx"))

    (out / "bad_magic.ptv").write_bytes(b"XTV1" + ptv[4:])
    (out / "truncated.ptv").write_bytes(ptv[:-3])
    # input 0's dtype: after the 24-byte fixed header, the name and the source string
    name_len = struct.unpack_from("<I", ptv, 20)[0]
    source_len = struct.unpack_from("<I", ptv, 24 + name_len)[0]
    dtype_at = 28 + name_len + source_len
    (out / "bad_dtype.ptv").write_bytes(ptv[:dtype_at] + struct.pack("<I", 99) + ptv[dtype_at + 4:])
    # expected output of case 0 moved by 1e-3: `petite run` must notice
    header_bytes, ncases, ninputs, noutputs = struct.unpack_from("<IIII", ptv, 4)
    assert (ninputs, noutputs) == (1, 1), "the sine model has one input and one output"
    out0 = header_bytes + 4  # case 0: one float32 input, then the output
    (y,) = struct.unpack_from("<f", ptv, out0)
    (out / "off_by_1e-3.ptv").write_bytes(ptv[:out0] + struct.pack("<f", y + 1e-3) + ptv[out0 + 4:])


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: make_bad_files.py sine_model.pte sine_model.ptv out_dir")
    for p in sys.argv[1:3]:
        if not Path(p).exists():
            sys.exit(f"missing {p}: run make models (or set PETITE_MODELS_DIR)")
    main(*sys.argv[1:])
