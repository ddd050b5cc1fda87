package org.skipline.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one place that chooses the vector species used by every kernel.
 *
 * <p>The width comes from the system property {@value #PROPERTY}: {@code preferred} (the default,
 * the platform's preferred species), {@code 128}, {@code 256}, {@code 512}, or {@code scalar}
 * (every public kernel then runs its plain scalar twin).
 *
 * <p>The species is a {@code static final} constant on purpose: HotSpot only intrinsifies vector
 * operations whose species it can see as a constant, and a species read from a non-final field was
 * measured 20-40 times slower.
 */
public final class Simd {

  /** The system property that selects the vector width. */
  public static final String PROPERTY = "skipline.vectorBits";

  /** The species every kernel uses; the preferred species when {@link #SCALAR} is true. */
  public static final VectorSpecies<Float> SPECIES;

  /** Vector width in bits, or 0 when kernels run scalar. */
  public static final int BITS;

  /** True when the public kernels dispatch to their scalar twins. */
  public static final boolean SCALAR;

  /** Float lanes per vector of {@link #SPECIES}. */
  public static final int LANES;

  /**
   * The first element of a float array that starts a 64-byte cache line when the JVM aligns every
   * object to 64 bytes ({@code -XX:ObjectAlignmentInBytes=64}, as {@code bin/skipline} runs) and
   * a float array's elements follow a 16-byte header. The network's buffers start their tensors
   * here, so that a 512-bit load of a row is one cache line instead of parts of two: the dot
   * products of the weight gradients, which load both operands, ran about a fifth faster so. In
   * a JVM without that option the arrays start wherever the heap puts them, and this offset
   * costs only a few floats.
   */
  public static final int ALIGNED_START = 12;

  static {
    String value = System.getProperty(PROPERTY, "preferred").trim();
    SCALAR = value.equals("scalar");
    SPECIES = speciesFor(value);
    BITS = SCALAR ? 0 : SPECIES.vectorBitSize();
    LANES = SPECIES.length();
  }

  private Simd() {}

  /**
   * Returns the species named by a value of {@value #PROPERTY}.
   *
   * @param value {@code preferred}, {@code 128}, {@code 256}, {@code 512} or {@code scalar}
   * @return the species; the preferred species for {@code scalar}
   * @throws IllegalArgumentException if the value is none of those
   */
  static VectorSpecies<Float> speciesFor(String value) {
    return switch (value) {
      case "preferred", "scalar" -> FloatVector.SPECIES_PREFERRED;
      case "128" -> FloatVector.SPECIES_128;
      case "256" -> FloatVector.SPECIES_256;
      case "512" -> FloatVector.SPECIES_512;
      default ->
          throw new IllegalArgumentException(
              "System property "
                  + PROPERTY
                  + " is '"
                  + value
                  + "' but must be one of preferred, 128, 256, 512 or scalar.");
    };
  }

  /**
   * Sum of the lanes of {@code v} in lane order.
   *
   * <p>Why not {@code reduceLanes(ADD)}: its order of additions is unspecified, and in practice the
   * interpreter and the JIT-compiled intrinsic add in different orders, so the same call gave
   * different bits before and after warm-up. Training runs must be bit-identical for a seed. Of the
   * fixed orders tried, this loop (which C2 unrolls, as LANES is a constant) was the fastest:
   * halving with {@code slice} or {@code reinterpretShape} measured 2-10x slower.
   *
   * @param v a vector of {@link #SPECIES}
   * @return the sum of its lanes
   */
  static float sum(FloatVector v) {
    float sum = v.lane(0);
    for (int i = 1; i < LANES; i++) {
      sum += v.lane(i);
    }
    return sum;
  }

  /**
   * Sum of the {@link #LANES} doubles of {@code lanes} from {@code from}, in order: a float
   * vector's lane sums widened to double (parts 0 and 1 of a {@code F2D} conversion) and stored
   * side by side, added in the order of the float lanes. They are read from an array rather than
   * passed as two vectors: a call that C2 does not inline (batch norm's, once per channel, is too
   * cold to be) boxes the vectors it is given, which made most of a training step's garbage.
   */
  static double sumLanes(double[] lanes, int from) {
    double sum = lanes[from];
    for (int i = 1; i < LANES; i++) {
      sum += lanes[from + i];
    }
    return sum;
  }
}
