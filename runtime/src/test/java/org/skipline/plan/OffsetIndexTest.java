package org.skipline.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The numbering of activation offsets that the layouts look offsets up in. */
class OffsetIndexTest {

  @Test
  void numbersOffsetsInAscendingOrder() {
    OffsetIndex index = new OffsetIndex(new int[] {3072, 0, 19456, 11264});
    assertEquals(4, index.size());
    int[] ascending = {0, 3072, 11264, 19456};
    for (int number = 0; number < ascending.length; number++) {
      assertEquals(ascending[number], index.offset(number));
      assertEquals(number, index.numberOf(ascending[number]));
    }
  }

  @Test
  void findsEveryOffsetOfTheDeepestNetwork() {
    Plan plan = Planner.plan(Spec.defaults("Net", 1001, true));
    int[] offsets = plan.activations().stream().mapToInt(Activation::offset).toArray();
    OffsetIndex index = new OffsetIndex(offsets);
    assertEquals(offsets.length, index.size());
    for (int offset : offsets) {
      assertEquals(offset, index.offset(index.numberOf(offset)));
    }
  }

  @Test
  void findsOffsetsThatShareManyLowFactors() {
    // Multiples of a large power of two all hash to few slots under a weak hash.
    int[] offsets = new int[1000];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = i << 16;
    }
    OffsetIndex index = new OffsetIndex(offsets);
    for (int i = 0; i < offsets.length; i++) {
      assertEquals(i, index.numberOf(i << 16));
    }
  }

  @Test
  void anOffsetThatIsNoActivationIsAClearError() {
    OffsetIndex index = new OffsetIndex(new int[] {0, 3072, 11264});
    Random random = new Random(5);
    for (int i = 0; i < 100; i++) {
      int offset = 1 + random.nextInt(3071);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> index.numberOf(offset));
      assertTrue(e.getMessage().contains("no activation starts at offset " + offset),
          e.getMessage());
    }
  }

  @Test
  void anOffsetGivenTwiceIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new OffsetIndex(new int[] {5, 7, 5}));
  }
}
