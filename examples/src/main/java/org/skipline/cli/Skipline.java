package org.skipline.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import org.skipline.data.ClassNames;
import org.skipline.data.DataSources;
import org.skipline.data.Normalization;
import org.skipline.data.Splits;
import org.skipline.io.Safetensors;
import org.skipline.io.SafetensorsException;
import org.skipline.io.Texts;
import org.skipline.kernels.Simd;
import org.skipline.plan.Parameter;
import org.skipline.plan.Plan;
import org.skipline.plan.Shape;
import org.skipline.runtime.Network;
import org.skipline.train.Checkpoints;
import org.skipline.train.Evaluation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code skipline} command line: one subcommand per task, as the README documents. */
@Command(
    name = "skipline",
    mixinStandardHelpOptions = true,
    version = "skipline 0.1.0",
    description = "Residual networks compiled to Java: list, initialise, run and differentiate.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
        "0:success",
        "1:the work failed: a file missing, unreadable or of the wrong kind, data or weights that"
            + " do not fit the model, not enough memory, or a training run that diverged",
        "2:bad usage: an unknown option, or a value that does not parse or is out of range",
        "130:train was interrupted (Ctrl-C) and wrote a checkpoint; continue with --resume"},
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
        AblateCommand.class,
        SignalCommand.class,
    })
public final class Skipline {

  private Skipline() {}

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status (0 on success). */
  public static int run(String... args) {
    try {
      Network.requireVectorModule();
    } catch (IllegalStateException e) {
      System.err.println("skipline: " + e.getMessage());
      return 1;
    }
    CommandLine cli = new CommandLine(new Skipline());
    // An option given twice takes its last value, so scripts can set defaults users override.
    cli.setOverwrittenOptionsAllowed(true);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      String message = switch (e) {
        case CliException c -> c.getMessage();
        case SafetensorsException s -> s.getMessage();
        case IllegalArgumentException i -> i.getMessage();
        case FileSystemException f -> f.getFile() + ": " + Texts.reason(f);
        case IOException io -> io.getMessage();
        default -> null;
      };
      PrintWriter err = commandLine.getErr();
      if (message != null) {
        err.println("skipline: " + bounded(message));
      } else {
        err.println("skipline: unexpected failure, please report it with this trace:");
        e.printStackTrace(err);
      }
      err.flush();
      return 1;
    });
    cli.setParameterExceptionHandler((e, arguments) -> {
      PrintWriter err = e.getCommandLine().getErr();
      err.println("skipline: " + bounded(e.getMessage()) + " (see "
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

  /** Longest message printed: a file's own words are abbreviated, this bounds the rest. */
  private static final int MAX_MESSAGE = 1000;

  private static String bounded(String message) {
    return Texts.abbreviate(String.valueOf(message).replace('\n', ' '), MAX_MESSAGE);
  }

  /**
   * A bad option value, reported like one that does not parse: one line and exit status 2.
   * Thrown from a command's {@code call}, picocli hands it to the parameter exception handler.
   */
  static CommandLine.ParameterException usage(CommandSpec spec, String format, Object... args) {
    return new CommandLine.ParameterException(spec.commandLine(), String.format(format, args));
  }

  /** Checks that {@code count} values fit one Java array and the heap, naming the option. */
  static void checkAllocation(CommandSpec spec, String option, long count, String what) {
    if (count > MAX_ARRAY) {
      throw usage(spec, "%s asks for %s: %,d values, more than one Java array holds (%,d)",
          option, what, count, MAX_ARRAY);
    }
    long heap = Runtime.getRuntime().maxMemory();
    if (4 * count > heap) {
      throw new CliException(String.format(
          "%s asks for %s: %,d MB, but the JVM may use only %,d MB; ask for less, or raise the"
              + " heap with SKIPLINE_JAVA_OPTS=-Xmx...", option, what, 4 * count >> 20,
          heap >> 20));
    }
  }

  /** The longest array a JVM allocates, a few below Integer.MAX_VALUE. */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  /**
   * The constant of {@code type} named {@code value}, case-insensitively, or a conversion error
   * that lists the names (exit status 2).
   *
   * @param what the kind of thing named, with its article: "a schedule"
   */
  static <E extends Enum<E>> E choice(Class<E> type, String value, String what) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value)) {
        return constant;
      }
    }
    List<String> names = java.util.Arrays.stream(type.getEnumConstants())
        .map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList();
    throw new CommandLine.TypeConversionException(String.format("'%s' is not %s; use %s",
        Texts.abbreviate(value), what, String.join(" or ", names)));
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
      List<Models.Model> all = Models.all();
      // Columns as wide as their longest entry, so long names and variants stay aligned.
      int name = Math.max(4, all.stream().mapToInt(m -> m.name().length()).max().orElse(0));
      int variant = Math.max(7,
          all.stream().mapToInt(m -> m.plan().variantName().length()).max().orElse(0));
      String header = "%-" + name + "s %5s  %-10s  %-" + variant + "s %11s %15s %16s %16s%n";
      String row = "%-" + name + "s %5d  %-10s  %-" + variant + "s %,11d %,15d %,16d %,16d%n";
      System.out.printf(java.util.Locale.ROOT, header, "name", "depth", "unit", "variant",
          "parameters", "mult-adds/img", "train bytes/img", "infer bytes/img");
      for (Models.Model m : all) {
        Plan p = m.plan();
        System.out.printf(java.util.Locale.ROOT, row, m.name(), p.spec().depth(),
            p.unit().name().toLowerCase(java.util.Locale.ROOT), p.variantName(),
            p.parameterCount(), p.multiplyAdds(), p.trainingBytesPerImage(),
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

    @Option(names = {"--output", "--out"}, required = true, paramLabel = "W.safetensors",
        description = "File to write the weights to.")
    Path output;

    @Option(names = "--seed", defaultValue = "0",
        description = "Seed of the random weights (default 0).")
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

    @Spec CommandSpec spec;

    @Option(names = "--batch", defaultValue = "8", paramLabel = "N",
        description = "Images in the batch (default 8).")
    int batch;

    @Option(names = {"--output", "--out"}, required = true, paramLabel = "X.safetensors",
        description = "File to write the batch to.")
    Path output;

    @Option(names = "--seed", defaultValue = "0",
        description = "Seed of the images and labels (default 0).")
    long seed;

    @Override
    public Integer call() throws IOException {
      if (batch < 1) {
        throw usage(spec, "--batch must be at least 1, got %d", batch);
      }
      Plan plan = Models.find(model.model).plan();
      Shape s = plan.input().shape();
      checkAllocation(spec, "--batch " + batch, (long) batch * s.size(),
          batch + " images of " + s);
      Random random = new Random(seed);
      float[] images = new float[batch * s.size()];
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

  /**
   * Reads the tensor {@code input} and checks it against the model's input shape.
   *
   * @return {@code [N,C,H,W]} values, all finite
   */
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
    if (shape[0] > plan.maxBatch()) {
      throw new SafetensorsException(String.format(
          "%s: tensor 'input' holds %d images, more than %s can run at once (%d)", file.file(),
          shape[0], plan.spec().name(), plan.maxBatch()));
    }
    float[] images = file.floats("input");
    for (int i = 0; i < images.length; i++) {
      if (!Float.isFinite(images[i])) {
        throw new SafetensorsException(String.format(
            "%s: tensor 'input' holds %s in image %d (at index %d); inputs must be finite",
            file.file(), images[i], i / s.size(), i));
      }
    }
    return images;
  }

  /**
   * Reads a weights file: exported weights, or a training checkpoint, whose digest is checked and
   * whose momentum is ignored.
   */
  static Safetensors readWeights(Path weights) throws IOException {
    Safetensors file = Safetensors.read(weights);
    return Checkpoints.isCheckpoint(file) ? Checkpoints.verify(file) : file;
  }

  /** Builds the network for {@code batch} images and loads the weights into it. */
  static Network loadNetwork(ModelOptions options, Safetensors weights, int batch,
      boolean training) throws IOException {
    Network net = Models.find(options.model).network(batch, options.engine, training);
    net.loadWeights(weights);
    return net;
  }

  /** How a forward pass normalises: with running statistics, or with the batch's own. */
  enum Mode {
    EVAL, TRAIN
  }

  /** Accepts {@code eval} and {@code train}, case-insensitively. */
  static final class ModeConverter implements CommandLine.ITypeConverter<Mode> {
    @Override
    public Mode convert(String value) {
      try {
        return Mode.valueOf(value.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "'" + Texts.abbreviate(value) + "' is not a mode; use eval or train");
      }
    }
  }

  @Command(name = "infer", mixinStandardHelpOptions = true,
      description = "Classifies images, the batch 'input' of a safetensors file or image files"
          + " (PNG, JPEG, GIF, BMP), and prints each image's most probable classes; with"
          + " --output, also writes the logits [N,classes].")
  static final class InferCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @CommandLine.Mixin ModelOptions model = new ModelOptions();

    @Option(names = "--weights", required = true, paramLabel = "W.safetensors",
        description = "Weights (from init, train, export or PyTorch) or a training checkpoint.")
    Path weights;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Images images;

    /** Where the images come from: one of the two. */
    static final class Images {
      @Option(names = "--input", required = true, paramLabel = "X.safetensors",
          description = "A batch: tensor 'input' [N,C,H,W], already normalised.")
      Path input;

      @Option(names = "--image", required = true, arity = "1..*", paramLabel = "IMAGE",
          description = "Image files, scaled to the model's input size (grey for one channel)"
              + " and normalised as the weights' training data was.")
      List<Path> files;
    }

    @Option(names = {"--output", "--out"}, paramLabel = "Y.safetensors",
        description = "Also write the logits [N,classes] to this file.")
    Path output;

    @Option(names = "--mode", defaultValue = "eval", paramLabel = "eval|train",
        converter = ModeConverter.class,
        description = "eval (default): running statistics; train: the batch's own statistics.")
    Mode mode;

    @Option(names = "--top", defaultValue = "3", paramLabel = "K",
        description = "Classes shown per image (default 3).")
    int top;

    @Option(names = "--data", paramLabel = "SOURCE",
        description = "Data set whose training split normalises --image files and whose class"
            + " names are shown, for weights that do not record them (train's do).")
    String data;

    @Option(names = "--tta", description = "Average the logits of each image and its mirror"
        + " image (test-time augmentation).")
    boolean testTimeMirror;

    /** Predictions printed for a batch file; the rest are in --output. */
    private static final int MAX_SHOWN = 20;

    @Override
    public Integer call() throws IOException {
      if (top < 1) {
        throw usage(spec, "--top must be at least 1, got %d", top);
      }
      Plan plan = Models.find(model.model).plan();
      Safetensors weightsFile = readWeights(weights);
      Splits splits = data == null ? null : DataSources.load(data);
      float[] batch;
      List<String> labels = new ArrayList<>();
      if (images.input != null) {
        batch = readImages(Safetensors.read(images.input), plan);
      } else {
        checkAllocation(spec, "--image", (long) images.files.size() * plan.input().shape().size(),
            images.files.size() + " images");
        Normalization norm = Normalization.fromMetadata(weightsFile.metadata())
            .or(() -> Optional.ofNullable(splits).map(d -> Normalization.of(d.train())))
            .orElseThrow(() -> new CliException(weights + " does not record how its training"
                + " images were normalised (weights written by train do); give --data SOURCE to"
                + " normalise with that data set's training split"));
        batch = ImageFiles.read(images.files, plan.input().shape(), norm);
        images.files.forEach(f -> labels.add(f.getFileName().toString()));
      }
      Shape shape = plan.input().shape();
      int n = batch.length / shape.size();
      int classes = plan.spec().classes();
      Network net = loadNetwork(model, weightsFile, n, mode == Mode.TRAIN);
      float[] logits;
      if (testTimeMirror) {
        logits = Evaluation.mirroredLogits(net, batch, n, shape.channels(), shape.height(),
            shape.width(), mode == Mode.TRAIN);
      } else {
        net.forward(batch, n, mode == Mode.TRAIN);
        logits = net.logits();
      }
      if (output != null) {
        new Safetensors.Writer()
            .putFloats("logits", new long[] {n, classes}, logits, 0)
            .write(output);
      }
      List<String> names = ClassNames.of(weightsFile.metadata().get("data"), classes)
          .or(() -> Optional.ofNullable(data).flatMap(d -> ClassNames.of(d, classes)))
          .orElse(null);
      int shown = output == null || images.input == null ? n : Math.min(n, MAX_SHOWN);
      for (int i = 0; i < shown; i++) {
        String label = labels.isEmpty() ? "image " + i : labels.get(i);
        System.out.println(label + ": " + Predictions.top(logits, i * classes, classes, top,
            names));
      }
      if (shown < n) {
        System.out.printf("... and %d more images%n", n - shown);
      }
      if (output != null) {
        System.out.printf("wrote %s: logits [%d,%d] (%s mode%s, %s engine, %s)%n", output, n,
            classes, mode.name().toLowerCase(java.util.Locale.ROOT),
            testTimeMirror ? " averaged with the mirror images" : "",
            model.engine.name().toLowerCase(java.util.Locale.ROOT),
            Simd.BITS == 0 ? "scalar kernels" : Simd.BITS + "-bit vectors");
      }
      return 0;
    }
  }

  @Command(name = "grad", mixinStandardHelpOptions = true,
      description = "Training-mode forward and backward on the batch 'input' with 'labels';"
          + " writes 'loss', 'logits' and 'grad.<name>' for every trainable parameter.")
  static final class GradCommand implements Callable<Integer> {
    @CommandLine.Mixin ModelOptions model = new ModelOptions();

    @Option(names = "--weights", required = true, paramLabel = "W.safetensors",
        description = "Weights (from init, train, export or PyTorch) or a training checkpoint.")
    Path weights;

    @Option(names = "--input", required = true, paramLabel = "X.safetensors",
        description = "A batch: tensor 'input' [N,C,H,W] and tensor 'labels' (I64, [N]).")
    Path input;

    @Option(names = {"--output", "--out"}, required = true, paramLabel = "G.safetensors",
        description = "File to write the loss, logits and gradients to.")
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
      Network net = loadNetwork(model, readWeights(weights), n, true);
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
