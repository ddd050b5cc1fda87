package org.skipline.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every file Skipline writes goes through AtomicFile: links followed, special files refused. */
class AtomicFileTest {

  @TempDir Path dir;

  private List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesAndReplacesAFileLeavingNothingElse() throws IOException {
    Path file = dir.resolve("a.txt");
    AtomicFile.writeString(file, "one");
    AtomicFile.writeString(file, "two");
    assertEquals("two", Files.readString(file));
    assertEquals(List.of("a.txt"), names(dir));
  }

  @Test
  void aSymbolicLinkIsFollowedAndStaysALink() throws IOException {
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    Path target = elsewhere.resolve("weights.safetensors");
    Files.writeString(target, "old");
    Path link = Files.createSymbolicLink(dir.resolve("link"),
        Path.of("elsewhere/weights.safetensors"));
    AtomicFile.writeString(link, "new");
    assertTrue(Files.isSymbolicLink(link));
    assertEquals("new", Files.readString(target));
    assertEquals(List.of("weights.safetensors"), names(elsewhere));

    // A dangling link is written through too: the file it names is created.
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), elsewhere.resolve("b"));
    AtomicFile.writeString(dangling, "b");
    assertTrue(Files.isSymbolicLink(dangling));
    assertEquals("b", Files.readString(elsewhere.resolve("b")));
  }

  @Test
  void aPipeOrAFolderIsRefusedAndLeftAsItWas() throws Exception {
    Path pipe = dir.resolve("pipe");
    Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).start();
    assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);
    IOException e = assertThrows(IOException.class, () -> AtomicFile.writeString(pipe, "x"));
    assertEquals("cannot write " + pipe + ": it is a device, pipe or socket, not a regular file;"
        + " give the path of a file", e.getMessage());
    assertTrue(Files.exists(pipe) && !Files.isRegularFile(pipe));

    Path folder = Files.createDirectory(dir.resolve("folder"));
    e = assertThrows(IOException.class, () -> AtomicFile.writeString(folder, "x"));
    assertTrue(e.getMessage().contains("it is a folder, not a regular file"), e.getMessage());
    assertTrue(Files.isDirectory(folder));
    assertEquals(List.of("folder", "pipe"), names(dir));
  }

  @Test
  void aMissingFolderIsNamed() {
    Path file = dir.resolve("missing/a.txt");
    IOException e = assertThrows(IOException.class, () -> AtomicFile.writeString(file, "x"));
    assertEquals("cannot write " + file + ": the folder " + dir.resolve("missing")
        + " does not exist", e.getMessage());
  }

  @Test
  void aFailedWriteNamesTheFileKeepsTheOldContentAndLeavesNoTemporary() throws IOException {
    Path file = dir.resolve("a.txt");
    AtomicFile.writeString(file, "kept");
    IOException e = assertThrows(IOException.class, () -> AtomicFile.write(file, out -> {
      out.write(new byte[10]);
      throw new IOException("No space left on device");
    }));
    assertEquals("could not write " + file + ": No space left on device", e.getMessage());
    assertEquals("kept", Files.readString(file));
    assertEquals(List.of("a.txt"), names(dir));
  }

  @Test
  void aReplacedFileKeepsItsPermissions() throws IOException {
    Path file = dir.resolve("a.txt");
    AtomicFile.writeString(file, "one");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    AtomicFile.writeString(file, "two");
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void temporariesOfKilledWritesAreRecognisedAndRemoved() throws IOException {
    Files.writeString(dir.resolve(".a.txt.0123abcd.tmp"), "half");
    Files.writeString(dir.resolve("a.txt"), "whole");
    Files.writeString(dir.resolve(".hidden"), "not ours");
    assertEquals(1, AtomicFile.removeTemporaries(dir));
    assertEquals(List.of(".hidden", "a.txt"), names(dir));
    assertFalse(AtomicFile.isTemporary(dir.resolve("a.txt")));
  }
}
