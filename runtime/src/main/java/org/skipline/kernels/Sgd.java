package org.skipline.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Stochastic gradient descent with momentum, weight decay and optional Nesterov momentum, with
 * PyTorch's semantics (dampening 0): g = grad + wd * p; v = momentum * v + g; p -= lr * (nesterov ?
 * g + momentum * v : v). With v starting at zero the first step gives v = g, as in PyTorch.
 *
 * <p>The arrays are the whole parameter, gradient and velocity allocations, in the same layout;
 * a call updates the run {@code [from, to)} of them, so that disjoint runs can go to different
 * threads. Each float's update depends only on its own three values.
 */
public final class Sgd {

  private static final VectorSpecies<Float> S = Simd.SPECIES;

  private Sgd() {}

  /**
   * One update of the parameters from {@code from} to {@code to}. The vector and scalar versions
   * do the same float operations in the same order, so they agree bit for bit, wherever a run
   * starts.
   *
   * @param params parameters, updated
   * @param grads gradients, read
   * @param velocity momentum buffer, updated
   */
  public static void step(
      float[] params,
      float[] grads,
      float[] velocity,
      int from,
      int to,
      float learningRate,
      float momentum,
      float weightDecay,
      boolean nesterov) {
    if (Simd.SCALAR) {
      stepScalar(params, grads, velocity, from, to, learningRate, momentum, weightDecay,
          nesterov);
      return;
    }
    int bound = from + S.loopBound(to - from);
    int i = from;
    for (; i < bound; i += S.length()) {
      FloatVector p = FloatVector.fromArray(S, params, i);
      FloatVector g = FloatVector.fromArray(S, grads, i).add(p.mul(weightDecay));
      FloatVector v = FloatVector.fromArray(S, velocity, i).mul(momentum).add(g);
      v.intoArray(velocity, i);
      FloatVector update = nesterov ? g.add(v.mul(momentum)) : v;
      p.sub(update.mul(learningRate)).intoArray(params, i);
    }
    stepScalar(params, grads, velocity, i, to, learningRate, momentum, weightDecay, nesterov);
  }

  /** Scalar reference of {@link #step}; same arguments and shapes. */
  public static void stepScalar(
      float[] params,
      float[] grads,
      float[] velocity,
      int from,
      int to,
      float learningRate,
      float momentum,
      float weightDecay,
      boolean nesterov) {
    for (int i = from; i < to; i++) {
      float p = params[i];
      float g = grads[i] + p * weightDecay;
      float v = velocity[i] * momentum + g;
      velocity[i] = v;
      float update = nesterov ? g + v * momentum : v;
      params[i] = p - update * learningRate;
    }
  }
}
