package org.skipline.examples;

import static org.skipline.examples.PreActResNet11Network.Offsets.*;

import javax.annotation.processing.Generated;
import org.skipline.DownsampleStride;
import org.skipline.UnitType;
import org.skipline.plan.Plan;
import org.skipline.plan.Planner;
import org.skipline.plan.Spec;
import org.skipline.runtime.Network;

/**
 * The full pre-activation network of {@link PreActResNet11}: 11 layers of bottleneck units.
 *
 * <p>Depth 11 = 9 * 1 + 2: a 3x3 stem convolution, three stages of 1 bottleneck units (3 convolutions each) and a fully connected layer.
 * Stage outputs: 64 channels at 28x28, 128 channels at 14x14, 256 channels at 7x7.
 * Input (N,1,28,28), 10 classes. 126,458 parameters; 12,960,512 multiply-adds per image.
 * Memory: 1,509,480 bytes per image in training and 555,072 in inference, plus 1,980,088 fixed.
 *
 * <pre>{@code
 * PreActResNet11Network net = new PreActResNet11Network(128);  // buffers for batches of up to 128
 * net.forward(images, 128, true);  // images [128,1,28,28], training mode
 * double loss = net.loss(labels);
 * net.zeroGradients();
 * net.backward();
 * net.sgdStep(0.1f, 0.9f, 1e-4f, false);
 * }</pre>
 */
@Generated(
    value = "org.skipline.processor.ResNetProcessor",
    comments = "@ResNet(depth = 11, preActivation = true, inputChannels = 1, inputHeight = 28, inputWidth = 28)"
)
public final class PreActResNet11Network extends Network {
  /**
   * The spec this class was generated from.
   */
  public static final Spec SPEC = new Spec("PreActResNet11", 11, true, UnitType.AUTO, 1, 28, 28, 10, 16, DownsampleStride.FIRST_1X1);

  /**
   * The plan behind every offset below; the runtime sizes the buffers from it.
   */
  public static final Plan PLAN = Planner.plan(SPEC);

  /**
   * Allocates every buffer for batches of up to {@code capacity} images and initialises
   * the weights with {@link #DEFAULT_SEED}.
   */
  public PreActResNet11Network(int capacity) {
    super(PLAN, capacity);
  }

  private PreActResNet11Network(PreActResNet11Network original) {
    super(original);
  }

  /**
   * A one-image replica sharing this network's weights, for evaluation passes run image by image.
   */
  @Override
  protected Network replica() {
    return new PreActResNet11Network(this);
  }

  @Override
  protected void forwardPass() {
    forwardStem();
    forwardStage1Unit1();
    forwardStage2Unit1();
    forwardStage3Unit1();
    forwardHead();
  }

  @Override
  protected void backwardPass() {
    backwardHead();
    backwardStage3Unit1();
    backwardStage2Unit1();
    backwardStage1Unit1();
    backwardStem();
  }

  /**
   * The stem: a 3x3 convolution; the first unit's BN+ReLU follows.
   */
  private void forwardStem() {
    // stem: 3x3 conv, stride 1, padding 1, (N,1,28,28) -> (N,16,28,28)
    conv(STEM_WEIGHT, INPUT, STEM_OUT, 1, 28, 28, 16, 3, 1, 1);
  }

  /**
   * The stem: a 3x3 convolution; the first unit's BN+ReLU follows.
   */
  private void backwardStem() {
    // stem: 3x3 conv, stride 1, padding 1, (N,1,28,28) -> (N,16,28,28)
    convBackwardWeightOnly(STEM_WEIGHT, INPUT, STEM_OUT, 1, 28, 28, 16, 3, 1, 1);
  }

  /**
   * Stage 1, unit 1 of 1 ({@code blocks.0}): full pre-activation bottleneck unit, stride 1, projection shortcut, (N,16,28,28) -> (N,64,28,28).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 1x1 -> bn2 -> ReLU -> conv2 3x3 -> bn3 -> ReLU -> conv3 1x1 -(+)-> x_l+1
   *    `----------------------------- proj 1x1 of ReLU(bn1(x_l)) -----------------------------'
   * </pre>
   */
  private void forwardStage1Unit1() {
    // bn1 + relu (N,16,28,28), shared by the residual branch and the projection shortcut
    // in training, the batch statistics only: conv1 and proj normalise their input as they read it, so its output is never written
    batchNorm(BLOCKS_0_BN1_WEIGHT, BLOCKS_0_BN1_STATE, STEM_OUT, BLOCKS_0_BN1_OUT, 16, 28 * 28, RELU);
    // conv1: 1x1 conv, stride 1, padding 0, (N,16,28,28) -> (N,16,28,28)
    conv(BLOCKS_0_CONV1_WEIGHT, BLOCKS_0_BN1_OUT, BLOCKS_0_CONV1_OUT, 16, 28, 28, 16, 1, 1, 0);
    // bn2 + relu (N,16,28,28)
    // in training, the batch statistics only: conv2 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_0_BN2_WEIGHT, BLOCKS_0_BN2_STATE, BLOCKS_0_CONV1_OUT, BLOCKS_0_BN2_OUT, 16, 28 * 28, RELU);
    // conv2: 3x3 conv, stride 1, padding 1, (N,16,28,28) -> (N,16,28,28)
    conv(BLOCKS_0_CONV2_WEIGHT, BLOCKS_0_BN2_OUT, BLOCKS_0_CONV2_OUT, 16, 28, 28, 16, 3, 1, 1);
    // bn3 + relu (N,16,28,28)
    // in training, the batch statistics only: conv3 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_0_BN3_WEIGHT, BLOCKS_0_BN3_STATE, BLOCKS_0_CONV2_OUT, BLOCKS_0_BN3_OUT, 16, 28 * 28, RELU);
    // proj: 1x1 conv, stride 1, padding 0, (N,16,28,28) -> (N,64,28,28)
    conv(BLOCKS_0_PROJ_WEIGHT, BLOCKS_0_BN1_OUT, BLOCKS_0_PROJ_OUT, 16, 28, 28, 64, 1, 1, 0);
    // conv3: 1x1 conv, stride 1, padding 0, (N,16,28,28) -> (N,64,28,28), plus the shortcut proj: the unit's output
    convPlus(BLOCKS_0_CONV3_WEIGHT, BLOCKS_0_BN3_OUT, BLOCKS_0_PROJ_OUT, BLOCKS_0_OUT, 16, 28, 28, 64, 1, 1, 0);
  }

  /**
   * Stage 1, unit 1 of 1 ({@code blocks.0}): full pre-activation bottleneck unit, stride 1, projection shortcut, (N,16,28,28) -> (N,64,28,28).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 1x1 -> bn2 -> ReLU -> conv2 3x3 -> bn3 -> ReLU -> conv3 1x1 -(+)-> x_l+1
   *    `----------------------------- proj 1x1 of ReLU(bn1(x_l)) -----------------------------'
   * </pre>
   */
  private void backwardStage1Unit1() {
    // conv3: 1x1 conv, stride 1, padding 0, (N,16,28,28) -> (N,64,28,28), plus the shortcut proj: the unit's output
    // its input, bn3 + relu of conv2, made again a few images at a time as it reads them
    // the shortcut's share: this output's gradient, also the projection's output gradient (the same buffer), flows into proj below
    convBackward(BLOCKS_0_CONV3_WEIGHT, BLOCKS_0_BN3_OUT, BLOCKS_0_OUT, 16, 28, 28, 64, 1, 1, 0);
    // proj: 1x1 conv, stride 1, padding 0, (N,16,28,28) -> (N,64,28,28)
    // its input, bn1 + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_0_PROJ_WEIGHT, BLOCKS_0_BN1_OUT, BLOCKS_0_PROJ_OUT, 16, 28, 28, 64, 1, 1, 0);
    // bn3 + relu (N,16,28,28)
    batchNormBackward(BLOCKS_0_BN3_WEIGHT, BLOCKS_0_BN3_STATE, BLOCKS_0_CONV2_OUT, BLOCKS_0_BN3_OUT, 16, 28 * 28, RELU);
    // conv2: 3x3 conv, stride 1, padding 1, (N,16,28,28) -> (N,16,28,28)
    // its input, bn2 + relu of conv1, made again a few images at a time as it reads them
    convBackward(BLOCKS_0_CONV2_WEIGHT, BLOCKS_0_BN2_OUT, BLOCKS_0_CONV2_OUT, 16, 28, 28, 16, 3, 1, 1);
    // bn2 + relu (N,16,28,28)
    batchNormBackward(BLOCKS_0_BN2_WEIGHT, BLOCKS_0_BN2_STATE, BLOCKS_0_CONV1_OUT, BLOCKS_0_BN2_OUT, 16, 28 * 28, RELU);
    // conv1: 1x1 conv, stride 1, padding 0, (N,16,28,28) -> (N,16,28,28)
    // its input, bn1 + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_0_CONV1_WEIGHT, BLOCKS_0_BN1_OUT, BLOCKS_0_CONV1_OUT, 16, 28, 28, 16, 1, 1, 0);
    // bn1 + relu (N,16,28,28), shared by the residual branch and the projection shortcut
    batchNormBackward(BLOCKS_0_BN1_WEIGHT, BLOCKS_0_BN1_STATE, STEM_OUT, BLOCKS_0_BN1_OUT, 16, 28 * 28, RELU);
  }

  /**
   * Stage 2, unit 1 of 1 ({@code blocks.1}): full pre-activation bottleneck unit, stride 2, projection shortcut, (N,64,28,28) -> (N,128,14,14).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 1x1/2 -> bn2 -> ReLU -> conv2 3x3 -> bn3 -> ReLU -> conv3 1x1 -(+)-> x_l+1
   *    `----------------------------- proj 1x1/2 of ReLU(bn1(x_l)) -----------------------------'
   * </pre>
   */
  private void forwardStage2Unit1() {
    // bn1 + relu (N,64,28,28), shared by the residual branch and the projection shortcut
    // in training, the batch statistics only: conv1 and proj normalise their input as they read it, so its output is never written
    batchNorm(BLOCKS_1_BN1_WEIGHT, BLOCKS_1_BN1_STATE, BLOCKS_0_OUT, BLOCKS_1_BN1_OUT, 64, 28 * 28, RELU);
    // conv1: 1x1 conv, stride 2, padding 0, (N,64,28,28) -> (N,32,14,14)
    conv(BLOCKS_1_CONV1_WEIGHT, BLOCKS_1_BN1_OUT, BLOCKS_1_CONV1_OUT, 64, 28, 28, 32, 1, 2, 0);
    // bn2 + relu (N,32,14,14)
    // in training, the batch statistics only: conv2 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_1_BN2_WEIGHT, BLOCKS_1_BN2_STATE, BLOCKS_1_CONV1_OUT, BLOCKS_1_BN2_OUT, 32, 14 * 14, RELU);
    // conv2: 3x3 conv, stride 1, padding 1, (N,32,14,14) -> (N,32,14,14)
    conv(BLOCKS_1_CONV2_WEIGHT, BLOCKS_1_BN2_OUT, BLOCKS_1_CONV2_OUT, 32, 14, 14, 32, 3, 1, 1);
    // bn3 + relu (N,32,14,14)
    // in training, the batch statistics only: conv3 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_1_BN3_WEIGHT, BLOCKS_1_BN3_STATE, BLOCKS_1_CONV2_OUT, BLOCKS_1_BN3_OUT, 32, 14 * 14, RELU);
    // proj: 1x1 conv, stride 2, padding 0, (N,64,28,28) -> (N,128,14,14)
    conv(BLOCKS_1_PROJ_WEIGHT, BLOCKS_1_BN1_OUT, BLOCKS_1_PROJ_OUT, 64, 28, 28, 128, 1, 2, 0);
    // conv3: 1x1 conv, stride 1, padding 0, (N,32,14,14) -> (N,128,14,14), plus the shortcut proj: the unit's output
    convPlus(BLOCKS_1_CONV3_WEIGHT, BLOCKS_1_BN3_OUT, BLOCKS_1_PROJ_OUT, BLOCKS_1_OUT, 32, 14, 14, 128, 1, 1, 0);
  }

  /**
   * Stage 2, unit 1 of 1 ({@code blocks.1}): full pre-activation bottleneck unit, stride 2, projection shortcut, (N,64,28,28) -> (N,128,14,14).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 1x1/2 -> bn2 -> ReLU -> conv2 3x3 -> bn3 -> ReLU -> conv3 1x1 -(+)-> x_l+1
   *    `----------------------------- proj 1x1/2 of ReLU(bn1(x_l)) -----------------------------'
   * </pre>
   */
  private void backwardStage2Unit1() {
    // conv3: 1x1 conv, stride 1, padding 0, (N,32,14,14) -> (N,128,14,14), plus the shortcut proj: the unit's output
    // its input, bn3 + relu of conv2, made again a few images at a time as it reads them
    // the shortcut's share: this output's gradient, also the projection's output gradient (the same buffer), flows into proj below
    convBackward(BLOCKS_1_CONV3_WEIGHT, BLOCKS_1_BN3_OUT, BLOCKS_1_OUT, 32, 14, 14, 128, 1, 1, 0);
    // proj: 1x1 conv, stride 2, padding 0, (N,64,28,28) -> (N,128,14,14)
    // its input, bn1 + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_1_PROJ_WEIGHT, BLOCKS_1_BN1_OUT, BLOCKS_1_PROJ_OUT, 64, 28, 28, 128, 1, 2, 0);
    // bn3 + relu (N,32,14,14)
    batchNormBackward(BLOCKS_1_BN3_WEIGHT, BLOCKS_1_BN3_STATE, BLOCKS_1_CONV2_OUT, BLOCKS_1_BN3_OUT, 32, 14 * 14, RELU);
    // conv2: 3x3 conv, stride 1, padding 1, (N,32,14,14) -> (N,32,14,14)
    // its input, bn2 + relu of conv1, made again a few images at a time as it reads them
    convBackward(BLOCKS_1_CONV2_WEIGHT, BLOCKS_1_BN2_OUT, BLOCKS_1_CONV2_OUT, 32, 14, 14, 32, 3, 1, 1);
    // bn2 + relu (N,32,14,14)
    batchNormBackward(BLOCKS_1_BN2_WEIGHT, BLOCKS_1_BN2_STATE, BLOCKS_1_CONV1_OUT, BLOCKS_1_BN2_OUT, 32, 14 * 14, RELU);
    // conv1: 1x1 conv, stride 2, padding 0, (N,64,28,28) -> (N,32,14,14)
    // its input, bn1 + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_1_CONV1_WEIGHT, BLOCKS_1_BN1_OUT, BLOCKS_1_CONV1_OUT, 64, 28, 28, 32, 1, 2, 0);
    // bn1 + relu (N,64,28,28), shared by the residual branch and the projection shortcut
    batchNormBackward(BLOCKS_1_BN1_WEIGHT, BLOCKS_1_BN1_STATE, BLOCKS_0_OUT, BLOCKS_1_BN1_OUT, 64, 28 * 28, RELU);
  }

  /**
   * Stage 3, unit 1 of 1 ({@code blocks.2}): full pre-activation bottleneck unit, stride 2, projection shortcut, (N,128,14,14) -> (N,256,7,7).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 1x1/2 -> bn2 -> ReLU -> conv2 3x3 -> bn3 -> ReLU -> conv3 1x1 -(+)-> x_l+1
   *    `----------------------------- proj 1x1/2 of ReLU(bn1(x_l)) -----------------------------'
   * </pre>
   */
  private void forwardStage3Unit1() {
    // bn1 + relu (N,128,14,14), shared by the residual branch and the projection shortcut
    // in training, the batch statistics only: conv1 and proj normalise their input as they read it, so its output is never written
    batchNorm(BLOCKS_2_BN1_WEIGHT, BLOCKS_2_BN1_STATE, BLOCKS_1_OUT, BLOCKS_2_BN1_OUT, 128, 14 * 14, RELU);
    // conv1: 1x1 conv, stride 2, padding 0, (N,128,14,14) -> (N,64,7,7)
    conv(BLOCKS_2_CONV1_WEIGHT, BLOCKS_2_BN1_OUT, BLOCKS_2_CONV1_OUT, 128, 14, 14, 64, 1, 2, 0);
    // bn2 + relu (N,64,7,7)
    // in training, the batch statistics only: conv2 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_2_BN2_WEIGHT, BLOCKS_2_BN2_STATE, BLOCKS_2_CONV1_OUT, BLOCKS_2_BN2_OUT, 64, 7 * 7, RELU);
    // conv2: 3x3 conv, stride 1, padding 1, (N,64,7,7) -> (N,64,7,7)
    conv(BLOCKS_2_CONV2_WEIGHT, BLOCKS_2_BN2_OUT, BLOCKS_2_CONV2_OUT, 64, 7, 7, 64, 3, 1, 1);
    // bn3 + relu (N,64,7,7)
    // in training, the batch statistics only: conv3 normalises its input as it reads it, so its output is never written
    batchNorm(BLOCKS_2_BN3_WEIGHT, BLOCKS_2_BN3_STATE, BLOCKS_2_CONV2_OUT, BLOCKS_2_BN3_OUT, 64, 7 * 7, RELU);
    // proj: 1x1 conv, stride 2, padding 0, (N,128,14,14) -> (N,256,7,7)
    conv(BLOCKS_2_PROJ_WEIGHT, BLOCKS_2_BN1_OUT, BLOCKS_2_PROJ_OUT, 128, 14, 14, 256, 1, 2, 0);
    // conv3: 1x1 conv, stride 1, padding 0, (N,64,7,7) -> (N,256,7,7), plus the shortcut proj: the unit's output
    convPlus(BLOCKS_2_CONV3_WEIGHT, BLOCKS_2_BN3_OUT, BLOCKS_2_PROJ_OUT, BLOCKS_2_OUT, 64, 7, 7, 256, 1, 1, 0);
  }

  /**
   * Stage 3, unit 1 of 1 ({@code blocks.2}): full pre-activation bottleneck unit, stride 2, projection shortcut, (N,128,14,14) -> (N,256,7,7).
   *
   * <pre>
   * x_l -> bn1 -> ReLU -> conv1 1x1/2 -> bn2 -> ReLU -> conv2 3x3 -> bn3 -> ReLU -> conv3 1x1 -(+)-> x_l+1
   *    `----------------------------- proj 1x1/2 of ReLU(bn1(x_l)) -----------------------------'
   * </pre>
   */
  private void backwardStage3Unit1() {
    // conv3: 1x1 conv, stride 1, padding 0, (N,64,7,7) -> (N,256,7,7), plus the shortcut proj: the unit's output
    // its input, bn3 + relu of conv2, made again a few images at a time as it reads them
    // the shortcut's share: this output's gradient, also the projection's output gradient (the same buffer), flows into proj below
    convBackward(BLOCKS_2_CONV3_WEIGHT, BLOCKS_2_BN3_OUT, BLOCKS_2_OUT, 64, 7, 7, 256, 1, 1, 0);
    // proj: 1x1 conv, stride 2, padding 0, (N,128,14,14) -> (N,256,7,7)
    // its input, bn1 + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_2_PROJ_WEIGHT, BLOCKS_2_BN1_OUT, BLOCKS_2_PROJ_OUT, 128, 14, 14, 256, 1, 2, 0);
    // bn3 + relu (N,64,7,7)
    batchNormBackward(BLOCKS_2_BN3_WEIGHT, BLOCKS_2_BN3_STATE, BLOCKS_2_CONV2_OUT, BLOCKS_2_BN3_OUT, 64, 7 * 7, RELU);
    // conv2: 3x3 conv, stride 1, padding 1, (N,64,7,7) -> (N,64,7,7)
    // its input, bn2 + relu of conv1, made again a few images at a time as it reads them
    convBackward(BLOCKS_2_CONV2_WEIGHT, BLOCKS_2_BN2_OUT, BLOCKS_2_CONV2_OUT, 64, 7, 7, 64, 3, 1, 1);
    // bn2 + relu (N,64,7,7)
    batchNormBackward(BLOCKS_2_BN2_WEIGHT, BLOCKS_2_BN2_STATE, BLOCKS_2_CONV1_OUT, BLOCKS_2_BN2_OUT, 64, 7 * 7, RELU);
    // conv1: 1x1 conv, stride 2, padding 0, (N,128,14,14) -> (N,64,7,7)
    // its input, bn1 + relu of x_l, made again a few images at a time as it reads them
    convBackward(BLOCKS_2_CONV1_WEIGHT, BLOCKS_2_BN1_OUT, BLOCKS_2_CONV1_OUT, 128, 14, 14, 64, 1, 2, 0);
    // bn1 + relu (N,128,14,14), shared by the residual branch and the projection shortcut
    batchNormBackward(BLOCKS_2_BN1_WEIGHT, BLOCKS_2_BN1_STATE, BLOCKS_1_OUT, BLOCKS_2_BN1_OUT, 128, 14 * 14, RELU);
  }

  /**
   * The head: the final BN+ReLU, global average pooling and the fully connected layer.
   */
  private void forwardHead() {
    // final_bn + relu (N,256,7,7)
    batchNorm(FINAL_BN_WEIGHT, FINAL_BN_STATE, BLOCKS_2_OUT, FINAL_BN_OUT, 256, 7 * 7, RELU);
    // global average pool: (N,256,7,7) -> (N,256)
    pool(FINAL_BN_OUT, POOL_OUT, 256, 7 * 7);
    // fc: (N,256) -> logits (N,10)
    fullyConnected(FC_WEIGHT, FC_BIAS, POOL_OUT, FC_OUT, 256, 10);
  }

  /**
   * The head: the final BN+ReLU, global average pooling and the fully connected layer.
   */
  private void backwardHead() {
    // fc: (N,256) -> logits (N,10)
    fullyConnectedBackward(FC_WEIGHT, FC_BIAS, POOL_OUT, FC_OUT, 256, 10);
    // global average pool: (N,256,7,7) -> (N,256)
    poolBackward(FINAL_BN_OUT, POOL_OUT, 256, 7 * 7);
    // final_bn + relu (N,256,7,7)
    batchNormBackward(FINAL_BN_WEIGHT, FINAL_BN_STATE, BLOCKS_2_OUT, FINAL_BN_OUT, 256, 7 * 7, RELU);
  }

  /**
   * Where each tensor lives: offsets into the network's buffers, computed from the plan at build time.
   */
  static final class Offsets {
    /**
     * {@code stem.weight} [16, 1, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int STEM_WEIGHT = 0;

    /**
     * {@code blocks.0.bn1.weight} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_BN1_WEIGHT = 144;

    /**
     * {@code blocks.0.bn1.bias} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_BN1_BIAS = 160;

    /**
     * {@code blocks.0.conv1.weight} [16, 16, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_CONV1_WEIGHT = 176;

    /**
     * {@code blocks.0.bn2.weight} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_BN2_WEIGHT = 432;

    /**
     * {@code blocks.0.bn2.bias} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_BN2_BIAS = 448;

    /**
     * {@code blocks.0.conv2.weight} [16, 16, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_CONV2_WEIGHT = 464;

    /**
     * {@code blocks.0.bn3.weight} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_BN3_WEIGHT = 2768;

    /**
     * {@code blocks.0.bn3.bias} [16]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_BN3_BIAS = 2784;

    /**
     * {@code blocks.0.conv3.weight} [64, 16, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_CONV3_WEIGHT = 2800;

    /**
     * {@code blocks.0.proj.weight} [64, 16, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_0_PROJ_WEIGHT = 3824;

    /**
     * {@code blocks.1.bn1.weight} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN1_WEIGHT = 4848;

    /**
     * {@code blocks.1.bn1.bias} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN1_BIAS = 4912;

    /**
     * {@code blocks.1.conv1.weight} [32, 64, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_CONV1_WEIGHT = 4976;

    /**
     * {@code blocks.1.bn2.weight} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN2_WEIGHT = 7024;

    /**
     * {@code blocks.1.bn2.bias} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN2_BIAS = 7056;

    /**
     * {@code blocks.1.conv2.weight} [32, 32, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_CONV2_WEIGHT = 7088;

    /**
     * {@code blocks.1.bn3.weight} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN3_WEIGHT = 16304;

    /**
     * {@code blocks.1.bn3.bias} [32]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_BN3_BIAS = 16336;

    /**
     * {@code blocks.1.conv3.weight} [128, 32, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_CONV3_WEIGHT = 16368;

    /**
     * {@code blocks.1.proj.weight} [128, 64, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_1_PROJ_WEIGHT = 20464;

    /**
     * {@code blocks.2.bn1.weight} [128]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN1_WEIGHT = 28656;

    /**
     * {@code blocks.2.bn1.bias} [128]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN1_BIAS = 28784;

    /**
     * {@code blocks.2.conv1.weight} [64, 128, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_CONV1_WEIGHT = 28912;

    /**
     * {@code blocks.2.bn2.weight} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN2_WEIGHT = 37104;

    /**
     * {@code blocks.2.bn2.bias} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN2_BIAS = 37168;

    /**
     * {@code blocks.2.conv2.weight} [64, 64, 3, 3]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_CONV2_WEIGHT = 37232;

    /**
     * {@code blocks.2.bn3.weight} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN3_WEIGHT = 74096;

    /**
     * {@code blocks.2.bn3.bias} [64]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_BN3_BIAS = 74160;

    /**
     * {@code blocks.2.conv3.weight} [256, 64, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_CONV3_WEIGHT = 74224;

    /**
     * {@code blocks.2.proj.weight} [256, 128, 1, 1]: offset in the parameter and gradient buffers.
     */
    static final int BLOCKS_2_PROJ_WEIGHT = 90608;

    /**
     * {@code final_bn.weight} [256]: offset in the parameter and gradient buffers.
     */
    static final int FINAL_BN_WEIGHT = 123376;

    /**
     * {@code final_bn.bias} [256]: offset in the parameter and gradient buffers.
     */
    static final int FINAL_BN_BIAS = 123632;

    /**
     * {@code fc.weight} [10, 256]: offset in the parameter and gradient buffers.
     */
    static final int FC_WEIGHT = 123888;

    /**
     * {@code fc.bias} [10]: offset in the parameter and gradient buffers.
     */
    static final int FC_BIAS = 126448;

    /**
     * {@code blocks.0.bn1}, 16 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_0_BN1_STATE = 0;

    /**
     * {@code blocks.0.bn2}, 16 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_0_BN2_STATE = 32;

    /**
     * {@code blocks.0.bn3}, 16 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_0_BN3_STATE = 64;

    /**
     * {@code blocks.1.bn1}, 64 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_1_BN1_STATE = 96;

    /**
     * {@code blocks.1.bn2}, 32 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_1_BN2_STATE = 224;

    /**
     * {@code blocks.1.bn3}, 32 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_1_BN3_STATE = 288;

    /**
     * {@code blocks.2.bn1}, 128 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_2_BN1_STATE = 352;

    /**
     * {@code blocks.2.bn2}, 64 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_2_BN2_STATE = 608;

    /**
     * {@code blocks.2.bn3}, 64 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int BLOCKS_2_BN3_STATE = 736;

    /**
     * {@code final_bn}, 256 channels: offset of its statistics in the running and batch statistics buffers.
     */
    static final int FINAL_BN_STATE = 864;

    /**
     * {@code input} (N,1,28,28): offset in the activation buffers, per image.
     */
    static final int INPUT = 0;

    /**
     * {@code stem} (N,16,28,28): offset in the activation buffers, per image.
     */
    static final int STEM_OUT = 784;

    /**
     * {@code blocks.0.bn1} (N,16,28,28): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_BN1_OUT = 13328;

    /**
     * {@code blocks.0.conv1} (N,16,28,28): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_CONV1_OUT = 25872;

    /**
     * {@code blocks.0.bn2} (N,16,28,28): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_BN2_OUT = 38416;

    /**
     * {@code blocks.0.conv2} (N,16,28,28): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_CONV2_OUT = 50960;

    /**
     * {@code blocks.0.bn3} (N,16,28,28): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_BN3_OUT = 63504;

    /**
     * {@code blocks.0.proj} (N,64,28,28): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_PROJ_OUT = 76048;

    /**
     * {@code blocks.0} (N,64,28,28): offset in the activation buffers, per image.
     */
    static final int BLOCKS_0_OUT = 126224;

    /**
     * {@code blocks.1.bn1} (N,64,28,28): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_BN1_OUT = 176400;

    /**
     * {@code blocks.1.conv1} (N,32,14,14): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_CONV1_OUT = 226576;

    /**
     * {@code blocks.1.bn2} (N,32,14,14): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_BN2_OUT = 232848;

    /**
     * {@code blocks.1.conv2} (N,32,14,14): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_CONV2_OUT = 239120;

    /**
     * {@code blocks.1.bn3} (N,32,14,14): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_BN3_OUT = 245392;

    /**
     * {@code blocks.1.proj} (N,128,14,14): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_PROJ_OUT = 251664;

    /**
     * {@code blocks.1} (N,128,14,14): offset in the activation buffers, per image.
     */
    static final int BLOCKS_1_OUT = 276752;

    /**
     * {@code blocks.2.bn1} (N,128,14,14): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_BN1_OUT = 301840;

    /**
     * {@code blocks.2.conv1} (N,64,7,7): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_CONV1_OUT = 326928;

    /**
     * {@code blocks.2.bn2} (N,64,7,7): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_BN2_OUT = 330064;

    /**
     * {@code blocks.2.conv2} (N,64,7,7): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_CONV2_OUT = 333200;

    /**
     * {@code blocks.2.bn3} (N,64,7,7): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_BN3_OUT = 336336;

    /**
     * {@code blocks.2.proj} (N,256,7,7): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_PROJ_OUT = 339472;

    /**
     * {@code blocks.2} (N,256,7,7): offset in the activation buffers, per image.
     */
    static final int BLOCKS_2_OUT = 352016;

    /**
     * {@code final_bn} (N,256,7,7): offset in the activation buffers, per image.
     */
    static final int FINAL_BN_OUT = 364560;

    /**
     * {@code pool} (N,256): offset in the activation buffers, per image.
     */
    static final int POOL_OUT = 377104;

    /**
     * {@code fc} (N,10): offset in the activation buffers, per image.
     */
    static final int FC_OUT = 377360;

    private Offsets() {
    }
  }
}
