package org.skipline.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.skipline.data.DataSources;
import org.skipline.data.RandomErasing;
import org.skipline.data.Splits;
import org.skipline.io.AtomicFile;
import org.skipline.runtime.Network;
import org.skipline.train.Checkpoints;
import org.skipline.train.Recipe;
import org.skipline.train.RunLock;
import org.skipline.train.Shards;
import org.skipline.train.StepEngine;
import org.skipline.train.Trainer;
import org.skipline.train.WholeBatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skipline train}: a named recipe (the paper's, or every switch on) whose values single
 * options override, on a data source, resumable and observable.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Trains with a recipe scaled to E epochs. --recipe paper (the default) is the"
        + " paper's: SGD with momentum 0.9, weight decay 1e-4, learning rate 0.1 divided by 10"
        + " at 50%% and 75%% of training, pad-4 crop and flip augmentation. --recipe best adds"
        + " Nesterov momentum, weight decay 5e-4, a cosine schedule after a linear warm-up,"
        + " label smoothing, random erasing, a moving average of the weights and test-time"
        + " mirroring. Any option below overrides the recipe's value, wherever it stands."
        + " Writes DIR/metrics.csv, DIR/steps.csv, DIR/metrics.png, DIR/checkpoints/ and"
        + " DIR/final.safetensors. Ctrl-C writes a checkpoint and exits with status 130. One run"
        + " at a time trains into a folder.")
final class TrainCommand implements Callable<Integer> {

  @Mixin Skipline.ModelOptions model = new Skipline.ModelOptions();

  @Option(names = "--data", required = true, paramLabel = "SOURCE",
      description = "fashion-mnist, fashion-mnist:DIR, cifar10:DIR, cifar100:DIR or synthetic.")
  String data;

  @Option(names = "--epochs", required = true, paramLabel = "E",
      description = "Passes over the training set.")
  int epochs;

  @Option(names = "--batch", defaultValue = "128", paramLabel = "B",
      description = "Images per step (default 128).")
  int batch;

  @Option(names = {"--output", "--out"}, required = true, paramLabel = "DIR",
      description = "Folder for metrics, checkpoints and the final weights.")
  Path out;

  @Option(names = "--resume", description = "Continue from the newest intact checkpoint in DIR.")
  boolean resume;

  /** The named recipes of {@code --recipe}. */
  enum RecipeName {
    PAPER, BEST
  }

  @Option(names = "--recipe", defaultValue = "paper", paramLabel = "paper|best",
      converter = RecipeNameConverter.class,
      description = "The values every option below starts from: paper (default) or best.")
  RecipeName recipeName;

  // The options below are null unless given, so that the recipe's value stands.

  @Option(names = "--lr", paramLabel = "RATE",
      description = "Learning rate after warm-up (0.1; He et al. 2016).")
  Float learningRate;

  @Option(names = "--momentum", description = "SGD momentum (0.9).")
  Float momentum;

  @Option(names = "--nesterov", negatable = true,
      description = "Nesterov momentum, as the authors' code (--no-nesterov: classical; paper:"
          + " off, best: on).")
  Boolean nesterov;

  @Option(names = "--weight-decay", paramLabel = "WD",
      description = "L2 weight decay (paper: 1e-4, best: 5e-4).")
  Float weightDecay;

  @Option(names = "--schedule", paramLabel = "step|cosine|linear",
      converter = ScheduleConverter.class,
      description = "How the rate falls after warm-up: step (paper: divided by 10 at"
          + " --decay-at), cosine (best: to zero, Loshchilov and Hutter 2017) or linear (to"
          + " zero).")
  Recipe.Schedule schedule;

  @Option(names = "--decay-at", split = ",", paramLabel = "F,F",
      description = "Fractions of training after which the step schedule divides the rate by 10"
          + " (0.5,0.75).")
  List<Double> decayAt;

  @Option(names = "--warmup-steps", paramLabel = "N",
      description = "Warm-up steps before the schedule (paper: 0, its ResNet-110 400; best:"
          + " 400).")
  Integer warmupSteps;

  @Option(names = "--warmup-lr", paramLabel = "RATE",
      description = "Rate of the warm-up, or where a linear warm-up starts (0.01).")
  Float warmupRate;

  @Option(names = "--warmup", paramLabel = "constant|linear", converter = WarmupConverter.class,
      description = "constant (paper: --warmup-lr throughout) or linear (best: from --warmup-lr"
          + " up to --lr, Goyal et al. 2017).")
  Recipe.Warmup warmup;

  @Option(names = "--no-augment", description = "No padding, cropping or flipping.")
  Boolean noAugment;

  @Option(names = "--label-smoothing", paramLabel = "E",
      description = "Share of each target spread over all classes, in [0, 1) (paper: 0, best:"
          + " 0.1; Szegedy et al. 2016). The training loss reported is the smoothed one; the"
          + " test loss is plain cross-entropy.")
  Float labelSmoothing;

  @Option(names = "--erasing", paramLabel = "P",
      description = "Probability of erasing a random rectangle of a training image (paper: 0,"
          + " best: 0.5; Zhong et al. 2020).")
  Double erasingProbability;

  @Option(names = "--erasing-area", split = ",", paramLabel = "MIN,MAX",
      description = "Shares of the image's area that an erased rectangle covers (0.02,0.4).")
  List<Double> erasingArea;

  @Option(names = "--erasing-aspect", split = ",", paramLabel = "MIN,MAX",
      description = "Height-to-width ratios of an erased rectangle (0.3,3.333).")
  List<Double> erasingAspect;

  @Option(names = "--ema", paramLabel = "DECAY",
      description = "Decay of a moving average of the weights and batch-norm statistics that"
          + " the test evaluations and final.safetensors use; 0 for none (paper: 0, best:"
          + " 0.999; Polyak and Juditsky 1992).")
  Float emaDecay;

  @Option(names = "--tta", negatable = true,
      description = "Test evaluations average the logits of each image and its mirror image"
          + " (paper: off, best: on).")
  Boolean testTimeMirror;

  @Option(names = "--seed",
      description = "Seed of the weights, data order and augmentation (default 0).")
  Long seed;

  @Option(names = "--checkpoint-minutes", defaultValue = "5",
      description = "Minutes between checkpoints within an epoch (default 5; 0 for none).")
  double checkpointMinutes;

  @Option(names = "--checkpoint-steps", defaultValue = "0",
      description = "Steps between checkpoints within an epoch (0 for none).")
  int checkpointSteps;

  @Option(names = "--keep", defaultValue = "3",
      description = "Newest checkpoints to keep (default 3).")
  int keep;

  @Option(names = "--shards", paramLabel = "W",
      description = "Split each step's batch into W shards, each normalised by its own batch"
          + " norm and computed on one thread, their gradients summed in shard order (as the"
          + " paper's two GPUs each normalised half the batch); the bits depend on W alone.")
  Integer shards;

  @Option(names = "--spark", paramLabel = "MASTER",
      description = "Compute the shards on Spark: local[W] (threads of this JVM),"
          + " local-cluster[W,1,MB] (W executor JVMs on this machine) or a cluster's master."
          + " Same bits as --shards W.")
  String spark;

  @Option(names = "--sync-every", paramLabel = "K", defaultValue = "1",
      description = "With --shards or --spark: the shards take K local SGD steps each between"
          + " synchronisations, which average their weights, momentum and batch-norm statistics"
          + " in shard order (default 1: every step, by their gradients).")
  int syncEvery;

  @Option(names = "--workers", paramLabel = "W",
      description = "Shards on Spark, one per task (default: the W of a local master).")
  Integer workers;

  @Spec CommandSpec spec;

  /**
   * The recipe this command line asks for: the named recipe's values, each replaced by its
   * option where one was given, whatever the order on the command line.
   *
   * @throws picocli.CommandLine.ParameterException for a value out of range (exit status 2)
   */
  Recipe recipe() {
    try {
      Recipe base = recipeName == RecipeName.BEST ? Recipe.best(epochs, batch)
          : Recipe.paper(epochs, batch);
      RandomErasing erasing = new RandomErasing(
          or(erasingProbability, base.erasing().probability()),
          range("--erasing-area", erasingArea, 0, base.erasing().minArea()),
          range("--erasing-area", erasingArea, 1, base.erasing().maxArea()),
          range("--erasing-aspect", erasingAspect, 0, base.erasing().minAspect()),
          range("--erasing-aspect", erasingAspect, 1, base.erasing().maxAspect()));
      return new Recipe(epochs, batch, or(learningRate, base.learningRate()),
          or(momentum, base.momentum()), or(nesterov, base.nesterov()),
          or(weightDecay, base.weightDecay()), or(decayAt, base.decayAt()), base.decayFactor(),
          or(warmupSteps, base.warmupSteps()), or(warmupRate, base.warmupRate()),
          noAugment == null ? base.augment() : !noAugment, or(seed, base.seed()),
          checkpointMinutes, checkpointSteps, keep, or(schedule, base.schedule()),
          or(warmup, base.warmup()), or(labelSmoothing, base.labelSmoothing()), erasing,
          or(emaDecay, base.emaDecay()), or(testTimeMirror, base.testTimeMirror()));
    } catch (IllegalArgumentException e) {
      throw Skipline.usage(spec, "%s", e.getMessage());
    }
  }

  /** The option's value if it was given, else the recipe's. */
  private static <T> T or(T option, T recipe) {
    return option == null ? recipe : option;
  }

  /** Bound {@code index} (0 lower, 1 upper) of a MIN,MAX option, or the recipe's. */
  private double range(String option, List<Double> values, int index, double recipe) {
    if (values == null) {
      return recipe;
    }
    if (values.size() != 2) {
      throw Skipline.usage(spec, "%s takes two numbers, MIN,MAX; got %d", option,
          values.size());
    }
    return values.get(index);
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    Recipe recipe = recipe();
    checkShards(recipe);
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new CliException(String.format("--output %s is a file, but training writes a folder"
          + " (checkpoints, metrics and final weights); name a folder", out));
    }
    Models.Model m = Models.find(model.model);
    Splits splits = DataSources.load(data);
    m.checkData(data, splits);
    Network net = m.network(batch, model.engine, true);
    Files.createDirectories(out);
    try (RunLock _ = RunLock.acquire(out)) {
      AtomicFile.removeTemporaries(out);
      if (spark == null) {
        return train(m, net, splits, recipe, shards == null ? WholeBatch.FACTORY
            : Shards.factory(shards, syncEvery), stop -> { });
      }
      try (SparkTraining cluster = SparkTraining.open(spark, m.name())) {
        return train(m, net, splits, recipe,
            cluster.engines(sparkWorkers(cluster), syncEvery, data), cluster::beforeSparkStops);
      }
    }
  }

  /** The shards of a run on Spark: --workers, or --shards, or the W of a local master. */
  private int sparkWorkers(SparkTraining cluster) {
    if (workers != null && shards != null && !workers.equals(shards)) {
      throw Skipline.usage(spec, "--workers %d and --shards %d disagree; on Spark each worker"
          + " computes one shard", workers, shards);
    }
    int w = workers != null ? workers : shards != null ? shards : cluster.localWorkers();
    if (w < 1) {
      throw Skipline.usage(spec, "--spark %s needs --workers W, the number of shards", spark);
    }
    return w;
  }

  /** Checks the options that split a step, before anything is loaded. */
  private void checkShards(Recipe recipe) {
    for (Integer w : new Integer[] {shards, workers}) {
      if (w != null) {
        try {
          Shards.check(recipe.batch(), w, Integer.MAX_VALUE);
        } catch (IllegalArgumentException e) {
          throw Skipline.usage(spec, "%s", e.getMessage());
        }
      }
    }
    if (workers != null && spark == null) {
      throw Skipline.usage(spec, "--workers goes with --spark; on this machine use --shards");
    }
    if (syncEvery < 1) {
      throw Skipline.usage(spec, "--sync-every must be at least 1 step, got %d", syncEvery);
    }
    if (syncEvery > 1 && shards == null && spark == null) {
      throw Skipline.usage(spec, "--sync-every goes with --shards or --spark");
    }
  }

  /** The run itself, while this process holds the folder. */
  private int train(Models.Model m, Network net, Splits splits, Recipe recipe,
      StepEngine.Factory engines, java.util.function.Consumer<Runnable> alsoAtShutdown)
      throws IOException {
    Progress progress = new Progress(out, m.name(), resume);
    Trainer trainer;
    try {
      trainer = new Trainer(net, m.specClass().getName(), splits.train(), splits.test(), recipe,
          out, progress, engines);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }

    CountDownLatch finished = new CountDownLatch(1);
    Runnable stop = () -> {
      trainer.requestStop();
      try {
        finished.await(2, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    Thread hook = new Thread(stop, "skipline-stop");
    alsoAtShutdown.accept(stop);
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Trainer.Outcome outcome = trainer.run(resume);
      progress.finish();
      if (!outcome.completed()) {
        System.err.printf("stopped at step %d; a checkpoint is in %s; continue with --resume%n",
            outcome.globalStep(), out.resolve("checkpoints"));
        return 130;
      }
      Path last = out.resolve("final.safetensors");
      trainer.export(last);
      System.out.printf("wrote %s%n", last);
      outcome.last().ifPresent(e -> System.out.printf(Locale.ROOT, "accuracy: %.4f%n",
          e.testAccuracy()));
      return 0;
    } catch (Trainer.DivergedException | Checkpoints.NonFiniteStateException e) {
      progress.finish();
      throw new CliException(e.getMessage());
    } catch (IllegalArgumentException e) {
      // The engine's checks of the split against the data (too few images for the shards).
      progress.finish();
      throw new CliException(e.getMessage());
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already stopping (Ctrl-C); the hook has done its work.
      }
    }
  }

  /** Accepts a recipe's name, case-insensitively. */
  static final class RecipeNameConverter implements CommandLine.ITypeConverter<RecipeName> {
    @Override
    public RecipeName convert(String value) {
      return Skipline.choice(RecipeName.class, value, "a recipe");
    }
  }

  /** Accepts a schedule's name, case-insensitively. */
  static final class ScheduleConverter implements CommandLine.ITypeConverter<Recipe.Schedule> {
    @Override
    public Recipe.Schedule convert(String value) {
      return Skipline.choice(Recipe.Schedule.class, value, "a schedule");
    }
  }

  /** Accepts a warm-up's name, case-insensitively. */
  static final class WarmupConverter implements CommandLine.ITypeConverter<Recipe.Warmup> {
    @Override
    public Recipe.Warmup convert(String value) {
      return Skipline.choice(Recipe.Warmup.class, value, "a warm-up");
    }
  }

  /**
   * Draws the progress line, and keeps metrics.csv, steps.csv and metrics.png up to date.
   */
  static final class Progress implements Trainer.Listener {
    private final Path out;
    private final String title;
    private final boolean terminal = System.console() != null;
    private final PrintStream screen = System.out;
    private final List<Trainer.EpochResult> epochs = new ArrayList<>();
    private long lastPrint;
    private boolean lineOpen;

    Progress(Path out, String title, boolean resume) throws IOException {
      this.out = out;
      this.title = title;
      Path csv = out.resolve("metrics.csv");
      if (resume && Files.isRegularFile(csv)) {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); i++) {
          try {
            epochs.add(parse(lines.get(i)));
          } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            warning(String.format("%s: line %d is not a row of metrics and is dropped", csv,
                i + 1));
          }
        }
      }
    }

    @Override
    public void started(Checkpoints.Position position, long totalSteps) {
      if (position.globalStep() == totalSteps) {
        screen.printf("the run in %s is already finished (%d steps)%n", out, totalSteps);
      } else if (position.globalStep() > 0) {
        screen.printf("resuming at epoch %d, step %d (%d of %d steps done)%n",
            position.epoch() + 1, position.stepInEpoch(), position.globalStep(), totalSteps);
      }
      // Epochs after the checkpoint will be trained again; forget their rows. Written only
      // now, once the trainer has accepted the folder, so a refused run leaves it untouched.
      epochs.removeIf(e -> e.epoch() > position.epoch());
      try {
        writeCsv();
      } catch (IOException ex) {
        warning("could not write metrics.csv: " + ex.getMessage());
      }
    }

    @Override
    public void step(Trainer.Progress p) {
      long now = System.nanoTime();
      boolean last = p.step() == p.stepsPerEpoch();
      if (!last && now - lastPrint < (terminal ? 200_000_000L : 30_000_000_000L)) {
        return;
      }
      lastPrint = now;
      int width = 24;
      int filled = (int) ((long) width * p.step() / p.stepsPerEpoch());
      String line = String.format(Locale.ROOT,
          "epoch %d/%d [%s%s] step %d/%d  %.0f img/s  loss %.4f  acc %.4f  lr %.4g  left %s",
          p.epoch(), p.epochs(), "=".repeat(filled), " ".repeat(width - filled), p.step(),
          p.stepsPerEpoch(), p.imagesPerSecond(), p.loss(), p.accuracy(), p.learningRate(),
          duration(p.secondsLeft()));
      if (terminal) {
        screen.print("\r" + line);
        lineOpen = true;
      } else {
        screen.println(line);
      }
    }

    @Override
    public void epoch(Trainer.EpochResult e, Trainer.History history) {
      closeLine();
      screen.printf(Locale.ROOT,
          "epoch %d: train loss %.4f acc %.4f | test loss %.4f acc %.4f | %.0f img/s, %s%n",
          e.epoch(), e.trainLoss(), e.trainAccuracy(), e.testLoss(), e.testAccuracy(),
          e.imagesPerSecond(), duration(e.seconds()));
      epochs.removeIf(old -> old.epoch() >= e.epoch());
      epochs.add(e);
      try {
        writeCsv();
      } catch (IOException ex) {
        warning("could not write metrics.csv: " + ex.getMessage());
      }
      try {
        writeSteps(history);
      } catch (IOException ex) {
        warning("could not write steps.csv: " + ex.getMessage());
      }
      try {
        MetricsChart.write(out.resolve("metrics.png"), title, epochs, history);
      } catch (IOException | RuntimeException | LinkageError ex) {
        // Drawing needs Java's AWT; training must not stop because a chart cannot be drawn.
        warning("could not draw metrics.png: " + ex);
      }
    }

    @Override
    public void warning(String message) {
      closeLine();
      System.err.println("skipline: " + message);
    }

    void finish() {
      closeLine();
    }

    private void closeLine() {
      if (lineOpen) {
        screen.println();
        lineOpen = false;
      }
    }

    private void writeCsv() throws IOException {
      StringBuilder text = new StringBuilder("epoch,learning_rate,train_loss,train_accuracy,"
          + "test_loss,test_accuracy,images_per_second,seconds\n");
      for (Trainer.EpochResult e : epochs) {
        text.append(String.format(Locale.ROOT, "%d,%g,%.6f,%.6f,%.6f,%.6f,%.1f,%.1f%n",
            e.epoch(), e.learningRate(), e.trainLoss(), e.trainAccuracy(), e.testLoss(),
            e.testAccuracy(), e.imagesPerSecond(), e.seconds()));
      }
      AtomicFile.writeString(out.resolve("metrics.csv"), text.toString());
    }

    /** The training loss and learning rate of every step, for plots of one's own. */
    private void writeSteps(Trainer.History history) throws IOException {
      StringBuilder text = new StringBuilder("step,epoch,train_loss,learning_rate\n");
      for (int i = 0; i < history.loss().length; i++) {
        long step = history.firstStep() + i + 1;
        text.append(String.format(Locale.ROOT, "%d,%.4f,%.6f,%g%n", step,
            step / (double) history.stepsPerEpoch(), history.loss()[i],
            history.learningRate()[i]));
      }
      AtomicFile.writeString(out.resolve("steps.csv"), text.toString());
    }

    private static Trainer.EpochResult parse(String line) {
      double[] v = Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray();
      if (v.length != 8) {
        throw new IllegalArgumentException("expected 8 columns, found " + v.length);
      }
      return new Trainer.EpochResult((int) v[0], (float) v[1], v[2], v[3], v[4], v[5], v[6],
          v[7]);
    }

    private static String duration(double seconds) {
      long s = Math.round(seconds);
      return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60)
          : String.format("%dm%02ds", s / 60, s % 60);
    }
  }
}
