#!/usr/bin/env python3
"""Collects the recipe-switch study: final test accuracy per configuration and seed."""
import csv, os, re, statistics, sys
root = sys.argv[1] if len(sys.argv) > 1 else "runs"
def acc(path):
    try:
        text = open(path).read()
    except OSError:
        return None
    m = re.findall(r"accuracy: (0\.\d+)", text)
    return float(m[-1]) if m else None
def metric(run):
    rows = list(csv.reader(open(os.path.join(root, run, "metrics.csv"))))
    return float(rows[-1][5])
rows = [
  ("paper (SGD 0.9, wd 1e-4, step decay, crop+flip)", "paper", "eval-trained.log"),
  ("+ Nesterov momentum, weight decay 5e-4", "nesterov-wd5e-4", "eval-final.log"),
  ("+ cosine schedule after linear warm-up (400 steps from 0.01)", "cosine-warmup", "eval-final.log"),
  ("+ label smoothing 0.1", "label-smoothing", "eval-final.log"),
  ("+ random erasing 0.5", "erasing", "eval-final.log"),
  ("+ moving average 0.999 (paper runs' average)", "paper", "eval-final.log"),
  ("+ test-time mirroring (paper runs' trained weights)", "paper", "eval-trained-tta.log"),
  ("best: all of the above, without mirroring", "best", "eval-final.log"),
  ("best: all of the above", "best", "eval-final-tta.log"),
]
print("| recipe | seeds | median | range | per seed (0, 1, 2) |")
print("|---|---|---|---|---|")
for label, config, log in rows:
    vals = []
    for seed in range(3):
        run = f"{config}-seed{seed}"
        if os.path.exists(os.path.join(root, run, "done")):
            vals.append(acc(os.path.join(root, run, log)))
    vals = [v for v in vals if v is not None]
    if not vals:
        print(f"| {label} | 0 | | | |"); continue
    med = statistics.median(vals)
    print(f"| {label} | {len(vals)} | {100*med:.2f}% | {100*min(vals):.2f}-{100*max(vals):.2f}% | "
          + ", ".join(f"{100*v:.2f}" for v in vals) + " |")
