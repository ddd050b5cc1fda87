package org.skipline.train;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.skipline.data.RandomErasing;

/**
 * How to train: the paper's recipe scaled to a number of epochs, every value overridable, and
 * switches beyond it, each off in {@link #paper} and each from a published source: cosine and
 * linear schedules, linear warm-up, label smoothing, random erasing, a moving average of the
 * weights and test-time mirroring. {@link #best} turns them on together.
 *
 * @param epochs passes over the training set
 * @param batch images per step
 * @param learningRate the rate after warm-up, before the first decay (the paper: 0.1)
 * @param momentum SGD momentum (0.9)
 * @param nesterov Nesterov momentum, as in the authors' code
 * @param weightDecay L2 penalty on every parameter, BN scale and shift included (1e-4)
 * @param decayAt fractions of all steps after which the rate is multiplied by {@code decayFactor}
 *     (the paper's 32k and 48k of 64k iterations: 0.5 and 0.75)
 * @param decayFactor 0.1
 * @param warmupSteps steps at {@code warmupRate} before the schedule starts (the paper: 400 steps
 *     at 0.01 for ResNet-110; 0 turns warm-up off)
 * @param augment pad 4, random crop and horizontal flip
 * @param seed of the weights, the shuffling and the augmentation
 * @param checkpointMinutes minutes between checkpoints within an epoch (every epoch ends with
 *     one anyway); 0 for none
 * @param checkpointSteps steps between checkpoints within an epoch; 0 for none
 * @param keepCheckpoints how many of the newest checkpoints to keep
 * @param schedule how the rate falls after warm-up: the paper's steps, or to zero along a cosine
 *     or a line
 * @param warmup the paper's constant warm-up rate, or a line from {@code warmupRate} to {@code
 *     learningRate}
 * @param labelSmoothing the share of each training target spread over all classes (0: none)
 * @param erasing random erasing of training images ({@link RandomErasing#NONE}: none)
 * @param emaDecay decay of the moving average of the weights and batch-norm statistics that the
 *     test evaluations and the final weights use (0: no average)
 * @param testTimeMirror whether the test evaluations average the logits of each image and its
 *     mirror image
 */
public record Recipe(
    int epochs,
    int batch,
    float learningRate,
    float momentum,
    boolean nesterov,
    float weightDecay,
    List<Double> decayAt,
    float decayFactor,
    int warmupSteps,
    float warmupRate,
    boolean augment,
    long seed,
    double checkpointMinutes,
    int checkpointSteps,
    int keepCheckpoints,
    Schedule schedule,
    Warmup warmup,
    float labelSmoothing,
    RandomErasing erasing,
    float emaDecay,
    boolean testTimeMirror) implements java.io.Serializable {

  /** How the learning rate falls after warm-up. */
  public enum Schedule {
    /**
     * Multiplied by {@code decayFactor} after each of the {@code decayAt} fractions of training
     * (He et al. 2016, the paper's).
     */
    STEP,
    /**
     * {@code lr * (1 + cos(pi * t)) / 2} over the fraction {@code t} of the steps after warm-up,
     * to zero (Loshchilov and Hutter, "SGDR", ICLR 2017, without restarts).
     */
    COSINE,
    /** {@code lr * (1 - t)}, a straight line to zero. */
    LINEAR
  }

  /** How the rate behaves during the {@code warmupSteps} first steps. */
  public enum Warmup {
    /** {@code warmupRate} throughout (He et al. 2016, for ResNet-110). */
    CONSTANT,
    /**
     * From {@code warmupRate} up a straight line to {@code learningRate} (Goyal et al., "Accurate,
     * Large Minibatch SGD", 2017, "gradual warmup").
     */
    LINEAR
  }

  /** The paper's recipe with every new switch off: the values of runs made before they existed. */
  public Recipe(int epochs, int batch, float learningRate, float momentum, boolean nesterov,
      float weightDecay, List<Double> decayAt, float decayFactor, int warmupSteps,
      float warmupRate, boolean augment, long seed, double checkpointMinutes,
      int checkpointSteps, int keepCheckpoints) {
    this(epochs, batch, learningRate, momentum, nesterov, weightDecay, decayAt, decayFactor,
        warmupSteps, warmupRate, augment, seed, checkpointMinutes, checkpointSteps,
        keepCheckpoints, Schedule.STEP, Warmup.CONSTANT, 0f, RandomErasing.NONE, 0f, false);
  }

  public Recipe {
    decayAt = List.copyOf(decayAt);
    check(epochs >= 1, "epochs must be at least 1, got " + epochs);
    check(batch >= 1, "the batch must be at least 1 image, got " + batch);
    check(learningRate > 0 && Float.isFinite(learningRate),
        "the learning rate must be positive, got " + learningRate);
    check(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
    check(weightDecay >= 0, "weight decay must be at least 0, got " + weightDecay);
    check(decayAt.stream().allMatch(f -> f > 0 && f < 1),
        "decay points are fractions of training in (0, 1), got " + decayAt);
    check(warmupSteps >= 0, "warm-up steps must be at least 0, got " + warmupSteps);
    check(keepCheckpoints >= 1, "keep at least 1 checkpoint, got " + keepCheckpoints);
    check(checkpointMinutes >= 0 && Double.isFinite(checkpointMinutes),
        "minutes between checkpoints must be at least 0, got " + checkpointMinutes);
    check(checkpointSteps >= 0, "steps between checkpoints must be at least 0, got "
        + checkpointSteps);
    check(warmupRate > 0 && Float.isFinite(warmupRate),
        "the warm-up learning rate must be positive, got " + warmupRate);
    check(decayFactor > 0 && decayFactor <= 1,
        "the decay factor must be in (0, 1], got " + decayFactor);
    check(schedule != null && warmup != null && erasing != null,
        "a schedule, a warm-up and an erasing setting are required");
    check(labelSmoothing >= 0 && labelSmoothing < 1,
        "label smoothing must be in [0, 1), got " + labelSmoothing);
    check(emaDecay == 0 || emaDecay > 0 && emaDecay < 1,
        "the moving average's decay must be in (0, 1), or 0 for none, got " + emaDecay);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The paper's recipe: SGD 0.9, weight decay 1e-4, rate 0.1 divided by 10 at 50% and 75%. */
  public static Recipe paper(int epochs, int batch) {
    return new Recipe(epochs, batch, 0.1f, 0.9f, false, 1e-4f, List.of(0.5, 0.75), 0.1f, 0, 0.01f,
        true, 0, 5, 0, 3);
  }

  /**
   * Every switch on, at its source's setting; chosen from the published sources, not measured
   * here: Nesterov momentum and weight decay 5e-4 (the recorded runs of the main job), a cosine
   * schedule after 400 steps of linear warm-up from 0.01, label smoothing 0.1 (Szegedy et al.),
   * random erasing at Zhong et al.'s setting, a moving average with decay 0.999 and test-time
   * mirroring.
   */
  public static Recipe best(int epochs, int batch) {
    return new Recipe(epochs, batch, 0.1f, 0.9f, true, 5e-4f, List.of(0.5, 0.75), 0.1f, 400,
        0.01f, true, 0, 5, 0, 3, Schedule.COSINE, Warmup.LINEAR, 0.1f, RandomErasing.ZHONG,
        0.999f, true);
  }

  /**
   * The learning rate of step {@code step} (from 0) of {@code totalSteps}. Computed in double
   * with {@link StrictMath}, whose results are the same on every machine, then rounded to float.
   */
  public float learningRate(long step, long totalSteps) {
    if (step < warmupSteps) {
      return warmup == Warmup.CONSTANT ? warmupRate
          : (float) (warmupRate + (learningRate - (double) warmupRate) * step / warmupSteps);
    }
    double t = (step - warmupSteps) / (double) Math.max(1, totalSteps - warmupSteps);
    return switch (schedule) {
      case STEP -> {
        float rate = learningRate;
        for (double fraction : decayAt) {
          if (step >= Math.round(fraction * totalSteps)) {
            rate *= decayFactor;
          }
        }
        yield rate;
      }
      case COSINE -> (float) (learningRate * 0.5 * (1 + StrictMath.cos(StrictMath.PI * t)));
      case LINEAR -> (float) (learningRate * (1 - t));
    };
  }

  /**
   * The decay of the moving average's update after {@code updates} earlier ones: {@code
   * emaDecay}, but at most {@code (1 + updates) / (10 + updates)}, so that the first steps do not
   * tie the average to the initial weights (TensorFlow's {@code ExponentialMovingAverage} with
   * {@code num_updates}).
   */
  public float averageDecay(long updates) {
    return (float) Math.min(emaDecay, (1.0 + updates) / (10.0 + updates));
  }

  /**
   * The values that must not change between a run and its resumption, as metadata: every one
   * that shapes the result, none that only says how often to write checkpoints.
   */
  Map<String, String> identity() {
    Map<String, String> m = new TreeMap<>();
    m.put("epochs", Integer.toString(epochs));
    m.put("batch", Integer.toString(batch));
    m.put("learning_rate", Float.toString(learningRate));
    m.put("momentum", Float.toString(momentum));
    m.put("nesterov", Boolean.toString(nesterov));
    m.put("weight_decay", Float.toString(weightDecay));
    m.put("decay_at", decayAt.toString());
    m.put("decay_factor", Float.toString(decayFactor));
    m.put("warmup_steps", Integer.toString(warmupSteps));
    m.put("warmup_rate", Float.toString(warmupRate));
    m.put("augment", Boolean.toString(augment));
    m.put("seed", Long.toString(seed));
    m.put("schedule", schedule.name().toLowerCase(java.util.Locale.ROOT));
    m.put("warmup", warmup.name().toLowerCase(java.util.Locale.ROOT));
    m.put("label_smoothing", Float.toString(labelSmoothing));
    m.put("erasing", erasing.enabled() ? erasing.probability() + ", area " + erasing.minArea()
        + " to " + erasing.maxArea() + ", aspect " + erasing.minAspect() + " to "
        + erasing.maxAspect() : "none");
    m.put("ema_decay", Float.toString(emaDecay));
    m.put("test_time_mirror", Boolean.toString(testTimeMirror));
    return m;
  }

  /**
   * The {@link #identity()} values of the switches that checkpoints written before them lack:
   * such a checkpoint was trained with them off.
   */
  static Map<String, String> identityBeforeSwitches() {
    Map<String, String> all = paper(1, 1).identity();
    all.keySet().retainAll(List.of("schedule", "warmup", "label_smoothing", "erasing",
        "ema_decay", "test_time_mirror"));
    all.putAll(WholeBatch.FACTORY.identity());
    return all;
  }
}
