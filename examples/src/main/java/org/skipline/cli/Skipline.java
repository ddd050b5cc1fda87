package org.skipline.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Callable;
import org.skipline.io.Safetensors;
import org.skipline.io.SafetensorsException;
import org.skipline.kernels.Simd;
import org.skipline.plan.Parameter;
import org.skipline.plan.Plan;
import org.skipline.plan.Shape;
import org.skipline.runtime.Network;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code skipline} command line: one subcommand per task, as the README documents. */
@Command(
    name = "skipline",
    mixinStandardHelpOptions = true,
    version = "skipline 0.1.0",
    description = "Residual networks compiled to Java: list, initialise, run and differentiate.",
    subcommands = {
        Skipline.ModelsCommand.class,
        Skipline.InitCommand.class,
        Skipline.SynthCommand.class,
        Skipline.InferCommand.class,
        Skipline.GradCommand.class,
        TrainCommand.class,
        EvalCommand.class,
        ExportCommand.class,
        BenchCommand.class,
    })
public final class Skipline {

  private Skipline() {}

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status (0 on success). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Skipline());
    // An option given twice takes its last value, so scripts can set defaults users override.
    cli.setOverwrittenOptionsAllowed(true);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      switch (e) {
        case CliException c -> err.println("skipline: " + c.getMessage());
        case SafetensorsException s -> err.println("skipline: " + s.getMessage());
        case IllegalArgumentException i -> err.println("skipline: " + i.getMessage());
        case java.nio.file.NoSuchFileException f ->
            err.println("skipline: no such file: " + f.getFile());
        case java.nio.file.AccessDeniedException f ->
            err.println("skipline: permission denied: " + f.getFile());
        case IOException io -> err.println("skipline: " + io.getMessage());
        default -> {
          err.println("skipline: unexpected failure, please report it with this trace:");
          e.printStackTrace(err);
        }
      }
      err.flush();
      return 1;
    });
    cli.setParameterExceptionHandler((e, arguments) -> {
      PrintWriter err = e.getCommandLine().getErr();
      err.println("skipline: " + e.getMessage() + " (see "
          + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
      err.flush();
      return 2;
    });
    try {
      return cli.execute(args);
    } catch (ExceptionInInitializerError e) {
      // A bad -Dskipline.vectorBits or -Dskipline.threads, found when the kernels first load.
      Throwable cause = e.getCause() == null ? e : e.getCause();
      System.err.println("skipline: " + cause.getMessage());
      return 1;
    } catch (OutOfMemoryError e) {
      System.err.println("skipline: out of memory (" + e.getMessage() + "); use a smaller batch"
          + " or raise the heap with SKIPLINE_JAVA_OPTS=-Xmx...");
      return 1;
    }
  }

  /** Options that pick a model and how to run it. */
  static final class ModelOptions {
    @Option(names = "--model", required = true, paramLabel = "MODEL",
        description = "Simple name of a compiled spec (see 'models') or fully qualified name of"
            + " a class annotated with @ResNet.")
    String model;

    @Option(names = "--engine", defaultValue = "generated", paramLabel = "ENGINE",
        description = "generated (default) or interpreted.",
        converter = EngineConverter.class)
    Models.Engine engine;
  }

  /** Accepts {@code generated} and {@code interpreted}, case-insensitively. */
  static final class EngineConverter implements CommandLine.ITypeConverter<Models.Engine> {
    @Override
    public Models.Engine convert(String value) {
      try {
        return Models.Engine.valueOf(value.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not an engine; use generated or interpreted");
      }
    }
  }

  @Command(name = "models", mixinStandardHelpOptions = true,
      description = "Lists the compiled networks with their sizes and costs.")
  static final class ModelsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
      System.out.printf("%-18s %5s  %-10s  %-19s %11s %15s %16s %16s%n", "name", "depth",
          "unit", "variant", "parameters", "mult-adds/img", "train bytes/img",
          "infer bytes/img");
      for (Models.Model m : Models.all()) {
        Plan p = m.plan();
        System.out.printf("%-18s %5d  %-10s  %-19s %,11d %,15d %,16d %,16d%n", m.name(),
            p.spec().depth(), p.unit().name().toLowerCase(java.util.Locale.ROOT),
            p.variantName(), p.parameterCount(), p.multiplyAdds(), p.trainingBytesPerImage(),
            p.inferenceBytesPerImage());
      }
      return 0;
    }
  }

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = "Writes freshly initialised weights (He initialisation, as the authors'"
          + " code) under the PyTorch names.")
  static final class InitCommand implements Callable<Integer> {
    @CommandLine.Mixin ModelOptions model = new ModelOptions();

    @Option(names = "--output", required = true, paramLabel = "W.safetensors")
    Path output;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Override
    public Integer call() throws IOException {
      Network net = Models.find(model.model).network(1, model.engine, false);
      net.initialize(seed);
      net.writeWeights(new Safetensors.Writer()).write(output);
      System.out.printf("wrote %s: %,d parameters of %s%n", output,
          net.plan().parameterCount(), net.plan().spec().name());
      return 0;
    }
  }

  @Command(name = "synth", mixinStandardHelpOptions = true,
      description = "Writes a synthetic batch: tensor 'input' [N,C,H,W] from N(0,1) and tensor"
          + " 'labels' [N].")
  static final class SynthCommand implements Callable<Integer> {
    @CommandLine.Mixin ModelOptions model = new ModelOptions();

    @Option(names = "--batch", defaultValue = "8", paramLabel = "N")
    int batch;

    @Option(names = "--output", required = true, paramLabel = "X.safetensors")
    Path output;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Override
    public Integer call() throws IOException {
      if (batch < 1) {
        throw new CliException("--batch must be at least 1, got " + batch);
      }
      Plan plan = Models.find(model.model).plan();
      Shape s = plan.input().shape();
      Random random = new Random(seed);
      float[] images = new float[Math.multiplyExact(batch, s.size())];
      for (int i = 0; i < images.length; i++) {
        images[i] = (float) random.nextGaussian();
      }
      long[] labels = new long[batch];
      for (int i = 0; i < batch; i++) {
        labels[i] = random.nextInt(plan.spec().classes());
      }
      new Safetensors.Writer()
          .putFloats("input", new long[] {batch, s.channels(), s.height(), s.width()}, images,
              0)
          .putLongs("labels", new long[] {batch}, labels)
          .write(output);
      System.out.printf("wrote %s: %d images %s with labels%n", output, batch, s);
      return 0;
    }
  }

  /** Reads the tensor {@code input} and checks it against the model's input shape. */
  static float[] readImages(Safetensors file, Plan plan) throws SafetensorsException {
    Shape s = plan.input().shape();
    if (!file.contains("input")) {
      throw new SafetensorsException(file.file() + " has no tensor 'input' [N,"
          + s.channels() + "," + s.height() + "," + s.width() + "]");
    }
    long[] shape = file.shape("input");
    if (shape.length != 4 || shape[0] < 1 || shape[1] != s.channels() || shape[2] != s.height()
        || shape[3] != s.width()) {
      throw new SafetensorsException(String.format(
          "%s: tensor 'input' has shape %s, but %s expects [N,%d,%d,%d] with N >= 1",
          file.file(), java.util.Arrays.toString(shape), plan.spec().name(), s.channels(),
          s.height(), s.width()));
    }
    return file.floats("input");
  }

  /** Builds the network for {@code batch} images and loads the weights file into it. */
  static Network loadNetwork(ModelOptions options, Path weights, int batch, boolean training)
      throws IOException {
    Network net = Models.find(options.model).network(batch, options.engine, training);
    net.loadWeights(Safetensors.read(weights));
    return net;
  }

  @Command(name = "infer", mixinStandardHelpOptions = true,
      description = "Writes the logits [N,classes] of the batch 'input' in the input file.")
  static final class InferCommand implements Callable<Integer> {
    @CommandLine.Mixin ModelOptions model = new ModelOptions();

    @Option(names = "--weights", required = true, paramLabel = "W.safetensors")
    Path weights;

    @Option(names = "--input", required = true, paramLabel = "X.safetensors")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "Y.safetensors")
    Path output;

    @Option(names = "--mode", defaultValue = "eval", paramLabel = "eval|train",
        description = "eval (default): running statistics; train: batch statistics.")
    String mode;

    @Override
    public Integer call() throws IOException {
      if (!mode.equals("eval") && !mode.equals("train")) {
        throw new CliException("--mode must be eval or train, got '" + mode + "'");
      }
      Plan plan = Models.find(model.model).plan();
      Safetensors batchFile = Safetensors.read(input);
      float[] images = readImages(batchFile, plan);
      int n = (int) batchFile.shape("input")[0];
      Network net = loadNetwork(model, weights, n, mode.equals("train"));
      net.forward(images, n, mode.equals("train"));
      new Safetensors.Writer()
          .putFloats("logits", new long[] {n, plan.spec().classes()}, net.logits(), 0)
          .write(output);
      System.out.printf("wrote %s: logits [%d,%d] (%s mode, %s engine, %s)%n", output, n,
          plan.spec().classes(), mode, model.engine.name().toLowerCase(java.util.Locale.ROOT),
          Simd.BITS == 0 ? "scalar kernels" : Simd.BITS + "-bit vectors");
      return 0;
    }
  }

  @Command(name = "grad", mixinStandardHelpOptions = true,
      description = "Training-mode forward and backward on the batch 'input' with 'labels';"
          + " writes 'loss', 'logits' and 'grad.<name>' for every trainable parameter.")
  static final class GradCommand implements Callable<Integer> {
    @CommandLine.Mixin ModelOptions model = new ModelOptions();

    @Option(names = "--weights", required = true, paramLabel = "W.safetensors")
    Path weights;

    @Option(names = "--input", required = true, paramLabel = "X.safetensors")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "G.safetensors")
    Path output;

    @Override
    public Integer call() throws IOException {
      Plan plan = Models.find(model.model).plan();
      Safetensors batchFile = Safetensors.read(input);
      float[] images = readImages(batchFile, plan);
      int n = (int) batchFile.shape("input")[0];
      if (!batchFile.contains("labels")) {
        throw new CliException(input + " has no tensor 'labels' (I64, [" + n + "])");
      }
      long[] labelShape = batchFile.shape("labels");
      if (labelShape.length != 1 || labelShape[0] != n) {
        throw new CliException(String.format(
            "%s: tensor 'labels' has shape %s, expected [%d] to match 'input'", input,
            java.util.Arrays.toString(labelShape), n));
      }
      int[] labels = batchFile.labels("labels");
      for (int i = 0; i < n; i++) {
        if (labels[i] < 0 || labels[i] >= plan.spec().classes()) {
          throw new CliException(String.format(
              "%s: labels[%d] = %d is outside [0, %d) for %s", input, i, labels[i],
              plan.spec().classes(), plan.spec().name()));
        }
      }
      Network net = loadNetwork(model, weights, n, true);
      net.forward(images, n, true);
      double loss = net.loss(labels);
      net.zeroGradients();
      net.backward();
      Safetensors.Writer out = new Safetensors.Writer()
          .putScalar("loss", (float) loss)
          .putFloats("logits", new long[] {n, plan.spec().classes()}, net.logits(), 0);
      for (Parameter p : plan.parameters()) {
        out.putFloats("grad." + p.name(), p.shapeArray(), net.gradient(p), 0);
      }
      out.write(output);
      System.out.printf("wrote %s: loss %.6f, logits and %d gradients%n", output, loss,
          plan.parameters().size());
      return 0;
    }
  }
}
