package org.skipline.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The one way Skipline writes a file: the content goes to a temporary file in the target's own
 * folder, is forced to disk, and is renamed over the target, so that a crash or a full disk
 * never leaves a half-written file under the target's name.
 *
 * <p>A target that is a symbolic link is followed: the file it points to is replaced in its own
 * folder and the link stays a link. A target that exists but is not a regular file (a folder, a
 * device, a pipe) is refused, since renaming over it would destroy it rather than write to it.
 * A replaced file keeps its permissions.
 */
public final class AtomicFile {

  /** Writes a file's content to a stream that the caller must not close. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Temporary files are named {@code .TARGET.<random hex>.tmp}; see {@link #isTemporary}. */
  private static final String TEMPORARY_SUFFIX = ".tmp";

  /** Links followed before giving up, as Linux's own limit (ELOOP). */
  private static final int MAX_LINKS = 40;

  private AtomicFile() {}

  /** Writes {@code text} as UTF-8. */
  public static void writeString(Path file, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    write(file, out -> out.write(bytes));
  }

  /**
   * Writes {@code file} atomically.
   *
   * @throws IOException in one sentence naming the file, if the target is not a regular file, its
   *     folder does not exist, or writing fails (a full disk, say); the target is then left as it
   *     was and no temporary file remains
   */
  public static void write(Path file, Content content) throws IOException {
    Path target = target(file);
    Path temporary;
    try {
      temporary = createTemporary(target);
    } catch (IOException e) {
      throw new IOException(String.format("cannot write %s: %s", file, Texts.reason(e)), e);
    }
    boolean moved = false;
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
      content.writeTo(new FilterOutputStream(out) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }

        @Override
        public void close() {
          // The channel is closed below, after it is forced to disk.
        }
      });
      out.flush();
      channel.force(true);
      keepPermissions(target, temporary);
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
      forceFolder(target.getParent());
    } catch (IOException e) {
      throw new IOException(String.format("could not write %s: %s", file, Texts.reason(e)), e);
    } finally {
      if (!moved) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException cleanup) {
          // The original failure matters more; a stray temporary file is removed by the next
          // run that cleans its folder (removeTemporaries).
        }
      }
    }
  }

  /** Whether {@code file} is a temporary file that a write interrupted by a crash left behind. */
  public static boolean isTemporary(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith(".") && name.endsWith(TEMPORARY_SUFFIX);
  }

  /**
   * Deletes the temporary files that interrupted writes left in {@code folder}. Call it only
   * where no other process writes (a training run's folder, under its lock).
   *
   * @return how many were deleted
   */
  public static int removeTemporaries(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    List<Path> stale;
    try (Stream<Path> files = Files.list(folder)) {
      stale = files.filter(AtomicFile::isTemporary)
          .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .toList();
    }
    for (Path p : stale) {
      Files.deleteIfExists(p);
    }
    return stale.size();
  }

  /** The file a write of {@code file} replaces: {@code file} itself, or where its links lead. */
  private static Path target(Path file) throws IOException {
    Path path = file.toAbsolutePath();
    for (int links = 0; Files.isSymbolicLink(path); links++) {
      if (links == MAX_LINKS) {
        throw new IOException(String.format(
            "cannot write %s: it is a chain of more than %d symbolic links", file, MAX_LINKS));
      }
      // An absolute link target replaces the path; a relative one is read from the link's folder.
      path = path.resolveSibling(Files.readSymbolicLink(path));
    }
    if (Files.exists(path) && !Files.isRegularFile(path)) {
      throw new IOException(String.format(
          "cannot write %s: it is %s, not a regular file; give the path of a file", file,
          Files.isDirectory(path) ? "a folder" : "a device, pipe or socket"));
    }
    Path folder = path.getParent();
    if (!Files.isDirectory(folder)) {
      throw new IOException(String.format(
          "cannot write %s: the folder %s does not exist", file, folder));
    }
    return path;
  }

  /**
   * Creates an empty temporary file next to the target. Not {@link Files#createTempFile}: it
   * makes files readable by their owner only, and the renamed result would keep that.
   */
  private static Path createTemporary(Path target) throws IOException {
    String base = "." + target.getFileName() + ".";
    for (int attempt = 0; ; attempt++) {
      Path candidate = target.resolveSibling(
          base + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMPORARY_SUFFIX);
      try {
        return Files.createFile(candidate);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw e;
        }
      }
    }
  }

  private static void keepPermissions(Path target, Path temporary) {
    try {
      PosixFileAttributeView from =
          Files.getFileAttributeView(target, PosixFileAttributeView.class);
      if (from != null && Files.exists(target)) {
        Files.getFileAttributeView(temporary, PosixFileAttributeView.class)
            .setPermissions(from.readAttributes().permissions());
      }
    } catch (IOException | UnsupportedOperationException e) {
      // The file is still written, with the permissions a new file gets.
    }
  }

  /** Makes the rename itself durable; a folder that cannot be opened for this is left be. */
  private static void forceFolder(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some file systems do not sync folders; the rename has happened all the same.
    }
  }
}
