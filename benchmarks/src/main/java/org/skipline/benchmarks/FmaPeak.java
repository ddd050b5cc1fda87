package org.skipline.benchmarks;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.skipline.kernels.Simd;

/**
 * The single-precision fused multiply-add peak of one core through the Vector API: the ceiling
 * that {@link ConvolutionBenchmark} and {@link NetworkBenchmark} are read against.
 *
 * <p>What it measures: {@value #ACCUMULATORS} independent chains {@code acc = x * y + acc} of
 * vectors of {@link Simd#SPECIES} (the width the kernels use, {@code -Dskipline.vectorBits}), in a
 * loop. One chain alone would measure the FMA latency (about 4 cycles on recent AMD and Intel
 * cores), not its throughput: with two FMA pipes a core needs at least 8 chains in flight, and 12
 * leave margin while still fitting in the 16 vector registers of AVX2 next to {@code x} and {@code
 * y}.
 *
 * <p>How to read the score: the loop of every invocation performs exactly
 * {@value #FLOPS_PER_INVOCATION} floating-point operations (an FMA counts as two, a multiply and
 * an add, the convention of vendors' peak figures and of {@link ConvolutionBenchmark}). The trip
 * count is derived from the lane count so the total is the same at every width, and
 * {@link OperationsPerInvocation} carries it, so the score in ops/s is FLOP/s: ops/ns reads
 * directly as GFLOP/s.
 *
 * <p>What would make it wrong: (1) accumulators the JIT can see as constants, so it folds the
 * loop; they start from a {@link State} field and the result is returned, so JMH consumes it. (2)
 * Subnormal values, which some cores handle slowly; {@code x * y} is about 1e-3 and the sums only
 * grow. (3) Too few chains, which measures latency; raise {@value #ACCUMULATORS} and watch the
 * score stop growing. (4) A species the JIT does not see as a constant, which is 20-40 times
 * slower; {@link #SPECIES} is {@code static final}. (5) A core shared with other work: this
 * measures one thread on one core, and a busy sibling hyper-thread or neighbour lowers it.
 *
 * <p>With {@code -Dskipline.vectorBits=scalar} the kernels run scalar, but this benchmark still
 * uses vectors of the preferred width: it measures the hardware, not the kernels.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector",
    "-XX:ObjectAlignmentInBytes=64"})
public class FmaPeak {

  private static final VectorSpecies<Float> SPECIES = Simd.SPECIES;

  /** Independent FMA chains; see the class comment for why 12. */
  static final int ACCUMULATORS = 12;

  /**
   * FLOPs of one invocation: 2 per lane per FMA, 12 chains, 16 lanes (512 bits) for 4096 rounds.
   * Its factor 16 * 4096 is divisible by 4, 8 and 16 lanes, so {@link #ROUNDS} is exact at 128,
   * 256 and 512 bits; about 20 us per invocation keeps JMH's per-call overhead negligible.
   */
  static final int FLOPS_PER_INVOCATION = 2 * ACCUMULATORS * 16 * 4096;

  /** Loop trips per invocation at the chosen width, a constant to the JIT. */
  private static final int ROUNDS = FLOPS_PER_INVOCATION / (2 * ACCUMULATORS * SPECIES.length());

  /** Starting value of the accumulators, a field so the JIT cannot fold the chains. */
  private float start;

  /** Multiplicands, fields for the same reason. */
  private float x;

  private float y;

  @Setup(Level.Trial)
  public void setUp() {
    if (ROUNDS * 2 * ACCUMULATORS * SPECIES.length() != FLOPS_PER_INVOCATION) {
      throw new IllegalStateException(
          "FmaPeak counts " + FLOPS_PER_INVOCATION + " FLOPs per invocation, which "
              + SPECIES.length() + " lanes do not divide evenly; change the constant");
    }
    start = 1f;
    x = 0.03125f;
    y = 0.03125f;
    Environment.report("FmaPeak", SPECIES.vectorBitSize());
  }

  /**
   * Runs {@value #ACCUMULATORS} FMA chains for {@link #ROUNDS} rounds.
   *
   * @return the sum of every lane of every chain, consumed by JMH
   */
  @Benchmark
  @OperationsPerInvocation(FLOPS_PER_INVOCATION)
  public float fma() {
    FloatVector vx = FloatVector.broadcast(SPECIES, x);
    FloatVector vy = FloatVector.broadcast(SPECIES, y);
    FloatVector a0 = FloatVector.broadcast(SPECIES, start);
    FloatVector a1 = a0.add(1f);
    FloatVector a2 = a0.add(2f);
    FloatVector a3 = a0.add(3f);
    FloatVector a4 = a0.add(4f);
    FloatVector a5 = a0.add(5f);
    FloatVector a6 = a0.add(6f);
    FloatVector a7 = a0.add(7f);
    FloatVector a8 = a0.add(8f);
    FloatVector a9 = a0.add(9f);
    FloatVector a10 = a0.add(10f);
    FloatVector a11 = a0.add(11f);
    for (int i = 0; i < ROUNDS; i++) {
      a0 = vx.fma(vy, a0);
      a1 = vx.fma(vy, a1);
      a2 = vx.fma(vy, a2);
      a3 = vx.fma(vy, a3);
      a4 = vx.fma(vy, a4);
      a5 = vx.fma(vy, a5);
      a6 = vx.fma(vy, a6);
      a7 = vx.fma(vy, a7);
      a8 = vx.fma(vy, a8);
      a9 = vx.fma(vy, a9);
      a10 = vx.fma(vy, a10);
      a11 = vx.fma(vy, a11);
    }
    FloatVector sum =
        a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10)
            .add(a11);
    return sum.reduceLanes(VectorOperators.ADD);
  }
}
