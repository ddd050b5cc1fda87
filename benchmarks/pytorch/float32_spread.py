#!/usr/bin/env python3
"""How far PyTorch's own float32 computations of one network's gradients are from each other,
tensor by tensor, measured against float64.

    /usr/bin/python3 benchmarks/pytorch/float32_spread.py --model PreActResNet164 --batch 8 \\
        [--init default] [crosscheck.py's network options]

The network, weights and batch are crosscheck.py's for the same options. Three float32
computations of the training-mode gradients: PyTorch's mkldnn kernels on contiguous tensors,
its own kernels without mkldnn, and mkldnn on the channels-last memory format (the one PyTorch
is benchmarked with). For each ordered pair (A, B), over the gradient tensors: the geometric mean
and the largest of A's relative error against float64 over B's, and how many tensors are more
than 2x and 4x as far from float64 in A as in B. Then the channels-last computation against the
floor crosscheck.py uses (the larger error of the other two). A flipped ReLU input decides which
tensors a float32 computation gets wrong; this shows how far apart two valid ones land.
"""

import copy
import math
import sys

import numpy as np
import torch

import crosscheck as cc


def gradients(model, x, labels, mkldnn, channels_last):
    saved = torch.backends.mkldnn.enabled
    try:
        torch.backends.mkldnn.enabled = mkldnn
        m = copy.deepcopy(model)
        if channels_last:
            m = m.to(memory_format=torch.channels_last)
            x = x.contiguous(memory_format=torch.channels_last)
        return cc.torch_grad(m, x, labels)[2]
    finally:
        torch.backends.mkldnn.enabled = saved


def main(argv):
    args = cc.parse_args(argv)
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    model = cc.build_model(args)
    if args.init == "random":
        cc.randomize(model, generator)
        calibration, _ = cc.make_batch(args, generator)
        cc.calibrate(model, calibration, generator)
    else:
        cc.he_init(model, generator)
    x, labels = cc.make_batch(args, generator)
    truth = cc.torch_grad(copy.deepcopy(model).double(), x.double(), labels)[2]
    runs = {
        "mkldnn": gradients(model, x, labels, True, False),
        "no-mkldnn": gradients(model, x, labels, False, False),
        "channels-last": gradients(model, x, labels, True, True),
    }
    names = list(truth)
    errors = {k: np.array([cc.rel_error(r[n].numpy(), truth[n].numpy()) for n in names])
              for k, r in runs.items()}
    print("%s, batch %d, seed %d, %s init: %d gradient tensors; relative error of A over B"
          % (args.model, args.batch, args.seed, args.init, len(names)))
    print("  %-14s %-14s %9s %9s %6s %6s" % ("A", "B", "typical", "at most", "> 2x", "> 4x"))

    def row(a, b, err_a, err_b):
        ratio = err_a / np.maximum(err_b, 1e-30)
        print("  %-14s %-14s %9.2f %9.1f %6d %6d" % (
            a, b, math.exp(np.mean(np.log(np.maximum(ratio, 1e-30)))), ratio.max(),
            (ratio > 2).sum(), (ratio > 4).sum()))

    for a in runs:
        for b in runs:
            if a != b:
                row(a, b, errors[a], errors[b])
    row("channels-last", "floor", errors["channels-last"],
        np.maximum(errors["mkldnn"], errors["no-mkldnn"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
