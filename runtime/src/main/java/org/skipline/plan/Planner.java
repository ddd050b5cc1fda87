package org.skipline.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.skipline.ActivationOrder;
import org.skipline.DownsampleStride;
import org.skipline.Shortcut;
import org.skipline.UnitType;

/**
 * Unrolls a valid {@link Spec} into a {@link Plan}: every layer, shape and offset.
 *
 * <p>Offsets are handed out in forward order, so the buffers read front to back as the network
 * runs, with one exception: a projection's weight follows its unit's last convolution's, the
 * modules' order, though the projection runs first (see {@link #convPlusShortcut}). All arithmetic is overflow-checked; a network too large for int-indexed buffers fails
 * with an {@link ArithmeticException}, which {@link SpecValidator} turns into a spec problem.
 */
public final class Planner {

  /** Bottleneck units widen their output by this factor over the inner width. */
  public static final int BOTTLENECK_EXPANSION = 4;

  private final Spec spec;
  private final List<Parameter> parameters = new ArrayList<>();
  private final List<NormState> norms = new ArrayList<>();
  private final List<Activation> activations = new ArrayList<>();
  private int parameterFloats;
  private int activationFloats;
  private int stateFloats;
  private int workspaceFloats;
  private long multiplyAdds;
  /** The number of the unit being planned: the stream of its dropout masks. */
  private int unitIndex;

  private Planner(Spec spec) {
    this.spec = spec;
  }

  /**
   * Plans a spec that {@link SpecValidator#validate} accepted.
   *
   * @throws IllegalArgumentException if the spec is invalid
   */
  public static Plan plan(Spec spec) {
    List<SpecProblem> problems = SpecValidator.validate(spec);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(problems.getFirst().message());
    }
    return new Planner(spec).build();
  }

  /** Plans without validating; the validator uses it to detect networks that overflow. */
  static Plan planUnchecked(Spec spec) {
    return new Planner(spec).build();
  }

  private Plan build() {
    UnitType unit = spec.resolvedUnit();
    boolean bottleneck = unit == UnitType.BOTTLENECK;
    int n = bottleneck ? Spec.bottleneckUnits(spec.depth()) : Spec.basicUnits(spec.depth());
    int expansion = bottleneck ? BOTTLENECK_EXPANSION : 1;
    int base = spec.baseWidth();
    List<Integer> inner = List.of(base, base * 2, base * 4);
    List<Integer> widths = inner.stream().map(w -> Math.multiplyExact(w, expansion)).toList();

    Activation input = activation(
        Plan.INPUT, new Shape(spec.inputChannels(), spec.inputHeight(), spec.inputWidth()));

    ActivationOrder order = spec.order();
    boolean full = order == ActivationOrder.FULL_PREACTIVATION;
    List<Layer> stem = new ArrayList<>();
    Activation x = conv(stem, "stem", input, base, 3, 1);
    if (!full) {
      x = norm(stem, "stem_bn", x, true);
    }

    List<Block> blocks = new ArrayList<>();
    for (int stage = 1; stage <= 3; stage++) {
      for (int u = 1; u <= n; u++) {
        int stride = stage > 1 && u == 1 ? 2 : 1;
        Block block = bottleneck
            ? bottleneckUnit(blocks.size(), stage, u, n, x, inner.get(stage - 1),
                widths.get(stage - 1), stride)
            : basicUnit(blocks.size(), stage, u, n, x, widths.get(stage - 1), stride);
        blocks.add(block);
        x = block.out();
      }
    }

    List<Layer> head = new ArrayList<>();
    if (full) {
      x = norm(head, "final_bn", x, true);
    } else if (order == ActivationOrder.RELU_ONLY_PREACTIVATION) {
      // Its units end in an addition; the classifier sees rectified features, as in (e).
      x = relu(head, "final_relu", x);
    }
    Activation pooled = activation("pool", new Shape(x.shape().channels(), 1, 1));
    head.add(new Layer.Pool(x, pooled));
    Parameter fcWeight = parameter("fc.weight", List.of(spec.classes(), pooled.shape().channels()));
    Parameter fcBias = parameter("fc.bias", List.of(spec.classes()));
    Activation logits = activation("fc", new Shape(spec.classes(), 1, 1));
    Layer.FullyConnected fc = new Layer.FullyConnected(pooled, logits, fcWeight, fcBias);
    head.add(fc);
    multiplyAdds = Math.addExact(multiplyAdds, fc.multiplyAdds());

    return new Plan(spec, unit, n, widths, input, stem, blocks, head, logits, parameters, norms,
        activations, parameterFloats, activationFloats, stateFloats, workspaceFloats,
        multiplyAdds);
  }

  private Block basicUnit(int index, int stage, int unitInStage, int units, Activation in,
      int width, int stride) {
    return unit(index, stage, unitInStage, units, in, width, stride, List.of(
        new BranchConv("conv1", width, 3, stride),
        new BranchConv("conv2", width, 3, 1)));
  }

  private Block bottleneckUnit(int index, int stage, int unitInStage, int units, Activation in,
      int innerWidth, int width, int stride) {
    boolean strideFirst = spec.bottleneckStride() == DownsampleStride.FIRST_1X1;
    return unit(index, stage, unitInStage, units, in, width, stride, List.of(
        new BranchConv("conv1", innerWidth, 1, strideFirst ? stride : 1),
        new BranchConv("conv2", innerWidth, 3, strideFirst ? 1 : stride),
        new BranchConv("conv3", width, 1, 1)));
  }

  /** One convolution of a residual branch: its name in the unit, output channels and stride. */
  private record BranchConv(String name, int channels, int kernel, int stride) {}

  /**
   * One residual unit of the spec's activation order (the paper's Fig. 4, placements as in the
   * README): its branch of convolutions {@code convs}, its shortcut and how the two combine.
   */
  private Block unit(int index, int stage, int unitInStage, int units, Activation in, int width,
      int stride, List<BranchConv> convs) {
    String name = "blocks." + index;
    boolean projection = in.shape().channels() != width || stride != 1
        || spec.shortcut() == Shortcut.CONV_1X1;
    unitIndex = index;
    List<Layer> layers = new ArrayList<>();
    Activation out = spec.order() == ActivationOrder.FULL_PREACTIVATION
        ? fullPreActivation(layers, name, in, projection, stride, convs)
        : postActivation(layers, name, in, projection, width, stride, convs);
    return new Block(index, stage, unitInStage, units, stride, projection, in, out, layers);
  }

  /**
   * (e): bnK and its ReLU before each convK; the shortcut is the raw input, or the projection of
   * the first BN+ReLU's output, which the last convolution adds as it writes.
   */
  private Activation fullPreActivation(List<Layer> layers, String name, Activation in,
      boolean projection, int stride, List<BranchConv> convs) {
    Activation a = norm(layers, name + ".bn1", in, true);
    Activation pre = a;
    Activation shortcutInput = projection ? a : in;
    for (int k = 0; k < convs.size() - 1; k++) {
      BranchConv c = convs.get(k);
      if (k > 0) {
        a = norm(layers, name + ".bn" + (k + 1), a, true);
      }
      a = conv(layers, name + "." + c.name(), a, c.channels(), c.kernel(), c.stride());
    }
    BranchConv last = convs.getLast();
    a = norm(layers, name + ".bn" + convs.size(), a, true);
    if (combines(spec.shortcut())) {
      // The combination is no plain addition for the last convolution to do as it writes.
      Activation branch =
          conv(layers, name + "." + last.name(), a, last.channels(), last.kernel(), 1);
      Activation shortcut = shortcut(layers, name, projection, shortcutInput,
          last.channels(), stride);
      return combine(layers, name, shortcut, branch, gate(layers, name, pre, last.channels(),
          stride));
    }
    Parameter lastWeight = convWeight(name + "." + last.name(), a, last.channels(), last.kernel());
    Activation shortcut = shortcut(layers, name, projection, shortcutInput,
        last.channels(), stride);
    return convPlusShortcut(layers, name, name + "." + last.name(), a, lastWeight, shortcut);
  }

  /**
   * (a)-(d): each convK followed by its bnK (none after the last in (b)), with a ReLU between
   * convolutions; (d) rectifies the input first. The shortcut is the raw input, or the
   * projection of what the branch sees, with its own BN in (a)-(c). Then the order's combination:
   * add and ReLU (a), add then BN and ReLU (b), add alone (c, d; (c) rectifies the branch first).
   */
  private Activation postActivation(List<Layer> layers, String name, Activation in,
      boolean projection, int width, int stride, List<BranchConv> convs) {
    ActivationOrder order = spec.order();
    Activation pre = order == ActivationOrder.RELU_ONLY_PREACTIVATION
        ? relu(layers, name + ".relu", in)
        : in;
    Activation a = pre;
    for (int k = 0; k < convs.size(); k++) {
      BranchConv c = convs.get(k);
      a = conv(layers, name + "." + c.name(), a, c.channels(), c.kernel(), c.stride());
      boolean last = k == convs.size() - 1;
      if (!last) {
        a = norm(layers, name + ".bn" + (k + 1), a, true);
      } else if (order != ActivationOrder.BN_AFTER_ADDITION) {
        a = norm(layers, name + ".bn" + (k + 1), a,
            order == ActivationOrder.RELU_BEFORE_ADDITION);
      }
    }
    Activation shortcut = in;
    if (projection) {
      shortcut = conv(layers, name + ".proj", pre, width, 1, stride);
      if (order != ActivationOrder.RELU_ONLY_PREACTIVATION) {
        shortcut = norm(layers, name + ".proj_bn", shortcut, false);
      }
    }
    if (combines(spec.shortcut())) {
      Optional<Activation> gate = gate(layers, name, pre, width, stride);
      return switch (order) {
        case ORIGINAL -> relu(layers, name, combine(layers, name + ".sum", shortcut, a, gate));
        case BN_AFTER_ADDITION -> norm(layers, name + ".post_bn",
            combine(layers, name + ".sum", shortcut, a, gate), true);
        default -> combine(layers, name, shortcut, a, gate);
      };
    }
    return switch (order) {
      case ORIGINAL -> add(layers, name, shortcut, a, true);
      case BN_AFTER_ADDITION ->
          norm(layers, name + ".post_bn", add(layers, name + ".sum", shortcut, a, false), true);
      default -> add(layers, name, shortcut, a, false);
    };
  }

  /**
   * A pre-activation unit's shortcut: its input, or the projection of its first batch norm's
   * output, which runs before the branch's last convolution, since that convolution adds it. The
   * projection's weight still follows the last convolution's in the parameters (see {@link
   * #convPlusShortcut}).
   */
  private Activation shortcut(List<Layer> layers, String name, boolean projection,
      Activation shortcutInput, int width, int stride) {
    return projection
        ? conv(layers, name + ".proj", shortcutInput, width, 1, stride)
        : shortcutInput;
  }

  /**
   * The last convolution of a pre-activation unit's residual branch, which adds the shortcut to
   * what it writes: its output is the unit's, named {@code name}, and the branch's own output is
   * never stored. Its {@code weight} was taken before the shortcut's, so that the parameters keep
   * the order of the modules (branch, then projection) whatever order the layers run in.
   */
  private Activation convPlusShortcut(List<Layer> layers, String name, String convName,
      Activation in, Parameter weight, Activation shortcut) {
    return conv(layers, convName, in, weight, 1, name, Optional.of(shortcut));
  }

  /**
   * Whether the variant combines shortcut and branch other than by a plain addition ({@link
   * Layer.Combine}); the identity and the 1x1 convolution shortcut add.
   */
  private static boolean combines(Shortcut variant) {
    return variant != Shortcut.IDENTITY && variant != Shortcut.CONV_1X1;
  }

  /**
   * A gating variant's gate {@code sigmoid(conv1x1(pre) + bias)}, from the unit's input channels
   * to its output's, with the unit's stride; empty for the other variants.
   */
  private Optional<Activation> gate(List<Layer> layers, String name, Activation pre, int width,
      int stride) {
    if (!spec.shortcut().gated()) {
      return Optional.empty();
    }
    String gateName = name + ".gate";
    Parameter weight = convWeight(gateName, pre, width, 1);
    Parameter bias = parameter(gateName + ".bias", List.of(width));
    Activation logits = conv(layers, gateName, pre, weight, stride, gateName + "_conv",
        Optional.empty());
    Activation g = activation(gateName, logits.shape());
    layers.add(new Layer.Gate(logits, g, bias, spec.gateBias()));
    return Optional.of(g);
  }

  /** The variant's combination of {@code shortcut} and {@code residual} ({@link Layer.Combine}). */
  private Activation combine(List<Layer> layers, String outName, Activation shortcut,
      Activation residual, Optional<Activation> gate) {
    Shortcut variant = spec.shortcut();
    float lambda = (float) spec.shortcutScale();
    boolean scaled = variant == Shortcut.CONSTANT_SCALING;
    float shortcutScale = scaled ? lambda : 1f;
    float branchScale = scaled && spec.scaleBranch() ? 1f - lambda : 1f;
    Optional<Activation> mask = variant == Shortcut.DROPOUT
        ? Optional.of(activation(outName + ".mask", shortcut.shape()))
        : Optional.empty();
    Activation out = activation(outName, residual.shape());
    layers.add(new Layer.Combine(variant, shortcut, residual, gate, mask, out, shortcutScale,
        branchScale, (float) spec.shortcutDropout(), unitIndex));
    return out;
  }

  /** The residual addition {@code shortcut + residual}, rectified if {@code relu}. */
  private Activation add(List<Layer> layers, String outName, Activation shortcut,
      Activation residual, boolean relu) {
    Activation out = activation(outName, residual.shape());
    layers.add(new Layer.Add(shortcut, residual, out, relu));
    return out;
  }

  /** A ReLU on its own: (d)'s, before the branch and before the classifier. */
  private Activation relu(List<Layer> layers, String name, Activation in) {
    Activation out = activation(name, in.shape());
    layers.add(new Layer.Relu(in, out));
    return out;
  }

  private Activation conv(List<Layer> layers, String name, Activation in, int outChannels,
      int kernel, int stride) {
    return conv(layers, name, in, convWeight(name, in, outChannels, kernel), stride, name,
        Optional.empty());
  }

  private Parameter convWeight(String name, Activation in, int outChannels, int kernel) {
    return parameter(name + ".weight",
        List.of(outChannels, in.shape().channels(), kernel, kernel));
  }

  private Activation conv(List<Layer> layers, String name, Activation in, Parameter weight,
      int stride, String outName, Optional<Activation> shortcut) {
    int outChannels = weight.shape().get(0);
    int kernel = weight.shape().get(2);
    int padding = kernel / 2;
    Shape s = in.shape();
    Shape outShape = new Shape(outChannels, outputSize(s.height(), kernel, stride, padding),
        outputSize(s.width(), kernel, stride, padding));
    Activation out = activation(outName, outShape);
    Layer.Conv conv =
        new Layer.Conv(name, in, out, weight, kernel, stride, padding, shortcut);
    layers.add(conv);
    multiplyAdds = Math.addExact(multiplyAdds, conv.multiplyAdds());
    boolean direct = kernel == 1 && stride == 1 && padding == 0;
    if (!direct) {
      int columns = Math.multiplyExact(s.channels() * kernel * kernel, outShape.pixels());
      workspaceFloats = Math.max(workspaceFloats, columns);
    }
    return out;
  }

  private Activation norm(List<Layer> layers, String name, Activation in, boolean relu) {
    int c = in.shape().channels();
    Parameter weight = parameter(name + ".weight", List.of(c));
    Parameter bias = parameter(name + ".bias", List.of(c));
    NormState state = new NormState(name, c, weight, bias, stateFloats);
    stateFloats = Math.addExact(stateFloats, Math.multiplyExact(2, c));
    norms.add(state);
    Activation out = activation(name, in.shape());
    layers.add(new Layer.Norm(state, in, out, relu));
    return out;
  }

  private Parameter parameter(String name, List<Integer> shape) {
    Parameter p = new Parameter(name, shape, parameterFloats);
    parameterFloats = Math.addExact(parameterFloats, p.size());
    parameters.add(p);
    return p;
  }

  private Activation activation(String name, Shape shape) {
    Activation a = new Activation(name, shape, activationFloats);
    activationFloats = Math.addExact(activationFloats, shape.size());
    activations.add(a);
    return a;
  }

  /** Output size of a convolution: {@code (in + 2 * padding - kernel) / stride + 1}. */
  public static int outputSize(int in, int kernel, int stride, int padding) {
    return (in + 2 * padding - kernel) / stride + 1;
  }
}
