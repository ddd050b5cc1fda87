package org.skipline.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix multiply-accumulate on row-major arrays with dense leading dimensions.
 *
 * <p>Dimensions: {@code m} rows of C, {@code n} columns of C, {@code k} the reduced dimension.
 * {@link #nn}, {@link #nt} and {@link #tn} add into C ({@code C += ...}); {@link #nnStore} and
 * {@link #tnStore} overwrite it, with no pass to zero it first.
 *
 * <p>Every variant runs register-blocked micro-kernels that broadcast an element of A and multiply
 * it into vectors of a row of B, so they vectorise along the columns of B and C, which are
 * contiguous: 8 rows by 3 vectors where AVX-512's 32 registers allow, else 4 rows by 3 vectors,
 * and narrower tiles for the edges. {@link #tn} only reads A with other strides. {@link #nt}
 * first copies a panel of B transposed into a per-thread scratch buffer: the alternative, dot
 * products along k, ends in a horizontal sum per element of C, and no fixed-order (hence
 * reproducible) horizontal sum was fast enough at 512 bits. {@link #ntLanes} does take dot
 * products, for sums over many calls: it keeps a vector of lane sums per element of C and
 * leaves the horizontal sums to one {@link #addLanes} at the end.
 *
 * <p>Each element of C sums its k products in ascending order within each {@link #KC} block, the
 * same order at every call, so results are reproducible bit for bit.
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

  /**
   * Whether the 8-row tiles run: 8 rows by 3 vectors is 24 accumulators, 3 B vectors and a
   * broadcast, which fit the 32 vector registers of AVX-512 but would spill from AVX2's 16.
   * Measured on Zen 5 at 512 bits for a 16 x 1024 x 144 product: about 230 GFLOP/s on one core
   * against about 140 for 4 rows by 3 vectors.
   */
  static final boolean EIGHT_ROW_TILES = Simd.BITS == 512;

  /** Vectors of C columns per micro-kernel tile; see {@link #TILE_ROWS}. */
  static final int TILE_VECTORS = 3;

  /**
   * Depth of one pass over k. A panel of B of KC rows by one tile width (256 x 48 floats, 48 KB at
   * 512 bits) stays cache-resident while every row block of A streams past it; C is reloaded once
   * per pass, which is cheap next to KC FMAs per element.
   */
  static final int KC = 256;

  /**
   * Columns of C per transposed panel in {@link #nt}: 96 is a multiple of the tile width at 128,
   * 256 and 512 bits, and a KC x 96 panel (96 KB) fits in L2 next to the rows of A.
   */
  static final int NT_PANEL = 96;

  /** Scratch for the transposed panels of {@link #nt}, one per thread, allocated on first use. */
  private static final ThreadLocal<float[]> PANEL =
      ThreadLocal.withInitial(() -> new float[KC * NT_PANEL]);

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
    passes(c, cOff, a, aOff, k, 1, b, bOff, m, n, k, n, false);
  }

  /**
   * C = A * B: {@link #nn} that overwrites C instead of adding into it, with no pass to zero it
   * first.
   */
  public static void nnStore(
      float[] c, int cOff, float[] a, int aOff, float[] b, int bOff, int m, int n, int k) {
    nnStoreColumns(c, cOff, a, aOff, b, bOff, m, n, k, n);
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
    float[] panel = PANEL.get();
    for (int p0 = 0; p0 < k; p0 += KC) {
      int kc = Math.min(KC, k - p0);
      for (int j0 = 0; j0 < n; j0 += NT_PANEL) {
        int nc = Math.min(NT_PANEL, n - j0);
        // panel[p, jj] = B[j0 + jj, p0 + p]: rows of B become columns the micro-kernel can load.
        for (int jj = 0; jj < nc; jj++) {
          int src = bOff + (j0 + jj) * k + p0;
          for (int p = 0; p < kc; p++) {
            panel[p * nc + jj] = b[src + p];
          }
        }
        block(c, cOff + j0, n, a, aOff + p0, k, 1, panel, evenRows(0, nc, kc), m, nc, kc, false);
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
    passes(c, cOff, a, aOff, 1, m, b, bOff, m, n, k, n, false);
  }

  /**
   * C = A^T * B: {@link #tn} that overwrites C instead of adding into it, with no pass to zero it
   * first.
   */
  public static void tnStore(
      float[] c, int cOff, float[] a, int aOff, float[] b, int bOff, int m, int n, int k) {
    if (Simd.SCALAR) {
      Arrays.fill(c, cOff, cOff + m * n, 0f);
      tnScalar(c, cOff, a, aOff, b, bOff, m, n, k);
      return;
    }
    passes(c, cOff, a, aOff, 1, m, b, bOff, m, n, k, n, true);
  }

  /**
   * C[:, j0, j0 + n) = A * B[:, j0, j0 + n): {@link #nnStore} on a block of n columns of a B [k,
   * ld] and a C [m, ld], so that threads can share one product by columns, each keeping the
   * columns it writes in its own cache. Each element of C comes out as {@link #nnStore} computes
   * it.
   *
   * @param c C's column j0 of row 0, at {@code cOff}
   * @param a A, shape [m, k] at {@code aOff}
   * @param b B's column j0 of row 0, at {@code bOff}
   * @param ld floats from one row of B or C to the next
   */
  public static void nnStoreColumns(float[] c, int cOff, float[] a, int aOff, float[] b,
      int bOff, int m, int n, int k, int ld) {
    if (Simd.SCALAR) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          float sum = 0f;
          for (int p = 0; p < k; p++) {
            sum += a[aOff + i * k + p] * b[bOff + p * ld + j];
          }
          c[cOff + i * ld + j] = 0f + sum;  // as zeroing C and adding (nnScalar) gives it
        }
      }
      return;
    }
    passes(c, cOff, a, aOff, k, 1, b, bOff, m, n, k, ld, true);
  }

  /**
   * C (+)= A * B for B [k, n] in rows of {@code ld} floats, as C's, in passes of depth {@link
   * #KC}: the body of {@link #nn} (A's element (i, p) at {@code aOff + i * k + p}) and {@link #tn}
   * (at {@code aOff + p * m + i}). With {@code store}, the first pass overwrites C and the others
   * add to it.
   */
  private static void passes(
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
      int k,
      int ld,
      boolean store) {
    if (k == 0 && store) {
      for (int i = 0; i < m; i++) {
        Arrays.fill(c, cOff + i * ld, cOff + i * ld + n, 0f);
      }
    }
    for (int p0 = 0; p0 < k; p0 += KC) {
      int kc = Math.min(KC, k - p0);
      block(c, cOff, ld, a, aOff + p0 * aCol, aRow, aCol, b, evenRows(bOff + p0 * ld, ld, kc), m,
          n, kc, store && p0 == 0);
    }
  }

  /**
   * C (+)= A [m, k] * B [k, n] where row p of B starts at {@code b[bOff + bRows[p]]}: rows that
   * need not be evenly spaced, so that a convolution's lowered input can share rows between kernel
   * taps (see {@link Conv2d}), and one table can serve lowerings at several places. Without {@code
   * store} it adds into C, like {@link #nn}; with it, it overwrites C, like {@link #nnStore}.
   *
   * @param c C, shape [m, n] at {@code cOff}, in rows of {@code ldc} floats
   * @param a A, shape [m, k] at {@code aOff}
   * @param bRows where each of the k rows of B starts, from index {@code bOff}
   */
  public static void nnRows(float[] c, int cOff, int ldc, float[] a, int aOff, float[] b,
      int bOff, int[] bRows, int m, int n, int k, boolean store) {
    if (Simd.SCALAR) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          float sum = 0f;
          for (int p = 0; p < k; p++) {
            sum += a[aOff + i * k + p] * b[bOff + bRows[p] + j];
          }
          c[cOff + i * ldc + j] = (store ? 0f : c[cOff + i * ldc + j]) + sum;
        }
      }
      return;
    }
    if (k == 0 && store) {
      for (int i = 0; i < m; i++) {
        Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
      }
    }
    for (int p0 = 0; p0 < k; p0 += KC) {
      int kc = Math.min(KC, k - p0);
      int[] rows = bRows;
      if (p0 > 0 || bOff != 0) {
        rows = ROWS.get();
        for (int p = 0; p < kc; p++) {
          rows[p] = bOff + bRows[p0 + p];
        }
      }
      block(c, cOff, ldc, a, aOff + p0, k, 1, b, rows, m, n, kc, store && p0 == 0);
    }
  }

  /** This thread's table of {@code kc} row starts {@code first, first + stride, ...}. */
  private static int[] evenRows(int first, int stride, int kc) {
    int[] rows = ROWS.get();
    if (rows.length < kc) {
      rows = new int[kc];
      ROWS.set(rows);
    }
    for (int p = 0; p < kc; p++) {
      rows[p] = first + p * stride;
    }
    return rows;
  }

  /** Scratch for {@link #evenRows} and {@link #ntLanes}, one per thread. */
  private static final ThreadLocal<int[]> ROWS = ThreadLocal.withInitial(() -> new int[KC]);

  /**
   * C [m, n] += A [m, k] * B [n, k]^T as dot products along k, for a C much smaller than A and B
   * (a weight gradient, summed over the pixels of each image): the products vectorise along k, so
   * a narrow C costs no more than a wide one, and neither operand is transposed. Each element of
   * C keeps a vector of lane sums in {@code partial} [m, n, L], L the vector length, added into;
   * a sum over many calls is reduced across the lanes once, by {@link #addLanes}. k must be a
   * multiple of L.
   *
   * <p>The call sums over {@code count} pairs of A and B, pair t at {@code aOff + t * aStride} and
   * {@code bOff + t * bStride}, with the lane sums loaded and stored once for all of them: a
   * weight gradient passes all the images of a batch at once.
   *
   * @param partial lane sums, shape [m, n, L] from index 0, added into
   * @param a A, shape [m, k] at {@code aOff}
   * @param b B, shape [n, k] at {@code bOff}
   */
  public static void ntLanes(float[] partial, float[] a, int aOff, int aStride, float[] b,
      int bOff, int bStride, int m, int n, int k, int count) {
    ntLanes(partial, a, aOff, aStride, b, evenRows(bOff, k, n), bStride, m, n, k, count);
  }

  /**
   * {@link #ntLanes} where row j of the first B starts at {@code b[bRows[j]]}, rows that need not
   * be evenly spaced, as in {@link #nnRows}; row j of B number t starts at {@code bRows[j] + t *
   * bStride}. Several images of few pixels lowered side by side run long dot products between
   * loads of the lane sums.
   *
   * @param bRows where each of the n rows of the first B starts, from index 0
   */
  public static void ntLanes(float[] partial, float[] a, int aOff, int aStride, float[] b,
      int[] bRows, int bStride, int m, int n, int k, int count) {
    int lanes = S.length();
    if (k % lanes != 0) {
      throw new IllegalArgumentException(
          "ntLanes needs k to be a multiple of " + lanes + ", got " + k);
    }
    int m4 = m / 4 * 4;
    int n4 = n / 4 * 4;
    // 4 x 4 blocks, four rows of the operand with fewer rows held (in L1) while all the other's
    // rows stream past them. Each element's sum is the same whichever block comes first. (The
    // backward of a 16 -> 64 pointwise convolution over 16 images: 187-189 -> 194-196 GFLOP/s
    // against always holding A's rows; 64 -> 16 and 16x16 shapes within noise.)
    if (m <= n) {
      for (int i = 0; i < m4; i += 4) {
        for (int j = 0; j < n4; j += 4) {
          dot4x4(partial, (i * n + j) * lanes, n * lanes, a, aOff + i * k, aStride, k, b,
              bRows[j], bRows[j + 1], bRows[j + 2], bRows[j + 3], bStride, count);
        }
      }
    } else {
      for (int j = 0; j < n4; j += 4) {
        for (int i = 0; i < m4; i += 4) {
          dot4x4(partial, (i * n + j) * lanes, n * lanes, a, aOff + i * k, aStride, k, b,
              bRows[j], bRows[j + 1], bRows[j + 2], bRows[j + 3], bStride, count);
        }
      }
    }
    // The elements outside the blocks, one by one.
    for (int i = 0; i < m; i++) {
      for (int j = i < m4 ? n4 : 0; j < n; j++) {
        dot1x1(partial, (i * n + j) * lanes, a, aOff + i * k, aStride, b, bRows[j], bStride, k,
            count);
      }
    }
  }

  /**
   * C [m, n] += the lane sums that {@link #ntLanes} left in {@code partial} [m, n, L], each
   * vector summed in lane order.
   */
  public static void addLanes(float[] c, int cOff, float[] partial, int m, int n) {
    for (int e = 0; e < m * n; e++) {
      c[cOff + e] += laneSum(partial, e);
    }
  }

  /** The lane sums of element {@code e} of {@link #ntLanes}'s {@code partial}, in lane order. */
  static float laneSum(float[] partial, int e) {
    int lanes = S.length();
    float sum = 0f;
    for (int l = 0; l < lanes; l++) {
      sum += partial[e * lanes + l];
    }
    return sum;
  }

  /**
   * Lane sums of a 4 x 4 block of {@link #ntLanes}: 16 accumulators fed by 4 rows of A and 4 of
   * B, so each step loads 8 vectors for 16 FMAs.
   */
  private static void dot4x4(float[] partial, int pi, int rowStride, float[] a, int ai,
      int aStride, int k, float[] b, int bi0, int bi1, int bi2, int bi3, int bStride,
      int count) {
    int lanes = S.length();
    int r1 = pi + rowStride;
    int r2 = pi + 2 * rowStride;
    int r3 = pi + 3 * rowStride;
    FloatVector c00 = FloatVector.fromArray(S, partial, pi);
    FloatVector c01 = FloatVector.fromArray(S, partial, pi + lanes);
    FloatVector c02 = FloatVector.fromArray(S, partial, pi + 2 * lanes);
    FloatVector c03 = FloatVector.fromArray(S, partial, pi + 3 * lanes);
    FloatVector c10 = FloatVector.fromArray(S, partial, r1);
    FloatVector c11 = FloatVector.fromArray(S, partial, r1 + lanes);
    FloatVector c12 = FloatVector.fromArray(S, partial, r1 + 2 * lanes);
    FloatVector c13 = FloatVector.fromArray(S, partial, r1 + 3 * lanes);
    FloatVector c20 = FloatVector.fromArray(S, partial, r2);
    FloatVector c21 = FloatVector.fromArray(S, partial, r2 + lanes);
    FloatVector c22 = FloatVector.fromArray(S, partial, r2 + 2 * lanes);
    FloatVector c23 = FloatVector.fromArray(S, partial, r2 + 3 * lanes);
    FloatVector c30 = FloatVector.fromArray(S, partial, r3);
    FloatVector c31 = FloatVector.fromArray(S, partial, r3 + lanes);
    FloatVector c32 = FloatVector.fromArray(S, partial, r3 + 2 * lanes);
    FloatVector c33 = FloatVector.fromArray(S, partial, r3 + 3 * lanes);
    for (int t = 0; t < count; t++, ai += aStride, bi0 += bStride, bi1 += bStride,
        bi2 += bStride, bi3 += bStride) {
      for (int p = 0; p < k; p += lanes) {
        FloatVector a0 = FloatVector.fromArray(S, a, ai + p);
        FloatVector a1 = FloatVector.fromArray(S, a, ai + k + p);
        FloatVector a2 = FloatVector.fromArray(S, a, ai + 2 * k + p);
        FloatVector a3 = FloatVector.fromArray(S, a, ai + 3 * k + p);
        FloatVector b0 = FloatVector.fromArray(S, b, bi0 + p);
        FloatVector b1 = FloatVector.fromArray(S, b, bi1 + p);
        FloatVector b2 = FloatVector.fromArray(S, b, bi2 + p);
        FloatVector b3 = FloatVector.fromArray(S, b, bi3 + p);
        c00 = a0.fma(b0, c00);
        c01 = a0.fma(b1, c01);
        c02 = a0.fma(b2, c02);
        c03 = a0.fma(b3, c03);
        c10 = a1.fma(b0, c10);
        c11 = a1.fma(b1, c11);
        c12 = a1.fma(b2, c12);
        c13 = a1.fma(b3, c13);
        c20 = a2.fma(b0, c20);
        c21 = a2.fma(b1, c21);
        c22 = a2.fma(b2, c22);
        c23 = a2.fma(b3, c23);
        c30 = a3.fma(b0, c30);
        c31 = a3.fma(b1, c31);
        c32 = a3.fma(b2, c32);
        c33 = a3.fma(b3, c33);
      }
    }
    c00.intoArray(partial, pi);
    c01.intoArray(partial, pi + lanes);
    c02.intoArray(partial, pi + 2 * lanes);
    c03.intoArray(partial, pi + 3 * lanes);
    c10.intoArray(partial, r1);
    c11.intoArray(partial, r1 + lanes);
    c12.intoArray(partial, r1 + 2 * lanes);
    c13.intoArray(partial, r1 + 3 * lanes);
    c20.intoArray(partial, r2);
    c21.intoArray(partial, r2 + lanes);
    c22.intoArray(partial, r2 + 2 * lanes);
    c23.intoArray(partial, r2 + 3 * lanes);
    c30.intoArray(partial, r3);
    c31.intoArray(partial, r3 + lanes);
    c32.intoArray(partial, r3 + 2 * lanes);
    c33.intoArray(partial, r3 + 3 * lanes);
  }

  /** Lane sums of one element of {@link #ntLanes}. */
  private static void dot1x1(float[] partial, int pi, float[] a, int ai, int aStride, float[] b,
      int bi, int bStride, int k, int count) {
    FloatVector sum = FloatVector.fromArray(S, partial, pi);
    for (int t = 0; t < count; t++, ai += aStride, bi += bStride) {
      for (int p = 0; p < k; p += S.length()) {
        sum = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bi + p), sum);
      }
    }
    sum.intoArray(partial, pi);
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
   * C += A * B for one pass of depth {@code kc}, the body shared by all variants.
   *
   * @param c C, shape [m, n] with rows {@code ldc} apart, at {@code cOff}
   * @param a A, shape [m, kc]; element (i, p) is {@code a[aOff + i * aRow + p * aCol]}, which
   *     covers both A (aRow = k, aCol = 1) and A^T (aRow = 1, aCol = m)
   * @param b B, shape [kc, n]; row p starts at {@code bRows[p]}, so that its rows need not be
   *     evenly spaced (see {@link #nnRows})
   * @param store whether to overwrite C rather than add into it
   */
  private static void block(
      float[] c,
      int cOff,
      int ldc,
      float[] a,
      int aOff,
      int aRow,
      int aCol,
      float[] b,
      int[] bRows,
      int m,
      int n,
      int kc,
      boolean store) {
    int lanes = S.length();
    int tileWidth = TILE_VECTORS * lanes;
    int j = 0;
    if (EIGHT_ROW_TILES && n % (4 * lanes) == 0 && n < 12 * lanes) {
      // Four or eight vectors wide: 6 x 4 and 4 x 4 tiles cover C whole (see tile4x4). Rows
      // 6i + 2 end in two 4 x 4 tiles rather than two rows of one-row tiles, a quarter as fast.
      int sixRows = m % 6 == 2 && m >= 8 ? m - 8 : m - m % 6;
      for (; j < n; j += 4 * lanes) {
        int i = 0;
        for (; i < sixRows; i += 6) {
          tile6x4(
              c, cOff + i * ldc + j, ldc, a, aOff + i * aRow, aRow, aCol, b, bRows, j, kc, store);
        }
        for (; i + 4 <= m; i += 4) {
          tile4x4(
              c, cOff + i * ldc + j, ldc, a, aOff + i * aRow, aRow, aCol, b, bRows, j, kc, store);
        }
        for (; i < m; i++) {
          tile1x3(
              c, cOff + i * ldc + j, ldc, a, aOff + i * aRow, aRow, aCol, b, bRows, j, kc, store);
          tile1x1(
              c, cOff + i * ldc + j + 3 * lanes, ldc, a, aOff + i * aRow, aRow, aCol, b, bRows,
              j + 3 * lanes, kc, store);
        }
      }
    }
    for (; j + tileWidth <= n; j += tileWidth) {
      int i = 0;
      if (EIGHT_ROW_TILES) {
        for (; i + 2 * TILE_ROWS <= m; i += 2 * TILE_ROWS) {
          tile8x3(
              c, cOff + i * ldc + j, ldc, a, aOff + i * aRow, aRow, aCol, b, bRows, j, kc,
              store);
        }
      }
      for (; i + TILE_ROWS <= m; i += TILE_ROWS) {
        tile4x3(
            c, cOff + i * ldc + j, ldc, a, aOff + i * aRow, aRow, aCol, b, bRows, j, kc,
            store);
      }
      for (; i < m; i++) {
        tile1x3(
            c, cOff + i * ldc + j, ldc, a, aOff + i * aRow, aRow, aCol, b, bRows, j, kc,
            store);
      }
    }
    if (EIGHT_ROW_TILES && j + 2 * lanes <= n) {
      // Two vectors left (all of C for a product 32 columns wide, as a weight gradient of 32
      // output channels): one pass over A's rows for both, rather than one for each.
      int i = 0;
      for (; i + 2 * TILE_ROWS <= m; i += 2 * TILE_ROWS) {
        tile8x2(
            c, cOff + i * ldc + j, ldc, a, aOff + i * aRow, aRow, aCol, b, bRows, j, kc, store);
      }
      columnVector(c, cOff, ldc, a, aOff, aRow, aCol, b, bRows, i, m, j, kc, store);
      columnVector(c, cOff, ldc, a, aOff, aRow, aCol, b, bRows, i, m, j + lanes, kc, store);
      j += 2 * lanes;
    }
    for (; j + lanes <= n; j += lanes) {
      columnVector(c, cOff, ldc, a, aOff, aRow, aCol, b, bRows, 0, m, j, kc, store);
    }
    if (j < n) {
      lastColumns(c, cOff, ldc, a, aOff, aRow, aCol, b, bRows, m, j, n - j, kc, store);
    }
  }

  /**
   * The last {@code count} columns of C, fewer than a vector (a 14 x 14 or 7 x 7 image's
   * pixels). B's columns are copied into a panel of whole vectors and C's, eight rows at a time,
   * into a vector a row, so that the usual tiles run on them with whole-vector loads and stores,
   * and each element gets the sum those tiles give it anywhere in C; lanes past {@code count}
   * hold leftovers, which no stored lane reads. (A masked load or store near an array's end takes
   * a slow path, and C2 then compiled the tile with boxed vectors, ten times slower.)
   */
  private static void lastColumns(float[] c, int cOff, int ldc, float[] a, int aOff, int aRow,
      int aCol, float[] b, int[] bRows, int m, int j, int count, int kc, boolean store) {
    int lanes = S.length();
    Tail tail = Tail.ofThread(kc);
    // Element by element: a few floats a row, where System.arraycopy's call costs more.
    float[] panel = tail.panel;
    for (int p = 0; p < kc; p++) {
      int from = bRows[p] + j;
      int to = p * lanes;
      for (int q = 0; q < count; q++) {
        panel[to + q] = b[from + q];
      }
    }
    int rowsAtOnce = 2 * TILE_ROWS;
    for (int i = 0; i < m; i += rowsAtOnce) {
      int rows = Math.min(rowsAtOnce, m - i);
      if (!store) {
        for (int r = 0; r < rows; r++) {
          System.arraycopy(c, cOff + (i + r) * ldc + j, tail.sums, r * lanes, count);
        }
      }
      columnVector(tail.sums, 0, lanes, a, aOff + i * aRow, aRow, aCol, panel, tail.rows, 0,
          rows, 0, kc, store);
      for (int r = 0; r < rows; r++) {
        System.arraycopy(tail.sums, r * lanes, c, cOff + (i + r) * ldc + j, count);
      }
    }
  }

  /** A thread's scratch for {@link #lastColumns}, grown to the deepest pass it has seen. */
  private static final class Tail {
    private static final ThreadLocal<Tail> OF_THREAD = ThreadLocal.withInitial(Tail::new);

    /** B's last columns, one vector per row of B. */
    float[] panel = new float[0];
    /** Where each row of {@link #panel} starts. */
    int[] rows = new int[0];
    /** C's last columns, one vector per row, for eight rows. */
    final float[] sums = new float[2 * TILE_ROWS * S.length()];

    static Tail ofThread(int kc) {
      Tail tail = OF_THREAD.get();
      if (tail.rows.length < kc) {
        tail.panel = new float[kc * S.length()];
        tail.rows = new int[kc];
        for (int p = 0; p < kc; p++) {
          tail.rows[p] = p * S.length();
        }
      }
      return tail;
    }
  }

  /**
   * Rows {@code first} to {@code m} of C's one vector of columns from column {@code j}, in the
   * tallest tiles that fit; arguments as {@link #block}.
   */
  private static void columnVector(float[] c, int cOff, int ldc, float[] a, int aOff, int aRow,
      int aCol, float[] b, int[] bRows, int first, int m, int j, int kc, boolean store) {
    int i = first;
    if (EIGHT_ROW_TILES) {
      for (; i + 2 * TILE_ROWS <= m; i += 2 * TILE_ROWS) {
        tile8x1(
            c, cOff + i * ldc + j, ldc, a, aOff + i * aRow, aRow, aCol, b, bRows, j, kc, store);
      }
    }
    for (; i + TILE_ROWS <= m; i += TILE_ROWS) {
      tile4x1(
          c, cOff + i * ldc + j, ldc, a, aOff + i * aRow, aRow, aCol, b, bRows, j, kc, store);
    }
    for (; i < m; i++) {
      tile1x1(
          c, cOff + i * ldc + j, ldc, a, aOff + i * aRow, aRow, aCol, b, bRows, j, kc, store);
    }
  }

  /**
   * C[8, 3 vectors] at {@code ci} = (or +=, unless {@code store}) A[8, kc] at {@code ai} * B[kc,
   * 3 vectors] from column {@code bj} of the rows at {@code bRows}.
   */
  private static void tile8x3(
      float[] c,
      int ci,
      int ldc,
      float[] a,
      int ai,
      int aRow,
      int aCol,
      float[] b,
      int[] bRows,
      int bj,
      int kc,
      boolean store) {
    int lanes = S.length();
    FloatVector c00;
    FloatVector c01;
    FloatVector c02;
    FloatVector c10;
    FloatVector c11;
    FloatVector c12;
    FloatVector c20;
    FloatVector c21;
    FloatVector c22;
    FloatVector c30;
    FloatVector c31;
    FloatVector c32;
    FloatVector c40;
    FloatVector c41;
    FloatVector c42;
    FloatVector c50;
    FloatVector c51;
    FloatVector c52;
    FloatVector c60;
    FloatVector c61;
    FloatVector c62;
    FloatVector c70;
    FloatVector c71;
    FloatVector c72;
    if (store) {
      c00 = FloatVector.zero(S);
      c01 = c00;
      c02 = c00;
      c10 = c00;
      c11 = c00;
      c12 = c00;
      c20 = c00;
      c21 = c00;
      c22 = c00;
      c30 = c00;
      c31 = c00;
      c32 = c00;
      c40 = c00;
      c41 = c00;
      c42 = c00;
      c50 = c00;
      c51 = c00;
      c52 = c00;
      c60 = c00;
      c61 = c00;
      c62 = c00;
      c70 = c00;
      c71 = c00;
      c72 = c00;
    } else {
      c00 = FloatVector.fromArray(S, c, ci);
      c01 = FloatVector.fromArray(S, c, ci + lanes);
      c02 = FloatVector.fromArray(S, c, ci + 2 * lanes);
      c10 = FloatVector.fromArray(S, c, ci + ldc);
      c11 = FloatVector.fromArray(S, c, ci + ldc + lanes);
      c12 = FloatVector.fromArray(S, c, ci + ldc + 2 * lanes);
      c20 = FloatVector.fromArray(S, c, ci + 2 * ldc);
      c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + lanes);
      c22 = FloatVector.fromArray(S, c, ci + 2 * ldc + 2 * lanes);
      c30 = FloatVector.fromArray(S, c, ci + 3 * ldc);
      c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + lanes);
      c32 = FloatVector.fromArray(S, c, ci + 3 * ldc + 2 * lanes);
      c40 = FloatVector.fromArray(S, c, ci + 4 * ldc);
      c41 = FloatVector.fromArray(S, c, ci + 4 * ldc + lanes);
      c42 = FloatVector.fromArray(S, c, ci + 4 * ldc + 2 * lanes);
      c50 = FloatVector.fromArray(S, c, ci + 5 * ldc);
      c51 = FloatVector.fromArray(S, c, ci + 5 * ldc + lanes);
      c52 = FloatVector.fromArray(S, c, ci + 5 * ldc + 2 * lanes);
      c60 = FloatVector.fromArray(S, c, ci + 6 * ldc);
      c61 = FloatVector.fromArray(S, c, ci + 6 * ldc + lanes);
      c62 = FloatVector.fromArray(S, c, ci + 6 * ldc + 2 * lanes);
      c70 = FloatVector.fromArray(S, c, ci + 7 * ldc);
      c71 = FloatVector.fromArray(S, c, ci + 7 * ldc + lanes);
      c72 = FloatVector.fromArray(S, c, ci + 7 * ldc + 2 * lanes);
    }
    for (int p = 0; p < kc; p++) {
      int bi = bRows[p] + bj;
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + lanes);
      FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * lanes);
      int pa = ai + p * aCol;
      FloatVector x = FloatVector.broadcast(S, a[pa]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      c02 = x.fma(b2, c02);
      x = FloatVector.broadcast(S, a[pa + aRow]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      c12 = x.fma(b2, c12);
      x = FloatVector.broadcast(S, a[pa + 2 * aRow]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      c22 = x.fma(b2, c22);
      x = FloatVector.broadcast(S, a[pa + 3 * aRow]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      c32 = x.fma(b2, c32);
      x = FloatVector.broadcast(S, a[pa + 4 * aRow]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      c42 = x.fma(b2, c42);
      x = FloatVector.broadcast(S, a[pa + 5 * aRow]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      c52 = x.fma(b2, c52);
      x = FloatVector.broadcast(S, a[pa + 6 * aRow]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      c62 = x.fma(b2, c62);
      x = FloatVector.broadcast(S, a[pa + 7 * aRow]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
      c72 = x.fma(b2, c72);
    }
    c00.intoArray(c, ci);
    c01.intoArray(c, ci + lanes);
    c02.intoArray(c, ci + 2 * lanes);
    c10.intoArray(c, ci + ldc);
    c11.intoArray(c, ci + ldc + lanes);
    c12.intoArray(c, ci + ldc + 2 * lanes);
    c20.intoArray(c, ci + 2 * ldc);
    c21.intoArray(c, ci + 2 * ldc + lanes);
    c22.intoArray(c, ci + 2 * ldc + 2 * lanes);
    c30.intoArray(c, ci + 3 * ldc);
    c31.intoArray(c, ci + 3 * ldc + lanes);
    c32.intoArray(c, ci + 3 * ldc + 2 * lanes);
    c40.intoArray(c, ci + 4 * ldc);
    c41.intoArray(c, ci + 4 * ldc + lanes);
    c42.intoArray(c, ci + 4 * ldc + 2 * lanes);
    c50.intoArray(c, ci + 5 * ldc);
    c51.intoArray(c, ci + 5 * ldc + lanes);
    c52.intoArray(c, ci + 5 * ldc + 2 * lanes);
    c60.intoArray(c, ci + 6 * ldc);
    c61.intoArray(c, ci + 6 * ldc + lanes);
    c62.intoArray(c, ci + 6 * ldc + 2 * lanes);
    c70.intoArray(c, ci + 7 * ldc);
    c71.intoArray(c, ci + 7 * ldc + lanes);
    c72.intoArray(c, ci + 7 * ldc + 2 * lanes);
  }

  /**
   * C[8, 1 vector] at {@code ci} = (or +=, unless {@code store}) A[8, kc] at {@code ai} * B[kc,
   * 1 vector] from column {@code bj} of the rows at {@code bRows}.
   */
  private static void tile8x1(
      float[] c,
      int ci,
      int ldc,
      float[] a,
      int ai,
      int aRow,
      int aCol,
      float[] b,
      int[] bRows,
      int bj,
      int kc,
      boolean store) {
    FloatVector c00;
    FloatVector c10;
    FloatVector c20;
    FloatVector c30;
    FloatVector c40;
    FloatVector c50;
    FloatVector c60;
    FloatVector c70;
    if (store) {
      c00 = FloatVector.zero(S);
      c10 = c00;
      c20 = c00;
      c30 = c00;
      c40 = c00;
      c50 = c00;
      c60 = c00;
      c70 = c00;
    } else {
      c00 = FloatVector.fromArray(S, c, ci);
      c10 = FloatVector.fromArray(S, c, ci + ldc);
      c20 = FloatVector.fromArray(S, c, ci + 2 * ldc);
      c30 = FloatVector.fromArray(S, c, ci + 3 * ldc);
      c40 = FloatVector.fromArray(S, c, ci + 4 * ldc);
      c50 = FloatVector.fromArray(S, c, ci + 5 * ldc);
      c60 = FloatVector.fromArray(S, c, ci + 6 * ldc);
      c70 = FloatVector.fromArray(S, c, ci + 7 * ldc);
    }
    for (int p = 0; p < kc; p++) {
      int bi = bRows[p] + bj;
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      int pa = ai + p * aCol;
      FloatVector x = FloatVector.broadcast(S, a[pa]);
      c00 = x.fma(b0, c00);
      x = FloatVector.broadcast(S, a[pa + aRow]);
      c10 = x.fma(b0, c10);
      x = FloatVector.broadcast(S, a[pa + 2 * aRow]);
      c20 = x.fma(b0, c20);
      x = FloatVector.broadcast(S, a[pa + 3 * aRow]);
      c30 = x.fma(b0, c30);
      x = FloatVector.broadcast(S, a[pa + 4 * aRow]);
      c40 = x.fma(b0, c40);
      x = FloatVector.broadcast(S, a[pa + 5 * aRow]);
      c50 = x.fma(b0, c50);
      x = FloatVector.broadcast(S, a[pa + 6 * aRow]);
      c60 = x.fma(b0, c60);
      x = FloatVector.broadcast(S, a[pa + 7 * aRow]);
      c70 = x.fma(b0, c70);
    }
    c00.intoArray(c, ci);
    c10.intoArray(c, ci + ldc);
    c20.intoArray(c, ci + 2 * ldc);
    c30.intoArray(c, ci + 3 * ldc);
    c40.intoArray(c, ci + 4 * ldc);
    c50.intoArray(c, ci + 5 * ldc);
    c60.intoArray(c, ci + 6 * ldc);
    c70.intoArray(c, ci + 7 * ldc);
  }

  /**
   * C[4, 3 vectors] at {@code ci} = (or +=, unless {@code store}) A[4, kc] at {@code ai} * B[kc,
   * 3 vectors] from column {@code bj} of the rows at {@code bRows}.
   */
  private static void tile4x3(
      float[] c,
      int ci,
      int ldc,
      float[] a,
      int ai,
      int aRow,
      int aCol,
      float[] b,
      int[] bRows,
      int bj,
      int kc,
      boolean store) {
    int lanes = S.length();
    FloatVector c00;
    FloatVector c01;
    FloatVector c02;
    FloatVector c10;
    FloatVector c11;
    FloatVector c12;
    FloatVector c20;
    FloatVector c21;
    FloatVector c22;
    FloatVector c30;
    FloatVector c31;
    FloatVector c32;
    if (store) {
      c00 = FloatVector.zero(S);
      c01 = c00;
      c02 = c00;
      c10 = c00;
      c11 = c00;
      c12 = c00;
      c20 = c00;
      c21 = c00;
      c22 = c00;
      c30 = c00;
      c31 = c00;
      c32 = c00;
    } else {
      c00 = FloatVector.fromArray(S, c, ci);
      c01 = FloatVector.fromArray(S, c, ci + lanes);
      c02 = FloatVector.fromArray(S, c, ci + 2 * lanes);
      c10 = FloatVector.fromArray(S, c, ci + ldc);
      c11 = FloatVector.fromArray(S, c, ci + ldc + lanes);
      c12 = FloatVector.fromArray(S, c, ci + ldc + 2 * lanes);
      c20 = FloatVector.fromArray(S, c, ci + 2 * ldc);
      c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + lanes);
      c22 = FloatVector.fromArray(S, c, ci + 2 * ldc + 2 * lanes);
      c30 = FloatVector.fromArray(S, c, ci + 3 * ldc);
      c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + lanes);
      c32 = FloatVector.fromArray(S, c, ci + 3 * ldc + 2 * lanes);
    }
    for (int p = 0; p < kc; p++) {
      int bi = bRows[p] + bj;
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + lanes);
      FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * lanes);
      int pa = ai + p * aCol;
      FloatVector x = FloatVector.broadcast(S, a[pa]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      c02 = x.fma(b2, c02);
      x = FloatVector.broadcast(S, a[pa + aRow]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      c12 = x.fma(b2, c12);
      x = FloatVector.broadcast(S, a[pa + 2 * aRow]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      c22 = x.fma(b2, c22);
      x = FloatVector.broadcast(S, a[pa + 3 * aRow]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      c32 = x.fma(b2, c32);
    }
    c00.intoArray(c, ci);
    c01.intoArray(c, ci + lanes);
    c02.intoArray(c, ci + 2 * lanes);
    c10.intoArray(c, ci + ldc);
    c11.intoArray(c, ci + ldc + lanes);
    c12.intoArray(c, ci + ldc + 2 * lanes);
    c20.intoArray(c, ci + 2 * ldc);
    c21.intoArray(c, ci + 2 * ldc + lanes);
    c22.intoArray(c, ci + 2 * ldc + 2 * lanes);
    c30.intoArray(c, ci + 3 * ldc);
    c31.intoArray(c, ci + 3 * ldc + lanes);
    c32.intoArray(c, ci + 3 * ldc + 2 * lanes);
  }

  /**
   * C[6, 4 vectors] at {@code ci} = (or +=, unless {@code store}) A[6, kc] at {@code ai} * B[kc,
   * 4 vectors] from column {@code bj} of the rows at {@code bRows}: 24 accumulators, 4 B vectors
   * and a broadcast fit AVX-512's 32 registers, and each B vector serves 6 rows, where {@link
   * #tile4x4}'s serves 4.
   */
  private static void tile6x4(
      float[] c,
      int ci,
      int ldc,
      float[] a,
      int ai,
      int aRow,
      int aCol,
      float[] b,
      int[] bRows,
      int bj,
      int kc,
      boolean store) {
    int lanes = S.length();
    FloatVector c00;
    FloatVector c01;
    FloatVector c02;
    FloatVector c03;
    FloatVector c10;
    FloatVector c11;
    FloatVector c12;
    FloatVector c13;
    FloatVector c20;
    FloatVector c21;
    FloatVector c22;
    FloatVector c23;
    FloatVector c30;
    FloatVector c31;
    FloatVector c32;
    FloatVector c33;
    FloatVector c40;
    FloatVector c41;
    FloatVector c42;
    FloatVector c43;
    FloatVector c50;
    FloatVector c51;
    FloatVector c52;
    FloatVector c53;
    if (store) {
      c00 = FloatVector.zero(S);
      c01 = c00;
      c02 = c00;
      c03 = c00;
      c10 = c00;
      c11 = c00;
      c12 = c00;
      c13 = c00;
      c20 = c00;
      c21 = c00;
      c22 = c00;
      c23 = c00;
      c30 = c00;
      c31 = c00;
      c32 = c00;
      c33 = c00;
      c40 = c00;
      c41 = c00;
      c42 = c00;
      c43 = c00;
      c50 = c00;
      c51 = c00;
      c52 = c00;
      c53 = c00;
    } else {
      c00 = FloatVector.fromArray(S, c, ci);
      c01 = FloatVector.fromArray(S, c, ci + lanes);
      c02 = FloatVector.fromArray(S, c, ci + 2 * lanes);
      c03 = FloatVector.fromArray(S, c, ci + 3 * lanes);
      c10 = FloatVector.fromArray(S, c, ci + ldc);
      c11 = FloatVector.fromArray(S, c, ci + ldc + lanes);
      c12 = FloatVector.fromArray(S, c, ci + ldc + 2 * lanes);
      c13 = FloatVector.fromArray(S, c, ci + ldc + 3 * lanes);
      c20 = FloatVector.fromArray(S, c, ci + 2 * ldc);
      c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + lanes);
      c22 = FloatVector.fromArray(S, c, ci + 2 * ldc + 2 * lanes);
      c23 = FloatVector.fromArray(S, c, ci + 2 * ldc + 3 * lanes);
      c30 = FloatVector.fromArray(S, c, ci + 3 * ldc);
      c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + lanes);
      c32 = FloatVector.fromArray(S, c, ci + 3 * ldc + 2 * lanes);
      c33 = FloatVector.fromArray(S, c, ci + 3 * ldc + 3 * lanes);
      c40 = FloatVector.fromArray(S, c, ci + 4 * ldc);
      c41 = FloatVector.fromArray(S, c, ci + 4 * ldc + lanes);
      c42 = FloatVector.fromArray(S, c, ci + 4 * ldc + 2 * lanes);
      c43 = FloatVector.fromArray(S, c, ci + 4 * ldc + 3 * lanes);
      c50 = FloatVector.fromArray(S, c, ci + 5 * ldc);
      c51 = FloatVector.fromArray(S, c, ci + 5 * ldc + lanes);
      c52 = FloatVector.fromArray(S, c, ci + 5 * ldc + 2 * lanes);
      c53 = FloatVector.fromArray(S, c, ci + 5 * ldc + 3 * lanes);
    }
    for (int p = 0; p < kc; p++) {
      int bi = bRows[p] + bj;
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + lanes);
      FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * lanes);
      FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * lanes);
      int pa = ai + p * aCol;
      FloatVector x = FloatVector.broadcast(S, a[pa]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      c02 = x.fma(b2, c02);
      c03 = x.fma(b3, c03);
      x = FloatVector.broadcast(S, a[pa + aRow]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      c12 = x.fma(b2, c12);
      c13 = x.fma(b3, c13);
      x = FloatVector.broadcast(S, a[pa + 2 * aRow]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      c22 = x.fma(b2, c22);
      c23 = x.fma(b3, c23);
      x = FloatVector.broadcast(S, a[pa + 3 * aRow]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      c32 = x.fma(b2, c32);
      c33 = x.fma(b3, c33);
      x = FloatVector.broadcast(S, a[pa + 4 * aRow]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      c42 = x.fma(b2, c42);
      c43 = x.fma(b3, c43);
      x = FloatVector.broadcast(S, a[pa + 5 * aRow]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      c52 = x.fma(b2, c52);
      c53 = x.fma(b3, c53);
    }
    c00.intoArray(c, ci);
    c01.intoArray(c, ci + lanes);
    c02.intoArray(c, ci + 2 * lanes);
    c03.intoArray(c, ci + 3 * lanes);
    c10.intoArray(c, ci + ldc);
    c11.intoArray(c, ci + ldc + lanes);
    c12.intoArray(c, ci + ldc + 2 * lanes);
    c13.intoArray(c, ci + ldc + 3 * lanes);
    c20.intoArray(c, ci + 2 * ldc);
    c21.intoArray(c, ci + 2 * ldc + lanes);
    c22.intoArray(c, ci + 2 * ldc + 2 * lanes);
    c23.intoArray(c, ci + 2 * ldc + 3 * lanes);
    c30.intoArray(c, ci + 3 * ldc);
    c31.intoArray(c, ci + 3 * ldc + lanes);
    c32.intoArray(c, ci + 3 * ldc + 2 * lanes);
    c33.intoArray(c, ci + 3 * ldc + 3 * lanes);
    c40.intoArray(c, ci + 4 * ldc);
    c41.intoArray(c, ci + 4 * ldc + lanes);
    c42.intoArray(c, ci + 4 * ldc + 2 * lanes);
    c43.intoArray(c, ci + 4 * ldc + 3 * lanes);
    c50.intoArray(c, ci + 5 * ldc);
    c51.intoArray(c, ci + 5 * ldc + lanes);
    c52.intoArray(c, ci + 5 * ldc + 2 * lanes);
    c53.intoArray(c, ci + 5 * ldc + 3 * lanes);
  }

  /**
   * C[4, 4 vectors] at {@code ci} = (or +=, unless {@code store}) A[4, kc] at {@code ai} * B[kc,
   * 4 vectors] from column {@code bj} of the rows at {@code bRows}: for C four vectors wide,
   * which 8 x 3 tiles would leave a column of 8 x 1 tiles, a quarter of the work at one FMA per
   * broadcast.
   */
  private static void tile4x4(
      float[] c,
      int ci,
      int ldc,
      float[] a,
      int ai,
      int aRow,
      int aCol,
      float[] b,
      int[] bRows,
      int bj,
      int kc,
      boolean store) {
    int lanes = S.length();
    FloatVector c00;
    FloatVector c01;
    FloatVector c02;
    FloatVector c03;
    FloatVector c10;
    FloatVector c11;
    FloatVector c12;
    FloatVector c13;
    FloatVector c20;
    FloatVector c21;
    FloatVector c22;
    FloatVector c23;
    FloatVector c30;
    FloatVector c31;
    FloatVector c32;
    FloatVector c33;
    if (store) {
      c00 = FloatVector.zero(S);
      c01 = c00;
      c02 = c00;
      c03 = c00;
      c10 = c00;
      c11 = c00;
      c12 = c00;
      c13 = c00;
      c20 = c00;
      c21 = c00;
      c22 = c00;
      c23 = c00;
      c30 = c00;
      c31 = c00;
      c32 = c00;
      c33 = c00;
    } else {
      c00 = FloatVector.fromArray(S, c, ci);
      c01 = FloatVector.fromArray(S, c, ci + lanes);
      c02 = FloatVector.fromArray(S, c, ci + 2 * lanes);
      c03 = FloatVector.fromArray(S, c, ci + 3 * lanes);
      c10 = FloatVector.fromArray(S, c, ci + ldc);
      c11 = FloatVector.fromArray(S, c, ci + ldc + lanes);
      c12 = FloatVector.fromArray(S, c, ci + ldc + 2 * lanes);
      c13 = FloatVector.fromArray(S, c, ci + ldc + 3 * lanes);
      c20 = FloatVector.fromArray(S, c, ci + 2 * ldc);
      c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + lanes);
      c22 = FloatVector.fromArray(S, c, ci + 2 * ldc + 2 * lanes);
      c23 = FloatVector.fromArray(S, c, ci + 2 * ldc + 3 * lanes);
      c30 = FloatVector.fromArray(S, c, ci + 3 * ldc);
      c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + lanes);
      c32 = FloatVector.fromArray(S, c, ci + 3 * ldc + 2 * lanes);
      c33 = FloatVector.fromArray(S, c, ci + 3 * ldc + 3 * lanes);
    }
    for (int p = 0; p < kc; p++) {
      int bi = bRows[p] + bj;
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + lanes);
      FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * lanes);
      FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * lanes);
      int pa = ai + p * aCol;
      FloatVector x = FloatVector.broadcast(S, a[pa]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      c02 = x.fma(b2, c02);
      c03 = x.fma(b3, c03);
      x = FloatVector.broadcast(S, a[pa + aRow]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      c12 = x.fma(b2, c12);
      c13 = x.fma(b3, c13);
      x = FloatVector.broadcast(S, a[pa + 2 * aRow]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      c22 = x.fma(b2, c22);
      c23 = x.fma(b3, c23);
      x = FloatVector.broadcast(S, a[pa + 3 * aRow]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      c32 = x.fma(b2, c32);
      c33 = x.fma(b3, c33);
    }
    c00.intoArray(c, ci);
    c01.intoArray(c, ci + lanes);
    c02.intoArray(c, ci + 2 * lanes);
    c03.intoArray(c, ci + 3 * lanes);
    c10.intoArray(c, ci + ldc);
    c11.intoArray(c, ci + ldc + lanes);
    c12.intoArray(c, ci + ldc + 2 * lanes);
    c13.intoArray(c, ci + ldc + 3 * lanes);
    c20.intoArray(c, ci + 2 * ldc);
    c21.intoArray(c, ci + 2 * ldc + lanes);
    c22.intoArray(c, ci + 2 * ldc + 2 * lanes);
    c23.intoArray(c, ci + 2 * ldc + 3 * lanes);
    c30.intoArray(c, ci + 3 * ldc);
    c31.intoArray(c, ci + 3 * ldc + lanes);
    c32.intoArray(c, ci + 3 * ldc + 2 * lanes);
    c33.intoArray(c, ci + 3 * ldc + 3 * lanes);
  }

  /**
   * C[1, 3 vectors] at {@code ci} = (or +=, unless {@code store}) A[1, kc] at {@code ai} * B[kc,
   * 3 vectors] from column {@code bj} of the rows at {@code bRows}.
   */
  private static void tile1x3(
      float[] c,
      int ci,
      int ldc,
      float[] a,
      int ai,
      int aRow,
      int aCol,
      float[] b,
      int[] bRows,
      int bj,
      int kc,
      boolean store) {
    int lanes = S.length();
    FloatVector c00;
    FloatVector c01;
    FloatVector c02;
    if (store) {
      c00 = FloatVector.zero(S);
      c01 = c00;
      c02 = c00;
    } else {
      c00 = FloatVector.fromArray(S, c, ci);
      c01 = FloatVector.fromArray(S, c, ci + lanes);
      c02 = FloatVector.fromArray(S, c, ci + 2 * lanes);
    }
    for (int p = 0; p < kc; p++) {
      int bi = bRows[p] + bj;
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + lanes);
      FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * lanes);
      int pa = ai + p * aCol;
      FloatVector x = FloatVector.broadcast(S, a[pa]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      c02 = x.fma(b2, c02);
    }
    c00.intoArray(c, ci);
    c01.intoArray(c, ci + lanes);
    c02.intoArray(c, ci + 2 * lanes);
  }

  /**
   * C[4, 1 vector] at {@code ci} = (or +=, unless {@code store}) A[4, kc] at {@code ai} * B[kc,
   * 1 vector] from column {@code bj} of the rows at {@code bRows}.
   */
  private static void tile4x1(
      float[] c,
      int ci,
      int ldc,
      float[] a,
      int ai,
      int aRow,
      int aCol,
      float[] b,
      int[] bRows,
      int bj,
      int kc,
      boolean store) {
    FloatVector c00;
    FloatVector c10;
    FloatVector c20;
    FloatVector c30;
    if (store) {
      c00 = FloatVector.zero(S);
      c10 = c00;
      c20 = c00;
      c30 = c00;
    } else {
      c00 = FloatVector.fromArray(S, c, ci);
      c10 = FloatVector.fromArray(S, c, ci + ldc);
      c20 = FloatVector.fromArray(S, c, ci + 2 * ldc);
      c30 = FloatVector.fromArray(S, c, ci + 3 * ldc);
    }
    for (int p = 0; p < kc; p++) {
      int bi = bRows[p] + bj;
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      int pa = ai + p * aCol;
      FloatVector x = FloatVector.broadcast(S, a[pa]);
      c00 = x.fma(b0, c00);
      x = FloatVector.broadcast(S, a[pa + aRow]);
      c10 = x.fma(b0, c10);
      x = FloatVector.broadcast(S, a[pa + 2 * aRow]);
      c20 = x.fma(b0, c20);
      x = FloatVector.broadcast(S, a[pa + 3 * aRow]);
      c30 = x.fma(b0, c30);
    }
    c00.intoArray(c, ci);
    c10.intoArray(c, ci + ldc);
    c20.intoArray(c, ci + 2 * ldc);
    c30.intoArray(c, ci + 3 * ldc);
  }

  /**
   * C[1, 1 vector] at {@code ci} = (or +=, unless {@code store}) A[1, kc] at {@code ai} * B[kc,
   * 1 vector] from column {@code bj} of the rows at {@code bRows}.
   */
  private static void tile1x1(
      float[] c,
      int ci,
      int ldc,
      float[] a,
      int ai,
      int aRow,
      int aCol,
      float[] b,
      int[] bRows,
      int bj,
      int kc,
      boolean store) {
    FloatVector c00;
    if (store) {
      c00 = FloatVector.zero(S);
    } else {
      c00 = FloatVector.fromArray(S, c, ci);
    }
    for (int p = 0; p < kc; p++) {
      int bi = bRows[p] + bj;
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      int pa = ai + p * aCol;
      FloatVector x = FloatVector.broadcast(S, a[pa]);
      c00 = x.fma(b0, c00);
    }
    c00.intoArray(c, ci);
  }

  /**
   * C[8, 2 vectors] at {@code ci} = (or +=, unless {@code store}) A[8, kc] at {@code ai} * B[kc,
   * 2 vectors] from column {@code bj} of the rows at {@code bRows}.
   */
  private static void tile8x2(
      float[] c,
      int ci,
      int ldc,
      float[] a,
      int ai,
      int aRow,
      int aCol,
      float[] b,
      int[] bRows,
      int bj,
      int kc,
      boolean store) {
    int lanes = S.length();
    FloatVector c00 = store ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci);
    FloatVector c01 = store ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + lanes);
    FloatVector c10 = store ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + ldc);
    FloatVector c11 = store ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + ldc + lanes);
    FloatVector c20 = store ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 2 * ldc);
    FloatVector c21 =
        store ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 2 * ldc + lanes);
    FloatVector c30 = store ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 3 * ldc);
    FloatVector c31 =
        store ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 3 * ldc + lanes);
    FloatVector c40 = store ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 4 * ldc);
    FloatVector c41 =
        store ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 4 * ldc + lanes);
    FloatVector c50 = store ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 5 * ldc);
    FloatVector c51 =
        store ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 5 * ldc + lanes);
    FloatVector c60 = store ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 6 * ldc);
    FloatVector c61 =
        store ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 6 * ldc + lanes);
    FloatVector c70 = store ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 7 * ldc);
    FloatVector c71 =
        store ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 7 * ldc + lanes);
    for (int p = 0; p < kc; p++) {
      int bi = bRows[p] + bj;
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + lanes);
      int pa = ai + p * aCol;
      FloatVector x = FloatVector.broadcast(S, a[pa]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[pa + aRow]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[pa + 2 * aRow]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[pa + 3 * aRow]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[pa + 4 * aRow]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, a[pa + 5 * aRow]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = FloatVector.broadcast(S, a[pa + 6 * aRow]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = FloatVector.broadcast(S, a[pa + 7 * aRow]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
    }
    c00.intoArray(c, ci);
    c01.intoArray(c, ci + lanes);
    c10.intoArray(c, ci + ldc);
    c11.intoArray(c, ci + ldc + lanes);
    c20.intoArray(c, ci + 2 * ldc);
    c21.intoArray(c, ci + 2 * ldc + lanes);
    c30.intoArray(c, ci + 3 * ldc);
    c31.intoArray(c, ci + 3 * ldc + lanes);
    c40.intoArray(c, ci + 4 * ldc);
    c41.intoArray(c, ci + 4 * ldc + lanes);
    c50.intoArray(c, ci + 5 * ldc);
    c51.intoArray(c, ci + 5 * ldc + lanes);
    c60.intoArray(c, ci + 6 * ldc);
    c61.intoArray(c, ci + 6 * ldc + lanes);
    c70.intoArray(c, ci + 7 * ldc);
    c71.intoArray(c, ci + 7 * ldc + lanes);
  }
}
