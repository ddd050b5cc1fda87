package org.skipline.runtime;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One fixed team of worker threads for the whole process, sized by the system property {@code
 * skipline.threads} (default: the available processors). A layer's work is split into contiguous
 * parts, at most one per thread, the same way every time for the same thread count, so that
 * results depend only on the thread count and never on timing.
 *
 * <p>A network hands the team two or three layers' worth of work per residual unit, hundreds of
 * times per pass, and many of those layers take only tens of microseconds. Waking a parked thread
 * costs about as much (more under a hypervisor), so an executor's submit-and-wait made a batch of
 * one image slower on two threads than on one. Workers therefore spin for {@link #SPIN_NANOS}
 * after each task, watching for the next one, and only then park; the caller runs part 0 itself
 * and spins until the others are done. Past {@link #YIELD_AFTER_NANOS} a spinning thread yields
 * at every turn, in case the thread it waits for needs its core. One caller uses the team at a
 * time: networks run from several threads at once take turns, layer by layer.
 */
public final class Parallel {

  /**
   * Most worker threads a process may ask for: far more than any machine's cores, far fewer
   * than the operating system's limit on threads (each one reserves a stack).
   */
  public static final int MAX_THREADS = 256;

  /** Threads that share the work of one layer. */
  public static final int THREADS = threads();

  /**
   * How long an idle worker watches for the next task before parking: longer than the gap
   * between two layers of a pass, shorter than anything a person would notice as a busy core.
   */
  private static final long SPIN_NANOS = 200_000;

  /**
   * How long a waiting thread spins before it yields its core at every turn of the loop instead.
   * A thread that only spins holds its core through its whole time slice, and the thread it
   * waits for may be the one waiting for that core: another busy process, or a hypervisor that
   * took a vCPU away, left two threads sharing one core, and every hand-over took a time slice
   * (ResNet-164 inference at batch 1 on two threads: 101.7 images/s beside one busy process, 9.8
   * with both threads on one core, against 340 on one thread). A yield with no other thread ready
   * returns at once, so waits that end soon cost nothing more.
   */
  private static final long YIELD_AFTER_NANOS = 2_000;

  /** One caller at a time: each worker has one task slot. */
  private static final ReentrantLock LOCK = new ReentrantLock();

  private static final Worker[] WORKERS = startWorkers();

  private Parallel() {}

  /** A slice of work: part {@code part} of the parts a call to {@link #run} asked for. */
  @FunctionalInterface
  public interface Part {
    void run(int part);
  }

  /**
   * Runs {@code parts} parts, part 0 on the calling thread and part {@code p} on worker {@code p},
   * and returns when all are done. A call made from inside a part, or with one part, runs its
   * parts one after another on the calling thread.
   */
  public static void run(int parts, Part work) {
    if (parts <= 1 || WORKERS.length == 0 || Thread.currentThread() instanceof Worker
        || LOCK.isHeldByCurrentThread()) {
      for (int p = 0; p < parts; p++) {
        work.run(p);
      }
      return;
    }
    if (parts > THREADS) {
      throw new IllegalArgumentException(parts + " parts but only " + THREADS + " threads");
    }
    LOCK.lock();
    try {
      for (int w = 0; w < parts - 1; w++) {
        WORKERS[w].assign(work);
      }
      Throwable first = null;
      try {
        work.run(0);
      } catch (RuntimeException | Error e) {
        first = e;
      }
      // Wait for every worker even after a failure: they write into buffers the caller owns.
      for (int w = 0; w < parts - 1; w++) {
        Throwable failure = WORKERS[w].awaitDone();
        if (first == null) {
          first = failure;
        }
      }
      switch (first) {
        case null -> { }
        case RuntimeException r -> throw r;
        case Error e -> throw e;
        default -> throw new IllegalStateException(first);
      }
    } finally {
      LOCK.unlock();
    }
  }

  /** First index of part {@code part} when {@code count} items are split into {@code parts}. */
  public static int start(int count, int parts, int part) {
    return (int) ((long) count * part / parts);
  }

  /** The worker for part {@code part} of every task with more than {@code part} parts. */
  private static final class Worker extends Thread {
    private final int part;

    /** Tasks assigned so far; the worker waits for this to move past what it has done. */
    private volatile long assigned;
    /** Tasks finished so far; the caller waits for this to reach {@link #assigned}. */
    private volatile long done;
    private volatile boolean parked;
    /** Written before {@link #assigned} and {@link #done}, whose volatile writes publish them. */
    private Part work;
    private Throwable failure;

    Worker(int part) {
      super("skipline-worker-" + part);
      this.part = part;
      setDaemon(true);
    }

    /** Called by the caller holding the lock: hands over the next task. */
    void assign(Part task) {
      work = task;
      failure = null;
      assigned = assigned + 1;
      if (parked) {
        LockSupport.unpark(this);
      }
    }

    /** Called by the caller holding the lock: spins until the task is done; its failure. */
    Throwable awaitDone() {
      long yieldAfter = System.nanoTime() + YIELD_AFTER_NANOS;
      while (done != assigned) {
        pause(yieldAfter);
      }
      work = null;
      return failure;
    }

    @Override
    public void run() {
      long seen = 0;
      while (true) {
        awaitAssigned(seen);
        seen = assigned;
        try {
          work.run(part);
        } catch (Throwable t) {
          failure = t;
        }
        done = seen;
      }
    }

    /** Spins, then parks, until a task past {@code seen} is assigned. */
    private void awaitAssigned(long seen) {
      long now = System.nanoTime();
      long yieldAfter = now + YIELD_AFTER_NANOS;
      long spinUntil = now + SPIN_NANOS;
      while (assigned == seen) {
        if (System.nanoTime() < spinUntil) {
          pause(yieldAfter);
        } else {
          parked = true;
          // Re-checked after announcing the park: a task assigned in between is not missed,
          // and an unpark that comes first makes park return at once.
          if (assigned == seen) {
            LockSupport.park(this);
          }
          parked = false;
        }
      }
    }
  }

  /** One turn of a wait: a spin hint until {@code yieldAfter} (a nanoTime), then a yield. */
  private static void pause(long yieldAfter) {
    if (System.nanoTime() < yieldAfter) {
      Thread.onSpinWait();
    } else {
      Thread.yield();
    }
  }

  private static Worker[] startWorkers() {
    Worker[] workers = new Worker[THREADS - 1];
    for (int w = 0; w < workers.length; w++) {
      workers[w] = new Worker(w + 1);
      workers[w].start();
    }
    return workers;
  }

  private static int threads() {
    String value = System.getProperty("skipline.threads");
    if (value == null || value.isBlank()) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int threads = Integer.parseInt(value.strip());
      if (threads >= 1 && threads <= MAX_THREADS) {
        return threads;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(String.format(
        "system property skipline.threads must be a whole number from 1 to %d, got '%s'",
        MAX_THREADS, org.skipline.io.Texts.abbreviate(value, 40)));
  }
}
