package org.skipline.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
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

  @Test
  void invalidPropertyFailsClassInitialisationWithTheMessage() throws Exception {
    // A fresh loader initialises a second copy of Simd, reading the property again; the copy this
    // JVM's kernels use is untouched.
    URL classes = Simd.class.getProtectionDomain().getCodeSource().getLocation();
    String saved = System.getProperty(Simd.PROPERTY);
    System.setProperty(Simd.PROPERTY, "96");
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
      ExceptionInInitializerError e =
          assertThrows(
              ExceptionInInitializerError.class,
              () -> Class.forName(Simd.class.getName(), true, loader));
      assertTrue(e.getCause() instanceof IllegalArgumentException, String.valueOf(e.getCause()));
      assertEquals(
          "System property skipline.vectorBits is '96' but must be one of preferred, 128, 256, 512"
              + " or scalar.",
          e.getCause().getMessage());
    } finally {
      if (saved == null) {
        System.clearProperty(Simd.PROPERTY);
      } else {
        System.setProperty(Simd.PROPERTY, saved);
      }
    }
  }
}
