#!/usr/bin/env python3
"""Skipline against PyTorch, run in turns on the same networks, batches and threads; prints the
ratio table of benchmarks/README.md.

    /usr/bin/python3 benchmarks/compare.py              # every row, one round each
    /usr/bin/python3 benchmarks/compare.py --rounds 3 --only 164

Each measurement is a fresh process: `bin/skipline bench` for Skipline and
`benchmarks/pytorch/bench.py` for PyTorch (channels_last, torch.set_num_threads(T)). Both warm
up for --seconds, then time one step per round for up to --seconds more and report the median
round. Both may use transparent huge pages, where the kernel offers them: bin/skipline asks
the JVM for them, and PyTorch gets them through glibc (GLIBC_TUNABLES=glibc.malloc.hugetlb=1,
unless set otherwise). With --rounds R every row is measured R times, alternating the two sides, and the table
shows the median of each side. Rows whose ratio is Skipline against itself (threads, engines)
run without PyTorch; the PyTorch rows are skipped with a note when torch is not installed.

Run it on an otherwise idle machine: the two sides share it in turns, never at once. A row whose
measurement fails is shown as failed and the exit status is 1.
"""

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def skipline(model, mode, batch, threads=2, engine="generated"):
    return ("Skipline", ["bench", "--model", model, "--mode", mode, "--batch", str(batch),
                         "--threads", str(threads), "--engine", engine])


def pytorch(model, mode, batch, threads=2):
    return ("PyTorch", ["--model", model, "--mode", mode, "--batch", str(batch),
                        "--threads", str(threads)])


# (workload, target ratio, measured side, baseline side): the ratio is measured / baseline.
ROWS = [
    ("training step, PreActResNet164, batch 32", 2.0,
     skipline("PreActResNet164", "train", 32), pytorch("PreActResNet164", "train", 32)),
    ("training step, PreActResNet164, batch 128", 2.0,
     skipline("PreActResNet164", "train", 128), pytorch("PreActResNet164", "train", 128)),
    ("training step, PreActResNet20, batch 128", 1.5,
     skipline("PreActResNet20", "train", 128), pytorch("PreActResNet20", "train", 128)),
    ("training step, FashionPreActResNet20, batch 128", 1.5,
     skipline("FashionPreActResNet20", "train", 128),
     pytorch("FashionPreActResNet20", "train", 128)),
    ("inference, PreActResNet164, batch 64", 3.5,
     skipline("PreActResNet164", "infer", 64), pytorch("PreActResNet164", "infer", 64)),
    ("inference, PreActResNet164, batch 1", 10.0,
     skipline("PreActResNet164", "infer", 1), pytorch("PreActResNet164", "infer", 1)),
    ("training step, PreActResNet20, batch 128: 2 threads vs 1", 1.8,
     skipline("PreActResNet20", "train", 128, threads=2),
     skipline("PreActResNet20", "train", 128, threads=1)),
    ("generated vs interpreter, PreActResNet164 inference, batch 1", 1.3,
     skipline("PreActResNet164", "infer", 1),
     skipline("PreActResNet164", "infer", 1, engine="interpreted")),
    ("generated vs interpreter, PreActResNet164 training, batch 32", 1.1,
     skipline("PreActResNet164", "train", 32),
     skipline("PreActResNet164", "train", 32, engine="interpreted")),
]


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rounds", type=int, default=1, help="measurements per side and row")
    p.add_argument("--seconds", type=float, default=10,
                   help="warm-up seconds, and timed seconds, of each measurement (default 10)")
    p.add_argument("--only", help="run only the rows whose workload contains this text")
    p.add_argument("--skipline", default=os.path.join(ROOT, "bin", "skipline"))
    p.add_argument("--python", default="/usr/bin/python3",
                   help="interpreter with torch for the PyTorch side (default /usr/bin/python3)")
    args = p.parse_args(argv)
    if args.rounds < 1 or args.seconds <= 0:
        p.error("--rounds must be at least 1 and --seconds more than 0")
    return args


def has_torch(python):
    try:
        return subprocess.run([python, "-c", "import torch"], capture_output=True).returncode == 0
    except OSError:
        return False


def measure(args, side):
    name, arguments = side
    if name == "Skipline":
        command = [args.skipline] + arguments
    else:
        command = [args.python, os.path.join(ROOT, "benchmarks", "pytorch", "bench.py")] + arguments
    command += ["--seconds", str(args.seconds)]
    env = dict(os.environ)
    # Activations and their gradients of ResNet-164 at batch 128 take 8.6 GB.
    env.setdefault("SKIPLINE_JAVA_OPTS", "-Xmx%dm" % (physical_megabytes() * 3 // 4))
    # bin/skipline asks for transparent huge pages; glibc's allocator, which PyTorch's CPU tensors
    # come from, asks for them too with this setting, so that neither side has them alone.
    env.setdefault("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1")
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines or not lines[-1].startswith("images/s: "):
        print("  failed with status %d: %s\n%s" % (result.returncode, " ".join(command),
                                                   result.stderr.strip() or result.stdout),
              flush=True)
        return None
    print("  " + lines[-2 if len(lines) > 1 else -1], flush=True)
    return float(lines[-1].split()[1])


def huge_pages():
    """What the kernel offers in huge pages and what PyTorch's allocator is told, for the table."""
    try:
        with open("/sys/kernel/mm/transparent_hugepage/enabled") as f:
            offered = f.read().strip()
    except OSError:
        offered = "unknown"
    return "transparent huge pages %s, PyTorch GLIBC_TUNABLES=%s" % (
        offered, os.environ.get("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1") or "(empty)")


def physical_megabytes():
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // (1024 * 1024)
    except (ValueError, OSError):
        return 8192  # unknown: assume 8 GB


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main(argv):
    args = parse_args(argv)
    torch_installed = has_torch(args.python)
    rows = [r for r in ROWS if not args.only or args.only in r[0]]
    results = []
    for workload, target, measured, baseline in rows:
        if baseline[0] == "PyTorch" and not torch_installed:
            print("skipping '%s': %s cannot import torch (apt-get install python3-torch)"
                  % (workload, args.python), flush=True)
            continue
        print(workload, flush=True)
        mine, theirs = [], []
        for round_number in range(args.rounds):
            # Alternate which side goes first, so neither always runs on a fresher machine.
            if round_number % 2 == 0:
                mine.append(measure(args, measured))
                theirs.append(measure(args, baseline))
            else:
                theirs.append(measure(args, baseline))
                mine.append(measure(args, measured))
        if None in mine or None in theirs:
            results.append((workload, target, None, None, baseline[0]))
            continue
        results.append((workload, target, statistics.median(mine), statistics.median(theirs),
                        baseline[0] if baseline[0] == "PyTorch" else describe(measured, baseline)))
    print()
    print("%s UTC, %s, %d logical CPUs; %d round(s) of %g s per side and row; %s" % (
        datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"), cpu_name(),
        os.cpu_count(), args.rounds, args.seconds, huge_pages()))
    print()
    print("| workload | Skipline images/s | baseline images/s | baseline | ratio | target | met |")
    print("|---|---|---|---|---|---|---|")
    for workload, target, mine, theirs, baseline in results:
        if mine is None:
            print("| %s | failed | failed | %s | | >= %.1fx | |" % (workload, baseline, target))
            continue
        ratio = mine / theirs
        print("| %s | %.1f | %.1f | %s | %.2fx | >= %.1fx | %s |" % (
            workload, mine, theirs, baseline, ratio, target, "yes" if ratio >= target else "no"))
    if any(mine is None for _, _, mine, _, _ in results):
        sys.exit(1)


def describe(measured, baseline):
    """What differs between two Skipline runs, e.g. '1 thread' or 'interpreted engine'."""
    a, b = measured[1], baseline[1]
    if a[a.index("--threads") + 1] != b[b.index("--threads") + 1]:
        threads = b[b.index("--threads") + 1]
        return "Skipline, %s thread%s" % (threads, "" if threads == "1" else "s")
    return "Skipline, %s engine" % b[b.index("--engine") + 1]


if __name__ == "__main__":
    main(sys.argv[1:])
