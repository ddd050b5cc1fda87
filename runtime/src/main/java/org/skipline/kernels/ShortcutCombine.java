package org.skipline.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The combinations of a unit's shortcut {@code s} and residual branch {@code f} other than the
 * plain addition ({@link Residual}): constant scaling, the two gatings and the dropout shortcut's
 * masked addition. All tensors are flat runs of {@code len} floats (N*C*H*W). Every product that
 * meets a sum is fused ({@code fma}) in the vector and the scalar code alike, so both round once
 * and give the same bits.
 */
public final class ShortcutCombine {

  private static final VectorSpecies<Float> S = Simd.SPECIES;

  private ShortcutCombine() {}

  /**
   * out = a * s + b * f: constant scaling, {@code b} is 1 or {@code 1 - a}.
   *
   * @param out output [len], overwritten
   */
  public static void scaled(float[] out, int outOff, float[] s, int sOff, float[] f, int fOff,
      float a, float b, int len) {
    if (Simd.SCALAR) {
      scaledScalar(out, outOff, s, sOff, f, fOff, a, b, len);
      return;
    }
    int bound = S.loopBound(len);
    int i = 0;
    for (; i < bound; i += S.length()) {
      FloatVector.fromArray(S, s, sOff + i)
          .fma(FloatVector.broadcast(S, a), FloatVector.fromArray(S, f, fOff + i).mul(b))
          .intoArray(out, outOff + i);
    }
    for (; i < len; i++) {
      out[outOff + i] = Math.fma(s[sOff + i], a, f[fOff + i] * b);
    }
  }

  /**
   * dS (+)= a * dOut and dF (+)= b * dOut.
   *
   * @param addToS whether to add into {@code dS} or overwrite it; likewise {@code addToF}
   */
  public static void scaledBackward(float[] dS, int dSOff, boolean addToS, float[] dF, int dFOff,
      boolean addToF, float[] dOut, int dOutOff, float a, float b, int len) {
    if (Simd.SCALAR) {
      scaledBackwardScalar(dS, dSOff, addToS, dF, dFOff, addToF, dOut, dOutOff, a, b, len);
      return;
    }
    int bound = S.loopBound(len);
    int i = 0;
    for (; i < bound; i += S.length()) {
      FloatVector g = FloatVector.fromArray(S, dOut, dOutOff + i);
      FloatVector gs = g.mul(a);
      FloatVector gf = g.mul(b);
      (addToS ? FloatVector.fromArray(S, dS, dSOff + i).add(gs) : gs).intoArray(dS, dSOff + i);
      (addToF ? FloatVector.fromArray(S, dF, dFOff + i).add(gf) : gf).intoArray(dF, dFOff + i);
    }
    for (; i < len; i++) {
      float g = dOut[dOutOff + i];
      dS[dSOff + i] = addToS ? dS[dSOff + i] + g * a : g * a;
      dF[dFOff + i] = addToF ? dF[dFOff + i] + g * b : g * b;
    }
  }

  /**
   * out = (1 - g) * s + g * f if {@code exclusive}, else (1 - g) * s + f.
   *
   * @param g the gate, in (0, 1) [len]
   */
  public static void gated(float[] out, int outOff, float[] s, int sOff, float[] f, int fOff,
      float[] g, int gOff, boolean exclusive, int len) {
    if (Simd.SCALAR) {
      gatedScalar(out, outOff, s, sOff, f, fOff, g, gOff, exclusive, len);
      return;
    }
    int bound = S.loopBound(len);
    int i = 0;
    for (; i < bound; i += S.length()) {
      FloatVector gv = FloatVector.fromArray(S, g, gOff + i);
      FloatVector fv = FloatVector.fromArray(S, f, fOff + i);
      FloatVector keep = FloatVector.broadcast(S, 1f).sub(gv);
      FloatVector.fromArray(S, s, sOff + i).fma(keep, exclusive ? gv.mul(fv) : fv)
          .intoArray(out, outOff + i);
    }
    for (; i < len; i++) {
      float gi = g[gOff + i];
      float branch = exclusive ? gi * f[fOff + i] : f[fOff + i];
      out[outOff + i] = Math.fma(s[sOff + i], 1f - gi, branch);
    }
  }

  /**
   * With d = dOut: dS (+)= (1 - g) d; dF (+)= g d if {@code exclusive}, else d; dG (+)= (f - s) d
   * if {@code exclusive}, else -s d.
   */
  public static void gatedBackward(float[] dS, int dSOff, boolean addToS, float[] dF, int dFOff,
      boolean addToF, float[] dG, int dGOff, boolean addToG, float[] dOut, int dOutOff,
      float[] s, int sOff, float[] f, int fOff, float[] g, int gOff, boolean exclusive,
      int len) {
    if (Simd.SCALAR) {
      gatedBackwardScalar(dS, dSOff, addToS, dF, dFOff, addToF, dG, dGOff, addToG, dOut,
          dOutOff, s, sOff, f, fOff, g, gOff, exclusive, len);
      return;
    }
    int bound = S.loopBound(len);
    int i = 0;
    for (; i < bound; i += S.length()) {
      FloatVector d = FloatVector.fromArray(S, dOut, dOutOff + i);
      FloatVector gv = FloatVector.fromArray(S, g, gOff + i);
      FloatVector sv = FloatVector.fromArray(S, s, sOff + i);
      FloatVector ds = FloatVector.broadcast(S, 1f).sub(gv).mul(d);
      FloatVector df = exclusive ? gv.mul(d) : d;
      FloatVector dg = exclusive ? FloatVector.fromArray(S, f, fOff + i).sub(sv).mul(d)
          : sv.neg().mul(d);
      (addToS ? FloatVector.fromArray(S, dS, dSOff + i).add(ds) : ds).intoArray(dS, dSOff + i);
      (addToF ? FloatVector.fromArray(S, dF, dFOff + i).add(df) : df).intoArray(dF, dFOff + i);
      (addToG ? FloatVector.fromArray(S, dG, dGOff + i).add(dg) : dg).intoArray(dG, dGOff + i);
    }
    gatedBackwardScalar(dS, dSOff + i, addToS, dF, dFOff + i, addToF, dG, dGOff + i, addToG,
        dOut, dOutOff + i, s, sOff + i, f, fOff + i, g, gOff + i, exclusive, len - i);
  }

  /**
   * out = mask * s + f: the dropout shortcut in training, {@code mask} 0 or {@code 1 / (1 - p)}
   * ({@link DropoutMask}).
   */
  public static void masked(float[] out, int outOff, float[] s, int sOff, float[] f, int fOff,
      float[] mask, int maskOff, int len) {
    if (Simd.SCALAR) {
      maskedScalar(out, outOff, s, sOff, f, fOff, mask, maskOff, len);
      return;
    }
    int bound = S.loopBound(len);
    int i = 0;
    for (; i < bound; i += S.length()) {
      FloatVector.fromArray(S, s, sOff + i)
          .fma(FloatVector.fromArray(S, mask, maskOff + i), FloatVector.fromArray(S, f, fOff + i))
          .intoArray(out, outOff + i);
    }
    maskedScalar(out, outOff + i, s, sOff + i, f, fOff + i, mask, maskOff + i, len - i);
  }

  /** dS (+)= mask * dOut and dF (+)= dOut. */
  public static void maskedBackward(float[] dS, int dSOff, boolean addToS, float[] dF, int dFOff,
      boolean addToF, float[] dOut, int dOutOff, float[] mask, int maskOff, int len) {
    // The masked part is the scaled shortcut's, with a scale per element.
    if (Simd.SCALAR) {
      maskedBackwardScalar(dS, dSOff, addToS, dF, dFOff, addToF, dOut, dOutOff, mask, maskOff,
          len);
      return;
    }
    int bound = S.loopBound(len);
    int i = 0;
    for (; i < bound; i += S.length()) {
      FloatVector d = FloatVector.fromArray(S, dOut, dOutOff + i);
      FloatVector ds = FloatVector.fromArray(S, mask, maskOff + i).mul(d);
      (addToS ? FloatVector.fromArray(S, dS, dSOff + i).add(ds) : ds).intoArray(dS, dSOff + i);
      (addToF ? FloatVector.fromArray(S, dF, dFOff + i).add(d) : d).intoArray(dF, dFOff + i);
    }
    maskedBackwardScalar(dS, dSOff + i, addToS, dF, dFOff + i, addToF, dOut, dOutOff + i, mask,
        maskOff + i, len - i);
  }

  /** Scalar reference of {@link #scaled}; same arguments and shapes. */
  public static void scaledScalar(float[] out, int outOff, float[] s, int sOff, float[] f,
      int fOff, float a, float b, int len) {
    for (int i = 0; i < len; i++) {
      out[outOff + i] = Math.fma(s[sOff + i], a, f[fOff + i] * b);
    }
  }

  /** Scalar reference of {@link #scaledBackward}; same arguments and shapes. */
  public static void scaledBackwardScalar(float[] dS, int dSOff, boolean addToS, float[] dF,
      int dFOff, boolean addToF, float[] dOut, int dOutOff, float a, float b, int len) {
    for (int i = 0; i < len; i++) {
      float g = dOut[dOutOff + i];
      dS[dSOff + i] = addToS ? dS[dSOff + i] + g * a : g * a;
      dF[dFOff + i] = addToF ? dF[dFOff + i] + g * b : g * b;
    }
  }

  /** Scalar reference of {@link #gated}; same arguments and shapes. */
  public static void gatedScalar(float[] out, int outOff, float[] s, int sOff, float[] f,
      int fOff, float[] g, int gOff, boolean exclusive, int len) {
    for (int i = 0; i < len; i++) {
      float gi = g[gOff + i];
      float branch = exclusive ? gi * f[fOff + i] : f[fOff + i];
      out[outOff + i] = Math.fma(s[sOff + i], 1f - gi, branch);
    }
  }

  /** Scalar reference of {@link #gatedBackward}; same arguments and shapes. */
  public static void gatedBackwardScalar(float[] dS, int dSOff, boolean addToS, float[] dF,
      int dFOff, boolean addToF, float[] dG, int dGOff, boolean addToG, float[] dOut,
      int dOutOff, float[] s, int sOff, float[] f, int fOff, float[] g, int gOff,
      boolean exclusive, int len) {
    for (int i = 0; i < len; i++) {
      float d = dOut[dOutOff + i];
      float gi = g[gOff + i];
      float si = s[sOff + i];
      float ds = (1f - gi) * d;
      float df = exclusive ? gi * d : d;
      float dg = exclusive ? (f[fOff + i] - si) * d : -si * d;
      dS[dSOff + i] = addToS ? dS[dSOff + i] + ds : ds;
      dF[dFOff + i] = addToF ? dF[dFOff + i] + df : df;
      dG[dGOff + i] = addToG ? dG[dGOff + i] + dg : dg;
    }
  }

  /** Scalar reference of {@link #masked}; same arguments and shapes. */
  public static void maskedScalar(float[] out, int outOff, float[] s, int sOff, float[] f,
      int fOff, float[] mask, int maskOff, int len) {
    for (int i = 0; i < len; i++) {
      out[outOff + i] = Math.fma(s[sOff + i], mask[maskOff + i], f[fOff + i]);
    }
  }

  /** Scalar reference of {@link #maskedBackward}; same arguments and shapes. */
  public static void maskedBackwardScalar(float[] dS, int dSOff, boolean addToS, float[] dF,
      int dFOff, boolean addToF, float[] dOut, int dOutOff, float[] mask, int maskOff, int len) {
    for (int i = 0; i < len; i++) {
      float d = dOut[dOutOff + i];
      float ds = mask[maskOff + i] * d;
      dS[dSOff + i] = addToS ? dS[dSOff + i] + ds : ds;
      dF[dFOff + i] = addToF ? dF[dFOff + i] + d : d;
    }
  }
}
