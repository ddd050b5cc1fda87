#!/usr/bin/env python3
"""Cross-checks Skipline's compiled networks against the PyTorch reference in resnet.py.

    python3 benchmarks/pytorch/crosscheck.py --model PreActResNet164 [--skipline bin/skipline]
        [--batch 4] [--seed 0] [--workdir DIR] [--tolerance 1e-3] [--noise-factor 4]

(Use /usr/bin/python3, Debian's interpreter with python3-torch, if the python3 on PATH has no
torch.) Steps:

 1. build the reference network in float32 with seeded random weights: He-normal convolutions
    (std sqrt(2 / (k * k * out_channels)), as in the authors' code), batch norm weight U(0.5, 1.5)
    and bias N(0, 0.1), PyTorch's default fc init, and running statistics that are a calibration
    batch's statistics, randomly perturbed (purely random ones overflow float32 in eval mode in
    the deepest networks);
 2. write weights.safetensors (every state_dict tensor under its name, F32, num_batches_tracked
    as I64 []) and input.safetensors (`input` F32 [N,C,H,W], `labels` I64 [N]);
 3. `skipline grad`: compare loss, logits and grad.<name> of every trainable parameter with
    PyTorch in training mode (mean softmax cross-entropy);
 4. `skipline infer` in eval mode (default) and with --mode train: compare logits with PyTorch's
    eval-mode and train-mode outputs, each computed from the original weights.

The truth b is PyTorch in float64 from the same float32 weights and input. The relative error
of a tensor is max|a - b| / max(max|b|, 1e-12). In training mode the gradients of deep networks
at small batches are ill-conditioned in float32 (a ReLU whose input rounds to the other side of
zero changes the gradient, and training-mode batch norm amplifies it): PyTorch's own float32
gradients differ from float64 by about 1e-5 for PreActResNet20/56 and ResNet20 at batch 4, but
by a few percent for ResNet56, several percent at 110 and 164 and 100% at 1001. Each tensor therefore also gets a noise floor, the larger error of two
PyTorch float32 runs (with and without its mkldnn kernels), and passes if its error is within
--tolerance or within --noise-factor times that floor (--noise-factor 0: tolerance only). The
report shows both numbers. Which tensors a flipped ReLU hits is chance, and changes with the
order of float32 sums (the vector width, PyTorch's kernels for the CPU): in PreActResNet164 at
batch 8 a typical gradient is 0.82 times as far from float64 as PyTorch's, yet one of 496 was 6
times as far. --max-outliers lets that share of the gradient tensors exceed the floor's bound
as long as the typical ratio (the geometric mean of error / floor, which a wrong gradient moves
by orders of magnitude) stays within --max-typical-ratio. --outliers-as-pytorch allows as many
outliers as a third PyTorch float32 computation has against the same floor and bound: its
channels-last memory format, which puts hundreds of PreActResNet164's gradient tensors beyond
2x the floor (float32_spread.py measures this). The exit status is 0 only if the tensors pass
so, no gradient is missing and none is extra.

`--self-test` checks the PyTorch half alone: safetensors round trips, autograd against central
finite differences in float64 on small networks, the module against a forward pass written
directly from the parameter names, and the whole driver against a stand-in launcher.
"""

import argparse
import copy
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import safetensors_io  # noqa: E402
from resnet import ORDERS, SHORTCUTS, ResNet  # noqa: E402

MODEL_NAME = re.compile(r"^(PreAct)?ResNet(\d+)$")


class CheckError(Exception):
    """A failure that is reported as one line, without a stack trace."""


# ---------------------------------------------------------------------------------------------
# Model construction and data

def model_config(args):
    """(depth, pre_activation) from --depth/--pre-activation/--original or the model name."""
    depth, pre = args.depth, args.pre_activation
    match = MODEL_NAME.match(args.model.rsplit(".", 1)[-1])
    if depth is None:
        if not match:
            raise CheckError("cannot derive the network from model name '%s'; pass --depth D and "
                             "--pre-activation or --original" % args.model)
        depth = int(match.group(2))
    if pre is None:
        if not match:
            raise CheckError("pass --pre-activation or --original for model '%s'" % args.model)
        pre = match.group(1) is not None
    return depth, pre


def build_model(args, dtype=torch.float32):
    if args.activation is not None:
        depth = args.depth
        if depth is None:
            raise CheckError("pass --depth D with --activation for model '%s'" % args.model)
        pre = args.activation == "full-preactivation"
    else:
        depth, pre = model_config(args)
    return ResNet(depth, pre, unit=args.unit, in_channels=args.in_channels, classes=args.classes,
                  base_width=16 * args.width, bottleneck_stride=args.bottleneck_stride,
                  order=args.activation, shortcut=args.shortcut,
                  shortcut_scale=args.shortcut_scale, scale_branch=args.scale_branch,
                  gate_bias=args.gate_bias, shortcut_dropout=args.shortcut_dropout).to(dtype)


def random_masks(args):
    """Whether training mode drops shortcut values at random: the masks of the two sides are
    drawn by different generators, so only evaluation mode can be compared."""
    return args.shortcut == "dropout-shortcut" and args.shortcut_dropout > 0


def randomize(model, generator):
    """He-normal convs, random BN affine and running statistics, default fc init."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.Conv2d):
                n = m.kernel_size[0] * m.kernel_size[1] * m.out_channels
                m.weight.normal_(0.0, (2.0 / n) ** 0.5, generator=generator)
            elif isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5, generator=generator)
                m.bias.normal_(0.0, 0.1, generator=generator)
                m.running_mean.normal_(0.0, 0.1, generator=generator)
                m.running_var.uniform_(0.5, 1.5, generator=generator)
                m.num_batches_tracked.zero_()
            elif isinstance(m, nn.Linear):
                bound = 1.0 / m.in_features ** 0.5  # nn.Linear's default range
                m.weight.uniform_(-bound, bound, generator=generator)
                m.bias.uniform_(-bound, bound, generator=generator)


def he_init(model, generator):
    """A freshly built network: He-normal convs as the authors, PyTorch's defaults elsewhere
    (BN scale 1, shift 0, running mean 0, variance 1; fc uniform)."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.Conv2d):
                n = m.kernel_size[0] * m.kernel_size[1] * m.out_channels
                m.weight.normal_(0.0, (2.0 / n) ** 0.5, generator=generator)


def calibrate(model, x, generator):
    """Running statistics near the real ones, then randomly off, so that eval mode is non-trivial
    but stays finite in very deep networks (purely random statistics overflow float32 in
    ResNet-1001): mean = batch mean + N(0, 0.1) * batch std, var = batch var * U(0.5, 1.5),
    the batch statistics being those of a training-mode pass over the calibration batch x."""
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    for m in bns:
        m.reset_running_stats()
        m.momentum = None  # cumulative average: one batch gives exactly its statistics
    was_training = model.training
    model.train()
    with torch.no_grad():
        model(x)
        for m in bns:
            m.momentum = 0.1
            std = m.running_var.sqrt()
            noise = torch.randn(std.shape, generator=generator, dtype=std.dtype)
            m.running_mean.add_(0.1 * noise * std)
            m.running_var.mul_(torch.rand(std.shape, generator=generator, dtype=std.dtype) + 0.5)
            m.num_batches_tracked.zero_()
    model.train(was_training)


def make_batch(args, generator, dtype=torch.float32):
    x = torch.randn(args.batch, args.in_channels, args.image_size, args.image_size,
                    generator=generator, dtype=dtype)
    labels = torch.randint(0, args.classes, (args.batch,), generator=generator, dtype=torch.int64)
    return x, labels


def state_to_numpy(model):
    out = {}
    for name, t in model.state_dict().items():
        t = t.detach().cpu()
        out[name] = t.numpy().astype(np.int64) if name.endswith("num_batches_tracked") \
            else t.to(torch.float32).numpy()
    return out


def load_weights(model, tensors):
    state = {name: torch.from_numpy(np.asarray(a)) for name, a in tensors.items()}
    model.load_state_dict(state, strict=True)


def torch_grad(model, x, labels):
    """Training-mode loss, logits and gradients of a fresh copy of the model."""
    m = copy.deepcopy(model)
    m.train()
    m.zero_grad(set_to_none=True)
    logits = m(x)
    loss = F.cross_entropy(logits, labels)
    loss.backward()
    grads = {"grad." + n: p.grad.detach().clone() for n, p in m.named_parameters()}
    return loss.detach(), logits.detach(), grads


def torch_logits(model, x, train):
    m = copy.deepcopy(model)
    m.train(train)
    with torch.no_grad():
        return m(x)


def float32_runs(fn):
    """fn() computed twice in float32, with and without PyTorch's mkldnn kernels."""
    saved = torch.backends.mkldnn.enabled
    try:
        runs = []
        for enabled in (True, False):
            torch.backends.mkldnn.enabled = enabled
            runs.append(fn())
        return runs
    finally:
        torch.backends.mkldnn.enabled = saved


def channels_last_grads(model, x, labels):
    """The gradients of a third float32 computation, PyTorch's channels-last memory format (the
    one it is benchmarked with here), with its mkldnn kernels."""
    saved = torch.backends.mkldnn.enabled
    try:
        torch.backends.mkldnn.enabled = True
        m = copy.deepcopy(model).to(memory_format=torch.channels_last)
        return torch_grad(m, x.contiguous(memory_format=torch.channels_last), labels)[2]
    finally:
        torch.backends.mkldnn.enabled = saved


def noise_floor(truth, runs):
    """Largest relative error of PyTorch's own float32 results against the float64 truth."""
    return max(rel_error(r.numpy(), truth.numpy()) for r in runs)


# ---------------------------------------------------------------------------------------------
# Comparison

def rel_error(actual, expected):
    a = np.asarray(actual, dtype=np.float64)
    b = np.asarray(expected, dtype=np.float64)
    if a.shape != b.shape:
        return None
    if b.size == 0:
        return 0.0
    diff = np.abs(a - b).max()
    if not np.isfinite(diff):
        return float("inf")
    return float(diff / max(float(np.abs(b).max()), 1e-12))


class Report:
    """Relative errors against the float64 truth, each with PyTorch's own float32 error as a
    noise floor: a tensor passes if its error is within the tolerance or within noise_factor
    times the floor. With max_outliers, that share of the tensors may fail so (a ReLU input
    within rounding of zero lands on the other side in one float32 computation and not in
    another: which tensors it hits is chance), provided the typical ratio of error to floor, the
    geometric mean over the tensors beyond the tolerance, is at most max_typical_ratio: a wrong
    gradient spreads to every layer below it and moves that mean by orders of magnitude."""

    def __init__(self, title, tolerance, noise_factor, max_outliers=0.0, max_typical_ratio=0.0):
        self.title = title
        self.tolerance = tolerance
        self.noise_factor = noise_factor
        self.max_outliers = max_outliers
        self.max_typical_ratio = max_typical_ratio
        self.errors = []   # (relative error, name, floor)
        self.problems = []  # one-line failures other than tolerance
        # With outliers_as(): a third PyTorch float32 computation's errors, (error, floor) per
        # tensor, whose count beyond the bound is the number of outliers allowed.
        self.pytorch_errors = None

    def outliers_as(self, pytorch_errors):
        """Allows as many outliers as the given PyTorch float32 errors, (error, floor) per
        tensor, have beyond the same bound."""
        self.pytorch_errors = pytorch_errors

    def pytorch_outliers(self):
        return sum(1 for e, f in self.pytorch_errors if not self.ok(e, f))

    def allowed_outliers(self):
        allowed = int(self.max_outliers * len(self.errors))
        if self.pytorch_errors is not None:
            allowed = max(allowed, self.pytorch_outliers())
        return allowed

    def ok(self, err, floor):
        return err <= self.tolerance or err <= self.noise_factor * floor

    def compare(self, name, actual, expected, floor=0.0):
        if actual is None:
            self.problems.append("missing tensor '%s'" % name)
            return
        expected = expected.detach().cpu().numpy() if torch.is_tensor(expected) else expected
        err = rel_error(actual, expected)
        if err is None:
            self.problems.append("tensor '%s' has shape %s, expected %s"
                                 % (name, list(np.shape(actual)), list(np.shape(expected))))
            return
        self.errors.append((err, name, floor))

    def typical_ratio(self):
        """Geometric mean of error / floor over the tensors beyond the tolerance; None if none."""
        ratios = [e / f for e, _, f in self.errors if e > self.tolerance and f > 0]
        if not ratios:
            return None
        return float(np.exp(np.mean(np.log(np.maximum(ratios, 1e-300)))))

    @property
    def passed(self):
        bad = sum(1 for e, _, f in self.errors if not self.ok(e, f))
        if self.problems or bad > self.allowed_outliers():
            return False
        typical = self.typical_ratio()
        return bad == 0 or (typical is not None and typical <= self.max_typical_ratio)

    def print(self):
        bad = [t for t in self.errors if not self.ok(t[0], t[2])]
        floored = [t for t in self.errors if t[0] > self.tolerance and self.ok(t[0], t[2])]
        worst = sorted(self.errors, key=lambda t: t[0], reverse=True)[:5]
        typical = self.typical_ratio()
        print("%s: %d tensors compared, %d failed, %d over tolerance %g but within %g x PyTorch's "
              "float32 error%s -> %s" % (
                  self.title, len(self.errors), len(bad), len(floored), self.tolerance,
                  self.noise_factor,
                  "" if typical is None else "; error / PyTorch's float32 error: %.2f typical"
                  " (geometric mean), %.2f at most" % (
                      typical, max(e / f for e, _, f in self.errors
                                   if e > self.tolerance and f > 0)),
                  "PASS" if self.passed else "FAIL"))
        print("    %-10s %-12s %s" % ("rel.error", "torch f32", "tensor (worst 5)"))
        for err, name, floor in worst:
            print("    %.3e  %.3e    %s%s" % (err, floor, name,
                                             "" if self.ok(err, floor) else "   <- FAIL"))
        if self.pytorch_errors is not None:
            ratios = [e / f for e, f in self.pytorch_errors if e > self.tolerance and f > 0]
            print("    PyTorch float32 in channels-last format, against the same bound: %d tensors"
                  " beyond it (the outliers allowed), %.2f typical, %.2f at most" % (
                      self.pytorch_outliers(),
                      float(np.exp(np.mean(np.log(np.maximum(ratios, 1e-300))))) if ratios
                      else 0.0, max(ratios) if ratios else 0.0))
        for p in self.problems:
            print("    problem: %s" % p)


# ---------------------------------------------------------------------------------------------
# The launcher

def resolve_launcher(path):
    candidates = [path]
    if not os.path.isabs(path):
        candidates.append(os.path.join(REPO_ROOT, path))
    for c in candidates:
        if os.path.isfile(c):
            return os.path.abspath(c)
    raise CheckError("launcher '%s' not found (looked at %s); build the project first or pass "
                     "--skipline" % (path, ", ".join(candidates)))


def run_launcher(launcher, arguments, timeout):
    command = [launcher] + arguments
    text = " ".join(shlex.quote(c) for c in command)
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=timeout)
    except OSError as e:
        raise CheckError("cannot run `%s`: %s" % (text, e))
    except subprocess.TimeoutExpired:
        raise CheckError("`%s` did not finish within %d s" % (text, timeout))
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", "replace").strip() or "(no standard error)"
        raise CheckError("`%s` exited with status %d: %s" % (text, done.returncode, stderr))


def read_output(path, command):
    if not os.path.isfile(path):
        raise CheckError("`%s` succeeded but wrote no %s" % (command, path))
    try:
        return safetensors_io.read(path)
    except ValueError as e:
        raise CheckError("output of `%s` is not a valid safetensors file: %s" % (command, e))


# ---------------------------------------------------------------------------------------------
# The cross-check

def crosscheck(args):
    launcher = resolve_launcher(args.skipline)
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    model = build_model(args)
    if args.init == "random":
        randomize(model, generator)
        calibration, _ = make_batch(args, generator)
        calibrate(model, calibration, generator)
    else:
        he_init(model, generator)
    x, labels = make_batch(args, generator)
    # The truth: float64 from the very same float32 weights and input.
    model64 = copy.deepcopy(model).double()
    x64 = x.double()
    print("model %s: depth %d, %s, %s units, %s parameters; batch %d x %d x %d x %d"
          % (args.model, model.depth, model.order, model.unit,
             format(sum(p.numel() for p in model.parameters()), ","), args.batch,
             args.in_channels, args.image_size, args.image_size))

    work = args.workdir or tempfile.mkdtemp(prefix="skipline-crosscheck-")
    os.makedirs(work, exist_ok=True)
    try:
        weights = os.path.join(work, "weights.safetensors")
        inputs = os.path.join(work, "input.safetensors")
        safetensors_io.write(weights, state_to_numpy(model))
        safetensors_io.write(inputs, {"input": x.numpy(), "labels": labels.numpy()})
        common = ["--model", args.model, "--weights", weights, "--input", inputs]
        reports = []

        # Gradients in training mode.
        if random_masks(args):
            print("dropout shortcut with p = %g: training mode draws its own masks on each side,"
                  " so only evaluation mode is compared (p = 0 checks training mode)"
                  % args.shortcut_dropout)
        else:
            grads_path = os.path.join(work, "grads.safetensors")
            run_launcher(launcher, ["grad"] + common + ["--output", grads_path], args.timeout)
            got = read_output(grads_path, "skipline grad")
            loss, logits, grads = torch_grad(model64, x64, labels)
            runs = float32_runs(lambda: torch_grad(model, x, labels))
            report = Report("grad (train mode)", args.tolerance, args.noise_factor,
                            args.max_outliers, args.max_typical_ratio)
            report.compare("loss", got.get("loss"), loss,
                           noise_floor(loss, [r[0] for r in runs]))
            report.compare("logits", got.get("logits"), logits,
                           noise_floor(logits, [r[1] for r in runs]))
            for name, g in grads.items():
                report.compare(name, got.get(name), g,
                               noise_floor(g, [r[2][name] for r in runs]))
            if args.outliers_as_pytorch:
                third = channels_last_grads(model, x, labels)
                report.outliers_as([(rel_error(third[name].numpy(), g.numpy()),
                                     noise_floor(g, [r[2][name] for r in runs]))
                                    for name, g in grads.items()])
            for name in sorted(got):
                if name.startswith("grad.") and name not in grads:
                    report.problems.append("unexpected gradient '%s'" % name)
            reports.append(report)

        # Inference, eval mode (running statistics) and train mode (batch statistics).
        for mode in ("eval",) if random_masks(args) else ("eval", "train"):
            out_path = os.path.join(work, "logits-%s.safetensors" % mode)
            extra = [] if mode == "eval" else ["--mode", "train"]
            run_launcher(launcher, ["infer"] + common + ["--output", out_path] + extra,
                         args.timeout)
            got = read_output(out_path, "skipline infer" + (" --mode train" if extra else ""))
            train = mode == "train"
            report = Report("infer --mode %s" % mode, args.tolerance, args.noise_factor)
            truth = torch_logits(model64, x64, train)
            runs = float32_runs(lambda: torch_logits(model, x, train))
            report.compare("logits", got.get("logits"), truth, noise_floor(truth, runs))
            reports.append(report)

        for r in reports:
            r.print()
        passed = all(r.passed for r in reports)
        print("crosscheck %s: %s" % (args.model, "PASS" if passed else "FAIL"))
        return passed
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Stand-in launcher for the self-test: computes the answers with the reference itself.

def fake_launcher(argv):
    """`crosscheck.py --act-as-skipline grad|infer ...`, optionally perturbing one tensor."""
    p = argparse.ArgumentParser()
    p.add_argument("command", choices=["grad", "infer"])
    p.add_argument("--model", required=True)
    p.add_argument("--weights", required=True)
    p.add_argument("--input", required=True)
    p.add_argument("--output", required=True)
    p.add_argument("--mode", default="eval", choices=["eval", "train"])
    a = p.parse_args(argv)
    weights = safetensors_io.read(a.weights)
    batch = safetensors_io.read(a.input)
    match = MODEL_NAME.match(a.model)
    if not match:
        sys.stderr.write("unknown model '%s'\n" % a.model)
        return 2
    model = ResNet(int(match.group(2)), match.group(1) is not None,
                   in_channels=batch["input"].shape[1], classes=weights["fc.bias"].shape[0])
    load_weights(model, weights)
    x = torch.from_numpy(batch["input"])
    perturb = os.environ.get("CROSSCHECK_FAKE_PERTURB")
    if a.command == "grad":
        loss, logits, grads = torch_grad(model, x, torch.from_numpy(batch["labels"]))
        out = {"loss": loss.numpy(), "logits": logits.numpy()}
        out.update({n: g.numpy() for n, g in grads.items()})
    else:
        out = {"logits": torch_logits(model, x, a.mode == "train").numpy()}
    if perturb == "drop" and a.command == "grad":
        del out[sorted(n for n in out if n.startswith("grad."))[-1]]
    elif perturb == "extra" and a.command == "grad":
        out["grad.blocks.0.bogus.weight"] = np.zeros(1, np.float32)
    elif perturb and perturb in out:
        out[perturb] = out[perturb] * np.float32(1.01)
    safetensors_io.write(a.output, out)
    return 0


# ---------------------------------------------------------------------------------------------
# Self-test

def functional_forward(sd, x, depth, pre, unit, train):
    """The network written directly from the interchange names, without resnet.py's modules.

    In train mode uses batch statistics (biased variance) and leaves running statistics alone.
    """
    def bn(x, prefix):
        if train:
            mean = x.mean(dim=(0, 2, 3))
            var = x.var(dim=(0, 2, 3), unbiased=False)
        else:
            mean, var = sd[prefix + ".running_mean"], sd[prefix + ".running_var"]
        shape = (1, -1, 1, 1)
        x = (x - mean.view(shape)) / torch.sqrt(var.view(shape) + 1e-5)
        return x * sd[prefix + ".weight"].view(shape) + sd[prefix + ".bias"].view(shape)

    def conv(x, name, stride):
        w = sd[name + ".weight"]
        return F.conv2d(x, w, stride=stride, padding=w.shape[-1] // 2)

    n = (depth - 2) // (6 if unit == "basic" else 9)
    h = conv(x, "stem", 1)
    if pre:
        assert "stem_bn.weight" not in sd
    else:
        h = F.relu(bn(h, "stem_bn"))
    for i in range(3 * n):
        b = "blocks.%d." % i
        stride = 2 if i in (n, 2 * n) else 1
        convs = ["conv1", "conv2"] + (["conv3"] if unit == "bottleneck" else [])
        strides = [stride, 1, 1]  # the stride sits on conv1 (bottleneck_stride='first')
        has_proj = (b + "proj.weight") in sd
        if pre:
            a = F.relu(bn(h, b + "bn1"))
            shortcut = conv(a, b + "proj", stride) if has_proj else h
            r = a
            for k, c in enumerate(convs):
                if k > 0:
                    r = F.relu(bn(r, b + "bn%d" % (k + 1)))
                r = conv(r, b + c, strides[k])
            h = r + shortcut
        else:
            r = h
            for k, c in enumerate(convs):
                if k > 0:
                    r = F.relu(r)
                r = bn(conv(r, b + c, strides[k]), b + "bn%d" % (k + 1))
            shortcut = bn(conv(h, b + "proj", stride), b + "proj_bn") if has_proj else h
            h = F.relu(r + shortcut)
    if pre:
        h = F.relu(bn(h, "final_bn"))
    h = h.mean(dim=(2, 3))
    return h @ sd["fc.weight"].t() + sd["fc.bias"]


def self_test():
    failures = []

    def check(ok, message):
        print("  %s  %s" % ("ok  " if ok else "FAIL", message))
        if not ok:
            failures.append(message)

    # 1. safetensors round trips.
    print("safetensors round trips")
    with tempfile.TemporaryDirectory(prefix="skipline-selftest-") as tmp:
        rng = np.random.default_rng(0)
        tensors = {"b": rng.standard_normal((2, 3, 4, 5)).astype(np.float32),
                   "a.scalar": np.array(7, dtype=np.int64),
                   "labels": np.arange(5, dtype=np.int64),
                   "empty": np.zeros((0, 3), np.float32),
                   "f64": rng.standard_normal(3)}
        path = os.path.join(tmp, "t.safetensors")
        safetensors_io.write(path, tensors, metadata={"format": "pt"})
        back, meta = safetensors_io.read_with_metadata(path)
        same = set(back) == set(tensors) and all(
            back[k].dtype == tensors[k].dtype and back[k].shape == tensors[k].shape
            and np.array_equal(back[k], tensors[k]) for k in tensors)
        check(same and meta == {"format": "pt"}, "F32/I64/F64, scalar and empty tensors, metadata")
        with open(path, "rb") as f:
            raw = f.read()
        hlen = int.from_bytes(raw[:8], "little")
        check(hlen % 8 == 0 and raw[8:8 + hlen].decode().rstrip(" ").endswith("}"),
              "header padded with spaces to a multiple of 8")
        # torch round trip of a real state dict, including BF16 and F16 reading.
        model = ResNet(11, True)
        randomize(model, torch.Generator().manual_seed(1))
        safetensors_io.write(path, state_to_numpy(model))
        fresh = ResNet(11, True)
        load_weights(fresh, safetensors_io.read(path))
        check(all(torch.equal(a, b) for a, b in zip(model.state_dict().values(),
                                                     fresh.state_dict().values())),
              "state_dict -> file -> strict load_state_dict is exact")
        bf = np.array([1.0, -2.5, 3.140625], np.float32)
        bits = (bf.view(np.uint32) >> 16).astype("<u2").tobytes()
        f16 = np.array([0.5, -1.25], "<f2").tobytes()
        header = ('{"h":{"dtype":"F16","shape":[2],"data_offsets":[6,10]},'
                  '"x":{"dtype":"BF16","shape":[3],"data_offsets":[0,6]}}').encode()
        with open(path, "wb") as f:
            f.write(len(header).to_bytes(8, "little") + header + bits + f16)
        got = safetensors_io.read(path)
        check(np.array_equal(got["x"], bf) and got["x"].dtype == np.float32
              and np.array_equal(got["h"], [0.5, -1.25]), "BF16 and F16 reading")
        for label, blob in [
                ("bad header length", (10 ** 9).to_bytes(8, "little") + b"{}"),
                ("bad JSON", (2).to_bytes(8, "little") + b"{x"),
                ("offsets outside", (len(header)).to_bytes(8, "little") + header + bits),
                ("overlap", _raw('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},'
                                 '"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', 8)),
                ("unknown dtype", _raw('{"a":{"dtype":"Q8","shape":[1],"data_offsets":[0,1]}}',
                                       1)),
                ("size mismatch", _raw('{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}',
                                       8))]:
            with open(path, "wb") as f:
                f.write(blob)
            try:
                safetensors_io.read(path)
                check(False, "rejects a file with " + label)
            except ValueError:
                check(True, "rejects a file with " + label)

    # 2. Autograd against finite differences, float64, tiny networks.
    print("gradients against central finite differences (float64)")
    for depth, pre, unit, stride_at in [(11, True, "bottleneck", "first"),
                                        (11, False, "bottleneck", "first"),
                                        (11, True, "bottleneck", "middle"),
                                        (8, True, "basic", "first"),
                                        (8, False, "basic", "first")]:
        worst = _finite_difference(depth, pre, unit, stride_at)
        check(worst < 1e-6, "depth %d %s %s (stride on %s): worst relative error %.1e"
              % (depth, "pre-activation" if pre else "original", unit, stride_at, worst))

    # 3. The module against a forward written from the parameter names.
    print("module against a forward pass written from the interchange names")
    for depth, pre in [(20, True), (20, False), (164, True), (164, False)]:
        model = ResNet(depth, pre).double()
        gen = torch.Generator().manual_seed(depth)
        randomize(model, gen)
        calibrate(model, torch.randn(3, 3, 32, 32, generator=gen, dtype=torch.float64), gen)
        x = torch.randn(3, 3, 32, 32, generator=gen, dtype=torch.float64)
        sd = {k: v for k, v in model.state_dict().items()}
        for train in (False, True):
            ref = functional_forward(sd, x, depth, pre, model.unit, train)
            out = torch_logits(model, x, train)
            err = rel_error(out.numpy(), ref.numpy())
            check(err < 1e-10, "%s%d %s mode: relative error %.1e"
                  % ("PreActResNet" if pre else "ResNet", depth,
                     "train" if train else "eval", err))
    model = ResNet(20, True)
    check(torch_logits(model, torch.randn(2, 3, 32, 32), True) is not None
          and int(model.blocks[0].bn1.num_batches_tracked) == 0,
          "reference passes leave the caller's running statistics untouched")

    # The pass rule with outliers: a few tensors beyond the floor's bound pass only while the
    # typical ratio stays low; a ratio that is high everywhere, or too many outliers, fail.
    def report_of(ratios, floor=1e-2, pytorch_ratios=None, **rule):
        r = Report("rule", 1e-3, 4.0, **rule)
        for i, ratio in enumerate(ratios):
            r.errors.append((ratio * floor, "t%d" % i, floor))
        if pytorch_ratios is not None:
            r.outliers_as([(ratio * floor, floor) for ratio in pytorch_ratios])
        return r.passed
    typical = [0.8] * 98
    check(not report_of(typical + [6.0, 5.0]), "an outlier fails without --max-outliers")
    check(report_of(typical + [6.0, 5.0], max_outliers=0.02, max_typical_ratio=1.5),
          "two outliers in 100 pass with --max-outliers 0.02 at a typical ratio of 0.8")
    check(not report_of(typical[:95] + [6.0] * 5, max_outliers=0.02, max_typical_ratio=1.5),
          "five outliers in 100 fail with --max-outliers 0.02")
    check(not report_of([3.0] * 98 + [6.0, 5.0], max_outliers=0.02, max_typical_ratio=1.5),
          "outliers fail where the typical ratio is 3")
    check(report_of(typical[:95] + [6.0] * 5, pytorch_ratios=[2.0] * 90 + [5.0] * 10,
                    max_typical_ratio=1.5),
          "five outliers in 100 pass where PyTorch's channels-last float32 has ten")
    check(not report_of(typical[:95] + [6.0] * 5, pytorch_ratios=[2.0] * 96 + [5.0] * 4,
                        max_typical_ratio=1.5),
          "five outliers in 100 fail where PyTorch's channels-last float32 has four")
    check(not report_of([3.0] * 95 + [6.0] * 5, pytorch_ratios=[5.0] * 100,
                        max_typical_ratio=1.5),
          "outliers as many as PyTorch's fail where the typical ratio is 3")

    # 4. The driver end to end with a stand-in launcher.
    print("driver against a stand-in launcher")
    with tempfile.TemporaryDirectory(prefix="skipline-selftest-") as tmp:
        fake = os.path.join(tmp, "fake-skipline")
        with open(fake, "w") as f:
            f.write("#!/bin/sh\nexec %s %s --act-as-skipline \"$@\"\n"
                    % (shlex.quote(sys.executable), shlex.quote(os.path.abspath(__file__))))
        os.chmod(fake, 0o755)
        base = ["--skipline", fake, "--batch", "2"]
        for label, model, perturb, expect in [
                ("agreeing launcher passes", "PreActResNet20", None, 0),
                ("agreeing launcher passes", "ResNet20", None, 0),
                ("agreeing launcher passes", "PreActResNet164", None, 0),
                ("a 1% wrong gradient fails", "PreActResNet20", "grad.blocks.4.bn2.weight", 1),
                ("1% wrong logits fail", "ResNet20", "logits", 1),
                ("a missing gradient fails", "PreActResNet20", "drop", 1),
                ("an extra gradient fails", "PreActResNet20", "extra", 1)]:
            env = dict(os.environ)
            env.pop("CROSSCHECK_FAKE_PERTURB", None)
            if perturb:
                env["CROSSCHECK_FAKE_PERTURB"] = perturb
            done = subprocess.run([sys.executable, os.path.abspath(__file__), "--model", model]
                                  + base, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  env=env)
            check(done.returncode == expect, "%s (%s): exit %d" % (label, model, done.returncode))
            if done.returncode != expect:
                print(done.stdout.decode())
        done = subprocess.run([sys.executable, os.path.abspath(__file__), "--model",
                               "PreActResNet20", "--skipline", os.path.join(tmp, "missing")],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        err = done.stderr.decode().strip()
        check(done.returncode == 1 and len(err.splitlines()) == 1 and "not found" in err,
              "a missing launcher is one clear line: " + err[:60] + "...")
        failing = os.path.join(tmp, "failing-skipline")
        with open(failing, "w") as f:
            f.write("#!/bin/sh\necho 'weights.safetensors: tensor fc.bias is missing' >&2\n"
                    "exit 3\n")
        os.chmod(failing, 0o755)
        done = subprocess.run([sys.executable, os.path.abspath(__file__), "--model",
                               "PreActResNet20", "--skipline", failing],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        err = done.stderr.decode().strip()
        check(done.returncode == 1 and "status 3" in err and "fc.bias is missing" in err,
              "a failing launcher shows its command and standard error")

    print("self-test: %s" % ("PASS" if not failures else "FAIL (%d)" % len(failures)))
    return not failures


def _raw(header, data_bytes):
    h = header.encode()
    return len(h).to_bytes(8, "little") + h + b"\0" * data_bytes


def _finite_difference(depth, pre, unit, stride_at, entries_per_tensor=2, eps=1e-6):
    """Worst relative error of autograd against central differences over sampled entries."""
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(depth * 10 + pre)
    model = ResNet(depth, pre, unit=unit, classes=5, bottleneck_stride=stride_at).double()
    randomize(model, gen)
    x = torch.randn(3, 3, 8, 8, generator=gen, dtype=torch.float64)
    labels = torch.randint(0, 5, (3,), generator=gen)
    _, _, grads = torch_grad(model, x, labels)

    def loss_of():
        with torch.no_grad():
            m = copy.deepcopy(model)
            m.train()
            return float(F.cross_entropy(m(x), labels))

    params = dict(model.named_parameters())
    worst = 0.0
    for name, p in params.items():
        g = grads["grad." + name].reshape(-1)
        flat = p.data.view(-1)
        picks = torch.randperm(flat.numel(), generator=gen)[:entries_per_tensor]
        for j in picks.tolist():
            old = float(flat[j])
            flat[j] = old + eps
            up = loss_of()
            flat[j] = old - eps
            down = loss_of()
            flat[j] = old
            numeric = (up - down) / (2 * eps)
            scale = max(float(g.abs().max()), 1e-8)
            worst = max(worst, abs(numeric - float(g[j])) / scale)
    return worst


# ---------------------------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Compare Skipline's loss, logits and gradients with the PyTorch reference.")
    p.add_argument("--model", help="Skipline model name, e.g. PreActResNet164, ResNet110; also "
                   "names the reference network unless --depth is given")
    p.add_argument("--skipline", default="bin/skipline",
                   help="launcher (default bin/skipline, relative to the current directory or "
                   "the repository root)")
    p.add_argument("--batch", type=int, default=4, help="images per batch (default 4)")
    p.add_argument("--seed", type=int, default=0, help="seed of weights and data (default 0)")
    p.add_argument("--workdir", help="keep the exchanged files in this directory "
                   "(default: a temporary directory, removed afterwards)")
    p.add_argument("--tolerance", type=float, default=1e-3,
                   help="largest relative error max|a-b|/max|b| allowed (default 1e-3)")
    p.add_argument("--noise-factor", type=float, default=4.0,
                   help="also accept a tensor whose error is at most this many times PyTorch's "
                   "own float32 error against float64 (default 4; 0 disables)")
    p.add_argument("--max-outliers", type=float, default=0.0,
                   help="share of the gradient tensors that may exceed --noise-factor times "
                   "PyTorch's float32 error, if the typical ratio is within "
                   "--max-typical-ratio (default 0: none)")
    p.add_argument("--outliers-as-pytorch", action="store_true",
                   help="allow as many gradient tensors beyond --noise-factor times the floor as"
                   " a third PyTorch float32 computation (channels-last format) has beyond it,"
                   " if the typical ratio is within --max-typical-ratio")
    p.add_argument("--max-typical-ratio", type=float, default=1.5,
                   help="with --max-outliers or --outliers-as-pytorch: the largest geometric"
                   " mean of error / PyTorch's "
                   "float32 error over the gradients beyond the tolerance (default 1.5)")
    p.add_argument("--depth", type=int, help="reference depth, for models not named "
                   "[PreAct]ResNet<depth>")
    act = p.add_mutually_exclusive_group()
    act.add_argument("--pre-activation", dest="pre_activation", action="store_true",
                     default=None, help="full pre-activation units")
    act.add_argument("--original", dest="pre_activation", action="store_false",
                     help="original (post-activation) units")
    p.add_argument("--activation", choices=list(ORDERS),
                   help="activation order of the units (the paper's Fig. 4; overrides"
                   " --pre-activation/--original, needs --depth)")
    p.add_argument("--shortcut", choices=list(SHORTCUTS), default="identity",
                   help="shortcut variant of every unit (the paper's Table 1; default identity)")
    p.add_argument("--shortcut-scale", type=float, default=0.5,
                   help="constant-scaling's lambda (default 0.5)")
    p.add_argument("--scale-branch", action="store_true",
                   help="constant-scaling: scale the branch by 1 - lambda too")
    p.add_argument("--gate-bias", type=float, default=-6.0,
                   help="initial bias of the gating variants' gate (default -6)")
    p.add_argument("--shortcut-dropout", type=float, default=0.5,
                   help="dropout-shortcut's probability of dropping a value (default 0.5); above"
                   " 0 only evaluation mode is compared")
    p.add_argument("--unit", choices=["basic", "bottleneck"],
                   help="unit type (default: derived from the depth)")
    p.add_argument("--bottleneck-stride", choices=["first", "middle"], default="first",
                   help="conv carrying a bottleneck's downsampling stride (default first)")
    p.add_argument("--init", choices=["random", "default"], default="random",
                   help="random: random BN scale, shift and running statistics (default);"
                   " default: a freshly initialised network (BN 1, 0, 0, 1)")
    p.add_argument("--width", type=int, default=1, help="width multiplier (default 1)")
    p.add_argument("--in-channels", type=int, default=3, help="image channels (default 3)")
    p.add_argument("--image-size", type=int, default=32, help="image height and width (default 32)")
    p.add_argument("--classes", type=int, default=10, help="classes (default 10)")
    p.add_argument("--timeout", type=int, default=900,
                   help="seconds allowed for each launcher run (default 900)")
    p.add_argument("--self-test", action="store_true",
                   help="test the PyTorch half alone (no launcher needed) and exit")
    args = p.parse_args(argv)
    if not args.self_test and not args.model:
        p.error("--model is required")
    return args


def main(argv):
    if argv[:1] == ["--act-as-skipline"]:
        return fake_launcher(argv[1:])
    args = parse_args(argv)
    if args.self_test:
        return 0 if self_test() else 1
    try:
        return 0 if crosscheck(args) else 1
    except CheckError as e:
        sys.stderr.write("crosscheck: %s\n" % e)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
