package org.skipline.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix multiply-accumulate on row-major arrays with dense leading dimensions.
 *
 * <p>Dimensions: {@code m} rows of C, {@code n} columns of C, {@code k} the reduced dimension.
 * Every method adds into C ({@code C += ...}); callers that want an overwrite zero C first.
 *
 * <p>{@link #nn} and {@link #tn} vectorise along the columns of B and C (contiguous) with a
 * register-blocked micro-kernel; {@link #nt} vectorises along {@code k}, which is contiguous in
 * both A and B, and reduces each dot product across lanes at the end.
 */
public final class Gemm {

  private static final VectorSpecies<Float> S = Simd.SPECIES;

  /**
   * Rows of C per micro-kernel tile. Four broadcasts of A against {@link #TILE_VECTORS} loads of B
   * give 12 independent FMA chains, enough to hide the FMA latency (4 cycles, 2 ports), while 12
   * accumulators + 3 B vectors + 1 broadcast still fit in 16 vector registers (AVX2) without
   * spilling.
   */
  static final int TILE_ROWS = 4;

  /** Vectors of C columns per micro-kernel tile; see {@link #TILE_ROWS}. */
  static final int TILE_VECTORS = 3;

  /**
   * Depth of one pass over k. A panel of B of KC rows by one tile width (256 x 48 floats, 48 KB at
   * 512 bits) stays cache-resident while every row block of A streams past it; C is reloaded once
   * per pass, which is cheap next to KC FMAs per element.
   */
  static final int KC = 256;

  /** Rows of A per {@link #nt} tile: 4 x 2 dot products share 6 loads for 8 FMAs per step. */
  static final int NT_ROWS = 4;

  /** Rows of B per {@link #nt} tile; see {@link #NT_ROWS}. */
  static final int NT_COLS = 2;

  private Gemm() {}

  /**
   * C += A * B.
   *
   * @param c C, shape [m, n] at {@code cOff}
   * @param a A, shape [m, k] at {@code aOff}
   * @param b B, shape [k, n] at {@code bOff}
   */
  public static void nn(
      float[] c, int cOff, float[] a, int aOff, float[] b, int bOff, int m, int n, int k) {
    if (Simd.SCALAR) {
      nnScalar(c, cOff, a, aOff, b, bOff, m, n, k);
      return;
    }
    broadcastA(c, cOff, a, aOff, k, 1, b, bOff, m, n, k);
  }

  /**
   * C += A * B^T.
   *
   * @param c C, shape [m, n] at {@code cOff}
   * @param a A, shape [m, k] at {@code aOff}
   * @param b B, shape [n, k] at {@code bOff}
   */
  public static void nt(
      float[] c, int cOff, float[] a, int aOff, float[] b, int bOff, int m, int n, int k) {
    if (Simd.SCALAR) {
      ntScalar(c, cOff, a, aOff, b, bOff, m, n, k);
      return;
    }
    int bound = S.loopBound(k);
    int i = 0;
    for (; i + NT_ROWS <= m; i += NT_ROWS) {
      int j = 0;
      for (; j + NT_COLS <= n; j += NT_COLS) {
        dot4x2(c, cOff, a, aOff, b, bOff, i, j, n, k, bound);
      }
      for (; j < n; j++) {
        for (int r = 0; r < NT_ROWS; r++) {
          c[cOff + (i + r) * n + j] += dot(a, aOff + (i + r) * k, b, bOff + j * k, k, bound);
        }
      }
    }
    for (; i < m; i++) {
      for (int j = 0; j < n; j++) {
        c[cOff + i * n + j] += dot(a, aOff + i * k, b, bOff + j * k, k, bound);
      }
    }
  }

  /**
   * C += A^T * B.
   *
   * @param c C, shape [m, n] at {@code cOff}
   * @param a A, shape [k, m] at {@code aOff}
   * @param b B, shape [k, n] at {@code bOff}
   */
  public static void tn(
      float[] c, int cOff, float[] a, int aOff, float[] b, int bOff, int m, int n, int k) {
    if (Simd.SCALAR) {
      tnScalar(c, cOff, a, aOff, b, bOff, m, n, k);
      return;
    }
    broadcastA(c, cOff, a, aOff, 1, m, b, bOff, m, n, k);
  }

  /** Scalar reference of {@link #nn}; same arguments and shapes. */
  public static void nnScalar(
      float[] c, int cOff, float[] a, int aOff, float[] b, int bOff, int m, int n, int k) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float sum = 0f;
        for (int p = 0; p < k; p++) {
          sum += a[aOff + i * k + p] * b[bOff + p * n + j];
        }
        c[cOff + i * n + j] += sum;
      }
    }
  }

  /** Scalar reference of {@link #nt}; same arguments and shapes. */
  public static void ntScalar(
      float[] c, int cOff, float[] a, int aOff, float[] b, int bOff, int m, int n, int k) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float sum = 0f;
        for (int p = 0; p < k; p++) {
          sum += a[aOff + i * k + p] * b[bOff + j * k + p];
        }
        c[cOff + i * n + j] += sum;
      }
    }
  }

  /** Scalar reference of {@link #tn}; same arguments and shapes. */
  public static void tnScalar(
      float[] c, int cOff, float[] a, int aOff, float[] b, int bOff, int m, int n, int k) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float sum = 0f;
        for (int p = 0; p < k; p++) {
          sum += a[aOff + p * m + i] * b[bOff + p * n + j];
        }
        c[cOff + i * n + j] += sum;
      }
    }
  }

  /**
   * C[m, n] += A * B[k, n] where element (i, p) of A is {@code a[aOff + i * aRow + p * aCol]}, so
   * one body serves both {@code nn} (aRow = k, aCol = 1) and {@code tn} (aRow = 1, aCol = m).
   */
  private static void broadcastA(
      float[] c,
      int cOff,
      float[] a,
      int aOff,
      int aRow,
      int aCol,
      float[] b,
      int bOff,
      int m,
      int n,
      int k) {
    int lanes = S.length();
    int tileWidth = TILE_VECTORS * lanes;
    for (int p0 = 0; p0 < k; p0 += KC) {
      int kc = Math.min(KC, k - p0);
      int j = 0;
      for (; j + tileWidth <= n; j += tileWidth) {
        int i = 0;
        for (; i + TILE_ROWS <= m; i += TILE_ROWS) {
          tile4x3(c, cOff, a, aOff, aRow, aCol, b, bOff, n, i, j, p0, kc);
        }
        for (; i < m; i++) {
          tile1x3(c, cOff, a, aOff, aRow, aCol, b, bOff, n, i, j, p0, kc);
        }
      }
      for (; j + lanes <= n; j += lanes) {
        int i = 0;
        for (; i + TILE_ROWS <= m; i += TILE_ROWS) {
          tile4x1(c, cOff, a, aOff, aRow, aCol, b, bOff, n, i, j, p0, kc);
        }
        for (; i < m; i++) {
          tile1x1(c, cOff, a, aOff, aRow, aCol, b, bOff, n, i, j, p0, kc);
        }
      }
      for (; j < n; j++) {
        for (int i = 0; i < m; i++) {
          int ai = aOff + i * aRow;
          float sum = 0f;
          for (int p = p0; p < p0 + kc; p++) {
            sum = Math.fma(a[ai + p * aCol], b[bOff + p * n + j], sum);
          }
          c[cOff + i * n + j] += sum;
        }
      }
    }
  }

  private static void tile4x3(
      float[] c,
      int cOff,
      float[] a,
      int aOff,
      int aRow,
      int aCol,
      float[] b,
      int bOff,
      int n,
      int i,
      int j,
      int p0,
      int kc) {
    int lanes = S.length();
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00;
    FloatVector c02 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c12 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c22 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c32 = c00;
    int a0 = aOff + i * aRow + p0 * aCol;
    int a1 = a0 + aRow;
    int a2 = a1 + aRow;
    int a3 = a2 + aRow;
    int bp = bOff + p0 * n + j;
    for (int p = 0; p < kc; p++, bp += n) {
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + lanes);
      FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * lanes);
      int pa = p * aCol;
      FloatVector x = FloatVector.broadcast(S, a[a0 + pa]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      c02 = x.fma(b2, c02);
      x = FloatVector.broadcast(S, a[a1 + pa]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      c12 = x.fma(b2, c12);
      x = FloatVector.broadcast(S, a[a2 + pa]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      c22 = x.fma(b2, c22);
      x = FloatVector.broadcast(S, a[a3 + pa]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      c32 = x.fma(b2, c32);
    }
    int row = cOff + i * n + j;
    addInto(c, row, c00, c01, c02);
    addInto(c, row + n, c10, c11, c12);
    addInto(c, row + 2 * n, c20, c21, c22);
    addInto(c, row + 3 * n, c30, c31, c32);
  }

  private static void tile1x3(
      float[] c,
      int cOff,
      float[] a,
      int aOff,
      int aRow,
      int aCol,
      float[] b,
      int bOff,
      int n,
      int i,
      int j,
      int p0,
      int kc) {
    int lanes = S.length();
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00;
    FloatVector c02 = c00;
    int a0 = aOff + i * aRow + p0 * aCol;
    int bp = bOff + p0 * n + j;
    for (int p = 0; p < kc; p++, bp += n) {
      FloatVector x = FloatVector.broadcast(S, a[a0 + p * aCol]);
      c00 = x.fma(FloatVector.fromArray(S, b, bp), c00);
      c01 = x.fma(FloatVector.fromArray(S, b, bp + lanes), c01);
      c02 = x.fma(FloatVector.fromArray(S, b, bp + 2 * lanes), c02);
    }
    addInto(c, cOff + i * n + j, c00, c01, c02);
  }

  private static void tile4x1(
      float[] c,
      int cOff,
      float[] a,
      int aOff,
      int aRow,
      int aCol,
      float[] b,
      int bOff,
      int n,
      int i,
      int j,
      int p0,
      int kc) {
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = c0;
    FloatVector c2 = c0;
    FloatVector c3 = c0;
    int a0 = aOff + i * aRow + p0 * aCol;
    int a1 = a0 + aRow;
    int a2 = a1 + aRow;
    int a3 = a2 + aRow;
    int bp = bOff + p0 * n + j;
    for (int p = 0; p < kc; p++, bp += n) {
      FloatVector bv = FloatVector.fromArray(S, b, bp);
      int pa = p * aCol;
      c0 = FloatVector.broadcast(S, a[a0 + pa]).fma(bv, c0);
      c1 = FloatVector.broadcast(S, a[a1 + pa]).fma(bv, c1);
      c2 = FloatVector.broadcast(S, a[a2 + pa]).fma(bv, c2);
      c3 = FloatVector.broadcast(S, a[a3 + pa]).fma(bv, c3);
    }
    int row = cOff + i * n + j;
    FloatVector.fromArray(S, c, row).add(c0).intoArray(c, row);
    FloatVector.fromArray(S, c, row + n).add(c1).intoArray(c, row + n);
    FloatVector.fromArray(S, c, row + 2 * n).add(c2).intoArray(c, row + 2 * n);
    FloatVector.fromArray(S, c, row + 3 * n).add(c3).intoArray(c, row + 3 * n);
  }

  private static void tile1x1(
      float[] c,
      int cOff,
      float[] a,
      int aOff,
      int aRow,
      int aCol,
      float[] b,
      int bOff,
      int n,
      int i,
      int j,
      int p0,
      int kc) {
    FloatVector c0 = FloatVector.zero(S);
    int a0 = aOff + i * aRow + p0 * aCol;
    int bp = bOff + p0 * n + j;
    for (int p = 0; p < kc; p++, bp += n) {
      c0 = FloatVector.broadcast(S, a[a0 + p * aCol]).fma(FloatVector.fromArray(S, b, bp), c0);
    }
    int row = cOff + i * n + j;
    FloatVector.fromArray(S, c, row).add(c0).intoArray(c, row);
  }

  private static void addInto(float[] c, int off, FloatVector v0, FloatVector v1, FloatVector v2) {
    int lanes = S.length();
    FloatVector.fromArray(S, c, off).add(v0).intoArray(c, off);
    FloatVector.fromArray(S, c, off + lanes).add(v1).intoArray(c, off + lanes);
    FloatVector.fromArray(S, c, off + 2 * lanes).add(v2).intoArray(c, off + 2 * lanes);
  }

  /** Four rows of A against two rows of B: eight dot products of length k. */
  private static void dot4x2(
      float[] c,
      int cOff,
      float[] a,
      int aOff,
      float[] b,
      int bOff,
      int i,
      int j,
      int n,
      int k,
      int bound) {
    int a0 = aOff + i * k;
    int a1 = a0 + k;
    int a2 = a1 + k;
    int a3 = a2 + k;
    int b0 = bOff + j * k;
    int b1 = b0 + k;
    FloatVector s00 = FloatVector.zero(S);
    FloatVector s01 = s00;
    FloatVector s10 = s00;
    FloatVector s11 = s00;
    FloatVector s20 = s00;
    FloatVector s21 = s00;
    FloatVector s30 = s00;
    FloatVector s31 = s00;
    for (int p = 0; p < bound; p += S.length()) {
      FloatVector y0 = FloatVector.fromArray(S, b, b0 + p);
      FloatVector y1 = FloatVector.fromArray(S, b, b1 + p);
      FloatVector x = FloatVector.fromArray(S, a, a0 + p);
      s00 = x.fma(y0, s00);
      s01 = x.fma(y1, s01);
      x = FloatVector.fromArray(S, a, a1 + p);
      s10 = x.fma(y0, s10);
      s11 = x.fma(y1, s11);
      x = FloatVector.fromArray(S, a, a2 + p);
      s20 = x.fma(y0, s20);
      s21 = x.fma(y1, s21);
      x = FloatVector.fromArray(S, a, a3 + p);
      s30 = x.fma(y0, s30);
      s31 = x.fma(y1, s31);
    }
    int row = cOff + i * n + j;
    c[row] += Simd.sum(s00) + tail(a, a0, b, b0, bound, k);
    c[row + 1] += Simd.sum(s01) + tail(a, a0, b, b1, bound, k);
    row += n;
    c[row] += Simd.sum(s10) + tail(a, a1, b, b0, bound, k);
    c[row + 1] += Simd.sum(s11) + tail(a, a1, b, b1, bound, k);
    row += n;
    c[row] += Simd.sum(s20) + tail(a, a2, b, b0, bound, k);
    c[row + 1] += Simd.sum(s21) + tail(a, a2, b, b1, bound, k);
    row += n;
    c[row] += Simd.sum(s30) + tail(a, a3, b, b0, bound, k);
    c[row + 1] += Simd.sum(s31) + tail(a, a3, b, b1, bound, k);
  }

  /** Dot product of a[x, x + k) and b[y, y + k); {@code bound} is {@code loopBound(k)}. */
  private static float dot(float[] a, int x, float[] b, int y, int k, int bound) {
    FloatVector s = FloatVector.zero(S);
    for (int p = 0; p < bound; p += S.length()) {
      s = FloatVector.fromArray(S, a, x + p).fma(FloatVector.fromArray(S, b, y + p), s);
    }
    return Simd.sum(s) + tail(a, x, b, y, bound, k);
  }

  /** The scalar tail [from, k) of a dot product that the vector loop did not cover. */
  private static float tail(float[] a, int x, float[] b, int y, int from, int k) {
    float sum = 0f;
    for (int p = from; p < k; p++) {
      sum = Math.fma(a[x + p], b[y + p], sum);
    }
    return sum;
  }
}
