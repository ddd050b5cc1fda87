package org.skipline.kernels;

import static org.skipline.kernels.TensorAssert.assertBitIdentical;
import static org.skipline.kernels.TensorAssert.random;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Same inputs give the same bits before and after the JIT compiles a kernel. Interpreted and
 * compiled vector code once disagreed (an unspecified lane-reduction order), which a single pair of
 * calls at the same tier cannot catch; this runs each kernel cold, warms it up, and compares.
 */
class DeterminismTest {

  /** Enough calls for C2 to compile the kernels' loops (its thresholds are around 10^4). */
  private static final int WARM_UP_CALLS = 20_000;

  @Test
  void reductionsGiveTheSameBitsColdAndWarm() {
    Random random = new Random(1);
    int m = 4;
    int n = 2;
    int k = 77;
    int hw = 77;
    float[] a = random(random, m * k);
    float[] b = random(random, n * k);
    float[] cold = new float[m * n];
    float[] coldPool = new float[m];
    Gemm.nt(cold, 0, a, 0, b, 0, m, n, k);
    GlobalAvgPool.forward(coldPool, 0, a, 0, 1, m, hw);
    float[] sink = new float[m * n];
    for (int i = 0; i < WARM_UP_CALLS; i++) {
      Gemm.nt(sink, 0, a, 0, b, 0, m, n, k);
      GlobalAvgPool.forward(sink, 0, a, 0, 1, m, hw);
    }
    float[] warm = new float[m * n];
    float[] warmPool = new float[m];
    Gemm.nt(warm, 0, a, 0, b, 0, m, n, k);
    GlobalAvgPool.forward(warmPool, 0, a, 0, 1, m, hw);
    assertBitIdentical("Gemm.nt cold vs warm", cold, warm);
    assertBitIdentical("GlobalAvgPool cold vs warm", coldPool, warmPool);
  }
}
