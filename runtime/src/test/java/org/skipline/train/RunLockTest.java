package org.skipline.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's folder is held by one run at a time, and a dead holder leaves no stale lock. */
class RunLockTest {

  @TempDir Path dir;

  @Test
  void aSecondRunInThisProcessIsRefusedNamingTheFolderAndTheHolder() throws IOException {
    try (RunLock _ = RunLock.acquire(dir)) {
      IOException e = assertThrows(IOException.class, () -> RunLock.acquire(dir));
      assertTrue(e.getMessage().startsWith(dir + " is in use by another training run (process "
          + ProcessHandle.current().pid() + ", started "), e.getMessage());
    }
    assertDoesNotThrow(() -> RunLock.acquire(dir).close());
  }

  /** Holds the lock of the folder in args[0] until its standard input closes. */
  public static void main(String[] args) throws IOException {
    try (RunLock _ = RunLock.acquire(Path.of(args[0]))) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the parent to close our input, or to kill us
      }
    }
  }

  @Test
  void anotherProcessHoldsTheFolderUntilItDiesEvenByKill() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process holder = new ProcessBuilder(java.toString(), "-cp",
        System.getProperty("java.class.path"), RunLockTest.class.getName(), dir.toString())
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(
          new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("locked", out.readLine());
      IOException e = assertThrows(IOException.class, () -> RunLock.acquire(dir));
      assertTrue(e.getMessage().contains("(process " + holder.pid() + ", started "),
          e.getMessage());
    } finally {
      holder.destroyForcibly();  // SIGKILL: no shutdown hook, no clean-up
      assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
    }
    assertDoesNotThrow(() -> RunLock.acquire(dir).close());
  }
}
