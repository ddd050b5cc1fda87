package org.skipline.plan;

import java.util.ArrayList;
import java.util.List;
import org.skipline.UnitType;

/**
 * Everything the generated class and the interpreter need to know about a network, as plain data:
 * its layers in order, the shapes and offsets of every tensor, and its costs.
 *
 * <p>Sizes ending in {@code PerImage} scale with the batch; the others are fixed.
 *
 * @param unitsPerStage {@code n} in {@code 6n+2} or {@code 9n+2}
 * @param stageWidths output channels of the units of each stage
 * @param stem the stem convolution (and, for original units, its BN+ReLU)
 * @param head the layers after the last unit, ending with the logits
 * @param activationFloatsPerImage every activation of one image, back to back
 * @param stateFloats running statistics (and as many batch statistics), two per BN channel
 * @param workspaceFloats the largest lowering buffer (im2col or shifted planes) of one image over
 *     all convolutions
 * @param multiplyAdds per image, convolutions and the fully connected layer
 */
public record Plan(
    Spec spec,
    UnitType unit,
    int unitsPerStage,
    List<Integer> stageWidths,
    Activation input,
    List<Layer> stem,
    List<Block> blocks,
    List<Layer> head,
    Activation logits,
    List<Parameter> parameters,
    List<NormState> norms,
    List<Activation> activations,
    int parameterFloats,
    int activationFloatsPerImage,
    int stateFloats,
    int workspaceFloats,
    long multiplyAdds) {

  /** The name of the input activation. */
  public static final String INPUT = "input";

  public Plan {
    stageWidths = List.copyOf(stageWidths);
    stem = List.copyOf(stem);
    blocks = List.copyOf(blocks);
    head = List.copyOf(head);
    parameters = List.copyOf(parameters);
    norms = List.copyOf(norms);
    activations = List.copyOf(activations);
  }

  /** Every layer in forward order. */
  public List<Layer> layers() {
    List<Layer> all = new ArrayList<>(stem);
    blocks.forEach(b -> all.addAll(b.layers()));
    all.addAll(head);
    return all;
  }

  /** Number of trainable floats (convolutions, BN scale and shift, fc weight and bias). */
  public int parameterCount() {
    return parameterFloats;
  }

  /**
   * Bytes a network needs for inference at batch {@code n}, in a pass that runs layer by layer:
   * parameters, running statistics, the lowering workspace and, per image, the activations still
   * to be read at once ({@link EvaluationLayout}), which do not grow with depth.
   */
  public long inferenceBytes(int n) {
    return 4L * (parameterFloats + stateFloats + workspaceFloats)
        + 4L * n * EvaluationLayout.of(this).floats();
  }

  /**
   * Bytes a network needs for training at batch {@code n}: parameters, running statistics and
   * the lowering workspace, gradients and momentum of the parameters, the batch statistics, and
   * per image the activations the backward pass reads ({@link TrainingLayout}) and the
   * gradients it needs at once ({@link GradientLayout}).
   */
  public long trainingBytes(int n) {
    return 4L * (parameterFloats + stateFloats + workspaceFloats)
        + 4L * (2L * parameterFloats + stateFloats)
        + 4L * n * ((long) TrainingLayout.of(this).floats() + GradientLayout.of(this).floats());
  }

  /**
   * Bytes a network holds for evaluation passes over up to {@code n} images on {@code threads}
   * worker threads. A batch of one image, or of at least one image per thread, runs image by image
   * with only the activations still to be read ({@link EvaluationLayout}): the parameters and
   * running statistics, and for the network and each thread's replica a lowering workspace and
   * one image's activations. A batch in between runs layer by layer in the same layout, {@code n}
   * images' worth of it.
   */
  public long evaluationBytes(int n, int threads) {
    long evaluationFloats = EvaluationLayout.of(this).floats();
    long imageByImage = 4L * (parameterFloats + stateFloats)
        + 4L * (threads + 1) * ((long) workspaceFloats + evaluationFloats);
    return n > 1 && n < threads ? imageByImage + 4L * n * evaluationFloats : imageByImage;
  }

  /** Bytes that each additional image adds in training. */
  public long trainingBytesPerImage() {
    return trainingBytes(1) - trainingBytes(0);
  }

  /** Bytes that each additional image adds in inference. */
  public long inferenceBytesPerImage() {
    return inferenceBytes(1) - inferenceBytes(0);
  }

  /**
   * The largest batch whose training activations fit Java arrays: each {@link TrainingLayout}
   * chunk is one array, and the largest piece of one must fit.
   */
  public int maxBatch() {
    return MAX_ARRAY_FLOATS / Math.max(1, TrainingLayout.of(this).largestPiece());
  }

  /**
   * The most floats a buffer of one batch's tensors may hold: a Java array's limit, less the
   * floats that align a buffer's start and some the JVM keeps back.
   */
  public static final int MAX_ARRAY_FLOATS = Integer.MAX_VALUE - 64;

  /**
   * The unit design in the paper's words: "full pre-activation", "BN after addition"..., then
   * the shortcut variant unless it is the identity, with the values that tell its rows of the
   * paper's Table 1 apart: "original, exclusive gating, gate bias -6".
   */
  public String variantName() {
    String order = spec.order().description();
    return switch (spec.shortcut()) {
      case IDENTITY -> order;
      case CONSTANT_SCALING -> order + ", " + spec.shortcut().description() + " "
          + number(spec.shortcutScale()) + (spec.scaleBranch()
              ? ", branch " + number(1 - spec.shortcutScale()) : "");
      case EXCLUSIVE_GATING, SHORTCUT_ONLY_GATING -> order + ", "
          + spec.shortcut().description() + ", gate bias " + number(spec.gateBias());
      case DROPOUT -> order + ", " + spec.shortcut().description() + " "
          + number(spec.shortcutDropout());
      case CONV_1X1 -> order + ", " + spec.shortcut().description();
    };
  }

  /** A value as a spec writes it, without a trailing ".0": 0.5, -6. */
  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e9
        ? Long.toString((long) value) : Double.toString(value);
  }
}
