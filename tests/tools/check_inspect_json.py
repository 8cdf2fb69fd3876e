"""Checks `petite inspect --all --json` on a model with a reader that knows nothing of petite.

usage: check_inspect_json.py petite model.pte model.ops.txt
The operator list is checked against the exporter's own list (model.ops.txt); the rest
against invariants any correct memory plan and file map satisfy.
"""
import json
import subprocess
import sys
from pathlib import Path


def main(petite: str, pte: str, ops_txt: str) -> None:
    for p in (pte, ops_txt):
        if not Path(p).exists():
            sys.exit(f"missing {p}: run make models (or set PETITE_MODELS_DIR)")
    out = subprocess.run([petite, "inspect", pte, "--all", "--json"], check=True,
                         capture_output=True, text=True).stdout
    doc = json.loads(out)
    size = Path(pte).stat().st_size
    assert doc["file_bytes"] == size, (doc["file_bytes"], size)
    (m,) = doc["methods"]
    assert m["name"] == "forward"

    want_ops = sorted(l for l in Path(ops_txt).read_text().split() if l)
    got_ops = sorted({o["name"] for o in m["operators"]})
    assert got_ops == want_ops, (got_ops, want_ops)
    assert all(o["kernel"] for o in m["operators"])

    kernels = [g for g in m["graph"] if g["kind"] == "kernel"]
    assert kernels and all(g["op"] in want_ops for g in kernels)
    values = m["values"]
    for g in kernels:  # every result of an instruction is a planned tensor
        for r in g["results"]:
            assert values[r]["tag"] == "tensor" and values[r]["planned"], g

    mem = m["memory"]
    assert 0 < mem["peak_bytes"] <= mem["arena_bytes"], mem
    assert mem["peak_bytes"] <= mem["sum_bytes"], mem
    assert max(mem["live_bytes"]) == mem["peak_bytes"]
    for t in mem["tensors"]:
        assert t["offset"] + t["bytes"] <= m["memory_plan"]["buffers"][t["buffer"]], t
        for other in mem["tensors"]:  # tensors sharing bytes are never alive together
            if other["value"] in t["shares_bytes_with"]:
                assert t["last"] < other["first"] or other["last"] < t["first"], (t, other)

    needs = m["needs"]
    assert needs["buffers"][0] >= m["memory_plan"]["buffers"][0], needs
    assert needs["total"] == needs["metadata"] + sum(needs["buffers"]) + needs["scratch"]

    fm = doc["file_map"]
    consts = sorted((c["file_offset"], c["bytes"]) for c in m["constants"])
    for (a, n), (b, _) in zip(consts, consts[1:]):
        assert a + n <= b, "constants overlap in the file"
    for c_off, n in consts:
        assert fm["segment_base"] <= c_off and c_off + n <= size, (c_off, n)
    for r in fm["regions"]:
        assert 0 <= r["start"] <= r["end"] <= size, r
    print(f"inspect --json ok: {len(m['values'])} values, {len(kernels)} kernel calls, "
          f"peak {mem['peak_bytes']} B of arena {mem['arena_bytes']} B, sum {mem['sum_bytes']} B")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: check_inspect_json.py petite model.pte model.ops.txt")
    main(*sys.argv[1:])
