package org.skipline.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * One fixed pool of worker threads for the whole process, sized by the system property {@code
 * skipline.threads} (default: the available processors). Work is split into as many contiguous
 * parts as there are threads, the same way every time, so that results depend only on the thread
 * count and never on timing.
 */
public final class Parallel {

  /** Threads that share the work of one layer. */
  public static final int THREADS = threads();

  private static final ExecutorService POOL = THREADS > 1
      ? Executors.newFixedThreadPool(THREADS - 1, daemons())
      : null;

  private Parallel() {}

  /** A slice of work: part {@code part} of {@link #THREADS}. */
  @FunctionalInterface
  public interface Part {
    void run(int part);
  }

  /**
   * Runs {@code parts} parts, part 0 on the calling thread and the others on the pool, and
   * returns when all are done.
   */
  public static void run(int parts, Part work) {
    if (parts <= 1 || POOL == null) {
      for (int p = 0; p < parts; p++) {
        work.run(p);
      }
      return;
    }
    List<Future<?>> futures = new ArrayList<>(parts - 1);
    for (int p = 1; p < parts; p++) {
      int part = p;
      futures.add(POOL.submit(() -> work.run(part)));
    }
    Throwable failure = null;
    try {
      work.run(0);
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    // Wait for every worker even after a failure: they write into buffers the caller owns.
    boolean interrupted = false;
    for (Future<?> f : futures) {
      while (true) {
        try {
          f.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (java.util.concurrent.ExecutionException e) {
          if (failure == null) {
            failure = e.getCause();
          }
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    switch (failure) {
      case null -> { }
      case RuntimeException r -> throw r;
      case Error e -> throw e;
      default -> throw new IllegalStateException(failure);
    }
  }

  /** First index of part {@code part} when {@code count} items are split into {@code parts}. */
  public static int start(int count, int parts, int part) {
    return (int) ((long) count * part / parts);
  }

  private static int threads() {
    String value = System.getProperty("skipline.threads");
    if (value == null || value.isBlank()) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int threads = Integer.parseInt(value.strip());
      if (threads >= 1) {
        return threads;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "system property skipline.threads must be a whole number of at least 1, got '" + value
            + "'");
  }

  private static ThreadFactory daemons() {
    return r -> {
      Thread t = new Thread(r, "skipline-worker");
      t.setDaemon(true);
      return t;
    };
  }
}
