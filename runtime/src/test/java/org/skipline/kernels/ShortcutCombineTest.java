package org.skipline.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.skipline.kernels.TensorAssert.assertBitIdentical;
import static org.skipline.kernels.TensorAssert.random;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ShortcutCombine} against its scalar references and the definitions, in double. */
class ShortcutCombineTest {

  private static final int OFF = 3;
  private static final double TOLERANCE = 1e-6;

  @ParameterizedTest(name = "len={0}")
  @ValueSource(ints = {1, 7, 16, 33, 100, 1031})
  void scaledMatchesScalarAndTheDefinition(int len) {
    Random random = new Random(len);
    float[] s = random(random, OFF + len);
    float[] f = random(random, OFF + len);
    for (float[] ab : new float[][] {{0.5f, 1f}, {0.75f, 0.25f}}) {
      float[] outS = new float[OFF + len];
      float[] outV = new float[OFF + len];
      ShortcutCombine.scaledScalar(outS, OFF, s, OFF, f, OFF, ab[0], ab[1], len);
      ShortcutCombine.scaled(outV, OFF, s, OFF, f, OFF, ab[0], ab[1], len);
      assertBitIdentical("scaled", outS, outV);
      for (int i = OFF; i < OFF + len; i++) {
        assertEquals((double) ab[0] * s[i] + (double) ab[1] * f[i], outV[i], TOLERANCE);
      }
      float[] dOut = random(random, OFF + len);
      float[] d0 = random(random, OFF + len);
      for (boolean add : new boolean[] {false, true}) {
        float[] dSs = d0.clone();
        float[] dFs = d0.clone();
        float[] dSv = d0.clone();
        float[] dFv = d0.clone();
        ShortcutCombine.scaledBackwardScalar(dSs, OFF, add, dFs, OFF, !add, dOut, OFF, ab[0],
            ab[1], len);
        ShortcutCombine.scaledBackward(dSv, OFF, add, dFv, OFF, !add, dOut, OFF, ab[0], ab[1],
            len);
        assertBitIdentical("dS", dSs, dSv);
        assertBitIdentical("dF", dFs, dFv);
        for (int i = OFF; i < OFF + len; i++) {
          assertEquals((add ? d0[i] : 0) + ab[0] * dOut[i], dSv[i], TOLERANCE);
          assertEquals((add ? 0 : d0[i]) + ab[1] * dOut[i], dFv[i], TOLERANCE);
        }
      }
    }
  }

  @ParameterizedTest(name = "len={0}")
  @ValueSource(ints = {1, 7, 16, 33, 100, 1031})
  void gatedMatchesScalarAndTheDefinition(int len) {
    Random random = new Random(len);
    float[] s = random(random, OFF + len);
    float[] f = random(random, OFF + len);
    float[] g = new float[OFF + len];
    for (int i = 0; i < g.length; i++) {
      g[i] = random.nextFloat();
    }
    for (boolean exclusive : new boolean[] {true, false}) {
      float[] outS = new float[OFF + len];
      float[] outV = new float[OFF + len];
      ShortcutCombine.gatedScalar(outS, OFF, s, OFF, f, OFF, g, OFF, exclusive, len);
      ShortcutCombine.gated(outV, OFF, s, OFF, f, OFF, g, OFF, exclusive, len);
      assertBitIdentical("gated", outS, outV);
      for (int i = OFF; i < OFF + len; i++) {
        double branch = exclusive ? (double) g[i] * f[i] : f[i];
        assertEquals((1.0 - g[i]) * s[i] + branch, outV[i], TOLERANCE);
      }
      float[] dOut = random(random, OFF + len);
      float[] d0 = random(random, OFF + len);
      for (boolean add : new boolean[] {false, true}) {
        float[][] scalar = {d0.clone(), d0.clone(), d0.clone()};
        float[][] vector = {d0.clone(), d0.clone(), d0.clone()};
        ShortcutCombine.gatedBackwardScalar(scalar[0], OFF, add, scalar[1], OFF, !add, scalar[2],
            OFF, add, dOut, OFF, s, OFF, f, OFF, g, OFF, exclusive, len);
        ShortcutCombine.gatedBackward(vector[0], OFF, add, vector[1], OFF, !add, vector[2], OFF,
            add, dOut, OFF, s, OFF, f, OFF, g, OFF, exclusive, len);
        for (int k = 0; k < 3; k++) {
          assertBitIdentical("gradient " + k, scalar[k], vector[k]);
        }
        for (int i = OFF; i < OFF + len; i++) {
          double d = dOut[i];
          assertEquals((add ? d0[i] : 0) + (1.0 - g[i]) * d, vector[0][i], TOLERANCE);
          assertEquals((add ? 0 : d0[i]) + (exclusive ? g[i] * d : d), vector[1][i], TOLERANCE);
          double dg = exclusive ? ((double) f[i] - s[i]) * d : -s[i] * d;
          assertEquals((add ? d0[i] : 0) + dg, vector[2][i], TOLERANCE);
        }
      }
    }
  }

  @ParameterizedTest(name = "len={0}")
  @ValueSource(ints = {1, 7, 16, 33, 100, 1031})
  void maskedMatchesScalarAndTheDefinition(int len) {
    Random random = new Random(len);
    float[] s = random(random, OFF + len);
    float[] f = random(random, OFF + len);
    float[] mask = new float[OFF + len];
    DropoutMask.fill(mask, OFF, len, 1, 2, 3, 0, 0.5f);
    float[] outS = new float[OFF + len];
    float[] outV = new float[OFF + len];
    ShortcutCombine.maskedScalar(outS, OFF, s, OFF, f, OFF, mask, OFF, len);
    ShortcutCombine.masked(outV, OFF, s, OFF, f, OFF, mask, OFF, len);
    assertBitIdentical("masked", outS, outV);
    for (int i = OFF; i < OFF + len; i++) {
      assertEquals((double) mask[i] * s[i] + f[i], outV[i], TOLERANCE);
    }
    float[] dOut = random(random, OFF + len);
    float[] d0 = random(random, OFF + len);
    for (boolean add : new boolean[] {false, true}) {
      float[] dSs = d0.clone();
      float[] dFs = d0.clone();
      float[] dSv = d0.clone();
      float[] dFv = d0.clone();
      ShortcutCombine.maskedBackwardScalar(dSs, OFF, add, dFs, OFF, !add, dOut, OFF, mask, OFF,
          len);
      ShortcutCombine.maskedBackward(dSv, OFF, add, dFv, OFF, !add, dOut, OFF, mask, OFF, len);
      assertBitIdentical("dS", dSs, dSv);
      assertBitIdentical("dF", dFs, dFv);
      for (int i = OFF; i < OFF + len; i++) {
        assertEquals((add ? d0[i] : 0) + mask[i] * dOut[i], dSv[i], TOLERANCE);
        assertEquals((add ? 0 : d0[i]) + dOut[i], dFv[i], TOLERANCE);
      }
    }
  }
}
