package org.skipline.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** {@link Parallel}: every part runs once per call, failures surface, nesting runs inline. */
class ParallelTest {

  @Test
  void everyPartRunsExactlyOncePerCall() throws InterruptedException {
    int calls = 20_000;
    int parts = Parallel.THREADS;
    AtomicIntegerArray runs = new AtomicIntegerArray(parts);
    for (int call = 0; call < calls; call++) {
      Parallel.run(parts, runs::incrementAndGet);
      if (call % 5_000 == 0) {
        Thread.sleep(1); // long enough for idle workers to park, and be woken again
      }
    }
    int[] expected = new int[parts];
    Arrays.fill(expected, calls);
    int[] actual = new int[parts];
    for (int p = 0; p < parts; p++) {
      actual[p] = runs.get(p);
    }
    assertArrayEquals(expected, actual);
  }

  @Test
  void aFailingPartIsRethrownAfterTheOthersFinish() {
    int parts = Parallel.THREADS;
    AtomicIntegerArray finished = new AtomicIntegerArray(parts);
    IllegalStateException failure = new IllegalStateException("part failed");
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> Parallel.run(parts, part -> {
          if (part == parts - 1) {
            throw failure;
          }
          finished.incrementAndGet(part);
        }));
    assertSame(failure, thrown);
    for (int p = 0; p < parts - 1; p++) {
      assertEquals(1, finished.get(p), "part " + p);
    }
    // The team still works after a failure.
    AtomicIntegerArray runs = new AtomicIntegerArray(parts);
    Parallel.run(parts, runs::incrementAndGet);
    for (int p = 0; p < parts; p++) {
      assertEquals(1, runs.get(p), "part " + p + " after the failure");
    }
  }

  @Test
  void aCallFromInsideAPartRunsItsPartsInline() {
    int parts = Parallel.THREADS;
    AtomicIntegerArray inner = new AtomicIntegerArray(parts * parts);
    Parallel.run(parts, outer -> Parallel.run(parts,
        part -> inner.incrementAndGet(outer * parts + part)));
    for (int i = 0; i < parts * parts; i++) {
      assertEquals(1, inner.get(i), "outer " + i / parts + ", inner " + i % parts);
    }
  }
}
