package org.skipline.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.skipline.io.Texts;

/**
 * A training run's claim on its folder for the whole life of the run, so that a second run into
 * the same folder is refused at once instead of overwriting the first one's checkpoints, metrics
 * and weights. It is an operating-system file lock on {@code FOLDER/run.lock}, released when the
 * process ends however it ends, so a killed run leaves no stale lock behind. The file also says
 * who holds it, for the message the second run gets; it is left in place when the run ends,
 * since deleting it could let a third run lock a file the second one already opened.
 */
public final class RunLock implements AutoCloseable {

  /** The lock file's name inside a run's folder. */
  public static final String FILE_NAME = "run.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code folder}, which must exist.
   *
   * @throws IOException in one sentence naming the folder and the run that holds it, if another
   *     run (in this process or another) has it
   */
  public static RunLock acquire(Path folder) throws IOException {
    Path file = folder.resolve(FILE_NAME);
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new IOException(String.format("cannot lock %s for this run: %s", file,
          Texts.reason(e)), e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by another run in this very process
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      String holder = holder(channel);
      channel.close();
      throw new IOException(String.format(
          "%s is in use by another training run (%s); wait for it to end, or train into another"
              + " folder", folder, holder));
    }
    String me = String.format("process %d, started %s", ProcessHandle.current().pid(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS));
    try {
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
    } catch (IOException e) {
      channel.close();
      throw new IOException(String.format("cannot lock %s for this run: %s", file,
          Texts.reason(e)), e);
    }
    return new RunLock(channel, lock);
  }

  /** What the lock file says of the run that holds it, or that it does not say. */
  private static String holder(FileChannel channel) {
    try {
      ByteBuffer text = ByteBuffer.allocate(200);
      channel.read(text, 0);
      String said = new String(text.array(), 0, text.position(), StandardCharsets.UTF_8).strip();
      return said.isEmpty() ? "which has not said who it is yet" : Texts.abbreviate(said);
    } catch (IOException e) {
      return "which could not be asked who it is: " + Texts.reason(e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
