package org.skipline.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
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
import org.skipline.examples.PreActResNet164Network;
import org.skipline.examples.PreActResNet20Network;
import org.skipline.kernels.Simd;
import org.skipline.plan.NormState;
import org.skipline.plan.Plan;
import org.skipline.plan.Shape;
import org.skipline.runtime.Network;
import org.skipline.runtime.OnnxExport;
import org.skipline.runtime.Parallel;

/**
 * Latency of one evaluation-mode forward pass of the same network with the same weights, run by
 * Skipline's generated class or by ONNX Runtime on the model {@link OnnxExport} wrote: milliseconds
 * per call at batch 1 and 64. Both use the same number of threads: Skipline its worker team
 * ({@link Parallel#THREADS}, one per core unless {@code -Dskipline.threads} says otherwise), ONNX
 * Runtime as many intra-op threads, one inter-op thread, sequential execution and every graph
 * optimisation it offers.
 *
 * <p>What would make it wrong: (1) work outside the pass in the measured call; the input tensor
 * and the session are built once per trial, and each call only runs the session and closes its
 * result (or runs the network's forward pass). (2) Different work: both run the network {@link
 * OnnxExport} describes, with batch norms that are not the identity (random scales and shifts,
 * running statistics from training-mode passes), and the setup checks that the two agree on the
 * logits within 1e-4 relative before timing anything. (3) Results nobody reads: each call returns a logit, which JMH
 * consumes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector",
    "-XX:ObjectAlignmentInBytes=64", "-Xmx8g", "--enable-native-access=ALL-UNNAMED"})
public class OnnxRuntimeBenchmark {

  /** The network, by the name of its spec. */
  @Param({"PreActResNet20", "PreActResNet164"})
  public String network;

  /** Images per call. */
  @Param({"1", "64"})
  public int batch;

  /** {@code skipline}: the generated class; {@code onnxruntime}: ONNX Runtime on the export. */
  @Param({"skipline", "onnxruntime"})
  public String engine;

  private Network net;
  private float[] images;
  private OrtSession session;
  private OnnxTensor input;

  @Setup(Level.Trial)
  public void setUp() throws OrtException {
    IntFunction<Network> create = switch (network) {
      case "PreActResNet20" -> PreActResNet20Network::new;
      case "PreActResNet164" -> PreActResNet164Network::new;
      default -> throw new IllegalArgumentException(
          "network is '" + network + "', not PreActResNet20 or PreActResNet164");
    };
    net = create.apply(batch);
    Plan plan = net.plan();
    setTrainedLookingNorms(create, plan);
    Shape shape = plan.input().shape();
    Random random = new Random(43);
    images = new float[batch * shape.size()];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextGaussian();
    }

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(Parallel.THREADS);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session = env.createSession(OnnxExport.toBytes(net, network), options);
    }
    input = OnnxTensor.createTensor(env, FloatBuffer.wrap(images),
        new long[] {batch, shape.channels(), shape.height(), shape.width()});
    checkAgreement();
    Environment.report("OnnxRuntimeBenchmark " + network + " " + engine, Simd.BITS);
    System.out.printf("# ONNX Runtime %s, %d intra-op threads; Skipline %d worker threads%n",
        env.getVersion(), Parallel.THREADS, Parallel.THREADS);
  }

  /**
   * Random BN scales and shifts, and running statistics that training-mode passes over random
   * images leave, as training does (random statistics alone make a deep pre-activation network's
   * activations grow unit after unit). The passes run on a copy for two images, so that the
   * measured network never allocates its training buffers.
   */
  private void setTrainedLookingNorms(IntFunction<Network> create, Plan plan) {
    Network calibration = create.apply(2);
    Random random = new Random(42);
    for (NormState norm : plan.norms()) {
      float[] scale = new float[norm.channels()];
      float[] shift = new float[norm.channels()];
      for (int c = 0; c < norm.channels(); c++) {
        scale[c] = 0.5f + random.nextFloat();
        shift[c] = (float) (0.1 * random.nextGaussian());
      }
      net.setParameter(norm.weight(), scale);
      net.setParameter(norm.bias(), shift);
      calibration.setParameter(norm.weight(), scale);
      calibration.setParameter(norm.bias(), shift);
    }
    float[] batchOfTwo = new float[2 * plan.input().shape().size()];
    for (int pass = 0; pass < 30; pass++) {
      for (int i = 0; i < batchOfTwo.length; i++) {
        batchOfTwo[i] = (float) random.nextGaussian();
      }
      calibration.forward(batchOfTwo, 2, true);
    }
    for (NormState norm : plan.norms()) {
      net.setRunningStatistics(norm, calibration.runningMean(norm),
          calibration.runningVariance(norm));
    }
  }

  /** Fails the trial unless both engines give the same logits, within 1e-4 relative. */
  private void checkAgreement() throws OrtException {
    net.forward(images, batch, false);
    float[] expected = net.logits();
    try (OrtSession.Result result = session.run(Map.of("input", input))) {
      float[][] actual = (float[][]) result.get(0).getValue();
      double largest = 0;
      double worst = 0;
      int classes = actual[0].length;
      for (int i = 0; i < batch; i++) {
        for (int k = 0; k < classes; k++) {
          largest = Math.max(largest, Math.abs(expected[i * classes + k]));
          worst = Math.max(worst, Math.abs(expected[i * classes + k] - actual[i][k]));
        }
      }
      if (worst > 1e-4 * largest) {
        throw new IllegalStateException(String.format("ONNX Runtime's logits differ from"
            + " Skipline's by %.3g, the largest logit being %.4g", worst, largest));
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws OrtException {
    input.close();
    session.close();
  }

  /**
   * One forward pass in evaluation mode.
   *
   * @return the first logit
   */
  @Benchmark
  public float forward() throws OrtException {
    if (engine.equals("skipline")) {
      net.forward(images, batch, false);
      return net.logits()[0];
    }
    try (OrtSession.Result result = session.run(Map.of("input", input))) {
      return ((float[][]) result.get(0).getValue())[0][0];
    }
  }
}
