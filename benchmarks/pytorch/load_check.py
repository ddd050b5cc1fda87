#!/usr/bin/env python3
"""Loads a weights file that Skipline exported into the reference PyTorch module with strict
load_state_dict, and optionally evaluates it on the Fashion-MNIST test set in PyTorch.

    /usr/bin/python3 benchmarks/pytorch/load_check.py --weights DIR/final.safetensors \\
        --depth 20 --pre-activation --in-channels 1 --image-size 28 \\
        [--fashion-mnist /usr/share/datasets/fashion-mnist]

Normalisation for the evaluation is Skipline's: per-channel mean and population standard
deviation of the training images' 0-255 pixel values. Prints 'accuracy: 0.xxxx' last.
"""

import argparse
import gzip
import os
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402
from resnet import ORDERS, SHORTCUTS, ResNet  # noqa: E402


def read_idx(path):
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic == 0x803:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(count, 1, rows, cols)
    return np.frombuffer(data, dtype=np.uint8, offset=8).astype(np.int64)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--weights", required=True)
    p.add_argument("--depth", type=int, required=True)
    act = p.add_mutually_exclusive_group(required=True)
    act.add_argument("--pre-activation", dest="pre", action="store_true")
    act.add_argument("--original", dest="pre", action="store_false")
    act.add_argument("--activation", choices=list(ORDERS),
                     help="one of the paper's five activation orders")
    p.add_argument("--shortcut", choices=list(SHORTCUTS), default="identity",
                   help="one of the paper's six shortcuts (default identity)")
    p.add_argument("--in-channels", type=int, default=3)
    p.add_argument("--image-size", type=int, default=32)
    p.add_argument("--classes", type=int, default=10)
    p.add_argument("--fashion-mnist", help="directory of the Fashion-MNIST IDX files")
    args = p.parse_args()

    pre = args.pre if args.activation is None else args.activation == "full-preactivation"
    model = ResNet(args.depth, pre, in_channels=args.in_channels, classes=args.classes,
                   order=args.activation, shortcut=args.shortcut)
    tensors = safetensors_io.read(args.weights)
    state = {name: torch.from_numpy(np.array(value)) for name, value in tensors.items()}
    model.load_state_dict(state, strict=True)
    print("strict load_state_dict: %d tensors of %s accepted" % (len(state), args.weights))

    if args.fashion_mnist:
        d = args.fashion_mnist
        train = read_idx(os.path.join(d, "train-images-idx3-ubyte.gz")).astype(np.float64)
        mean = train.mean(axis=(0, 2, 3))
        std = train.std(axis=(0, 2, 3))
        images = read_idx(os.path.join(d, "t10k-images-idx3-ubyte.gz")).astype(np.float32)
        labels = read_idx(os.path.join(d, "t10k-labels-idx1-ubyte.gz"))
        x = torch.from_numpy((images - mean[None, :, None, None].astype(np.float32))
                             / std[None, :, None, None].astype(np.float32))
        model.eval()
        correct = 0
        with torch.no_grad():
            for start in range(0, len(x), 500):
                logits = model(x[start:start + 500])
                correct += int((logits.argmax(1).numpy() == labels[start:start + 500]).sum())
        print("accuracy: %.4f" % (correct / len(x)))


if __name__ == "__main__":
    main()
