#!/usr/bin/env python3
"""Reference PyTorch implementation of the CIFAR residual networks of

    K. He, X. Zhang, S. Ren, J. Sun, "Identity Mappings in Deep Residual Networks", ECCV 2016,

in each of the paper's five activation orders (Fig. 4: original, BN after addition, ReLU before
addition, ReLU-only pre-activation, full pre-activation) and its six shortcut variants (Table 1:
identity, constant scaling, exclusive gating, shortcut-only gating, 1x1 convolution, dropout),
written independently of Skipline so that its generated networks can be checked against it.

The state_dict names are the interchange names of the project's contract:

    stem.weight                       3x3 conv, in_channels -> 16w
    stem_bn.*                         every order but full pre-activation (BN + ReLU after the stem)
    blocks.{i}.conv1/2[/3].weight     blocks numbered from 0 across all three stages
    blocks.{i}.bn1/2[/3].*            bnK belongs to convK: before it (pre-activation) or after it
    blocks.{i}.proj.weight            1x1 projection shortcut where channels or size change
    blocks.{i}.proj_bn.*              BN of the projection: original, BN after addition, ReLU before
                                      addition
    blocks.{i}.post_bn.*              BN after the addition (that order only)
    blocks.{i}.gate.weight, .bias     1x1 conv with bias of the two gating shortcut variants
    final_bn.*                        pre-activation networks: BN + ReLU after the last unit
    fc.weight, fc.bias

Run it directly to print the sizes of the usual networks and check pre-activation ResNet-164
against the paper's 1,703,258 parameters:

    python3 benchmarks/pytorch/resnet.py
"""

import torch
import torch.nn as nn
import torch.nn.functional as F


# Where both unit types fit (depth - 2 divisible by 18), the papers build networks below 164
# layers from basic units (20, 56, 110) and from 164 on from bottleneck units.
BOTTLENECK_FROM_DEPTH = 164


def derive_unit(depth):
    """'basic' for depth 6n+2, 'bottleneck' for depth 9n+2.

    Where both fit (depth - 2 divisible by 18: 20, 56, 110, 164, ...) the unit is basic below
    164 layers and bottleneck from 164 on, as in Skipline. This gives the papers' choices:
    20, 32, 44, 56, 110, 1202 basic; 164, 1001 bottleneck. Pass unit= to override.
    """
    basic = depth > 2 and (depth - 2) % 6 == 0
    bottleneck = depth > 2 and (depth - 2) % 9 == 0
    if bottleneck and (not basic or depth >= BOTTLENECK_FROM_DEPTH):
        return "bottleneck"
    if basic:
        return "basic"
    raise ValueError("depth %d is neither 6n+2 (basic units) nor 9n+2 (bottleneck units)" % depth)


def units_per_stage(depth, unit):
    per_unit = 2 if unit == "basic" else 3
    if depth <= 2 or (depth - 2) % (3 * per_unit) != 0:
        raise ValueError("depth %d does not fit %s units (depth must be %dn+2)"
                         % (depth, unit, 3 * per_unit))
    return (depth - 2) // (3 * per_unit)


def conv3x3(cin, cout, stride=1):
    return nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)


def conv1x1(cin, cout, stride=1):
    return nn.Conv2d(cin, cout, 1, stride=stride, padding=0, bias=False)


ORDERS = ("original", "bn-after-addition", "relu-before-addition", "relu-only-preactivation",
          "full-preactivation")


SHORTCUTS = ("identity", "constant-scaling", "exclusive-gating", "shortcut-only-gating",
             "conv-shortcut", "dropout-shortcut")


class Unit(nn.Module):
    """One residual unit, basic or bottleneck, in one of the five activation orders.

    x is the unit's input, K its number of convolutions (2 basic, 3 bottleneck).
      full-preactivation: BN-ReLU-conv1, then BN-ReLU-convk for k = 2..K, add the shortcut. With
        a projection, the first BN+ReLU (bn1) is shared: the projection sees relu(bn1(x)).
      original: conv1-bn1-ReLU ... convK-bnK, add, ReLU.
      bn-after-addition: as original without bnK; after the addition post_bn, then ReLU.
      relu-before-addition: as original with a ReLU after bnK; nothing after the addition.
      relu-only-preactivation: ReLU(x), then as original; nothing after the addition.
    An identity shortcut carries the raw x; a projection sees what the branch sees, followed by
    proj_bn in original, bn-after-addition and relu-before-addition.

    The shortcut variant decides how the shortcut S and the branch's output F meet, before the
    order's step after the addition (ReLU, post_bn + ReLU, or nothing):
      identity: S + F;  conv-shortcut: S + F with a projection on every unit;
      constant-scaling: shortcut_scale * S + F, or with scale_branch
        shortcut_scale * S + (1 - shortcut_scale) * F;
      exclusive-gating: (1 - g) * S + g * F;  shortcut-only-gating: (1 - g) * S + F, with
        g = sigmoid(gate(pre)), gate a 1x1 conv with bias (starting at gate_bias) from what the
        branch's first convolution sees, with the unit's stride;
      dropout-shortcut: dropout(S, shortcut_dropout) + F (inverted dropout; S in eval mode).
    """

    def __init__(self, cin, mid, cout, stride, order, bottleneck, bottleneck_stride="first",
                 shortcut="identity", shortcut_scale=0.5, scale_branch=False, gate_bias=-6.0,
                 shortcut_dropout=0.5):
        super().__init__()
        if order not in ORDERS:
            raise ValueError("order must be one of %s, not %r" % (ORDERS, order))
        if shortcut not in SHORTCUTS:
            raise ValueError("shortcut must be one of %s, not %r" % (SHORTCUTS, shortcut))
        self.order = order
        self.shortcut = shortcut
        self.shortcut_scale = shortcut_scale
        self.scale_branch = scale_branch
        self.shortcut_dropout = shortcut_dropout
        self.bottleneck = bottleneck
        if bottleneck:
            s1, s2 = (stride, 1) if bottleneck_stride == "first" else (1, stride)
            convs = [conv1x1(cin, mid, s1), conv3x3(mid, mid, s2), conv1x1(mid, cout)]
        else:
            convs = [conv3x3(cin, cout, stride), conv3x3(cout, cout)]
        self.k = len(convs)
        for i, c in enumerate(convs):
            setattr(self, "conv%d" % (i + 1), c)
        for i, c in enumerate(convs):
            if order == "full-preactivation":
                channels = c.in_channels       # bnk comes before convk
            elif order == "bn-after-addition" and i == self.k - 1:
                continue                       # the last convolution has no BN of its own
            else:
                channels = c.out_channels      # bnk follows convk
            setattr(self, "bn%d" % (i + 1), nn.BatchNorm2d(channels))
        self.has_proj = stride != 1 or cin != cout or shortcut == "conv-shortcut"
        if self.has_proj:
            self.proj = conv1x1(cin, cout, stride)
            if order in ("original", "bn-after-addition", "relu-before-addition"):
                self.proj_bn = nn.BatchNorm2d(cout)
        if order == "bn-after-addition":
            self.post_bn = nn.BatchNorm2d(cout)
        if shortcut in ("exclusive-gating", "shortcut-only-gating"):
            self.gate = nn.Conv2d(cin, cout, 1, stride=stride, padding=0, bias=True)
            with torch.no_grad():
                self.gate.bias.fill_(gate_bias)

    def combine(self, s, h, pre):
        """The shortcut variant's meeting of shortcut s and branch output h."""
        if self.shortcut == "constant-scaling":
            lam = self.shortcut_scale
            return lam * s + ((1 - lam) * h if self.scale_branch else h)
        if self.shortcut in ("exclusive-gating", "shortcut-only-gating"):
            g = torch.sigmoid(self.gate(pre))
            return (1 - g) * s + (g * h if self.shortcut == "exclusive-gating" else h)
        if self.shortcut == "dropout-shortcut":
            return F.dropout(s, self.shortcut_dropout, self.training) + h
        return s + h

    def conv(self, k):
        return getattr(self, "conv%d" % k)

    def bn(self, k):
        return getattr(self, "bn%d" % k)

    def forward(self, x):
        if self.order == "full-preactivation":
            a = F.relu(self.bn1(x))
            shortcut = self.proj(a) if self.has_proj else x
            h = self.conv1(a)
            for k in range(2, self.k + 1):
                h = self.conv(k)(F.relu(self.bn(k)(h)))
            return self.combine(shortcut, h, a)
        pre = F.relu(x) if self.order == "relu-only-preactivation" else x
        h = pre
        for k in range(1, self.k + 1):
            h = self.conv(k)(h)
            if k < self.k:
                h = F.relu(self.bn(k)(h))
            elif self.order != "bn-after-addition":
                h = self.bn(k)(h)
                if self.order == "relu-before-addition":
                    h = F.relu(h)
        shortcut = x
        if self.has_proj:
            shortcut = self.proj(pre)
            if hasattr(self, "proj_bn"):
                shortcut = self.proj_bn(shortcut)
        y = self.combine(shortcut, h, pre)
        if self.order == "original":
            return F.relu(y)
        if self.order == "bn-after-addition":
            return F.relu(self.post_bn(y))
        return y


class ResNet(nn.Module):
    """CIFAR ResNet of the given depth (6n+2 basic or 9n+2 bottleneck units).

    depth            total weighted layers (convolutions of the units + stem + fc)
    pre_activation   True: full pre-activation units (paper's Fig. 4e); False: original units
    unit             'basic', 'bottleneck', or None to derive it from the depth (see derive_unit)
    in_channels      image channels
    classes          number of outputs of the fully connected layer
    base_width       channels of the stem and of stage 1 (16 in the paper; 16 * width multiplier)
    bottleneck_stride  'first': stride of a downsampling bottleneck on its first 1x1 conv (the
                     authors' CIFAR code); 'middle': on the 3x3 conv. The projection always
                     has the stride.
    order            one of ORDERS, or None for the one pre_activation names
    shortcut         one of SHORTCUTS (the paper's Table 1), on every unit; shortcut_scale,
                     scale_branch, gate_bias and shortcut_dropout are its values (see Unit)
    """

    def __init__(self, depth, pre_activation, unit=None, in_channels=3, classes=10,
                 base_width=16, bottleneck_stride="first", order=None, shortcut="identity",
                 shortcut_scale=0.5, scale_branch=False, gate_bias=-6.0, shortcut_dropout=0.5):
        super().__init__()
        self.shortcut = shortcut
        if order is None:
            order = "full-preactivation" if pre_activation else "original"
        self.order = order
        if unit is None:
            unit = derive_unit(depth)
        if unit not in ("basic", "bottleneck"):
            raise ValueError("unit must be 'basic' or 'bottleneck', not %r" % unit)
        if bottleneck_stride not in ("first", "middle"):
            raise ValueError("bottleneck_stride must be 'first' or 'middle', not %r"
                             % bottleneck_stride)
        self.depth = depth
        self.unit = unit
        self.pre_activation = pre_activation
        n = units_per_stage(depth, unit)
        bottleneck = unit == "bottleneck"
        expansion = 4 if bottleneck else 1

        full = order == "full-preactivation"
        self.stem = conv3x3(in_channels, base_width)
        if not full:
            self.stem_bn = nn.BatchNorm2d(base_width)
        blocks = []
        cin = base_width
        for stage, mult in enumerate((1, 2, 4)):
            mid = base_width * mult
            cout = mid * expansion
            for i in range(n):
                stride = 2 if (stage > 0 and i == 0) else 1
                blocks.append(Unit(cin, mid, cout, stride, order, bottleneck,
                                   bottleneck_stride, shortcut, shortcut_scale, scale_branch,
                                   gate_bias, shortcut_dropout))
                cin = cout
        self.blocks = nn.Sequential(*blocks)
        if full:
            self.final_bn = nn.BatchNorm2d(cin)
        self.fc = nn.Linear(cin, classes)
        self.features = cin

    def forward(self, x):
        x = self.stem(x)
        if self.order != "full-preactivation":
            x = F.relu(self.stem_bn(x))
        x = self.blocks(x)
        if self.order == "full-preactivation":
            x = F.relu(self.final_bn(x))
        elif self.order == "relu-only-preactivation":
            x = F.relu(x)  # its units end in an addition
        x = torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)
        return self.fc(x)


def count_parameters(model):
    """Trainable parameters: conv weights, BN weight and bias, fc weight and bias."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def count_multiply_adds(model, in_channels=3, size=32):
    """Multiply-adds of the convolutions and the fc layer for one image."""
    total = [0]

    def conv_hook(module, inputs, output):
        k = module.kernel_size[0] * module.kernel_size[1]
        total[0] += output.numel() * (module.in_channels // module.groups) * k

    def fc_hook(module, inputs, output):
        total[0] += module.in_features * module.out_features

    handles = []
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            handles.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, nn.Linear):
            handles.append(m.register_forward_hook(fc_hook))
    was_training = model.training
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, in_channels, size, size))
    model.train(was_training)
    for h in handles:
        h.remove()
    return total[0]


def _main():
    rows = [(d, True) for d in (20, 56, 110, 164, 1001)] + [(d, False) for d in (20, 56, 110, 164)]
    print("%-16s %6s %-10s %12s %14s" % ("network", "depth", "unit", "parameters", "mult-adds"))
    counts = {}
    for depth, pre in rows:
        model = ResNet(depth, pre)
        params = count_parameters(model)
        macs = count_multiply_adds(model)
        counts[(depth, pre)] = params
        name = ("PreActResNet%d" if pre else "ResNet%d") % depth
        print("%-16s %6d %-10s %12s %12.3f G" % (name, depth, model.unit, format(params, ","),
                                                  macs / 1e9))
    assert counts[(164, True)] == 1703258, counts[(164, True)]
    assert abs(counts[(1001, True)] / 1e6 - 10.3) < 0.05, counts[(1001, True)]
    assert abs(counts[(110, True)] / 1e6 - 1.7) < 0.05, counts[(110, True)]
    assert abs(counts[(20, True)] / 1e6 - 0.27) < 0.005, counts[(20, True)]
    print("ok: pre-activation ResNet-164 has 1,703,258 parameters, as in the paper")


if __name__ == "__main__":
    _main()
