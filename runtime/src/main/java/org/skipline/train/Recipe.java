package org.skipline.train;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How to train: the paper's recipe scaled to a number of epochs, every value overridable.
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
    int keepCheckpoints) {

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

  /** The learning rate of step {@code step} (from 0) of {@code totalSteps}. */
  public float learningRate(long step, long totalSteps) {
    if (step < warmupSteps) {
      return warmupRate;
    }
    float rate = learningRate;
    for (double fraction : decayAt) {
      if (step >= Math.round(fraction * totalSteps)) {
        rate *= decayFactor;
      }
    }
    return rate;
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
    return m;
  }
}
