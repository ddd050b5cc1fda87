package org.skipline.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.skipline.kernels.Conv2d;
import org.skipline.kernels.Simd;

/**
 * The 3x3, stride-1, padding-1 convolution of a CIFAR residual unit, forward and backward, at the
 * shapes of the three stages, the vector kernel ({@link Conv2d#forward}, im2col and {@code Gemm})
 * against its scalar reference ({@link Conv2d#forwardScalar}, the direct seven-loop convolution).
 *
 * <p>What it measures: one call on a batch of {@value #BATCH} images with as many output channels
 * as input channels: 16 channels at 32x32, 32 at 16x16 and 64 at 8x8. The three stages halve the
 * size and double the width, so each costs the same {@value #MULTIPLY_ADDS_PER_IMAGE} multiply-adds
 * per image ({@code K * C * 9 * P * Q}), and one flop count serves every {@code stage}. Forward
 * does that many multiply-adds, backward twice as many (the weight gradient and the input
 * gradient). {@link OperationsPerInvocation} carries 2 FLOPs per multiply-add, so the score in
 * ops/s is FLOP/s and ops/ns reads as GFLOP/s; divided by {@link FmaPeak}'s score it is the
 * fraction of the core's FMA peak. im2col, col2im and zeroing are not counted: they are part of
 * the price of the method, not useful arithmetic.
 *
 * <p>What would make it wrong: (1) a flop count that no longer matches the shapes; {@link
 * #setUp} recomputes it and refuses to run. (2) Results nobody reads: the kernels write into
 * arrays held by this state, which the JIT cannot prove dead. (3) Subnormal numbers; inputs are
 * uniform in [-1, 1], and the gradients that backward adds into grow linearly with the calls
 * (far from overflow in any run) rather than shrinking. (4) Running with {@code
 * -Dskipline.vectorBits=scalar}, which turns {@code impl=vector} into the scalar path; the fork
 * prints the width it ran at.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector",
    "-XX:ObjectAlignmentInBytes=64"})
public class ConvolutionBenchmark {

  /** Images per call: a common CIFAR mini-batch split across a few cores, or one core's batch. */
  static final int BATCH = 32;

  /** Where the tensors start in their arrays: {@link Simd#ALIGNED_START}. */
  private static final int A = Simd.ALIGNED_START;

  /** Kernel size R. */
  private static final int R = 3;

  /** {@code K * C * R * R * P * Q} for every stage: 16*16*9*32*32 = 32*32*9*16*16 = 64*64*9*8*8. */
  static final int MULTIPLY_ADDS_PER_IMAGE = 2_359_296;

  /** FLOPs of one forward call: 2 per multiply-add. */
  static final int FORWARD_FLOPS = 2 * BATCH * MULTIPLY_ADDS_PER_IMAGE;

  /** FLOPs of one backward call: the weight gradient and the input gradient, each a forward. */
  static final int BACKWARD_FLOPS = 2 * FORWARD_FLOPS;

  /** Stage 1, 2 or 3 of a CIFAR ResNet: 16 channels at 32x32, 32 at 16x16, 64 at 8x8. */
  @Param({"1", "2", "3"})
  public int stage;

  /** {@code vector}: {@link Conv2d#forward}; {@code scalar}: {@link Conv2d#forwardScalar}. */
  @Param({"vector", "scalar"})
  public String impl;

  private int channels;
  private int size;
  private boolean scalar;
  private float[] in;
  private float[] weights;
  private float[] out;
  private float[] dOut;
  private float[] dIn;
  private float[] dWeights;
  private float[] col;

  @Setup(Level.Trial)
  public void setUp() {
    channels = 16 << (stage - 1);
    size = 32 >> (stage - 1);
    scalar = switch (impl) {
      case "vector" -> false;
      case "scalar" -> true;
      default -> throw new IllegalArgumentException("impl is '" + impl + "', not vector or scalar");
    };
    int p = Conv2d.outputSize(size, R, 1, 1);
    long multiplyAdds = (long) channels * channels * R * R * p * p;
    if (multiplyAdds != MULTIPLY_ADDS_PER_IMAGE) {
      throw new IllegalStateException(
          "stage " + stage + " does " + multiplyAdds + " multiply-adds per image but the"
              + " benchmark counts " + MULTIPLY_ADDS_PER_IMAGE);
    }
    Random random = new Random(42);
    int image = channels * size * size;
    // Tensors from Simd.ALIGNED_START, and room to start the lowering there, as in a network's
    // buffers: their rows start cache lines.
    in = Inputs.uniform(random, A + BATCH * image);
    weights = Inputs.uniform(random, channels * channels * R * R);
    dOut = Inputs.uniform(random, A + BATCH * channels * p * p);
    out = new float[A + BATCH * channels * p * p];
    dIn = new float[A + BATCH * image];
    dWeights = new float[weights.length];
    col = new float[A + Conv2d.workspaceFloats(channels, size, size, R, 1, 1)];
    Environment.report("ConvolutionBenchmark " + impl, scalar ? 0 : Simd.BITS);
  }

  /** out = conv(in, w) on the whole batch; the output array is the result. */
  @Benchmark
  @OperationsPerInvocation(FORWARD_FLOPS)
  public float[] forward() {
    if (scalar) {
      Conv2d.forwardScalar(
          out, A, in, A, weights, 0, col, A, BATCH, channels, size, size, channels, R, 1, 1);
    } else {
      Conv2d.forward(
          out, A, in, A, weights, 0, col, A, BATCH, channels, size, size, channels, R, 1, 1);
    }
    return out;
  }

  /**
   * dW += dL/dW and dIn = dL/dIn on the whole batch, as in training, where a convolution is the
   * first layer of the backward pass to write its input's gradient unless the input also feeds
   * a shortcut.
   */
  @Benchmark
  @OperationsPerInvocation(BACKWARD_FLOPS)
  public float[] backward() {
    if (scalar) {
      Conv2d.backwardScalar(
          dIn, A, false, dWeights, 0, dOut, A, in, A, weights, 0, col, A, BATCH, channels, size,
          size, channels, R, 1, 1);
    } else {
      Conv2d.backward(
          dIn, A, false, dWeights, 0, dOut, A, in, A, weights, 0, col, A, BATCH, channels, size,
          size, channels, R, 1, 1);
    }
    return dWeights;
  }
}
