package org.skipline.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.skipline.kernels.BatchNorm;
import org.skipline.kernels.Gemm;
import org.skipline.kernels.Residual;
import org.skipline.kernels.Simd;

/**
 * The kernels besides the convolution, on one core, at the shapes of pre-activation ResNet-164's
 * first stage: the matrix products a bottleneck unit's convolutions lower to, and the memory-bound
 * passes (batch norm, residual addition) around them.
 *
 * <p>What it measures: {@link #gemm} runs one product of the shape {@code gemm} names (variant,
 * then M x N x K) and counts 2 * M * N * K FLOPs in the {@code :flops} counter, which JMH divides
 * by time in nanoseconds: GFLOP/s, to be read against {@link FmaPeak}. The other methods count the
 * bytes their pass must read and write at least once ({@code :bytes}, GB/s), the figure that
 * bounds a pass that does a few operations per value: batch norm's training forward reads its
 * input twice (sums, normalisation; the first image once more for the pivot, not counted) and
 * writes once; its backward reads the output gradient and the input twice and writes the input
 * gradient; the residual addition reads two operands and writes one.
 *
 * <p>What would make it wrong: (1) results nobody reads: every kernel writes into arrays held by
 * this state. (2) Counting a pass's bytes as fewer than it moves would flatter it; the counts are
 * the passes the kernels make, as listed above. (3) A working set that fits a cache the real
 * network's does not: the batch-norm tensors are 32 images of 64 channels at 32x32, 8 MB each, as
 * in the network, so they stream from memory as there.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector",
    "-XX:ObjectAlignmentInBytes=64"})
public class KernelBenchmark {

  /** Where the tensors start in their arrays: {@link Simd#ALIGNED_START}. */
  private static final int A = Simd.ALIGNED_START;

  private static final int N = 32;
  private static final int C = 64;
  private static final int HW = 32 * 32;

  private float[] x;
  private float[] y;
  private float[] dy;
  private float[] dx;
  private float[] params;
  private float[] grads;
  private float[] stats;
  private float[] running;

  /**
   * The operands of one matrix product: a state of its own, so that only {@link #gemm} has the
   * {@code gemm} parameter.
   */
  @State(Scope.Thread)
  public static class Product {
    /**
     * Variant and M x N x K of a product in ResNet-164's first stage: {@code nn} forward 1x1
     * 64->16, 3x3 16->16 and 1x1 16->64; {@code lanes} ({@link Gemm#ntLanes}) the weight
     * gradient of the 3x3 as the convolution sums it, and {@code nn} the same transposed, as it
     * did before; {@code tn} input gradient of the 1x1 64->16; {@code nt} weight gradient of a
     * 1x1 16->64 with too few pixels for lane sums.
     */
    @Param({"nn:16x1024x64", "nn:16x1024x144", "nn:64x1024x16", "lanes:16x144x1024",
        "nn:144x16x1024", "tn:64x1024x16", "nt:64x16x1024"})
    public String gemm;

    String variant;
    int m;
    int n;
    int k;
    float[] a;
    float[] b;
    float[] c;

    @Setup(Level.Trial)
    public void setUp() {
      String[] parts = gemm.split("[:x]");
      variant = parts[0];
      m = Integer.parseInt(parts[1]);
      n = Integer.parseInt(parts[2]);
      k = Integer.parseInt(parts[3]);
      Random random = new Random(42);
      // The operands from Simd.ALIGNED_START, as in a network's buffers, where rows start cache
      // lines; ntLanes keeps a vector of lane sums per element of C, from index 0.
      a = Inputs.uniform(random, A + m * k);
      b = Inputs.uniform(random, A + k * n);
      c = new float[A + m * n * (variant.equals("lanes") ? Simd.SPECIES.length() : 1)];
    }
  }

  /** FLOPs or bytes done in the current iteration; see the class comment. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Work {
    /** 2 per multiply-add of {@link #gemm}. */
    public long flops;
    /** Bytes the memory-bound passes must move. */
    public long bytes;

    /** JMH does not reset counters itself. */
    @Setup(Level.Iteration)
    public void reset() {
      flops = 0;
      bytes = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(42);
    int len = A + N * C * HW;
    x = Inputs.uniform(random, len);
    y = new float[len];
    dy = Inputs.uniform(random, len);
    dx = new float[len];
    params = Inputs.uniform(random, 2 * C);
    grads = new float[2 * C];
    stats = new float[2 * C];
    running = new float[2 * C];
    Environment.report("KernelBenchmark", Simd.BITS);
  }

  /** One product of the {@code gemm} shape, added into C. */
  @Benchmark
  public float[] gemm(Product p, Work work) {
    switch (p.variant) {
      case "nn" -> Gemm.nn(p.c, A, p.a, A, p.b, A, p.m, p.n, p.k);
      case "tn" -> Gemm.tn(p.c, A, p.a, A, p.b, A, p.m, p.n, p.k);
      case "nt" -> Gemm.nt(p.c, A, p.a, A, p.b, A, p.m, p.n, p.k);
      case "lanes" -> Gemm.ntLanes(p.c, p.a, A, 0, p.b, A, 0, p.m, p.n, p.k, 1);
      default -> throw new IllegalArgumentException("variant " + p.variant);
    }
    work.flops += 2L * p.m * p.n * p.k;
    return p.c;
  }

  /** Batch norm with ReLU, training mode: two reads and one write of the tensor. */
  @Benchmark
  public float[] batchNormForwardTraining(Work work) {
    BatchNorm.forwardTraining(y, A, stats, 0, running, 0, x, A, params, 0, C, N, C, HW, true, 0, C);
    work.bytes += 4L * 3 * N * C * HW;
    return y;
  }

  /**
   * Batch norm with ReLU, backward, overwriting dx as the network does where a convolution's
   * output has no other reader: output gradient and input read twice, dx written.
   */
  @Benchmark
  public float[] batchNormBackward(Work work) {
    BatchNorm.backward(dx, A, false, grads, 0, C, dy, A, x, A, stats, 0, params, 0, C, N, C, HW,
        true, 0, C);
    work.bytes += 4L * 5 * N * C * HW;
    return dx;
  }

  /** Residual addition: two reads and one write. */
  @Benchmark
  public float[] residualForward(Work work) {
    Residual.forward(y, A, x, A, dy, A, N * C * HW, false);
    work.bytes += 4L * 3 * N * C * HW;
    return y;
  }
}
