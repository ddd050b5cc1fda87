package org.skipline.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.skipline.examples.PreActResNet1001Network;
import org.skipline.examples.PreActResNet110Network;
import org.skipline.examples.PreActResNet164Network;
import org.skipline.examples.PreActResNet20Network;
import org.skipline.examples.PreActResNet56Network;
import org.skipline.kernels.Simd;
import org.skipline.plan.Plan;
import org.skipline.runtime.Interpreter;
import org.skipline.runtime.Network;
import org.skipline.runtime.Parallel;

/**
 * A whole network: a training step and an inference pass of the pre-activation ResNets of depth
 * 20, 56, 110, 164 and 1001 on CIFAR-sized images, run by the class the processor generated, by
 * the {@link Interpreter} walking the same plan, or by the generated class on the scalar
 * reference kernels. Worker threads follow {@code -Dskipline.threads} (default: one per core).
 *
 * <p>What it measures: {@link #trainingStep} is what a training loop does per batch: forward in
 * training mode, loss, zero the gradients, backward, one SGD step with momentum and weight decay.
 * {@link #inference} is a forward pass in evaluation mode (running batch-norm statistics). The
 * primary score is steps (calls) per second. The batch is a parameter, so
 * {@code @OperationsPerInvocation} cannot carry it; instead an {@link AuxCounters} counter adds
 * {@code batch} per call and JMH reports it as the secondary result {@code :images}, already in
 * images per second (it equals the primary score times {@code batch}). For FLOP/s, multiply
 * images/s by 2 * multiply-adds per image (printed by each fork and in the generated class's
 * Javadoc) for inference, and by about three times that for training, whose backward does the
 * weight gradient and the input gradient of every convolution (the stem needs no input gradient).
 *
 * <p>What would make it wrong: (1) allocation or construction inside the measured call; the
 * network allocates every buffer in its constructor, once per trial, and a step allocates
 * nothing ({@link Network#logits()} copies {@code batch * 10} floats, negligible). (2) A training
 * run that has learned its one fixed batch: the loss falls towards zero, the gradients towards
 * subnormal numbers, which some cores handle slowly. The weights are re-initialised before every
 * iteration, and {@link #checkLoss} fails the run if the last loss of an iteration is not finite
 * or below {@value #MIN_LOSS}. (3) Results nobody reads: both methods return a value of the pass,
 * which JMH consumes. (4) Too little memory: ResNet-164 holds 51 MB of activations and their
 * gradients per image in training, 6.5 GB at batch 128, and ResNet-1001 307 MB; the fork's heap
 * is set to 16 GB, and a combination that does not fit fails in its setup with a message saying
 * how much it needs, rather than by running out of memory midway. The fork asks for transparent
 * huge pages, as bin/skipline does where the kernel offers them (where it does not, the JVM says
 * so in one warning and runs on small pages).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector",
    "-XX:ObjectAlignmentInBytes=64", "-XX:+UseTransparentHugePages", "-Xmx16g"})
public class NetworkBenchmark {

  /**
   * Momentum and weight decay are He et al.'s; the rate is 100 times smaller than their 0.1 so that
   * one iteration cannot memorise the fixed batch (at 0.01, ResNet-20 at batch 1 drove the loss to
   * 4e-4 within 3 s). The rate does not change the arithmetic of a step.
   */
  private static final float LEARNING_RATE = 0.001f;

  private static final float MOMENTUM = 0.9f;

  private static final float WEIGHT_DECAY = 1e-4f;

  /** A loss below this on random labels means the batch was memorised; see the class comment. */
  static final double MIN_LOSS = 1e-3;

  /** The network, by the name of its spec. */
  @Param({"PreActResNet20", "PreActResNet56", "PreActResNet110", "PreActResNet164",
      "PreActResNet1001"})
  public String network;

  /** Images per call; the network's buffers hold exactly this many. */
  @Param({"1", "32", "128"})
  public int batch;

  /**
   * {@code generated}: the class the processor wrote; {@code interpreter}: {@link Interpreter};
   * {@code scalar}: the generated class with every kernel's scalar twin ({@code
   * -Dskipline.vectorBits=scalar}, set in the fork before any kernel class loads).
   */
  @Param({"generated", "interpreter", "scalar"})
  public String engine;

  private Network net;
  private float[] images;
  private int[] labels;
  private double lastLoss;

  /**
   * Images processed in the current iteration. JMH divides an {@link AuxCounters} counter of type
   * {@code OPERATIONS} by the iteration's time, so the {@code :images} line is images per second.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Images {
    /** Images since the start of the iteration. */
    public long images;

    /** JMH does not reset counters itself. */
    @Setup(Level.Iteration)
    public void reset() {
      images = 0;
    }
  }

  /** A generated class: its plan and its constructor taking the batch capacity. */
  private record Compiled(Plan plan, IntFunction<Network> create) {}

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams benchmark) {
    if (engine.equals("scalar")) {
      System.setProperty(Simd.PROPERTY, "scalar");
    }
    Compiled compiled = switch (network) {
      case "PreActResNet20" ->
          new Compiled(PreActResNet20Network.PLAN, PreActResNet20Network::new);
      case "PreActResNet56" ->
          new Compiled(PreActResNet56Network.PLAN, PreActResNet56Network::new);
      case "PreActResNet110" ->
          new Compiled(PreActResNet110Network.PLAN, PreActResNet110Network::new);
      case "PreActResNet164" ->
          new Compiled(PreActResNet164Network.PLAN, PreActResNet164Network::new);
      case "PreActResNet1001" ->
          new Compiled(PreActResNet1001Network.PLAN, PreActResNet1001Network::new);
      default -> throw new IllegalArgumentException("network is '" + network
          + "', not PreActResNet20, PreActResNet56, PreActResNet110, PreActResNet164 or"
          + " PreActResNet1001");
    };
    if (engine.equals("scalar") != Simd.SCALAR) {
      throw new IllegalStateException("engine " + engine + " but " + Simd.PROPERTY + " is "
          + System.getProperty(Simd.PROPERTY) + "; pass it on the command line instead");
    }
    Plan plan = compiled.plan();
    // An evaluation pass runs image by image and holds far less than a training step.
    boolean training = !benchmark.getBenchmark().endsWith(".inference");
    long needed = training
        ? plan.trainingBytes(batch) : plan.evaluationBytes(batch, Parallel.THREADS);
    if (needed > Runtime.getRuntime().maxMemory() * 9 / 10) {
      throw new IllegalStateException(String.format("%s at batch %d needs %,d MB to %s and"
              + " the heap holds %,d MB", network, batch, needed >> 20,
          training ? "train" : "evaluate", Runtime.getRuntime().maxMemory() >> 20));
    }
    net = switch (engine) {
      case "generated", "scalar" -> compiled.create().apply(batch);
      case "interpreter" -> new Interpreter(plan, batch);
      default -> throw new IllegalArgumentException(
          "engine is '" + engine + "', not generated, interpreter or scalar");
    };
    Random random = new Random(42);
    int classes = plan.logits().shape().channels();
    images = new float[batch * plan.input().shape().size()];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextGaussian();
    }
    labels = new int[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = random.nextInt(classes);
    }
    Environment.report("NetworkBenchmark " + network + " " + engine, Simd.BITS);
    System.out.printf("# %s: %,d multiply-adds per image%n", network, plan.multiplyAdds());
  }

  /** Fresh weights and momentum for each iteration, so no iteration trains for long. */
  @Setup(Level.Iteration)
  public void initialize() {
    net.initialize(Network.DEFAULT_SEED);
    lastLoss = Double.NaN;
  }

  /** Fails the run if training degenerated during the iteration; see the class comment. */
  @TearDown(Level.Iteration)
  public void checkLoss() {
    if (!Double.isNaN(lastLoss) && !(Double.isFinite(lastLoss) && lastLoss >= MIN_LOSS)) {
      throw new IllegalStateException(
          "the last training loss of the iteration was " + lastLoss + "; the measurement may"
              + " include subnormal arithmetic, lower the learning rate or shorten iterations");
    }
  }

  /**
   * One SGD step on the fixed batch.
   *
   * @return the batch's loss before the step
   */
  @Benchmark
  public double trainingStep(Images counter) {
    net.forward(images, batch, true);
    double loss = net.loss(labels);
    net.zeroGradients();
    net.backward();
    net.sgdStep(LEARNING_RATE, MOMENTUM, WEIGHT_DECAY, false);
    lastLoss = loss;
    counter.images += batch;
    return loss;
  }

  /**
   * A forward pass in evaluation mode.
   *
   * @return the logits, {@code [batch, 10]}
   */
  @Benchmark
  public float[] inference(Images counter) {
    net.forward(images, batch, false);
    counter.images += batch;
    return net.logits();
  }
}
