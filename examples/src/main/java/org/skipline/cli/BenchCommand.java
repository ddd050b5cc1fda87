package org.skipline.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.skipline.io.Texts;
import org.skipline.kernels.Simd;
import org.skipline.runtime.Network;
import org.skipline.runtime.Parallel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skipline bench}: images per second of full training steps or of inference, after
 * warm-up, on a synthetic batch. A quick measurement for the command line; the JMH benchmarks in
 * {@code benchmarks/} are the careful one.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Times training steps (forward, backward, SGD update) or inference after"
        + " warm-up; prints the median of the timed rounds; last line 'images/s: <number>'.")
final class BenchCommand implements Callable<Integer> {

  @Mixin Skipline.ModelOptions model = new Skipline.ModelOptions();

  @Spec CommandSpec spec;

  @Option(names = "--batch", defaultValue = "32", paramLabel = "B",
      description = "Images per step (default 32).")
  int batch;

  @Option(names = "--mode", required = true, paramLabel = "train|infer",
      converter = BenchModeConverter.class,
      description = "train: full training steps; infer (or eval): evaluation-mode forward"
          + " passes.")
  Skipline.Mode mode;

  @Option(names = "--threads", paramLabel = "T",
      description = "Worker threads (default: one per core; at most "
          + Parallel.MAX_THREADS + ").")
  Integer threads;

  @Option(names = "--layers", arity = "0..1", fallbackValue = "kind", paramLabel = "BY",
      converter = LayerRowsConverter.class,
      description = "With --mode train: also print where the step's time goes, by kind of layer"
          + " (--layers, or --layers kind) or by kind and shape (--layers shape) and pass, and"
          + " the convolutions' GFLOP/s; runs the interpreted engine, which makes the generated"
          + " class's calls, with a clock read after each.")
  LayerTimes.Rows layers;

  @Option(names = "--seconds", defaultValue = "10",
      description = "Seconds of timed rounds after as many seconds of warm-up (default 10).")
  double seconds;

  /** {@code train}, or {@code infer} and its synonym {@code eval}, as infer's --mode says. */
  static final class BenchModeConverter implements CommandLine.ITypeConverter<Skipline.Mode> {
    @Override
    public Skipline.Mode convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "train" -> Skipline.Mode.TRAIN;
        case "infer", "eval" -> Skipline.Mode.EVAL;
        default -> throw new CommandLine.TypeConversionException(
            "'" + Texts.abbreviate(value) + "' is not a mode; use train or infer");
      };
    }
  }

  /** {@code kind} or {@code shape}, what --layers tells apart. */
  static final class LayerRowsConverter implements CommandLine.ITypeConverter<LayerTimes.Rows> {
    @Override
    public LayerTimes.Rows convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "kind" -> LayerTimes.Rows.KIND;
        case "shape" -> LayerTimes.Rows.SHAPE;
        default -> throw new CommandLine.TypeConversionException(
            "'" + Texts.abbreviate(value) + "' is not a way to group layers; use kind or shape");
      };
    }
  }

  @Override
  public Integer call() {
    if (batch < 1) {
      throw Skipline.usage(spec, "--batch must be at least 1, got %d", batch);
    }
    if (!(seconds > 0) || seconds > 86_400) {
      throw Skipline.usage(spec, "--seconds must be more than 0 and at most 86400, got %s",
          seconds);
    }
    if (threads != null) {
      if (threads < 1 || threads > Parallel.MAX_THREADS) {
        throw Skipline.usage(spec, "--threads must be from 1 to %d, got %d",
            Parallel.MAX_THREADS, threads);
      }
      // Read once, when the worker pool is created by the first network below.
      System.setProperty("skipline.threads", Integer.toString(threads));
    }
    boolean train = mode == Skipline.Mode.TRAIN;
    if (layers != null && !train) {
      throw Skipline.usage(spec, "--layers times the calls of training steps; use it with"
          + " --mode train");
    }
    Models.Model m = Models.find(model.model);
    LayerTimes times = layers == null ? null : new LayerTimes(m.plan(), batch, layers);
    Models.Engine engine = layers == null ? model.engine : Models.Engine.INTERPRETED;
    Network net = m.network(batch, engine, train, times);
    Random random = new Random(1);
    float[] images = new float[batch * m.plan().input().shape().size()];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextGaussian();
    }
    int[] labels = new int[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = random.nextInt(m.plan().spec().classes());
    }
    boolean[] timed = {false};
    Runnable step = train
        ? () -> {
          if (times != null) {
            times.startStep(timed[0]);
          }
          net.forward(images, batch, true);
          net.loss(labels);
          net.zeroGradients();
          if (times != null) {
            times.startPass();
          }
          net.backward();
          // A tiny rate keeps the weights, and so the work per step, the same throughout.
          net.sgdStep(1e-6f, 0.9f, 1e-4f, false);
          if (times != null) {
            times.endStep();
          }
        }
        : () -> net.forward(images, batch, false);

    long warmupEnd = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < warmupEnd) {
      step.run();
    }
    timed[0] = true;
    double[] rounds = new double[16];
    int count = 0;
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (count < rounds.length && (count < 3 || System.nanoTime() < end)) {
      long start = System.nanoTime();
      step.run();
      rounds[count++] = batch / ((System.nanoTime() - start) / 1e9);
    }
    double[] measured = Arrays.copyOf(rounds, count);
    Arrays.sort(measured);
    double median = measured[count / 2];
    System.out.printf(Locale.ROOT, "%s %s, batch %d, %s engine, %d threads, %s, %d rounds:"
            + " min %.1f, median %.1f, max %.1f images/s; %.1f GFLOP/s%n",
        m.name(), train ? "train" : "infer", batch,
        engine.name().toLowerCase(Locale.ROOT), Parallel.THREADS,
        Simd.BITS == 0 ? "scalar kernels" : Simd.BITS + "-bit vectors", count, measured[0],
        median, measured[count - 1],
        (train ? 6.0 : 2.0) * m.plan().multiplyAdds() * median / 1e9);
    if (times != null) {
      System.out.print(times.table());
    }
    System.out.printf(Locale.ROOT, "images/s: %.1f%n", median);
    return 0;
  }
}
