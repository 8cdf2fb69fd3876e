"""Reference vectors for a dynamic-shape model at its upper bound.

petite runs programs with static shapes: a DYNAMIC_BOUND tensor is planned (and run) at its
upper bound. A zoo model's .ptv may use smaller shapes (ops_prim_scalar's cases use batch 3),
so this writes a second .ptv whose inputs have the bound's shape, with the outputs of
ExecuTorch's own runtime on the same .pte (the oracle petite is compared with).

    python tests/conformance/bound_vectors.py M.pte --shape 8,4 --out M.bound.ptv
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import torch

from petite import ptv


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pte", type=Path)
    ap.add_argument("--shape", required=True, help="input 0's shape at the upper bound, e.g. 8,4")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--cases", type=int, default=10)
    ap.add_argument("--seed", type=int, default=5)
    a = ap.parse_args(argv)
    from executorch import version as et_version
    from executorch.runtime import Runtime

    shape = tuple(int(s) for s in a.shape.split(","))
    g = torch.Generator().manual_seed(a.seed)
    method = Runtime.get().load_program(str(a.pte)).load_method("forward")
    inputs, outputs = [], []
    for _ in range(a.cases):
        x = torch.rand(shape, generator=g) * 4.0 - 2.0
        outs = method.execute([x])
        inputs.append([x.numpy().copy()])
        outputs.append([np.asarray(o.contiguous().numpy()).copy() for o in outs])
    name = a.pte.stem
    ptv.write(a.out, ptv.Vectors(name, f"executorch.runtime {et_version.__version__} (upper bound {a.shape})",
                                 inputs, outputs))
    print(f"{a.out}: {a.cases} cases at input shape {list(shape)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
