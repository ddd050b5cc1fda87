package org.skipline.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.skipline.kernels.TensorAssert.assertBitIdentical;
import static org.skipline.kernels.TensorAssert.assertClose;
import static org.skipline.kernels.TensorAssert.doubled;
import static org.skipline.kernels.TensorAssert.random;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Conv2d}'s im2col + Gemm path against the direct convolution, and its gradients against
 * finite differences.
 *
 * <p>Dimensions: N batch, C in channels, K out channels, H,W input, P,Q output, R kernel size.
 */
class Conv2dTest {

  private static final double RTOL = 1e-4;
  private static final double ATOL = 1e-4;
  private static final int OFF = 5;

  /** One convolution problem with random input, weights and upstream gradient. */
  private record Problem(int n, int c, int h, int w, int k, int r, int stride, int pad, long seed) {
    int p() {
      return Conv2d.outputSize(h, r, stride, pad);
    }

    int q() {
      return Conv2d.outputSize(w, r, stride, pad);
    }

    int inLen() {
      return n * c * h * w;
    }

    int outLen() {
      return n * k * p() * q();
    }

    int weightLen() {
      return k * c * r * r;
    }

    float[] col() {
      return new float[Conv2d.workspaceFloats(c, h, w, r, stride, pad)];
    }

    void forward(float[] out, float[] in, float[] wt, boolean scalar) {
      if (scalar) {
        Conv2d.forwardScalar(out, OFF, in, OFF, wt, OFF, null, 0, n, c, h, w, k, r, stride, pad);
      } else {
        Conv2d.forward(out, OFF, in, OFF, wt, OFF, col(), 0, n, c, h, w, k, r, stride, pad);
      }
    }

    void backward(float[] dIn, float[] dW, float[] dOut, float[] in, float[] wt, boolean scalar) {
      backward(dIn, true, dW, dOut, in, wt, scalar);
    }

    void backward(float[] dIn, boolean accumulate, float[] dW, float[] dOut, float[] in,
        float[] wt, boolean scalar) {
      if (scalar) {
        Conv2d.backwardScalar(dIn, OFF, accumulate, dW, OFF, dOut, OFF, in, OFF, wt, OFF, null, 0,
            n, c, h, w, k, r, stride, pad);
      } else {
        Conv2d.backward(dIn, OFF, accumulate, dW, OFF, dOut, OFF, in, OFF, wt, OFF, col(), 0, n,
            c, h, w, k, r, stride, pad);
      }
    }
  }

  @ParameterizedTest(name = "N={0} C={1} H={2} W={3} K={4} R={5} stride={6} pad={7}")
  @CsvSource({
    "1, 1, 7, 7, 1, 1, 1, 0",
    "2, 3, 7, 13, 4, 3, 1, 1",
    "2, 3, 13, 7, 16, 3, 2, 1",
    "1, 16, 33, 33, 17, 3, 1, 1",
    "2, 17, 13, 13, 16, 1, 1, 0",
    "2, 16, 13, 13, 17, 1, 2, 0",
    "1, 17, 65, 7, 3, 3, 2, 0",
    "1, 3, 9, 9, 5, 3, 1, 0",
    "1, 4, 2, 3, 2, 3, 1, 1",
    "1, 2, 5, 5, 3, 5, 2, 2",
    "2, 16, 9, 11, 16, 3, 1, 1",
    "1, 5, 6, 7, 3, 5, 1, 2",
    "3, 32, 8, 8, 32, 3, 1, 1",
    "2, 4, 6, 16, 8, 3, 1, 1",
    "1, 3, 5, 32, 4, 3, 1, 1",
    "1, 2, 7, 16, 3, 5, 1, 2",
    "1, 3, 4, 48, 2, 3, 1, 0",
    "2, 3, 4, 16, 11, 3, 1, 1",
    "1, 12, 4, 16, 9, 3, 1, 1",
    "2, 17, 3, 32, 17, 3, 1, 1",
    // At least Conv2d.LANE_SUM_PIXELS output pixels, a multiple of every vector length: the
    // weight gradient by lane sums, for a 3x3 (K > C: on the input's shifted planes; K <= C: on
    // the output gradient's, in one group of images and in three), a pointwise (the same) and a
    // strided convolution; a pointwise one in groups of four images and a last group of one.
    "2, 5, 16, 16, 7, 3, 1, 1",
    "3, 8, 16, 16, 6, 3, 1, 1",
    "3, 6, 32, 32, 4, 3, 1, 1",
    "2, 17, 16, 16, 6, 1, 1, 0",
    "5, 17, 16, 16, 6, 1, 1, 0",
    "3, 5, 32, 32, 7, 1, 1, 0",
    "1, 3, 32, 32, 5, 1, 2, 0",
    "2, 4, 32, 32, 6, 3, 2, 1",
    "1, 2, 12, 16, 2, 11, 1, 5",
    "1, 2, 1, 1, 3, 5, 1, 2",
    "1, 2, 2, 9, 3, 5, 1, 2"
  })
  void vectorMatchesDirectConvolution(
      int n, int c, int h, int w, int k, int r, int stride, int pad) {
    Problem pr = new Problem(n, c, h, w, k, r, stride, pad, 17L * c + h);
    Random random = new Random(pr.seed());
    float[] in = random(random, OFF + pr.inLen());
    float[] wt = random(random, OFF + pr.weightLen());
    float[] dOut = random(random, OFF + pr.outLen());
    String what = pr.toString();

    float[] expected = random(random, OFF + pr.outLen());
    float[] actual = random(random, OFF + pr.outLen());
    System.arraycopy(expected, 0, actual, 0, OFF);
    pr.forward(expected, in, wt, true);
    pr.forward(actual, in, wt, false);
    assertClose("forward " + what, expected, actual, RTOL, ATOL);

    float[] dIn0 = random(random, OFF + pr.inLen());
    float[] dW0 = random(random, OFF + pr.weightLen());
    float[] dInExpected = dIn0.clone();
    float[] dWExpected = dW0.clone();
    float[] dInActual = dIn0.clone();
    float[] dWActual = dW0.clone();
    pr.backward(dInExpected, dWExpected, dOut, in, wt, true);
    pr.backward(dInActual, dWActual, dOut, in, wt, false);
    assertClose("dIn " + what, dInExpected, dInActual, RTOL, ATOL);
    assertClose("dW " + what, dWExpected, dWActual, RTOL, ATOL);

    float[] dWNoInput = dW0.clone();
    pr.backward(null, dWNoInput, dOut, in, wt, false);
    assertBitIdentical("dW with null dIn " + what, dWActual, dWNoInput);

    // A workspace whose lowering starts at Simd.ALIGNED_START, as a network's does, gives the
    // same bits.
    float[] roomy = new float[Simd.ALIGNED_START + Conv2d.workspaceFloats(c, h, w, r, stride, pad)];
    int start = Simd.ALIGNED_START;
    float[] roomyOut = random(random, OFF + pr.outLen());
    System.arraycopy(actual, 0, roomyOut, 0, OFF);
    Conv2d.forward(roomyOut, OFF, in, OFF, wt, OFF, roomy, start, n, c, h, w, k, r, stride, pad);
    assertBitIdentical("forward, aligned workspace " + what, actual, roomyOut);
    float[] roomyDIn = dIn0.clone();
    float[] roomyDW = dW0.clone();
    Conv2d.backward(roomyDIn, OFF, true, roomyDW, OFF, dOut, OFF, in, OFF, wt, OFF, roomy, start,
        n, c, h, w, k, r, stride, pad);
    assertBitIdentical("dIn, aligned workspace " + what, dInActual, roomyDIn);
    assertBitIdentical("dW, aligned workspace " + what, dWActual, roomyDW);

    // Overwriting gives what adding into zeros gives, whatever the gradient held; the floats
    // before the offset stay as they were.
    float[] fromZero = new float[OFF + pr.inLen()];
    System.arraycopy(dIn0, 0, fromZero, 0, OFF);
    pr.backward(fromZero, true, dW0.clone(), dOut, in, wt, true);
    for (boolean scalar : new boolean[] {true, false}) {
      float[] overwritten = dIn0.clone();
      float[] dW = dW0.clone();
      pr.backward(overwritten, false, dW, dOut, in, wt, scalar);
      assertClose("overwritten dIn " + what + (scalar ? " scalar" : ""), fromZero, overwritten,
          RTOL, ATOL);
      assertClose("dW beside overwritten dIn " + what, dWExpected, dW, RTOL, ATOL);
    }
  }

  @ParameterizedTest(name = "N={0} C={1} H={2} W={3} K={4} R={5} stride={6} pad={7}")
  @CsvSource({
    "2, 3, 5, 6, 4, 3, 1, 1",
    "2, 3, 7, 5, 2, 3, 2, 1",
    "2, 4, 4, 5, 3, 1, 1, 0",
    "1, 3, 5, 5, 2, 1, 2, 0",
    "2, 4, 5, 6, 3, 3, 1, 1"
  })
  void gradientsMatchFiniteDifferences(
      int n, int c, int h, int w, int k, int r, int stride, int pad) {
    Problem pr = new Problem(n, c, h, w, k, r, stride, pad, 99L + c * r);
    Random random = new Random(pr.seed());
    float[] in = random(random, OFF + pr.inLen());
    float[] wt = random(random, OFF + pr.weightLen());
    float[] lossWeights = random(random, pr.outLen());
    float[] out = new float[OFF + pr.outLen()];
    float[] dIn = new float[OFF + pr.inLen()];
    float[] dW = new float[OFF + pr.weightLen()];
    // dL/dout of L = sum(out * lossWeights) is lossWeights itself.
    float[] dOut = new float[OFF + pr.outLen()];
    System.arraycopy(lossWeights, 0, dOut, OFF, lossWeights.length);
    pr.backward(dIn, dW, dOut, in, wt, false);
    GradCheck.Loss loss =
        () -> {
          pr.forward(out, in, wt, false);
          return TensorAssert.dot(out, OFF, lossWeights);
        };
    GradCheck.check("dIn " + pr, loss, in, OFF, pr.inLen(), dIn, OFF, 1);
    GradCheck.check("dW " + pr, loss, wt, OFF, pr.weightLen(), dW, OFF, 2);
  }

  @Test
  void backwardAddsIntoGradients() {
    Problem pr = new Problem(2, 3, 6, 6, 4, 3, 1, 1, 5);
    Random random = new Random(pr.seed());
    float[] in = random(random, OFF + pr.inLen());
    float[] wt = random(random, OFF + pr.weightLen());
    float[] dOut = random(random, OFF + pr.outLen());
    float[] dInOnce = new float[OFF + pr.inLen()];
    float[] dWOnce = new float[OFF + pr.weightLen()];
    pr.backward(dInOnce, dWOnce, dOut, in, wt, false);
    float[] dInTwice = new float[OFF + pr.inLen()];
    float[] dWTwice = new float[OFF + pr.weightLen()];
    pr.backward(dInTwice, dWTwice, dOut, in, wt, false);
    pr.backward(dInTwice, dWTwice, dOut, in, wt, false);
    assertClose("dIn twice", doubled(dInOnce), dInTwice, 1e-6, 1e-6);
    assertClose("dW twice", doubled(dWOnce), dWTwice, 1e-6, 1e-6);
  }

  @Test
  void forwardIsDeterministicAndOverwrites() {
    Problem pr = new Problem(2, 17, 9, 9, 16, 3, 2, 1, 8);
    Random random = new Random(pr.seed());
    float[] in = random(random, OFF + pr.inLen());
    float[] wt = random(random, OFF + pr.weightLen());
    float[] first = new float[OFF + pr.outLen()];
    float[] second = random(random, OFF + pr.outLen());
    System.arraycopy(first, 0, second, 0, OFF);
    pr.forward(first, in, wt, false);
    pr.forward(second, in, wt, false);
    assertBitIdentical("forward twice", first, second);
  }

  /**
   * Bands of output rows, as the threads of a one-image pass compute them, give exactly what the
   * whole pass gives: bands of every height from one row, the first and last against the
   * padding, odd sizes, 3x3 and pointwise.
   */
  @ParameterizedTest(name = "C={0} H={1} W={2} K={3} R={4} pad={5}")
  @CsvSource({
    "3, 7, 9, 5, 3, 1",
    "16, 8, 8, 16, 3, 1",
    "16, 16, 16, 24, 3, 1",
    "5, 6, 33, 7, 1, 0",
    "32, 4, 16, 9, 1, 0"
  })
  void bandsOfRowsTogetherGiveTheWholeImage(int c, int h, int w, int k, int r, int pad) {
    assumeTrue(Conv2d.splitsByRows(r, 1, pad), "the scalar kernels lower no bands");
    Problem pr = new Problem(1, c, h, w, k, r, 1, pad, 21);
    Random random = new Random(pr.seed());
    float[] in = random(random, OFF + pr.inLen());
    float[] wt = random(random, OFF + pr.weightLen());
    float[] whole = new float[OFF + pr.outLen()];
    pr.forward(whole, in, wt, false);
    for (int band = 1; band <= h; band++) {
      float[] banded = random(random, OFF + pr.outLen());
      System.arraycopy(whole, 0, banded, 0, OFF);
      float[] col = pr.col();
      for (int first = 0; first < h; first += band) {
        Conv2d.forwardRows(banded, OFF, in, OFF, wt, OFF, col, 0, c, h, w, k, r, 1, pad, first,
            Math.min(h, first + band));
      }
      if (Simd.SCALAR) {
        assertClose("bands of " + band + " rows", whole, banded, RTOL, ATOL);
      } else {
        assertBitIdentical("bands of " + band + " rows", whole, banded);
      }
    }
  }

  /**
   * Images whose pixels end in part of a vector are multiplied several at a time, side by side:
   * each gets the bits it gets alone, a last group smaller than the others included, and a batch
   * smaller than one group. 7x7 as in the Fashion-MNIST network, a stride-2 convolution down to
   * 7x7, a 5x5 kernel.
   */
  @ParameterizedTest(name = "N={0} C={1} H={2} K={3} R={4} stride={5} pad={6}")
  @CsvSource({
    "13, 64, 7, 64, 3, 1, 1",
    "4, 32, 7, 32, 3, 1, 1",
    "9, 32, 14, 64, 3, 2, 1",
    "7, 3, 7, 5, 5, 1, 2"
  })
  void smallImagesTogetherGiveTheBitsOfEachAlone(int n, int c, int h, int k, int r, int stride,
      int pad) {
    Problem pr = new Problem(n, c, h, h, k, r, stride, pad, 23);
    assumeTrue(Conv2d.imagesPerProduct(pr.p() * pr.q(), r, stride, pad) > 1,
        "these images' pixels are whole vectors at this width");
    Random random = new Random(pr.seed());
    float[] in = random(random, OFF + pr.inLen());
    float[] wt = random(random, OFF + pr.weightLen());
    float[] together = random(random, OFF + pr.outLen());
    float[] alone = together.clone();
    pr.forward(together, in, wt, false);
    int inImage = c * h * h;
    int outImage = k * pr.p() * pr.q();
    for (int img = 0; img < n; img++) {
      Conv2d.forward(alone, OFF + img * outImage, in, OFF + img * inImage, wt, OFF, pr.col(), 0,
          1, c, h, h, k, r, stride, pad);
    }
    assertBitIdentical("images side by side", alone, together);
  }

  @Test
  void aStridedConvolutionIsNotSplitIntoBands() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Conv2d.forwardRows(new float[4 * 4], 0, new float[64], 0, new float[4 * 9], 0,
            new float[4 * 9 * 4 * 4], 0, 1, 8, 8, 4, 3, 2, 1, 0, 2));
    assertEquals(
        "a 3x3 convolution with stride 2 and padding 1 cannot be split into bands of rows",
        e.getMessage());
  }

  @Test
  void workspaceSizes() {
    assertEquals(0, Conv2d.workspaceFloats(16, 32, 32, 1, 1, 0));
    assertEquals(16 * 16 * 16, Conv2d.workspaceFloats(16, 32, 32, 1, 2, 0));
    assertEquals(16 * 9 * 32 * 32, Conv2d.workspaceFloats(16, 32, 32, 3, 1, 1));
    assertEquals(16, Conv2d.outputSize(32, 3, 2, 1));
  }

  @Test
  void tooSmallWorkspaceIsAClearError() {
    // 81 floats needed, 84 in the array, 80 of them from the workspace's offset.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Conv2d.forward(new float[4 * 9], 0, new float[9], 0, new float[4 * 9], 0,
            new float[84], 4, 1, 1, 3, 3, 4, 3, 1, 1));
    assertEquals("Conv2d workspace has 80 floats from index 4 but C=1 H=3 W=3 R=3 stride=1 pad=1"
        + " needs 81 floats.", e.getMessage());
  }

  /**
   * An input that fills its array exactly, from index 0: the padding lanes of the first and last
   * rows lie outside the array, and must be masked, not read; at stride 2 the last vectors of
   * columns would also be stored past the end of an exactly sized workspace.
   */
  @ParameterizedTest(name = "stride {0}")
  @CsvSource({"1", "2"})
  void inputFillingItsWholeArrayIsNotReadOutsideIt(int stride) {
    int n = 2;
    int c = 2;
    int h = 3;
    int w = 16;
    int k = 2; // not more than C, so the input gradient lowers dOut from index 0 as well
    Random random = new Random(3);
    float[] in = random(random, n * c * h * w);
    float[] wt = random(random, k * c * 9);
    int p = Conv2d.outputSize(h, 3, stride, 1);
    int q = Conv2d.outputSize(w, 3, stride, 1);
    float[] expected = new float[n * k * p * q];
    float[] actual = new float[n * k * p * q];
    Conv2d.forwardScalar(expected, 0, in, 0, wt, 0, null, 0, n, c, h, w, k, 3, stride, 1);
    float[] col = new float[Conv2d.workspaceFloats(c, h, w, 3, stride, 1)];
    Conv2d.forward(actual, 0, in, 0, wt, 0, col, 0, n, c, h, w, k, 3, stride, 1);
    assertClose("forward from index 0", expected, actual, RTOL, ATOL);

    float[] dOut = random(random, n * k * p * q);
    float[] dInS = new float[in.length];
    float[] dWS = new float[wt.length];
    float[] dInV = new float[in.length];
    float[] dWV = new float[wt.length];
    Conv2d.backwardScalar(dInS, 0, true, dWS, 0, dOut, 0, in, 0, wt, 0, null, 0, n, c, h, w, k,
        3, stride, 1);
    Conv2d.backward(dInV, 0, true, dWV, 0, dOut, 0, in, 0, wt, 0, col, 0, n, c, h, w, k, 3,
        stride, 1);
    assertClose("input gradient from index 0", dInS, dInV, RTOL, ATOL);
    assertClose("weight gradient from index 0", dWS, dWV, RTOL, ATOL);
  }

  /**
   * A backward pass whose input is made a few images at a time, as a batch norm's output that
   * is not kept: the bits of the backward pass of the written-out input, on every path the
   * weight gradient takes (lane sums on shifted planes in groups of images, pointwise lane
   * sums, im2col, transposed products, the direct product).
   */
  @ParameterizedTest(name = "N={0} C={1} H={2} W={3} K={4} R={5} stride={6} pad={7}")
  @CsvSource({
    "3, 8, 16, 16, 6, 3, 1, 1",
    "2, 5, 16, 16, 7, 3, 1, 1",
    "5, 17, 16, 16, 6, 1, 1, 0",
    "2, 4, 32, 32, 6, 3, 2, 1",
    "3, 16, 8, 8, 16, 3, 1, 1",
    "2, 16, 13, 13, 17, 1, 2, 0",
    "2, 3, 7, 13, 4, 3, 1, 1",
    "3, 4, 5, 5, 9, 1, 1, 0"
  })
  void backwardOfAnInputMadeImageByImageGivesTheSameBits(
      int n, int c, int h, int w, int k, int r, int stride, int pad) {
    Problem pr = new Problem(n, c, h, w, k, r, stride, pad, 29L * c + h);
    Random random = new Random(pr.seed());
    float[] in = random(random, OFF + pr.inLen());
    float[] wt = random(random, OFF + pr.weightLen());
    float[] dOut = random(random, OFF + pr.outLen());
    float[] dIn = new float[OFF + pr.inLen()];
    float[] dW = new float[OFF + pr.weightLen()];
    pr.backward(dIn, false, dW, dOut, in, wt, false);

    int image = c * h * w;
    float[] dInMade = new float[OFF + pr.inLen()];
    float[] dWMade = new float[OFF + pr.weightLen()];
    Conv2d.backward(dInMade, OFF, false, dWMade, OFF, dOut, OFF, null, 0,
        (into, at, first, count) ->
            System.arraycopy(in, OFF + first * image, into, at, count * image),
        wt, OFF, pr.col(), 0, n, c, h, w, k, r, stride, pad);
    assertBitIdentical("input gradient", dIn, dInMade);
    assertBitIdentical("weight gradient", dW, dWMade);
  }
}
