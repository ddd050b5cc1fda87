#!/usr/bin/env python3
"""Per-tensor accuracy report for the files a cross-check leaves behind.

    python3 benchmarks/pytorch/crosscheck.py --model PreActResNet56 --batch 8 --init default \
        --workdir DIR
    python3 benchmarks/pytorch/layerwise.py --model PreActResNet56 --workdir DIR [--all]

Reads DIR/weights.safetensors, DIR/input.safetensors and DIR/grads.safetensors (Skipline's
`grad` output), recomputes the float64 truth and PyTorch's float32 gradients (with and without
mkldnn) from the same float32 weights, and prints every parameter gradient in backward order
(output layer first) with

  ours     Skipline's relative error max|a - b| / max|b| against float64
  f32      PyTorch float32's relative error (the larger of its two runs)
  ratio    ours / f32: above 1, Skipline is less accurate than PyTorch float32 on that tensor

followed by a summary: the worst error, the worst ratio, and how many tensors exceed PyTorch's
float32 error by 2x and 4x. Errors start where the ratio first jumps when reading in backward
order, since later (lower) layers inherit the upstream gradient's error.

With --activations it also prints, for PyTorch float32 only, the relative error of the gradient
flowing into every block's output (the residual stream), to show where float32 conditioning
itself degrades.
"""

import argparse
import copy
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import safetensors_io  # noqa: E402
from crosscheck import (build_model, float32_runs, load_weights, rel_error,  # noqa: E402
                        torch_grad)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", required=True)
    p.add_argument("--workdir", required=True)
    p.add_argument("--all", action="store_true", help="print every tensor, not only ratio > 1")
    p.add_argument("--activations", action="store_true",
                   help="also show PyTorch float32's error on the residual-stream gradients")
    args = p.parse_args(argv)
    build_args = argparse.Namespace(model=args.model, depth=None, pre_activation=None, unit=None,
                                    in_channels=3, classes=10, width=1, bottleneck_stride="first")
    model = build_model(build_args)
    load_weights(model, safetensors_io.read(os.path.join(args.workdir, "weights.safetensors")))
    data = safetensors_io.read(os.path.join(args.workdir, "input.safetensors"))
    x = torch.from_numpy(data["input"])
    labels = torch.from_numpy(data["labels"])
    ours = safetensors_io.read(os.path.join(args.workdir, "grads.safetensors"))

    model64 = copy.deepcopy(model).double()
    _, _, truth = torch_grad(model64, x.double(), labels)
    runs = float32_runs(lambda: torch_grad(model, x, labels))

    names = list(truth)[::-1]  # backward order: fc first
    rows = []
    for name in names:
        b = truth[name].numpy()
        err = rel_error(ours[name], b)
        floor = max(rel_error(r[2][name].numpy(), b) for r in runs)
        rows.append((name, err, floor, err / max(floor, 1e-300)))
    print("%-34s %-10s %-10s %s" % ("tensor (backward order)", "ours", "f32", "ratio"))
    for name, err, floor, ratio in rows:
        if args.all or ratio > 1:
            print("%-34s %.3e  %.3e  %7.2f%s" % (name, err, floor, ratio,
                                                  "  <<" if ratio > 4 else ""))
    worst = max(rows, key=lambda r: r[1])
    worst_ratio = max(rows, key=lambda r: r[3])
    print("worst error %.3e (%s, f32 %.3e); worst ratio %.2f (%s: %.3e vs %.3e); "
          "%d of %d tensors above 2x f32, %d above 4x"
          % (worst[1], worst[0], worst[2], worst_ratio[3], worst_ratio[0], worst_ratio[1],
             worst_ratio[2], sum(r[3] > 2 for r in rows), len(rows),
             sum(r[3] > 4 for r in rows)))

    if args.activations:
        def stream_grads(m, xin):
            m = copy.deepcopy(m)
            m.train()
            saved = {}
            hooks = [blk.register_full_backward_hook(
                lambda mod, gi, go, i=i: saved.__setitem__(i, go[0].detach().clone()))
                for i, blk in enumerate(m.blocks)]
            F.cross_entropy(m(xin), labels).backward()
            for h in hooks:
                h.remove()
            return saved
        t = stream_grads(model64, x.double())
        f = stream_grads(model, x)
        print("PyTorch float32 error of the gradient at each block's output:")
        for i in sorted(t, reverse=True):
            print("  blocks.%-3d %.3e" % (i, rel_error(f[i].numpy(), t[i].numpy())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
