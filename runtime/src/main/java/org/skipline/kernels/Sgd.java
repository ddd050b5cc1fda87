package org.skipline.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Stochastic gradient descent with momentum, weight decay and optional Nesterov momentum, with
 * PyTorch's semantics (dampening 0): g = grad + wd * p; v = momentum * v + g; p -= lr * (nesterov ?
 * g + momentum * v : v). With v starting at zero the first step gives v = g, as in PyTorch.
 *
 * <p>All arrays are flat runs of {@code len} floats starting at index 0 (the whole parameter,
 * gradient and velocity allocations).
 */
public final class Sgd {

  private static final VectorSpecies<Float> S = Simd.SPECIES;

  private Sgd() {}

  /**
   * One update of every parameter. The vector and scalar versions do the same float operations in
   * the same order, so they agree bit for bit.
   *
   * @param params parameters [len], updated
   * @param grads gradients [len], read
   * @param velocity momentum buffer [len], updated
   */
  public static void step(
      float[] params,
      float[] grads,
      float[] velocity,
      int len,
      float learningRate,
      float momentum,
      float weightDecay,
      boolean nesterov) {
    if (Simd.SCALAR) {
      stepScalar(params, grads, velocity, len, learningRate, momentum, weightDecay, nesterov);
      return;
    }
    int bound = S.loopBound(len);
    int i = 0;
    for (; i < bound; i += S.length()) {
      FloatVector p = FloatVector.fromArray(S, params, i);
      FloatVector g = FloatVector.fromArray(S, grads, i).add(p.mul(weightDecay));
      FloatVector v = FloatVector.fromArray(S, velocity, i).mul(momentum).add(g);
      v.intoArray(velocity, i);
      FloatVector update = nesterov ? g.add(v.mul(momentum)) : v;
      p.sub(update.mul(learningRate)).intoArray(params, i);
    }
    stepRange(params, grads, velocity, i, len, learningRate, momentum, weightDecay, nesterov);
  }

  /** Scalar reference of {@link #step}; same arguments and shapes. */
  public static void stepScalar(
      float[] params,
      float[] grads,
      float[] velocity,
      int len,
      float learningRate,
      float momentum,
      float weightDecay,
      boolean nesterov) {
    stepRange(params, grads, velocity, 0, len, learningRate, momentum, weightDecay, nesterov);
  }

  private static void stepRange(
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
