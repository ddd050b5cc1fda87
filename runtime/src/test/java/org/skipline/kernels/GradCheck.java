package org.skipline.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/**
 * Central finite-difference gradient check: perturbs elements of one tensor by +/- {@link #EPS},
 * evaluates a scalar loss in double, and compares (L+ - L-) / (x+ - x-) with the analytic gradient.
 *
 * <p>The kernels compute in float, so the step is large (1e-2) to keep rounding noise in L below
 * the tolerance, and the tolerance for gradients is looser than the one kernel tests use for
 * values.
 */
final class GradCheck {

  /** Perturbation step; large because the forward pass runs in float. */
  static final float EPS = 1e-2f;

  /** Relative tolerance on gradients. */
  static final double RTOL = 2e-2;

  /** Absolute tolerance on gradients. */
  static final double ATOL = 2e-3;

  /** Elements checked per tensor at most; larger tensors are sampled. */
  static final int SAMPLES = 64;

  /** A scalar loss of the current contents of the perturbed tensor, in double. */
  @FunctionalInterface
  interface Loss {
    double eval();
  }

  /** Pre-activations of a fused ReLU for the current inputs; a sign change there is a kink. */
  @FunctionalInterface
  interface PreActivation {
    float[] eval();
  }

  private GradCheck() {}

  /** The check below for a kernel without a ReLU. */
  static void check(
      String what, Loss loss, float[] x, int xOff, int len, float[] grad, int gradOff, long seed) {
    check(what, loss, null, x, xOff, len, grad, gradOff, seed);
  }

  /**
   * Checks {@code grad[gradOff + i]} against dL/dx[xOff + i] for {@code i} in [0, len), all of them
   * or a random sample of {@link #SAMPLES}. Elements whose perturbation flips the sign of any
   * pre-activation sit on a ReLU kink, where the derivative is undefined, and are skipped.
   */
  static void check(
      String what,
      Loss loss,
      PreActivation pre,
      float[] x,
      int xOff,
      int len,
      float[] grad,
      int gradOff,
      long seed) {
    Random random = new Random(seed);
    int count = Math.min(len, SAMPLES);
    float[] base = pre == null ? null : pre.eval();
    int checked = 0;
    StringBuilder bad = new StringBuilder();
    int failures = 0;
    for (int s = 0; s < count; s++) {
      int i = count == len ? s : random.nextInt(len);
      float v = x[xOff + i];
      float plus = v + EPS;
      float minus = v - EPS;
      x[xOff + i] = plus;
      double lossPlus = loss.eval();
      boolean kink = pre != null && signsChanged(base, pre.eval());
      x[xOff + i] = minus;
      double lossMinus = loss.eval();
      kink |= pre != null && signsChanged(base, pre.eval());
      x[xOff + i] = v;
      if (kink) {
        continue;
      }
      checked++;
      double numeric = (lossPlus - lossMinus) / ((double) plus - minus);
      double analytic = grad[gradOff + i];
      double diff = Math.abs(numeric - analytic);
      if (diff > ATOL + RTOL * Math.max(Math.abs(numeric), Math.abs(analytic))) {
        if (failures < 5) {
          bad.append(String.format("%n  [%d] numeric %.6g analytic %.6g", i, numeric, analytic));
        }
        failures++;
      }
    }
    if (failures > 0) {
      fail(what + ": " + failures + " of " + checked + " gradients differ:" + bad);
    }
    assertTrue(checked * 2 >= count, what + ": only " + checked + " of " + count + " off kinks");
  }

  private static boolean signsChanged(float[] base, float[] now) {
    for (int i = 0; i < base.length; i++) {
      if ((base[i] > 0) != (now[i] > 0)) {
        return true;
      }
    }
    return false;
  }
}
