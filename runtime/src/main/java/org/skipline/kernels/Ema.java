package org.skipline.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * An exponential moving average of values that change every training step (Polyak and
 * Juditsky, "Acceleration of Stochastic Approximation by Averaging", 1992, in its exponential
 * form): {@code average = decay * average + (1 - decay) * value}, element by element.
 *
 * <p>Like {@link Sgd}, a call updates the run {@code [from, to)} so that disjoint runs can go to
 * different threads, and the vector and scalar versions do the same float operations in the
 * same order, so they agree bit for bit wherever a run starts.
 */
public final class Ema {

  private static final VectorSpecies<Float> S = Simd.SPECIES;

  private Ema() {}

  /**
   * Moves {@code average[i]} towards {@code values[i]} for {@code i} in {@code [from, to)}.
   *
   * @param average the running average, updated
   * @param values the current values, read
   * @param decay the weight of the old average, in [0, 1]
   */
  public static void update(float[] average, float[] values, int from, int to, float decay) {
    if (Simd.SCALAR) {
      updateScalar(average, values, from, to, decay);
      return;
    }
    float rest = 1f - decay;
    int bound = from + S.loopBound(to - from);
    int i = from;
    for (; i < bound; i += S.length()) {
      FloatVector a = FloatVector.fromArray(S, average, i).mul(decay);
      a.add(FloatVector.fromArray(S, values, i).mul(rest)).intoArray(average, i);
    }
    updateScalar(average, values, i, to, decay);
  }

  /** Scalar reference of {@link #update}; same arguments. */
  public static void updateScalar(float[] average, float[] values, int from, int to,
      float decay) {
    float rest = 1f - decay;
    for (int i = from; i < to; i++) {
      average[i] = average[i] * decay + values[i] * rest;
    }
  }
}
