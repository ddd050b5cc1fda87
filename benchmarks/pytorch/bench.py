#!/usr/bin/env python3
"""Images per second of PyTorch on the reference networks, timed the way `skipline bench` times
Skipline: after warm-up, one step per round, the median round.

    /usr/bin/python3 benchmarks/pytorch/bench.py --model PreActResNet164 --batch 32 \
        --mode train --threads 2

A training step is forward, cross-entropy loss, backward and an SGD step with momentum 0.9 and
weight decay 1e-4 (the paper's recipe); inference is a forward pass in evaluation mode under
no_grad. Tensors and weights are channels_last, PyTorch's fastest layout for oneDNN on a CPU.
The last line is `images/s: <number>`, as for `skipline bench`.
"""

import argparse
import re
import sys
import time

import torch
import torch.nn.functional as F

from resnet import ResNet

MODEL_NAME = re.compile(r"^(Fashion)?(PreAct)?ResNet(\d+)$")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", required=True, help="PreActResNetD or ResNetD, e.g. PreActResNet164;"
                   " with the prefix Fashion, for 1 x 28 x 28 images (FashionPreActResNet20)")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--mode", required=True, choices=["train", "infer"])
    p.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2)")
    p.add_argument("--seconds", type=float, default=10,
                   help="seconds of timed rounds after as many seconds of warm-up (default 10)")
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    match = MODEL_NAME.match(args.model)
    if not match:
        sys.exit("bench.py: model '%s' is not [Fashion]PreActResNetD or [Fashion]ResNetD"
                 % args.model)
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    fashion = match.group(1) is not None
    channels, side = (1, 28) if fashion else (3, 32)
    model = ResNet(int(match.group(3)), match.group(2) is not None, in_channels=channels)
    model = model.to(memory_format=torch.channels_last)
    images = torch.randn(args.batch, channels, side, side).to(memory_format=torch.channels_last)
    labels = torch.randint(0, 10, (args.batch,))
    train = args.mode == "train"
    if train:
        model.train()
        # A tiny rate keeps the weights, and so the work per step, the same throughout.
        optimizer = torch.optim.SGD(model.parameters(), lr=1e-6, momentum=0.9, weight_decay=1e-4)

        def step():
            optimizer.zero_grad(set_to_none=False)
            loss = F.cross_entropy(model(images), labels)
            loss.backward()
            optimizer.step()
    else:
        model.eval()

        def step():
            with torch.no_grad():
                model(images)

    warmup_end = time.perf_counter() + args.seconds
    while time.perf_counter() < warmup_end:
        step()
    rounds = []
    end = time.perf_counter() + args.seconds
    while len(rounds) < 16 and (len(rounds) < 3 or time.perf_counter() < end):
        start = time.perf_counter()
        step()
        rounds.append(args.batch / (time.perf_counter() - start))
    median = sorted(rounds)[len(rounds) // 2]  # as skipline bench picks it
    print("%s %s, batch %d, PyTorch %s, %d threads, %d rounds: min %.1f, median %.1f, max %.1f"
          " images/s" % (args.model, args.mode, args.batch, torch.__version__,
                         torch.get_num_threads(), len(rounds), min(rounds), median, max(rounds)))
    print("images/s: %.1f" % median)


if __name__ == "__main__":
    main(sys.argv[1:])
