package org.skipline.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** Checks that each test JVM really runs the vector width its build execution asked for. */
class SimdTest {

  @Test
  void bitsMatchTheRequestedProperty() {
    String requested = System.getProperty(Simd.PROPERTY, "preferred");
    int expected =
        switch (requested) {
          case "preferred" -> FloatVector.SPECIES_PREFERRED.vectorBitSize();
          case "scalar" -> 0;
          default -> Integer.parseInt(requested);
        };
    assertEquals(expected, Simd.BITS, "Simd.BITS for " + Simd.PROPERTY + "=" + requested);
    assertEquals(requested.equals("scalar"), Simd.SCALAR);
    if (!Simd.SCALAR) {
      assertEquals(Simd.BITS / Float.SIZE, Simd.LANES);
      assertEquals(Simd.BITS, Simd.SPECIES.vectorBitSize());
    }
  }

  @Test
  void invalidWidthNamesPropertyValueAndChoices() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Simd.speciesFor("1024"));
    assertTrue(e.getMessage().contains(Simd.PROPERTY), e.getMessage());
    assertTrue(e.getMessage().contains("1024"), e.getMessage());
    assertTrue(e.getMessage().contains("preferred, 128, 256, 512 or scalar"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }
}
