package org.skipline.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Two-dimensional convolution with a square R x R kernel, a stride, zero padding and no bias.
 *
 * <p>Dimensions: N batch, C input channels, K output channels, H,W input height/width, P,Q output
 * height/width, R kernel size. Tensors are NCHW, row-major; weights are [K, C, R, R].
 *
 * <p>The fast path lowers each image to a matrix multiply with a column matrix [C*R*R, P*Q], one
 * row per channel and kernel tap, and {@link Gemm} does the arithmetic. A stride-1 "same"
 * convolution writes R shifted copies of each channel and reads the R*R rows from them through a
 * table of row starts ({@link #shiftedPlanes}); other convolutions write the matrix out (im2col).
 * A 1x1, stride-1, unpadded convolution needs no lowering because the image [C, H*W] already is
 * its column matrix.
 */
public final class Conv2d {

  private static final VectorSpecies<Float> S = Simd.SPECIES;

  private Conv2d() {}

  /**
   * Output size along one spatial axis.
   *
   * @param in input size (H or W)
   * @param r kernel size R
   * @param stride stride
   * @param pad zero padding on each side
   * @return P or Q
   */
  public static int outputSize(int in, int r, int stride, int pad) {
    return (in + 2 * pad - r) / stride + 1;
  }

  /**
   * Floats of the lowering workspace for one image: im2col's column matrix, which also holds the
   * shifted planes.
   *
   * @return C*R*R*P*Q, or 0 for a 1x1 stride-1 unpadded convolution, which needs no workspace
   */
  public static int workspaceFloats(int c, int h, int w, int r, int stride, int pad) {
    if (isPointwise(r, stride, pad)) {
      return 0;
    }
    return c * r * r * outputSize(h, r, stride, pad) * outputSize(w, r, stride, pad);
  }

  /**
   * Forward pass: out = conv(in, w).
   *
   * @param out output [N, K, P, Q], overwritten
   * @param in input [N, C, H, W]
   * @param w weights [K, C, R, R]
   * @param col workspace of at least {@link #workspaceFloats} floats from {@code colOff} (a
   *     caller that aligns its rows puts {@link Simd#ALIGNED_START}); may be null when that is 0
   * @param wd input width W (named so it does not clash with the weights)
   */
  public static void forward(
      float[] out,
      int outOff,
      float[] in,
      int inOff,
      float[] w,
      int wOff,
      float[] col,
      int colOff,
      int n,
      int c,
      int h,
      int wd,
      int k,
      int r,
      int stride,
      int pad) {
    // Checked in scalar mode too, so a workspace sized wrongly fails the same way at every width.
    checkWorkspace(col, colOff, c, h, wd, r, stride, pad);
    if (Simd.SCALAR) {
      forwardScalar(out, outOff, in, inOff, w, wOff, col, colOff, n, c, h, wd, k, r, stride,
          pad);
      return;
    }
    int inImage = c * h * wd;
    int pq = outputSize(h, r, stride, pad) * outputSize(wd, r, stride, pad);
    int outImage = k * pq;
    int group = imagesPerProduct(pq, r, stride, pad);
    for (int img = 0; img < n; img += group) {
      int x = inOff + img * inImage;
      int count = Math.min(group, n - img);
      if (count > 1) {
        forwardImages(out, outOff + img * outImage, in, x, w, wOff, count, c, h, wd, k, r,
            stride, pad);
        continue;
      }
      lower(col, colOff, in, x, c, h, wd, r, stride, pad);
      forwardChannels(out, outOff + img * outImage, in, x, w, wOff, col, colOff, c, h, wd, k, r,
          stride, pad, 0, k);
    }
  }

  /**
   * Images that {@link #forward} multiplies in one product: one, unless an image's last vector of
   * pixels is so short that more than an eighth of the lanes of its vectors would idle (7x7
   * images at 512 bits: 49 pixels in 4 vectors of 16). Then as many as make {@link
   * #GROUP_COLUMNS} columns, lowered side by side by im2col, so that the group shares one short
   * vector. A 14x14 image (196 pixels in 13 vectors) loses less to its short vector than
   * im2col's copies cost over the shifted planes: its forward took 11.2 and 11.9 ms a step in
   * pairs, against 9.4 and 10.2 alone (`bench --layers shape`, FashionPreActResNet20).
   */
  public static int imagesPerProduct(int pq, int r, int stride, int pad) {
    int lanes = S.length();
    int padded = (pq + lanes - 1) / lanes * lanes;
    if (Simd.SCALAR || isPointwise(r, stride, pad) || 8 * (padded - pq) <= padded) {
      return 1;
    }
    return Math.max(1, (GROUP_COLUMNS + pq - 1) / pq);
  }

  /**
   * Columns that {@link #imagesPerProduct} aims at: 7x7 images in groups of 6 (294 columns, 18
   * vectors and a part at 512 bits), whose column matrices, 576 x 294 floats for 64 channels,
   * stay in L2.
   */
  static final int GROUP_COLUMNS = 256;

  /**
   * {@link #forward} of {@code count} images in one product: their column matrices side by side
   * in one [C*R*R, count*P*Q] matrix, multiplied into a [K, count*P*Q] scratch (both with rows a
   * vector longer, see below), each image's columns then copied to its place. Every output sums
   * the same products in the same order as one image's product, so the bits are those of {@link
   * #forward} image by image.
   */
  private static void forwardImages(float[] out, int outOff, float[] in, int inOff, float[] w,
      int wOff, int count, int c, int h, int wd, int k, int r, int stride, int pad) {
    int p = outputSize(h, r, stride, pad);
    int q = outputSize(wd, r, stride, pad);
    int pq = p * q;
    int crr = c * r * r;
    int columns = count * pq;
    // A vector's slack after each row: im2col at stride 2 may write a vector past an image's last
    // output row, which lands on the next image's columns, lowered after it, or in the slack.
    int ld = columns + S.length();
    float[] lowered = scratch(GROUP_LOWERING, crr * ld);
    float[] sums = scratch(GROUP_OUTPUT, k * ld);
    for (int t = 0; t < count; t++) {
      im2col(lowered, t * pq, ld, in, inOff + t * c * h * wd, c, h, wd, r, stride, pad, p, q);
    }
    Gemm.nnStoreColumns(sums, 0, w, wOff, lowered, 0, k, columns, crr, ld);
    for (int t = 0; t < count; t++) {
      for (int ko = 0; ko < k; ko++) {
        System.arraycopy(sums, ko * ld + t * pq, out, outOff + (t * k + ko) * pq, pq);
      }
    }
  }

  /** Per-thread scratch of {@link #forwardImages}: the group's column matrices. */
  private static final ThreadLocal<float[]> GROUP_LOWERING =
      ThreadLocal.withInitial(() -> new float[0]);

  /** Per-thread scratch of {@link #forwardImages}: the group's outputs, side by side. */
  private static final ThreadLocal<float[]> GROUP_OUTPUT =
      ThreadLocal.withInitial(() -> new float[0]);

  /**
   * Lowers one image for {@link #forwardChannels} into {@code col} from {@code colOff}: its
   * shifted planes (see {@link #sharesRows}) or its column matrix [C*R*R, P*Q] (im2col). A
   * pointwise convolution needs no lowering (see {@link #workspaceFloats}): its image is its column
   * matrix, and this does nothing.
   *
   * @param in one image [C, H, W] at {@code inOff}
   */
  public static void lower(
      float[] col, int colOff, float[] in, int inOff, int c, int h, int wd, int r, int stride,
      int pad) {
    checkWorkspace(col, colOff, c, h, wd, r, stride, pad);
    if (sharesRows(r, stride, pad)) {
      shiftedPlanes(col, colOff, in, inOff, c, h, wd, r, pad);
    } else if (!isPointwise(r, stride, pad)) {
      int p = outputSize(h, r, stride, pad);
      int q = outputSize(wd, r, stride, pad);
      im2col(col, colOff, p * q, in, inOff, c, h, wd, r, stride, pad, p, q);
    }
  }

  /**
   * Whether a convolution is lowered to {@link #shiftedPlanes} rather than im2col: stride 1 and
   * "same" padding (2 * pad = R - 1), at a vector width where the products read rows through a
   * table. The column matrix's row for tap (ky, kx) of a channel is the input shifted by ky - pad
   * rows and kx - pad columns; with a copy shifted by kx - pad columns and padded by pad zero rows
   * above and below, the shift by rows is only an offset into it. So R copies of each channel
   * serve its R * R rows, a third of im2col's copying for a 3x3 kernel.
   */
  private static boolean sharesRows(int r, int stride, int pad) {
    return r > 1 && stride == 1 && 2 * pad == r - 1 && !Simd.SCALAR;
  }

  /**
   * Writes R planes per channel into {@code planes} from {@code planesOff}: plane (ch, kx) holds
   * channel ch shifted kx - pad columns left (zeros where that leaves the image), with pad zero
   * rows above and below, (H + 2 * pad) x W floats. See {@link #sharedRows} for where each tap
   * reads.
   */
  static void shiftedPlanes(
      float[] planes, int planesOff, float[] in, int inOff, int c, int h, int wd, int r,
      int pad) {
    shiftedBand(planes, planesOff, in, inOff, c, h, wd, r, pad, 0, h);
  }

  /**
   * {@link #shiftedPlanes} of the band of rows [firstRow, endRow) of the image, as if the band were
   * the image: plane (ch, kx) holds (endRow - firstRow + 2 * pad) x W floats, and its pad rows
   * above and below the band are the image's rows there, or zeros outside the image. The
   * products of the band's output rows read their taps from these planes as from a whole
   * image's.
   */
  static void shiftedBand(
      float[] planes, int planesOff, float[] in, int inOff, int c, int h, int wd, int r,
      int pad, int firstRow, int endRow) {
    int plane = (endRow - firstRow + 2 * pad) * wd;
    int firstCopied = Math.max(0, firstRow - pad);
    int endCopied = Math.min(h, endRow + pad);
    int zerosAbove = (firstCopied - (firstRow - pad)) * wd;
    int copied = (endCopied - firstCopied) * wd;
    for (int ch = 0; ch < c; ch++) {
      int src = inOff + ch * h * wd + firstCopied * wd;
      for (int kx = 0; kx < r; kx++) {
        int base = planesOff + (ch * r + kx) * plane;
        Arrays.fill(planes, base, base + zerosAbove, 0f);
        Arrays.fill(planes, base + zerosAbove + copied, base + plane, 0f);
        shiftedChannel(planes, base + zerosAbove, in, src, endCopied - firstCopied, wd, kx - pad);
      }
    }
  }

  /**
   * Writes channel [H, W] at {@code src} shifted {@code shift} columns left (right when
   * negative), zeros where that leaves the image, into H * W floats at {@code dstOff}: the whole
   * channel in one copy along the flat plane, then the columns that the shift carried across a
   * row boundary set to zero, column by column, a store every W floats. Row by row, the calls
   * and short loops for images 8 to 32 wide cost more than the copying.
   */
  private static void shiftedChannel(
      float[] dst, int dstOff, float[] in, int src, int h, int wd, int shift) {
    int hw = h * wd;
    if (Math.abs(shift) < hw) {
      System.arraycopy(in, src + Math.max(0, shift), dst, dstOff + Math.max(0, -shift),
          hw - Math.abs(shift));
    }
    int firstZero = shift < 0 ? 0 : Math.max(0, wd - shift);
    int endZero = shift < 0 ? Math.min(wd, -shift) : shift > 0 ? wd : 0;
    for (int x = firstZero; x < endZero; x++) {
      for (int at = dstOff + x; at < dstOff + hw; at += wd) {
        dst[at] = 0f;
      }
    }
  }

  /**
   * This thread's table of where each row of the column matrix [C*R*R, H*W] starts in {@link
   * #shiftedPlanes}: row (ch, ky, kx) is plane (ch, kx) from its row ky on.
   */
  private static int[] sharedRows(int origin, int c, int h, int wd, int r, int pad) {
    RowTable[] tables = ROW_TABLES.get();
    for (RowTable table : tables) {
      if (table != null && table.origin == origin && table.c == c && table.h == h
          && table.wd == wd && table.r == r && table.pad == pad) {
        return table.rows;
      }
    }
    int[] rows = new int[c * r * r];
    int plane = (h + 2 * pad) * wd;
    for (int ch = 0; ch < c; ch++) {
      for (int ky = 0; ky < r; ky++) {
        for (int kx = 0; kx < r; kx++) {
          rows[(ch * r + ky) * r + kx] = origin + (ch * r + kx) * plane + ky * wd;
        }
      }
    }
    // The newest first; the oldest drops out.
    System.arraycopy(tables, 0, tables, 1, tables.length - 1);
    tables[0] = new RowTable(origin, c, h, wd, r, pad, rows);
    return rows;
  }

  /** A {@link #sharedRows} table and the shape it was made for. */
  private record RowTable(int origin, int c, int h, int wd, int r, int pad, int[] rows) {}

  /**
   * Per thread, the tables {@link #sharedRows} made last: enough for the distinct same-padding
   * shapes of a network (one per stage, and the gradients' when they differ), so that after the
   * first step it makes none.
   */
  private static final ThreadLocal<RowTable[]> ROW_TABLES =
      ThreadLocal.withInitial(() -> new RowTable[8]);

  /**
   * Output channels [firstK, endK) of one image's forward pass, after {@link #lower}: the product
   * of those rows of the weights with the image's column matrix, which {@code col} holds (written
   * out, or as shifted planes) or, for a pointwise convolution, is the image itself. Disjoint
   * channel ranges can run on different threads, which is how a batch smaller than the thread
   * count is split; each channel comes out the same whichever range computes it.
   *
   * @param out one output image [K, P, Q] at {@code outOff}; channels [firstK, endK) overwritten
   * @param in the image [C, H, W] at {@code inOff}
   * @param col the workspace {@link #lower} filled
   */
  public static void forwardChannels(
      float[] out,
      int outOff,
      float[] in,
      int inOff,
      float[] w,
      int wOff,
      float[] col,
      int colOff,
      int c,
      int h,
      int wd,
      int k,
      int r,
      int stride,
      int pad,
      int firstK,
      int endK) {
    int pq = outputSize(h, r, stride, pad) * outputSize(wd, r, stride, pad);
    int crr = c * r * r;
    if (sharesRows(r, stride, pad)) {
      Gemm.nnRows(out, outOff + firstK * pq, pq, w, wOff + firstK * crr, col, 0,
          sharedRows(colOff, c, h, wd, r, pad), endK - firstK, pq, crr, true);
      return;
    }
    boolean pointwise = isPointwise(r, stride, pad);
    Gemm.nnStore(out, outOff + firstK * pq, w, wOff + firstK * crr, pointwise ? in : col,
        pointwise ? inOff : colOff, endK - firstK, pq, crr);
  }

  /**
   * Whether {@link #forwardRows} can compute a band of output rows on its own: a pointwise
   * convolution, whose output pixel needs only the same input pixel, or one lowered to {@link
   * #shiftedPlanes}, whose band needs only pad more input rows on each side.
   */
  public static boolean splitsByRows(int r, int stride, int pad) {
    return isPointwise(r, stride, pad) || sharesRows(r, stride, pad);
  }

  /**
   * Output rows [firstRow, endRow) of one image's forward pass, for a convolution that {@link
   * #splitsByRows}: the band's own lowering ({@link #shiftedBand}) in {@code col}, then the product
   * of all the weights with the band's columns. Threads that share an image by bands of rows each
   * lower and multiply in their own workspace, and each writes and then reads the band it owns;
   * sharing it by output channel, every thread reads the whole lowering one thread wrote. Each
   * output comes out as {@link #forward} computes it.
   *
   * @param out one output image [K, H, W] at {@code outOff}; rows [firstRow, endRow) of every
   *     channel overwritten
   * @param in one image [C, H, W] at {@code inOff}
   * @param col this thread's workspace, as in {@link #forward}
   */
  public static void forwardRows(
      float[] out,
      int outOff,
      float[] in,
      int inOff,
      float[] w,
      int wOff,
      float[] col,
      int colOff,
      int c,
      int h,
      int wd,
      int k,
      int r,
      int stride,
      int pad,
      int firstRow,
      int endRow) {
    if (!splitsByRows(r, stride, pad)) {
      throw new IllegalArgumentException(String.format(
          "a %dx%d convolution with stride %d and padding %d cannot be split into bands of rows",
          r, r, stride, pad));
    }
    int hw = h * wd;
    int first = firstRow * wd;
    int count = (endRow - firstRow) * wd;
    if (isPointwise(r, stride, pad)) {
      Gemm.nnStoreColumns(out, outOff + first, w, wOff, in, inOff + first, k, count, c, hw);
      return;
    }
    checkWorkspace(col, colOff, c, h, wd, r, stride, pad);
    shiftedBand(col, colOff, in, inOff, c, h, wd, r, pad, firstRow, endRow);
    Gemm.nnRows(out, outOff + first, hw, w, wOff, col, 0,
        sharedRows(colOff, c, endRow - firstRow, wd, r, pad), k, count, c * r * r, true);
  }

  /**
   * Backward pass: dW += dL/dW and, if {@code dIn} is not null, dIn (+)= dL/dIn.
   *
   * @param dIn input gradient [N, C, H, W]; null when no input gradient is needed
   * @param accumulate whether to add into {@code dIn} or overwrite it
   * @param dW weight gradient [K, C, R, R], added into
   * @param dOut output gradient [N, K, P, Q]
   * @param in forward input [N, C, H, W]
   * @param w weights [K, C, R, R]
   * @param col workspace of at least {@link #workspaceFloats} floats, used as in {@link
   *     #forward}; clobbered
   */
  public static void backward(
      float[] dIn,
      int dInOff,
      boolean accumulate,
      float[] dW,
      int dWOff,
      float[] dOut,
      int dOutOff,
      float[] in,
      int inOff,
      float[] w,
      int wOff,
      float[] col,
      int colOff,
      int n,
      int c,
      int h,
      int wd,
      int k,
      int r,
      int stride,
      int pad) {
    backward(dIn, dInOff, accumulate, dW, dWOff, dOut, dOutOff, in, inOff, null, w, wOff, col,
        colOff, n, c, h, wd, k, r, stride, pad);
  }

  /**
   * Writes images of a convolution's input that is not kept: images [first, first + count) of
   * the call's batch, [count, C, H, W], into {@code into} from {@code at}.
   */
  @FunctionalInterface
  public interface InputImages {
    void write(float[] into, int at, int first, int count);
  }

  /**
   * {@link #backward} of an input that {@code made} writes, a few images at a time, into a
   * per-thread buffer just before they are read, so that the input never goes to memory: a batch
   * norm's output, made from its input ({@link BatchNorm#recomputeTraining}). {@code in} is unused
   * when {@code made} is not null. Same bits as {@link #backward} of the written-out input.
   */
  public static void backward(
      float[] dIn,
      int dInOff,
      boolean accumulate,
      float[] dW,
      int dWOff,
      float[] dOut,
      int dOutOff,
      float[] in,
      int inOff,
      InputImages made,
      float[] w,
      int wOff,
      float[] col,
      int colOff,
      int n,
      int c,
      int h,
      int wd,
      int k,
      int r,
      int stride,
      int pad) {
    checkWorkspace(col, colOff, c, h, wd, r, stride, pad);
    if (Simd.SCALAR) {
      if (made != null) {
        in = new float[n * c * h * wd];
        inOff = 0;
        made.write(in, 0, 0, n);
      }
      backwardScalar(
          dIn, dInOff, accumulate, dW, dWOff, dOut, dOutOff, in, inOff, w, wOff, col, colOff, n, c,
          h, wd, k, r, stride, pad);
      return;
    }
    int p = outputSize(h, r, stride, pad);
    int q = outputSize(wd, r, stride, pad);
    int pq = p * q;
    int crr = c * r * r;
    int inImage = c * h * wd;
    int outImage = k * pq;
    boolean pointwise = isPointwise(r, stride, pad);
    WeightGradient method = WeightGradient.of(pointwise, c, k, crr, pq);
    float[] flipped = dIn != null && !pointwise && gradientIsAConvolution(c, k, r, stride, pad)
        ? flipWeights(w, wOff, c, k, r)
        : null;
    float[] lanes = null;
    float[] dWT = null;
    float[] dOutT = null;
    switch (method) {
      case LANE_SUMS -> {
        lanes = scratch(LANE_SUMS, k * crr * S.length());
        Arrays.fill(lanes, 0, k * crr * S.length(), 0f);
      }
      case TRANSPOSED -> {
        dWT = scratch(WEIGHT_GRADIENT, crr * k);
        dOutT = scratch(OUTPUT_GRADIENT, pq * k);
        Arrays.fill(dWT, 0, crr * k, 0f);
      }
      case DIRECT -> { }
    }
    // Where lane sums read shifted planes, images with few pixels are lowered together (as many
    // as make LANE_SUM_GROUP_PIXELS and the workspace holds) and share one pass over the lane
    // sums; the input gradients then reuse the workspace image by image. When the input gradient
    // is a convolution of dOut's shifted planes, the lane sums read those planes against the
    // image itself (see addFlippedLanes), so that one lowering serves both gradients; they do so
    // without an input gradient too, so that dW has the same bits either way. A pointwise
    // convolution's images are its columns, grouped the same way without lowering.
    boolean planesByLanes = method == WeightGradient.LANE_SUMS && !pointwise
        && sharesRows(r, stride, pad);
    boolean gradientPlanes = planesByLanes && gradientIsAConvolution(c, k, r, stride, pad);
    // Same padding: the input gradient's convolution pads dOut as the forward pads the input, and
    // P x Q is H x W, so dOut's planes have the input planes' shape with K channels for C.
    int planes = (gradientPlanes ? k : c) * r * (h + 2 * pad) * wd;
    boolean pointwiseLanes = method == WeightGradient.LANE_SUMS && pointwise;
    int group = planesByLanes
        ? Math.max(1,
            Math.min(Math.min(n, (col.length - colOff) / planes), LANE_SUM_GROUP_PIXELS / pq))
        : pointwiseLanes ? Math.max(1, LANE_SUM_GROUP_PIXELS / pq) : 1;
    float[] madeImages = made == null ? null
        : scratch(MADE_INPUT, Simd.ALIGNED_START + group * inImage);
    for (int first = 0; first < n; first += group) {
      int count = Math.min(group, n - first);
      if (made != null) {
        // This group's images, where the code below reads them: image img at inOff + img *
        // inImage of madeImages.
        made.write(madeImages, Simd.ALIGNED_START, first, count);
        in = madeImages;
        inOff = Simd.ALIGNED_START - first * inImage;
      }
      if (pointwiseLanes) {
        // The group's rows stay in cache while every block of lane sums passes over them, and
        // dOut's are still there when the input gradients below read them again.
        Gemm.ntLanes(lanes, dOut, dOutOff + first * outImage, outImage, in,
            inOff + first * inImage, inImage, k, crr, pq, count);
      } else if (gradientPlanes) {
        for (int t = 0; t < count; t++) {
          shiftedPlanes(col, colOff + t * planes, dOut, dOutOff + (first + t) * outImage, k, p, q,
              r, pad);
        }
        Gemm.ntLanes(lanes, in, inOff + first * inImage, inImage, col,
            sharedRows(colOff, k, p, q, r, pad), planes, c, k * r * r, pq, count);
      } else if (planesByLanes) {
        for (int t = 0; t < count; t++) {
          shiftedPlanes(
              col, colOff + t * planes, in, inOff + (first + t) * inImage, c, h, wd, r, pad);
        }
        Gemm.ntLanes(lanes, dOut, dOutOff + first * outImage, outImage, col,
            sharedRows(colOff, c, h, wd, r, pad), planes, k, crr, pq, count);
      }
      for (int img = first; img < first + count; img++) {
        int g = dOutOff + img * outImage;
        int x = inOff + img * inImage;
        // This image's share of the weight gradient; a lowering into col is read before the
        // input gradient below reuses col.
        switch (method) {
          case LANE_SUMS -> {
            if (!pointwise && !planesByLanes) {
              im2col(col, colOff, pq, in, x, c, h, wd, r, stride, pad, p, q);
              Gemm.ntLanes(lanes, dOut, g, 0, col, colOff, 0, k, crr, pq, 1);
            }
          }
          case TRANSPOSED -> {
            transpose(dOut, g, k, pq, dOutT);
            if (pointwise) {
              Gemm.nn(dWT, 0, in, x, dOutT, 0, crr, k, pq);
            } else {
              im2col(col, colOff, pq, in, x, c, h, wd, r, stride, pad, p, q);
              Gemm.nn(dWT, 0, col, colOff, dOutT, 0, crr, k, pq);
            }
          }
          case DIRECT -> Gemm.nt(dW, dWOff, dOut, g, in, x, k, crr, pq);
        }
        if (dIn != null && gradientPlanes) {
          // This image's planes of dOut are in the workspace already.
          Gemm.nnRows(dIn, dInOff + img * inImage, h * wd, flipped, 0, col, (img - first) * planes,
              sharedRows(colOff, k, p, q, r, pad), c, h * wd, k * r * r, !accumulate);
        } else if (dIn != null) {
          inputGradient(dIn, dInOff + img * inImage, accumulate, dOut, g, w, wOff, flipped, col,
              colOff, c, h, wd, k, r, stride, pad);
        }
      }
    }
    switch (method) {
      case LANE_SUMS -> {
        if (gradientPlanes) {
          addFlippedLanes(dW, dWOff, lanes, c, k, r);
        } else {
          Gemm.addLanes(dW, dWOff, lanes, k, crr);
        }
      }
      case TRANSPOSED -> {
        for (int ko = 0; ko < k; ko++) {
          for (int j = 0; j < crr; j++) {
            dW[dWOff + ko * crr + j] += dWT[j * k + ko];
          }
        }
      }
      case DIRECT -> { }
    }
  }

  /**
   * Adds into dW [K, C, R, R] the lane sums that {@link #backward} left in {@code partial} [C,
   * K*R*R, L] when it read dOut's shifted planes against the input: with same padding, dW[ko, ch,
   * ky, kx] = sum over pixels i of in[ch, i] times dOut[ko] shifted by (pad - ky, pad - kx), and
   * that shift of dOut is row (ko, R-1-ky, R-1-kx) of the planes that the input gradient's
   * convolution reads. Each vector is summed in lane order, as {@link Gemm#addLanes} does.
   */
  private static void addFlippedLanes(float[] dW, int dWOff, float[] partial, int c, int k,
      int r) {
    int e = 0;
    for (int ch = 0; ch < c; ch++) {
      for (int ko = 0; ko < k; ko++) {
        for (int ky = r - 1; ky >= 0; ky--) {
          for (int kx = r - 1; kx >= 0; kx--, e++) {
            dW[dWOff + ((ko * c + ch) * r + ky) * r + kx] += Gemm.laneSum(partial, e);
          }
        }
      }
    }
  }

  /**
   * How {@link #backward} sums the weight gradient dW [K, C*R*R] += dOut [K, P*Q] times the
   * columns [C*R*R, P*Q] transposed, both operands running along P*Q.
   */
  private enum WeightGradient {
    /**
     * As dot products along P*Q into a vector of lane sums per weight ({@link Gemm#ntLanes}),
     * reduced once per call: no transposes, and as fast for K = 16 as for a wide K. For images
     * of at least {@link #LANE_SUM_PIXELS} pixels, whose lane sums fit {@link #LANE_SUM_FLOATS}.
     */
    LANE_SUMS,
    /**
     * As dW^T [C*R*R, K] += columns times dOut^T [P*Q, K], each image's dOut transposed (smaller
     * than its columns by C*R*R / K), and dW^T added into dW once at the end.
     */
    TRANSPOSED,
    /**
     * With {@link Gemm#nt}, which copies the columns transposed: a pointwise convolution with K
     * > C, whose columns (its input) are the smaller operand.
     */
    DIRECT;

    static WeightGradient of(boolean pointwise, int c, int k, int crr, int pq) {
      if (pq >= LANE_SUM_PIXELS && pq % S.length() == 0
          && (long) k * crr * S.length() <= LANE_SUM_FLOATS) {
        return LANE_SUMS;
      }
      return pointwise && k > c ? DIRECT : TRANSPOSED;
    }
  }

  /**
   * One image's input gradient for {@link #backward}: dIn (+)= W^T times dOut for a pointwise
   * convolution; else, where {@code flipped} holds the flipped weights, the convolution of dOut
   * with them at padding R - 1 - pad; else the columns' gradient W^T times dOut scattered back
   * by {@link #col2im}. Clobbers {@code col}.
   *
   * @param dIn the image's input gradient [C, H, W] at {@code dInOff}
   * @param dOut the image's output gradient [K, P, Q] at {@code g}
   */
  private static void inputGradient(float[] dIn, int dInOff, boolean accumulate, float[] dOut,
      int g, float[] w, int wOff, float[] flipped, float[] col, int o, int c, int h, int wd,
      int k, int r, int stride, int pad) {
    int p = outputSize(h, r, stride, pad);
    int q = outputSize(wd, r, stride, pad);
    int pq = p * q;
    int crr = c * r * r;
    if (isPointwise(r, stride, pad)) {
      if (accumulate) {
        Gemm.tn(dIn, dInOff, w, wOff, dOut, g, crr, pq, k);
      } else {
        Gemm.tnStore(dIn, dInOff, w, wOff, dOut, g, crr, pq, k);
      }
    } else if (flipped != null) {
      if (sharesRows(r, 1, r - 1 - pad)) {
        shiftedPlanes(col, o, dOut, g, k, p, q, r, r - 1 - pad);
        Gemm.nnRows(dIn, dInOff, h * wd, flipped, 0, col, 0,
            sharedRows(o, k, p, q, r, r - 1 - pad), c, h * wd, k * r * r, !accumulate);
      } else {
        im2col(col, o, h * wd, dOut, g, k, p, q, r, 1, r - 1 - pad, h, wd);
        if (accumulate) {
          Gemm.nn(dIn, dInOff, flipped, 0, col, o, c, h * wd, k * r * r);
        } else {
          Gemm.nnStore(dIn, dInOff, flipped, 0, col, o, c, h * wd, k * r * r);
        }
      }
    } else {
      Gemm.tnStore(col, o, w, wOff, dOut, g, crr, pq, k);
      if (!accumulate) {
        // col2im scatters by adding: start this image's gradient from zero.
        Arrays.fill(dIn, dInOff, dInOff + c * h * wd, 0f);
      }
      col2im(dIn, dInOff, col, o, c, h, wd, r, stride, pad, p, q);
    }
  }

  /**
   * Pixels per image from which {@link #backward} sums the weight gradient with {@link
   * Gemm#ntLanes}: its lane sums are loaded and stored once per block of output and image, which
   * is cheap only when each image brings many pixels.
   */
  static final int LANE_SUM_PIXELS = 256;

  /**
   * Pixels over which {@link #backward} runs lane sums between loads of them, grouping images
   * smaller than this: at 16x16, four images (stage 2's backward 144 -> 168 GFLOP/s).
   */
  static final int LANE_SUM_GROUP_PIXELS = 1024;

  /**
   * The most lane sums (floats) {@link #backward} keeps per thread, 1 MB: a vector of them per
   * weight, zeroed and reduced at every call, which for a wide convolution (a 320 -> 320 3x3 at
   * 512 bits would need 59 MB) costs more than lane sums save.
   */
  static final int LANE_SUM_FLOATS = 256 * 1024;

  /** Per-thread scratch of {@link #backward}: the images of an input that is not kept. */
  private static final ThreadLocal<float[]> MADE_INPUT =
      ThreadLocal.withInitial(() -> new float[0]);

  /** Per-thread scratch of {@link #backward}: the weight gradient's lane sums. */
  private static final ThreadLocal<float[]> LANE_SUMS =
      ThreadLocal.withInitial(() -> new float[0]);

  /**
   * dst [cols, rows] = src [rows, cols] transposed, in strips of 16 columns so that the writes
   * of a strip stay in 16 lines of cache.
   */
  private static void transpose(float[] src, int srcOff, int rows, int cols, float[] dst) {
    for (int j0 = 0; j0 < cols; j0 += 16) {
      int j1 = Math.min(cols, j0 + 16);
      for (int i = 0; i < rows; i++) {
        int from = srcOff + i * cols;
        for (int j = j0; j < j1; j++) {
          dst[j * rows + i] = src[from + j];
        }
      }
    }
  }

  /** Per-thread scratch of {@link #backward}: the transposed weight gradient. */
  private static final ThreadLocal<float[]> WEIGHT_GRADIENT =
      ThreadLocal.withInitial(() -> new float[0]);

  /** Per-thread scratch of {@link #backward}: one image's output gradient, transposed. */
  private static final ThreadLocal<float[]> OUTPUT_GRADIENT =
      ThreadLocal.withInitial(() -> new float[0]);

  /** This thread's array of {@code holder}, grown to at least {@code size} floats. */
  private static float[] scratch(ThreadLocal<float[]> holder, int size) {
    float[] array = holder.get();
    if (array.length < size) {
      array = new float[size];
      holder.set(array);
    }
    return array;
  }

  /**
   * Whether the input gradient is computed as a convolution of the output gradient: with stride
   * 1 and "same" padding (2 * pad = R - 1), dIn = conv(dOut, W flipped and transposed) at padding
   * R-1-pad, which lowers dOut as the forward pass lowers its input and runs one product of depth
   * K*R*R, as deep as the forward pass's. The alternative, W^T times dOut, is only K deep, so it
   * mostly stores a column matrix that col2im then scatters back. The lowered dOut [K*R*R, H*W]
   * must fit the workspace [C*R*R, P*Q], so K must not exceed C.
   */
  private static boolean gradientIsAConvolution(int c, int k, int r, int stride, int pad) {
    return stride == 1 && 2 * pad == r - 1 && k <= c;
  }

  /** Per-thread scratch for {@link #flipWeights}, grown to the largest weight seen. */
  private static final ThreadLocal<float[]> FLIPPED = ThreadLocal.withInitial(() -> new float[0]);

  /**
   * The weights of the input gradient's convolution: flipped[ch, ko, R-1-ky, R-1-kx] = w[ko, ch,
   * ky, kx], a [C, K, R, R] tensor in a per-thread scratch array.
   */
  private static float[] flipWeights(float[] w, int wOff, int c, int k, int r) {
    float[] flipped = scratch(FLIPPED, k * c * r * r);
    for (int ko = 0; ko < k; ko++) {
      for (int ch = 0; ch < c; ch++) {
        for (int ky = 0; ky < r; ky++) {
          for (int kx = 0; kx < r; kx++) {
            flipped[((ch * k + ko) * r + (r - 1 - ky)) * r + (r - 1 - kx)] =
                w[wOff + ((ko * c + ch) * r + ky) * r + kx];
          }
        }
      }
    }
    return flipped;
  }

  /**
   * Scalar reference of {@link #forward}: the direct seven-loop convolution, no im2col. Same
   * arguments and shapes; {@code col} and {@code colOff} are unused.
   */
  public static void forwardScalar(
      float[] out,
      int outOff,
      float[] in,
      int inOff,
      float[] w,
      int wOff,
      float[] col,
      int colOff,
      int n,
      int c,
      int h,
      int wd,
      int k,
      int r,
      int stride,
      int pad) {
    int p = outputSize(h, r, stride, pad);
    int q = outputSize(wd, r, stride, pad);
    for (int img = 0; img < n; img++) {
      for (int ko = 0; ko < k; ko++) {
        for (int oy = 0; oy < p; oy++) {
          for (int ox = 0; ox < q; ox++) {
            float sum = 0f;
            for (int ch = 0; ch < c; ch++) {
              for (int ky = 0; ky < r; ky++) {
                int iy = oy * stride - pad + ky;
                if (iy < 0 || iy >= h) {
                  continue;
                }
                for (int kx = 0; kx < r; kx++) {
                  int ix = ox * stride - pad + kx;
                  if (ix < 0 || ix >= wd) {
                    continue;
                  }
                  sum +=
                      in[inOff + ((img * c + ch) * h + iy) * wd + ix]
                          * w[wOff + ((ko * c + ch) * r + ky) * r + kx];
                }
              }
            }
            out[outOff + ((img * k + ko) * p + oy) * q + ox] = sum;
          }
        }
      }
    }
  }

  /**
   * Scalar reference of {@link #backward}: the direct seven-loop convolution run backwards. Same
   * arguments and shapes; {@code col} and {@code colOff} are unused.
   */
  public static void backwardScalar(
      float[] dIn,
      int dInOff,
      boolean accumulate,
      float[] dW,
      int dWOff,
      float[] dOut,
      int dOutOff,
      float[] in,
      int inOff,
      float[] w,
      int wOff,
      float[] col,
      int colOff,
      int n,
      int c,
      int h,
      int wd,
      int k,
      int r,
      int stride,
      int pad) {
    int p = outputSize(h, r, stride, pad);
    int q = outputSize(wd, r, stride, pad);
    if (dIn != null && !accumulate) {
      Arrays.fill(dIn, dInOff, dInOff + n * c * h * wd, 0f);
    }
    for (int img = 0; img < n; img++) {
      for (int ko = 0; ko < k; ko++) {
        for (int oy = 0; oy < p; oy++) {
          for (int ox = 0; ox < q; ox++) {
            float g = dOut[dOutOff + ((img * k + ko) * p + oy) * q + ox];
            for (int ch = 0; ch < c; ch++) {
              for (int ky = 0; ky < r; ky++) {
                int iy = oy * stride - pad + ky;
                if (iy < 0 || iy >= h) {
                  continue;
                }
                for (int kx = 0; kx < r; kx++) {
                  int ix = ox * stride - pad + kx;
                  if (ix < 0 || ix >= wd) {
                    continue;
                  }
                  int xi = ((img * c + ch) * h + iy) * wd + ix;
                  int wi = ((ko * c + ch) * r + ky) * r + kx;
                  dW[dWOff + wi] += g * in[inOff + xi];
                  if (dIn != null) {
                    dIn[dInOff + xi] += g * w[wOff + wi];
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /** Whether the convolution is 1x1, stride 1, unpadded: its image is its column matrix. */
  private static boolean isPointwise(int r, int stride, int pad) {
    return r == 1 && stride == 1 && pad == 0;
  }

  private static void checkWorkspace(
      float[] col, int colOff, int c, int h, int wd, int r, int stride, int pad) {
    int need = workspaceFloats(c, h, wd, r, stride, pad);
    if (need > 0 && (col == null || col.length - colOff < need)) {
      throw new IllegalArgumentException(
          String.format(
              "Conv2d workspace has %s but C=%d H=%d W=%d R=%d stride=%d pad=%d needs %d floats.",
              col == null ? "no array" : col.length - colOff + " floats from index " + colOff, c,
              h, wd, r, stride, pad, need));
    }
  }

  /**
   * Columns out of one image: col[(ch*R + ky)*R + kx, oy*Q + ox] = in[ch, oy*stride - pad + ky,
   * ox*stride - pad + kx], or 0 where that falls in the padding. The rows of col are {@code ld}
   * floats apart: P*Q for one image's column matrix, more for images side by side in one, each
   * filling P*Q of every row from its own {@code colOff}.
   *
   * @param col column matrix [C*R*R, ld] at {@code colOff}, this image's P*Q columns overwritten
   * @param in one image [C, H, W] at {@code inOff}
   */
  static void im2col(
      float[] col,
      int colOff,
      int ld,
      float[] in,
      int inOff,
      int c,
      int h,
      int wd,
      int r,
      int stride,
      int pad,
      int p,
      int q) {
    if (stride == 1 && 2 * pad == r - 1 && pad < h && pad < wd) {
      im2colSamePadding(col, colOff, ld, in, inOff, c, h, wd, r, pad);
      return;
    }
    for (int ch = 0; ch < c; ch++) {
      for (int ky = 0; ky < r; ky++) {
        for (int kx = 0; kx < r; kx++) {
          int block = colOff + ((ch * r + ky) * r + kx) * ld;
          int lo = firstInside(kx, stride, pad);
          int hi = Math.max(lo, endInside(kx, stride, pad, wd, q));
          int firstRow = 0;
          if (ky >= stride && p > 1) {
            // Output row oy of this tap reads the input row that output row oy + 1 of tap ky -
            // stride read: one bulk copy of that block's rows, and only the last row to lower.
            int above = colOff + ((ch * r + ky - stride) * r + kx) * ld;
            System.arraycopy(col, above + q, col, block, (p - 1) * q);
            firstRow = p - 1;
          }
          for (int oy = firstRow, dst = block + firstRow * q; oy < p; oy++, dst += q) {
            int iy = oy * stride - pad + ky;
            if (iy < 0 || iy >= h || lo >= hi) {
              Arrays.fill(col, dst, dst + q, 0f);
              continue;
            }
            int src = inOff + (ch * h + iy) * wd - pad + kx;
            if (stride == 2 && !Simd.SCALAR) {
              everyOther(col, dst, in, src, q, lo, hi);
              continue;
            }
            // Loops, not Arrays.fill: the padding is a column or two, and the call cost more
            // than the copy.
            for (int ox = 0; ox < lo; ox++) {
              col[dst + ox] = 0f;
            }
            if (stride == 1) {
              System.arraycopy(in, src + lo, col, dst + lo, hi - lo);
            } else {
              for (int ox = lo; ox < hi; ox++) {
                col[dst + ox] = in[src + ox * stride];
              }
            }
            for (int ox = hi; ox < q; ox++) {
              col[dst + ox] = 0f;
            }
          }
        }
      }
    }
  }

  /**
   * {@link #im2col} for stride 1 and "same" padding (2 * pad = R - 1, so P = H and Q = W). For
   * each channel and kx, the block of the middle row of taps (ky = pad) is the image shifted by kx
   * - pad columns ({@link #shiftedChannel}); the block of any other ky is the same block moved up
   * or down by ky - pad rows, with rows of zeros where it leaves the image: two bulk copies.
   */
  private static void im2colSamePadding(float[] col, int colOff, int ld, float[] in, int inOff,
      int c, int h, int wd, int r, int pad) {
    int plane = h * wd;
    for (int ch = 0; ch < c; ch++) {
      for (int kx = 0; kx < r; kx++) {
        int middle = colOff + ((ch * r + pad) * r + kx) * ld;
        shiftedChannel(col, middle, in, inOff + ch * plane, h, wd, kx - pad);
        for (int ky = 0; ky < r; ky++) {
          int shift = ky - pad;
          int block = colOff + ((ch * r + ky) * r + kx) * ld;
          if (shift < 0) {
            // Output row y reads image row y + shift: the first -shift rows are above the image.
            Arrays.fill(col, block, block - shift * wd, 0f);
            System.arraycopy(col, middle, col, block - shift * wd, (h + shift) * wd);
          } else if (shift > 0) {
            System.arraycopy(col, middle + shift * wd, col, block, (h - shift) * wd);
            Arrays.fill(col, block + (h - shift) * wd, block + plane, 0f);
          }
        }
      }
    }
  }

  /**
   * The adjoint of {@link #im2col}: adds every column entry back into the input position it was
   * copied from; entries that came from padding are dropped.
   *
   * @param dIn one image gradient [C, H, W] at {@code dInOff}, added into
   * @param col column gradient [C*R*R, P*Q] at {@code colOff}
   */
  static void col2im(
      float[] dIn,
      int dInOff,
      float[] col,
      int colOff,
      int c,
      int h,
      int wd,
      int r,
      int stride,
      int pad,
      int p,
      int q) {
    int src = colOff;
    for (int ch = 0; ch < c; ch++) {
      for (int ky = 0; ky < r; ky++) {
        for (int kx = 0; kx < r; kx++) {
          int lo = firstInside(kx, stride, pad);
          int hi = endInside(kx, stride, pad, wd, q);
          for (int oy = 0; oy < p; oy++, src += q) {
            int iy = oy * stride - pad + ky;
            if (iy < 0 || iy >= h) {
              continue;
            }
            int dst = dInOff + (ch * h + iy) * wd - pad + kx;
            if (stride == 1) {
              // A unit-stride loop of its own, so that C2 vectorises it.
              for (int ox = lo; ox < hi; ox++) {
                dIn[dst + ox] += col[src + ox];
              }
            } else if (stride == 2) {
              addEveryOther(dIn, dst, dInOff + (ch * h + iy + 1) * wd, col, src, lo, hi);
            } else {
              for (int ox = lo; ox < hi; ox++) {
                dIn[dst + ox * stride] += col[src + ox];
              }
            }
          }
        }
      }
    }
  }

  /** Lane i holds lane i / 2: the first half of a vector spread over every other lane. */
  private static final VectorShuffle<Float> SPREAD = VectorShuffle.fromOp(S, i -> i / 2);

  /** The even lanes. */
  private static final VectorMask<Float> EVEN = VectorMask.fromLong(S, 0x5555_5555_5555_5555L);

  /**
   * One row of {@link #col2im} at stride 2: dIn[dst + 2 * ox] += col[src + ox] for ox in [lo,
   * hi), half a vector of columns at a time spread over the even lanes of a vector of the row and
   * added under a mask of those lanes, so that the odd lanes, other taps' columns, keep their
   * values; each element gets its sums in the order of the scalar loop. A vector stays before
   * {@code rowEnd}, in the rows this thread owns; the columns left are added one by one.
   */
  private static void addEveryOther(
      float[] dIn, int dst, int rowEnd, float[] col, int src, int lo, int hi) {
    int lanes = S.length();
    int ox = lo;
    for (; ox + lanes / 2 <= hi && dst + 2 * ox + lanes <= rowEnd
        && src + ox + lanes <= col.length; ox += lanes / 2) {
      FloatVector spread = FloatVector.fromArray(S, col, src + ox).rearrange(SPREAD);
      FloatVector.fromArray(S, dIn, dst + 2 * ox).add(spread, EVEN).intoArray(dIn, dst + 2 * ox);
    }
    for (; ox < hi; ox++) {
      dIn[dst + 2 * ox] += col[src + ox];
    }
  }

  /** Even lanes of two vectors side by side: every other float of the 2 L floats they hold. */
  private static final VectorShuffle<Float> EVEN_LANES = VectorShuffle.iota(S, 0, 2, false);

  /**
   * One row of {@link #im2col}'s columns at stride 2: col[dst + ox] = in[src + 2 * ox] for ox in
   * [lo, hi), 0 for the other ox in [0, Q): a vector of outputs from two loads and a shuffle. A
   * vector may read floats of the padding or of the next rows, and write past Q into the next
   * row of col, which is written after this one; the padding columns are then set to zero. Near
   * the ends of the arrays, where a vector would leave them, the columns are copied one by one.
   */
  private static void everyOther(
      float[] col, int dst, float[] in, int src, int q, int lo, int hi) {
    int lanes = S.length();
    for (int ox = 0; ox < q; ox += lanes) {
      int from = src + 2 * ox;
      if (from >= 0 && from + 2 * lanes <= in.length && dst + ox + lanes <= col.length) {
        FloatVector.fromArray(S, in, from)
            .rearrange(EVEN_LANES, FloatVector.fromArray(S, in, from + lanes))
            .intoArray(col, dst + ox);
      } else {
        for (int x = Math.max(lo, ox); x < Math.min(hi, ox + lanes); x++) {
          col[dst + x] = in[src + 2 * x];
        }
      }
      for (int x = ox; x < Math.min(lo, ox + lanes); x++) {
        col[dst + x] = 0f;
      }
      for (int x = Math.max(hi, ox); x < Math.min(q, ox + lanes); x++) {
        col[dst + x] = 0f;
      }
    }
  }

  /** The first output column whose input column ox*stride - pad + kx is not left padding. */
  private static int firstInside(int kx, int stride, int pad) {
    return pad - kx <= 0 ? 0 : Math.ceilDiv(pad - kx, stride);
  }

  /** One past the last output column whose input column is not right padding, at most Q. */
  private static int endInside(int kx, int stride, int pad, int wd, int q) {
    return Math.min(q, Math.floorDiv(wd - 1 + pad - kx, stride) + 1);
  }
}
