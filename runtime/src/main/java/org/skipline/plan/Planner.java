package org.skipline.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.skipline.DownsampleStride;
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

    List<Layer> stem = new ArrayList<>();
    Activation x = conv(stem, "stem", input, base, 3, 1);
    if (!spec.preActivation()) {
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
    if (spec.preActivation()) {
      x = norm(head, "final_bn", x, true);
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
    String name = "blocks." + index;
    boolean projection = in.shape().channels() != width || stride != 1;
    List<Layer> layers = new ArrayList<>();
    Activation out;
    if (spec.preActivation()) {
      Activation a = norm(layers, name + ".bn1", in, true);
      Activation shortcutInput = projection ? a : in;
      a = conv(layers, name + ".conv1", a, width, 3, stride);
      a = norm(layers, name + ".bn2", a, true);
      Parameter lastWeight = convWeight(name + ".conv2", a, width, 3);
      Activation shortcut = shortcut(layers, name, projection, shortcutInput, width, stride);
      out = convPlusShortcut(layers, name, name + ".conv2", a, lastWeight, shortcut);
    } else {
      Activation a = conv(layers, name + ".conv1", in, width, 3, stride);
      a = norm(layers, name + ".bn1", a, true);
      a = conv(layers, name + ".conv2", a, width, 3, 1);
      Activation residual = norm(layers, name + ".bn2", a, false);
      out = addWithRelu(layers, name, projection, in, residual, stride);
    }
    return new Block(index, stage, unitInStage, units, stride, projection, in, out, layers);
  }

  private Block bottleneckUnit(int index, int stage, int unitInStage, int units, Activation in,
      int innerWidth, int width, int stride) {
    String name = "blocks." + index;
    boolean projection = in.shape().channels() != width || stride != 1;
    boolean strideFirst = spec.bottleneckStride() == DownsampleStride.FIRST_1X1;
    int stride1 = strideFirst ? stride : 1;
    int stride2 = strideFirst ? 1 : stride;
    List<Layer> layers = new ArrayList<>();
    Activation out;
    if (spec.preActivation()) {
      Activation a = norm(layers, name + ".bn1", in, true);
      Activation shortcutInput = projection ? a : in;
      a = conv(layers, name + ".conv1", a, innerWidth, 1, stride1);
      a = norm(layers, name + ".bn2", a, true);
      a = conv(layers, name + ".conv2", a, innerWidth, 3, stride2);
      a = norm(layers, name + ".bn3", a, true);
      Parameter lastWeight = convWeight(name + ".conv3", a, width, 1);
      Activation shortcut = shortcut(layers, name, projection, shortcutInput, width, stride);
      out = convPlusShortcut(layers, name, name + ".conv3", a, lastWeight, shortcut);
    } else {
      Activation a = conv(layers, name + ".conv1", in, innerWidth, 1, stride1);
      a = norm(layers, name + ".bn1", a, true);
      a = conv(layers, name + ".conv2", a, innerWidth, 3, stride2);
      a = norm(layers, name + ".bn2", a, true);
      a = conv(layers, name + ".conv3", a, width, 1, 1);
      Activation residual = norm(layers, name + ".bn3", a, false);
      out = addWithRelu(layers, name, projection, in, residual, stride);
    }
    return new Block(index, stage, unitInStage, units, stride, projection, in, out, layers);
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
   * An original unit's shortcut (identity, or projection and its batch norm) and its residual
   * addition followed by a ReLU.
   */
  private Activation addWithRelu(List<Layer> layers, String name, boolean projection,
      Activation in, Activation residual, int stride) {
    Activation shortcut = in;
    if (projection) {
      shortcut = conv(layers, name + ".proj", in, residual.shape().channels(), 1, stride);
      shortcut = norm(layers, name + ".proj_bn", shortcut, false);
    }
    Activation out = activation(name, residual.shape());
    layers.add(new Layer.Add(shortcut, residual, out, true));
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
