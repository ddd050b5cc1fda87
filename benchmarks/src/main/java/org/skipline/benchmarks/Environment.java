package org.skipline.benchmarks;

import java.lang.management.ManagementFactory;
import org.skipline.kernels.Simd;

/**
 * Prints, once per fork, what a result depends on besides the code: the JDK, the vector width the
 * kernels run at and the forked JVM's flags. JMH copies a fork's output into its log, so every
 * saved log records them next to the scores.
 */
final class Environment {

  private Environment() {}

  /**
   * Prints one line describing the running JVM.
   *
   * @param benchmark the benchmark class, to tell the lines of several forks apart
   * @param bits the vector width the benchmark runs at, 0 for scalar
   */
  static void report(String benchmark, int bits) {
    System.out.printf(
        "%n# %s: JDK %s (%s), vector width %s, kernels at %s, %s=%s, JVM flags %s%n",
        benchmark,
        Runtime.version(),
        System.getProperty("java.vm.name"),
        bits == 0 ? "scalar" : bits + " bits",
        Simd.BITS == 0 ? "scalar" : Simd.BITS + " bits",
        Simd.PROPERTY,
        System.getProperty(Simd.PROPERTY, "preferred"),
        ManagementFactory.getRuntimeMXBean().getInputArguments());
  }
}
