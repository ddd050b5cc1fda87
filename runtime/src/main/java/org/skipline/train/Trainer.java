package org.skipline.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.skipline.data.Dataset;
import org.skipline.data.Normalization;
import org.skipline.io.Safetensors;
import org.skipline.io.Texts;
import org.skipline.runtime.Network;

/**
 * Trains a network with a {@link Recipe}: shuffled, augmented mini-batches, SGD with momentum
 * and weight decay on the recipe's schedule (and, as the recipe asks, smoothed labels, random
 * erasing and a moving average of the weights), an evaluation on the test set after every epoch,
 * and checkpoints from which {@link #run} resumes to exactly the weights, moving average and
 * per-step losses an uninterrupted run reaches (every random choice is a function of the seed,
 * the epoch, the step and the image).
 */
public final class Trainer {

  /** What a run reports as it goes; the command line draws progress, CSV and charts from it. */
  public interface Listener {
    /** Training is about to start (or resume) at {@code position}. */
    default void started(Checkpoints.Position position, long totalSteps) {}

    /** One step finished. */
    default void step(Progress progress) {}

    /** One epoch finished and was evaluated. */
    default void epoch(EpochResult result) {}

    /**
     * One epoch finished and was evaluated, with the loss and learning rate of every step so
     * far; calls {@link #epoch(EpochResult)} unless overridden.
     */
    default void epoch(EpochResult result, History history) {
      epoch(result);
    }

    /** A checkpoint was written. */
    default void checkpoint(Path file) {}

    /** Something the user should know, in one sentence. */
    default void warning(String message) {}
  }

  /** Where a run stands after a step; loss and accuracy are running means over the epoch. */
  public record Progress(int epoch, int epochs, int step, int stepsPerEpoch, long globalStep,
      long totalSteps, double loss, double accuracy, float learningRate, double imagesPerSecond,
      double secondsLeft) {}

  /** The metrics of one epoch; epochs count from 1. */
  public record EpochResult(int epoch, float learningRate, double trainLoss, double trainAccuracy,
      double testLoss, double testAccuracy, double imagesPerSecond, double seconds) {}

  /**
   * The training loss (the smoothed one when the recipe smooths labels) and the learning rate
   * of every step from {@code firstStep} (counted from 0) to the newest; a run resumed from a
   * checkpoint written before per-step losses were kept knows them only from there on.
   */
  public record History(int stepsPerEpoch, long firstStep, float[] loss, float[] learningRate) {}

  /** How a run ended. */
  public record Outcome(boolean completed, long globalStep, Optional<EpochResult> last) {}

  /** Training produced a loss, a weight or a running statistic that is not a finite number. */
  public static final class DivergedException extends IOException {
    private static final long serialVersionUID = 1L;

    DivergedException(String message) {
      super(message);
    }
  }

  private final Network net;
  private final String model;
  private final Dataset train;
  private final Dataset test;
  private final Recipe recipe;
  private final Checkpoints checkpoints;
  private final Listener listener;
  private final StepEngine.Factory engines;
  private volatile boolean stopRequested;
  private Map<String, String> identity;
  /** The training split's statistics, which every image is normalised with. */
  private final Normalization norm;
  /** The training loss of every step of the run, filled as it goes; NaN where unknown. */
  private float[] stepLosses;
  /** The first step whose loss is known: 0, unless resumed from an older checkpoint. */
  private long firstKnownStep;

  /** The checkpoint tensor that holds the loss of every step, for the chart. */
  static final String STEP_LOSSES = Network.RUN_PREFIX + "loss_per_step";

  /**
   * @param model the spec's fully qualified name, recorded in checkpoints
   * @param out the run's directory: checkpoints go to {@code out/checkpoints}
   */
  public Trainer(Network net, String model, Dataset train, Dataset test, Recipe recipe, Path out,
      Listener listener) {
    this(net, model, train, test, recipe, out, listener, WholeBatch.FACTORY);
  }

  /**
   * A trainer whose steps' gradients come from {@code engines}: {@link WholeBatch#FACTORY}, a
   * {@link Shards#factory} or a cluster's. The network takes the optimiser's steps and the
   * evaluations, so it holds a batch of the recipe's size in every case.
   */
  public Trainer(Network net, String model, Dataset train, Dataset test, Recipe recipe, Path out,
      Listener listener, StepEngine.Factory engines) {
    this.engines = engines;
    if (net.capacity() < recipe.batch()) {
      throw new IllegalArgumentException("the network holds batches of " + net.capacity()
          + " images, the recipe needs " + recipe.batch());
    }
    this.net = net;
    this.model = model;
    this.train = train;
    this.test = test;
    this.recipe = recipe;
    this.norm = Normalization.of(train);
    this.checkpoints = new Checkpoints(out.resolve("checkpoints"));
    this.listener = listener;
  }

  /**
   * Asks a running {@link #run} to write a checkpoint after the current step (or round of local
   * steps, {@link Shards}) and return.
   */
  public void requestStop() {
    stopRequested = true;
  }

  /**
   * Trains to the end of the recipe, or until {@link #requestStop()}. With {@code resume}, starts
   * from the newest intact checkpoint, if any; otherwise from freshly initialised weights.
   *
   * @throws DivergedException if the loss stops being finite; the checkpoints written before
   *     remain the last good state
   */
  public Outcome run(boolean resume) throws IOException {
    int channels = train.channels();
    int imageSize = channels * train.height() * train.width();
    float[] images = new float[recipe.batch() * imageSize];
    int[] labels = new int[recipe.batch()];

    Checkpoints.Position position = new Checkpoints.Position(0, 0, 0, Map.of());
    net.initialize(recipe.seed());
    boolean averaging = recipe.emaDecay() > 0;
    if (averaging) {
      net.startAverage();
    }
    checkpoints.removeLeftovers();
    Optional<Safetensors> resumedFrom = Optional.empty();
    if (resume) {
      Optional<Checkpoints.Loaded> loaded = checkpoints.newestIntact(listener::warning);
      if (loaded.isPresent()) {
        checkCompatible(loaded.get());
        net.loadTrainingState(loaded.get().content());
        position = loaded.get().position();
        resumedFrom = Optional.of(loaded.get().content());
      } else if (!checkpoints.list().isEmpty()) {
        throw new IOException(String.format(
            "none of the %d checkpoints in %s is intact (each was skipped above with its reason);"
                + " move them elsewhere to train anew", checkpoints.list().size(),
            checkpoints.directory()));
      }
    } else if (!checkpoints.list().isEmpty()) {
      throw new IOException(String.format(
          "%s already holds checkpoints of a run; continue it with --resume, or train into"
              + " another directory", checkpoints.directory()));
    }
    checkpoints.prune(recipe.keepCheckpoints());

    try (StepEngine engine = engines.create(net, train, norm, recipe)) {
      int steps = engine.stepsPerEpoch();
      long totalSteps = (long) steps * recipe.epochs();
      if (totalSteps > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(String.format(
            "%d steps are more than a run keeps the loss of (%d)", totalSteps,
            Integer.MAX_VALUE - 8));
      }
      stepLosses = new float[(int) totalSteps];
      firstKnownStep = 0;
      if (resumedFrom.isPresent()) {
        restoreStepLosses(resumedFrom.get(), position.globalStep());
      }
      listener.started(position, totalSteps);
      long globalStep = position.globalStep();
      Optional<EpochResult> last = Optional.empty();
      for (int epoch = position.epoch(); epoch < recipe.epochs(); epoch++) {
        boolean resumedHere = epoch == position.epoch();
        int step = resumedHere ? position.stepInEpoch() : 0;
        double lossSum = resumedHere ? value(position, "loss_sum") : 0;
        long correct = resumedHere ? (long) value(position, "correct") : 0;
        long seen = resumedHere ? (long) value(position, "seen") : 0;
        engine.startEpoch(epoch, step);
        long epochStart = System.nanoTime();
        long lastCheckpoint = epochStart;
        int stepsTimed = 0;
        boolean checkpointDue = false;
        float rate = recipe.learningRate(globalStep, totalSteps);
        while (step < steps) {
          int n = recipe.batch();
          rate = recipe.learningRate(globalStep, totalSteps);
          StepEngine.StepResult passes = engine.next(net);
          double loss = passes.loss();
          if (!Double.isFinite(loss)) {
            throw diverged(String.format(Locale.ROOT, "the loss became %s", loss), epoch, step,
                rate);
          }
          correct += passes.correct();
          if (!passes.stepped()) {
            net.sgdStep(rate, recipe.momentum(), recipe.weightDecay(), recipe.nesterov());
          }
          if (averaging) {
            net.updateAverage(recipe.averageDecay(globalStep));
          }
          stepLosses[(int) globalStep] = (float) loss;
          lossSum += loss * n;
          seen += n;
          step++;
          globalStep++;
          stepsTimed++;
          double seconds = (System.nanoTime() - epochStart) / 1e9;
          double imagesPerSecond = stepsTimed * (double) n / seconds;
          listener.step(new Progress(epoch + 1, recipe.epochs(), step, steps, globalStep,
              totalSteps, lossSum / seen, correct / (double) seen, rate, imagesPerSecond,
              (totalSteps - globalStep) * n / imagesPerSecond));
          boolean timeUp = recipe.checkpointMinutes() > 0
              && System.nanoTime() - lastCheckpoint > recipe.checkpointMinutes() * 60e9;
          boolean stepDue = recipe.checkpointSteps() > 0 && step % recipe.checkpointSteps() == 0;
          // Inside a round of local steps the network already holds the round's end: checkpoints
          // and stops wait for it.
          boolean boundary = engine.atBoundary();
          checkpointDue |= timeUp || stepDue;
          if (step < steps && boundary && (checkpointDue || stopRequested)) {
            checkpoint(new Checkpoints.Position(epoch, step, globalStep,
                running(lossSum, correct, seen)), rate);
            lastCheckpoint = System.nanoTime();
            checkpointDue = false;
          }
          if (stopRequested && boundary && step < steps) {
            return new Outcome(false, globalStep, last);
          }
        }
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        Evaluation evaluation = evaluate(images, labels);
        if (!Double.isFinite(evaluation.loss())) {
          throw diverged(String.format(Locale.ROOT, "the test loss became %s",
              evaluation.loss()), epoch, step - 1, rate);
        }
        EpochResult result = new EpochResult(epoch + 1, rate, lossSum / seen,
            correct / (double) seen, evaluation.loss(), evaluation.accuracy(),
            stepsTimed * (double) recipe.batch() / seconds, seconds);
        last = Optional.of(result);
        checkpoint(new Checkpoints.Position(epoch + 1, 0, globalStep, running(0, 0, 0)), rate);
        listener.epoch(result, history(steps, globalStep, totalSteps));
        if (stopRequested) {
          return new Outcome(epoch + 1 == recipe.epochs(), globalStep, last);
        }
      }
      return new Outcome(true, globalStep, last);
    }
  }

  /**
   * The test set's loss and accuracy, of the moving average when the recipe keeps one, with
   * test-time mirroring when it asks for it.
   */
  private Evaluation evaluate(float[] images, int[] labels) {
    boolean averaged = recipe.emaDecay() > 0;
    if (averaged) {
      net.swapAverage();
    }
    try {
      return Evaluation.of(net, test, norm, images, labels, recipe.testTimeMirror());
    } finally {
      if (averaged) {
        net.swapAverage();
      }
    }
  }

  /** Reads the losses of the steps before {@code globalStep} from a checkpoint, if it has them. */
  private void restoreStepLosses(Safetensors checkpoint, long globalStep) throws IOException {
    java.util.Arrays.fill(stepLosses, Float.NaN);
    firstKnownStep = globalStep;
    if (!checkpoint.contains(STEP_LOSSES)) {
      return;
    }
    long[] shape = checkpoint.shape(STEP_LOSSES);
    if (shape.length != 1 || shape[0] > globalStep) {
      throw new org.skipline.io.SafetensorsException(String.format(
          "%s: tensor '%s' has shape %s, but the run is at step %d", checkpoint.file(),
          STEP_LOSSES, java.util.Arrays.toString(shape), globalStep));
    }
    firstKnownStep = globalStep - shape[0];
    checkpoint.readFloats(STEP_LOSSES, shape, stepLosses, (int) firstKnownStep);
  }

  /** The losses and rates of the steps run so far, for a chart. */
  private History history(int stepsPerEpoch, long globalStep, long totalSteps) {
    int first = (int) firstKnownStep;
    int count = (int) (globalStep - first);
    float[] rates = new float[count];
    for (int i = 0; i < count; i++) {
      rates[i] = recipe.learningRate(first + i, totalSteps);
    }
    return new History(stepsPerEpoch, first,
        java.util.Arrays.copyOfRange(stepLosses, first, first + count), rates);
  }

  /**
   * Writes a checkpoint of the state after {@code position}, or stops the run if that state is
   * not finite.
   */
  private void checkpoint(Checkpoints.Position position, float rate) throws IOException {
    Map<String, String> values = new TreeMap<>(position.values());
    values.putAll(identity());
    values.putAll(norm.metadata());
    Path file;
    try {
      long known = position.globalStep() - firstKnownStep;
      file = checkpoints.write(net, model, new Checkpoints.Position(position.epoch(),
          position.stepInEpoch(), position.globalStep(), values), recipe.keepCheckpoints(),
          writer -> {
            if (known > 0) {
              writer.putFloats(STEP_LOSSES, new long[] {known}, stepLosses, (int) firstKnownStep);
            }
          });
    } catch (Checkpoints.NonFiniteStateException e) {
      int epoch = position.stepInEpoch() == 0 ? position.epoch() - 1 : position.epoch();
      int step = position.stepInEpoch() == 0 ? -1 : position.stepInEpoch() - 1;
      throw diverged("the training state became non-finite (" + e.getMessage() + ")", epoch,
          step, rate);
    }
    listener.checkpoint(file);
  }

  /**
   * The exception that stops a diverged run: what went wrong, at which step (counted from 0
   * within the epoch, or -1 for the epoch's end), and which checkpoint a user can go back to.
   */
  private DivergedException diverged(String what, int epoch, int step, float rate)
      throws IOException {
    List<Path> kept = checkpoints.list();
    String where = step < 0 ? String.format("at the end of epoch %d", epoch + 1)
        : String.format("at epoch %d, step %d", epoch + 1, step + 1);
    return new DivergedException(String.format(Locale.ROOT,
        "training diverged: %s %s (learning rate %g); it stopped, and %s", what, where, rate,
        kept.isEmpty() ? "no checkpoint had been written"
            : "the newest finite checkpoint is " + kept.getLast()));
  }

  private static Map<String, String> running(double lossSum, long correct, long seen) {
    // Hex keeps the running loss exact, so a resumed epoch reports what an unbroken one would.
    return Map.of("loss_sum", Double.toHexString(lossSum), "correct", Long.toString(correct),
        "seen", Long.toString(seen));
  }

  private static double value(Checkpoints.Position position, String key) {
    String text = position.values().get(key);
    return text == null ? 0 : Double.parseDouble(text);
  }

  /**
   * What must not change between a run and its resumption: the recipe's values that shape the
   * result (not how often checkpoints are written) and the data trained on, by name and digest.
   */
  private Map<String, String> identity() {
    if (identity == null) {
      Map<String, String> m = new TreeMap<>(recipe.identity());
      m.putAll(engines.identity());
      m.put("data", train.name() + ", " + test.name());
      // Half of each split's SHA-256 is plenty to tell two data sets apart.
      m.put("data_digest", train.digest().substring(0, 32) + test.digest().substring(0, 32));
      identity = m;
    }
    return identity;
  }

  private void checkCompatible(Checkpoints.Loaded loaded) throws IOException {
    Map<String, String> meta = loaded.content().metadata();
    if (!model.equals(meta.get("model"))) {
      throw new IOException(String.format("%s belongs to model %s, not %s; use another --out",
          loaded.file(), Texts.abbreviate(meta.get("model")), model));
    }
    List<String> was = new ArrayList<>();
    List<String> now = new ArrayList<>();
    Map<String, String> wanted = identity();
    Map<String, String> before = Recipe.identityBeforeSwitches();
    if (!wanted.get("data_digest").equals(meta.get("data_digest"))) {
      was.add("data " + Texts.abbreviate(meta.get("data")) + " (digest "
          + shortDigest(meta.get("data_digest")) + ")");
      now.add("data " + wanted.get("data") + " (digest " + shortDigest(wanted.get("data_digest"))
          + ")");
    }
    for (Map.Entry<String, String> e : wanted.entrySet()) {
      String had = meta.getOrDefault(e.getKey(), before.get(e.getKey()));
      if (!e.getKey().startsWith("data") && !e.getValue().equals(had)) {
        was.add(e.getKey() + " " + Texts.abbreviate(had));
        now.add(e.getKey() + " " + e.getValue());
      }
    }
    if (!was.isEmpty()) {
      throw new IOException(String.format(
          "%s was written with %s, but this run asks for %s; resume with the same values, or"
              + " train into another folder", loaded.file(), String.join(", ", was),
          String.join(", ", now)));
    }
  }

  private static String shortDigest(String digest) {
    return digest == null ? "none" : Texts.abbreviate(digest.substring(0,
        Math.min(12, digest.length())));
  }

  /**
   * Writes the trained weights under their PyTorch names, loadable by strict load_state_dict,
   * with the model, the data and its normalisation in the metadata, so that a program that
   * classifies new images with them can normalise those and name the classes. When the recipe
   * keeps a moving average, the weights and running statistics written are the average's.
   *
   * @throws Checkpoints.NonFiniteStateException if a weight or running statistic is not finite;
   *     nothing is written then
   */
  public void export(Path file) throws IOException {
    boolean averaged = recipe.emaDecay() > 0 && net.hasAverage();
    Safetensors.Writer writer;
    if (averaged) {
      net.swapAverage();
    }
    try {
      // The writer copies the tensors' bytes, so the weights may be swapped back at once.
      writer = net.writeWeights(new Safetensors.Writer());
    } finally {
      if (averaged) {
        net.swapAverage();
      }
    }
    Optional<String> bad = writer.firstNonFinite();
    if (bad.isPresent()) {
      throw new Checkpoints.NonFiniteStateException(String.format(
          "%s was not written: the weights are not finite (%s)", file, bad.get()));
    }
    writer.metadata("model", model).metadata("data", identity().get("data"));
    if (averaged) {
      writer.metadata("weights", "moving average, decay " + recipe.emaDecay());
    }
    norm.metadata().forEach(writer::metadata);
    writer.write(file);
  }
}
