package org.skipline.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.skipline.io.Safetensors;
import org.skipline.io.SafetensorsException;
import org.skipline.runtime.Network;

/**
 * The checkpoints of one training run: safetensors files in a directory, each holding the
 * weights under their PyTorch names, the momentum, where training stood, and a digest of all of
 * it. They are written atomically (temporary file, forced to disk, renamed), the newest few are
 * kept, and a corrupt one is reported and skipped when resuming.
 */
public final class Checkpoints {

  /** Marks a file as a checkpoint of this format in its metadata. */
  static final String FORMAT = "skipline-checkpoint-1";

  private static final String PREFIX = "step-";
  private static final String SUFFIX = ".safetensors";

  private final Path directory;

  /** The checkpoints in {@code directory}, which is created when the first one is written. */
  public Checkpoints(Path directory) {
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }

  /** Where training stood when a checkpoint was written. */
  public record Position(int epoch, int stepInEpoch, long globalStep,
      Map<String, String> values) {}

  /**
   * Writes the network's training state and {@code position}, then deletes all but the newest
   * {@code keep} checkpoints.
   */
  public Path write(Network net, String model, Position position, int keep) throws IOException {
    Files.createDirectories(directory);
    Safetensors.Writer writer = net.writeTrainingState(new Safetensors.Writer());
    writer.metadata("format", FORMAT)
        .metadata("model", model)
        .metadata("epoch", Integer.toString(position.epoch()))
        .metadata("step_in_epoch", Integer.toString(position.stepInEpoch()))
        .metadata("global_step", Long.toString(position.globalStep()))
        .metadata("digest", writer.digest());
    position.values().forEach(writer::metadata);
    Path file = directory.resolve(String.format("%s%012d%s", PREFIX, position.globalStep(),
        SUFFIX));
    writer.write(file);
    List<Path> all = list();
    for (int i = 0; i < all.size() - keep; i++) {
      Files.deleteIfExists(all.get(i));
    }
    return file;
  }

  /** A checkpoint that was read and verified. */
  public record Loaded(Path file, Safetensors content, Position position) {}

  /**
   * The newest checkpoint whose digest verifies, or empty. Each checkpoint that cannot be read
   * or fails its digest is reported to {@code warnings} in one sentence and skipped.
   */
  public Optional<Loaded> newestIntact(Consumer<String> warnings) throws IOException {
    List<Path> all = list();
    for (int i = all.size() - 1; i >= 0; i--) {
      Path file = all.get(i);
      try {
        Safetensors content = verify(file);
        Map<String, String> meta = content.metadata();
        Position position = new Position((int) number(file, meta, "epoch"),
            (int) number(file, meta, "step_in_epoch"), number(file, meta, "global_step"), meta);
        return Optional.of(new Loaded(file, content, position));
      } catch (IOException e) {
        warnings.accept("skipping checkpoint " + file.getFileName() + ": " + e.getMessage());
      }
    }
    return Optional.empty();
  }

  /**
   * Reads a checkpoint and checks its format and digest.
   *
   * @throws SafetensorsException naming the file and what is wrong with it
   */
  public static Safetensors verify(Path file) throws IOException {
    Safetensors content = Safetensors.read(file);
    Map<String, String> meta = content.metadata();
    if (!FORMAT.equals(meta.get("format"))) {
      throw new SafetensorsException(file + " is not a Skipline training checkpoint (its"
          + " metadata has no format " + FORMAT + ")");
    }
    String digest = content.digest();
    if (!digest.equals(meta.get("digest"))) {
      throw new SafetensorsException(String.format(
          "%s is corrupt: its tensors' digest is %s, but it was written as %s", file, digest,
          meta.get("digest")));
    }
    return content;
  }

  private static long number(Path file, Map<String, String> meta, String key)
      throws SafetensorsException {
    try {
      return Long.parseLong(meta.getOrDefault(key, ""));
    } catch (NumberFormatException e) {
      throw new SafetensorsException(String.format(
          "%s: metadata '%s' should be a whole number, found '%s'", file, key, meta.get(key)));
    }
  }

  /**
   * Deletes the checkpoints written after {@code file} (those a resumed run skipped as corrupt),
   * so that the checkpoints the run writes next are the newest and are kept.
   */
  public void deleteNewerThan(Path file) throws IOException {
    String name = file.getFileName().toString();
    for (Path p : list()) {
      if (p.getFileName().toString().compareTo(name) > 0) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The checkpoint files, oldest first. */
  public List<Path> list() throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> found = new ArrayList<>(files
          .filter(p -> {
            String name = p.getFileName().toString();
            return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
          })
          .toList());
      found.sort(Comparator.comparing(p -> p.getFileName().toString()));
      return found;
    }
  }
}
