package org.skipline.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.skipline.io.AtomicFile;
import org.skipline.io.Safetensors;
import org.skipline.io.SafetensorsException;
import org.skipline.io.Texts;
import org.skipline.runtime.Network;

/**
 * The checkpoints of one training run: safetensors files in a directory, each holding the
 * weights under their PyTorch names, the momentum, where training stood, what it trained on and
 * with which recipe, and a digest of all of it, metadata included. They are written atomically
 * ({@link AtomicFile}) and only when every value is finite, the newest few are kept, and a
 * corrupt one is reported with its reason, set aside and skipped when resuming.
 */
public final class Checkpoints {

  /**
   * Marks a file as a checkpoint of this format in its metadata. Format 2 digests the metadata
   * too, so a flipped bit in the position is caught like one in a weight.
   */
  static final String FORMAT = "skipline-checkpoint-2";

  private static final String PREFIX = "step-";
  private static final String SUFFIX = ".safetensors";

  /** A checkpoint found corrupt when resuming is renamed with this suffix, not deleted. */
  static final String CORRUPT_SUFFIX = ".corrupt";

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

  /** The training state holds NaN or an infinity, so it was not written. */
  public static final class NonFiniteStateException extends IOException {
    private static final long serialVersionUID = 1L;

    public NonFiniteStateException(String message) {
      super(message);
    }
  }

  /**
   * Writes the network's training state and {@code position}, then deletes all but the newest
   * {@code keep} checkpoints. A state that is not finite everywhere is never written, so the
   * checkpoints that pruning keeps are always ones a run can resume from.
   *
   * @throws NonFiniteStateException naming the first tensor that holds NaN or an infinity;
   *     nothing is written or deleted then
   */
  public Path write(Network net, String model, Position position, int keep) throws IOException {
    return write(net, model, position, keep, writer -> { });
  }

  /**
   * {@link #write(Network, String, Position, int)} with tensors of the run's own beside the
   * network's, which {@code runState} adds under names that start with {@link
   * Network#RUN_PREFIX}; they are digested and checked for finite values like the rest.
   */
  public Path write(Network net, String model, Position position, int keep,
      Consumer<Safetensors.Writer> runState) throws IOException {
    Safetensors.Writer writer = net.writeTrainingState(new Safetensors.Writer());
    runState.accept(writer);
    Optional<String> bad = writer.firstNonFinite();
    if (bad.isPresent()) {
      throw new NonFiniteStateException(bad.get());
    }
    Map<String, String> meta = new TreeMap<>(position.values());
    meta.put("format", FORMAT);
    meta.put("model", model);
    meta.put("epoch", Integer.toString(position.epoch()));
    meta.put("step_in_epoch", Integer.toString(position.stepInEpoch()));
    meta.put("global_step", Long.toString(position.globalStep()));
    meta.forEach(writer::metadata);
    writer.metadata("digest", digest(writer.digest(), meta));
    Files.createDirectories(directory);
    Path file = directory.resolve(String.format("%s%012d%s", PREFIX, position.globalStep(),
        SUFFIX));
    writer.write(file);
    prune(keep);
    return file;
  }

  /** Deletes all but the newest {@code keep} checkpoints. */
  public void prune(int keep) throws IOException {
    List<Path> all = list();
    for (int i = 0; i < all.size() - keep; i++) {
      Files.deleteIfExists(all.get(i));
    }
  }

  /**
   * Deletes what writes interrupted by a crash left in the run's checkpoint folder. Call it only
   * while holding the run's {@link RunLock}.
   */
  public void removeLeftovers() throws IOException {
    AtomicFile.removeTemporaries(directory);
  }

  /** A checkpoint that was read and verified. */
  public record Loaded(Path file, Safetensors content, Position position) {}

  /**
   * The newest checkpoint whose digest verifies, or empty. Each newer checkpoint that cannot be
   * read or fails its digest is reported to {@code warnings} in one sentence with its reason and
   * renamed to {@code NAME.corrupt}, so that the run's next checkpoints are the newest ones and
   * nothing is lost. When no checkpoint is intact, nothing is renamed.
   */
  public Optional<Loaded> newestIntact(Consumer<String> warnings) throws IOException {
    List<Path> all = list();
    List<Path> corrupt = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0; i--) {
      Path file = all.get(i);
      try {
        Safetensors content = verify(file);
        Map<String, String> meta = content.metadata();
        Position position = new Position((int) number(file, meta, "epoch"),
            (int) number(file, meta, "step_in_epoch"), number(file, meta, "global_step"), meta);
        for (Path bad : corrupt) {
          Path aside = bad.resolveSibling(bad.getFileName() + CORRUPT_SUFFIX);
          Files.move(bad, aside, StandardCopyOption.REPLACE_EXISTING);
          warnings.accept("set the corrupt checkpoint " + bad.getFileName() + " aside as "
              + aside.getFileName());
        }
        return Optional.of(new Loaded(file, content, position));
      } catch (IOException e) {
        warnings.accept("skipping checkpoint " + file.getFileName() + ": " + describe(file, e));
        corrupt.add(file);
      }
    }
    return Optional.empty();
  }

  /** Why a checkpoint could not be used, without repeating its path. */
  private static String describe(Path file, IOException e) {
    String message = e instanceof SafetensorsException ? e.getMessage() : Texts.reason(e);
    String prefix = file + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length())
        : message.replace(file.toString(), "it");
  }

  /**
   * Reads a checkpoint and checks its format and digest.
   *
   * @throws SafetensorsException naming the file and what is wrong with it
   */
  public static Safetensors verify(Path file) throws IOException {
    return verify(Safetensors.read(file));
  }

  /**
   * Checks a checkpoint that was read already.
   *
   * @return {@code content}
   * @throws SafetensorsException naming the file and what is wrong with it
   */
  public static Safetensors verify(Safetensors content) throws SafetensorsException {
    Path file = content.file();
    Map<String, String> meta = content.metadata();
    String format = meta.get("format");
    if (format != null && format.startsWith("skipline-checkpoint-") && !FORMAT.equals(format)) {
      throw new SafetensorsException(String.format(
          "%s is a checkpoint of an older format (%s) that this version does not resume; export"
              + " its weights with an older version, or train anew", file,
          Texts.abbreviate(format)));
    }
    if (!FORMAT.equals(format)) {
      throw new SafetensorsException(file + " is not a Skipline training checkpoint (its"
          + " metadata has no format " + FORMAT + ")");
    }
    Map<String, String> covered = new TreeMap<>(meta);
    covered.remove("digest");
    String digest = digest(content.digest(), covered);
    if (!digest.equals(meta.get("digest"))) {
      throw new SafetensorsException(String.format(
          "%s is corrupt: the digest of its tensors and metadata is %s, but it was written as %s",
          file, digest, Texts.abbreviate(meta.get("digest"))));
    }
    return content;
  }

  /** Whether a file's metadata marks it as a training checkpoint (of any format). */
  public static boolean isCheckpoint(Safetensors file) {
    String format = file.metadata().get("format");
    return format != null && format.startsWith("skipline-checkpoint-");
  }

  /**
   * SHA-256 of the tensors' digest and every metadata entry but the digest itself, each key and
   * value preceded by its length so that no two different maps give the same bytes.
   */
  private static String digest(String tensorDigest, Map<String, String> metadata) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
    StringBuilder text = new StringBuilder(tensorDigest);
    new TreeMap<>(metadata).forEach((key, value) -> text.append('\n')
        .append(key.length()).append(':').append(key)
        .append(value.length()).append(':').append(value));
    return HexFormat.of().formatHex(sha.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static long number(Path file, Map<String, String> meta, String key)
      throws SafetensorsException {
    try {
      return Long.parseLong(meta.getOrDefault(key, ""));
    } catch (NumberFormatException e) {
      throw new SafetensorsException(String.format(
          "%s: metadata '%s' should be a whole number, found '%s'", file, key,
          Texts.abbreviate(meta.get(key))));
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
