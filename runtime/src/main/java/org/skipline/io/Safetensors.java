package org.skipline.io;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An opened safetensors file: header parsed and validated, data loaded.
 *
 * <p>The format is an 8-byte little-endian header length {@code n}, then {@code n} bytes of UTF-8
 * JSON mapping each tensor name to its {@code dtype}, {@code shape} and {@code data_offsets}
 * (relative to the end of the header), with an optional {@code __metadata__} object of string to
 * string, then the raw little-endian data. {@link #read} checks everything a header claims
 * against the file before it trusts it, so a damaged or hostile file fails with a
 * {@link SafetensorsException} naming the file and the problem, and never makes the reader
 * allocate more than the file's own size.
 *
 * <p>Unlike the reference implementation, the reader accepts unused bytes between and after
 * tensors; it still rejects tensors that overlap or reach outside the data section.
 *
 * <pre>{@code
 * Safetensors weights = Safetensors.read(Path.of("resnet.safetensors"));
 * weights.readFloats("stem.weight", new long[] {16, 3, 3, 3}, params, STEM_WEIGHT);
 *
 * new Safetensors.Writer()
 *     .metadata("format", "pt")
 *     .putFloats("logits", new long[] {n, classes}, logits, 0)
 *     .write(Path.of("out.safetensors"));
 * }</pre>
 */
public final class Safetensors {
  /**
   * Largest header accepted, the reference implementation's limit; it bounds what a hostile
   * header length can make the reader allocate before anything else is known about the file.
   */
  static final long MAX_HEADER_BYTES = 100_000_000L;

  /** Largest Java array length HotSpot allocates reliably (some VMs reserve header words). */
  static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

  /**
   * Bytes moved per channel call; bounded because the JDK copies a heap buffer through a
   * temporary native buffer of the same size.
   */
  private static final int IO_CHUNK = 1 << 22;

  private static final String METADATA_KEY = "__metadata__";

  private static final ValueLayout.OfFloat F32_LE =
      ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfDouble F64_LE =
      ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong I64_LE =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt I32_LE =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfShort I16_LE =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  /**
   * Orders names by Unicode code point, which is the byte order of their UTF-8 encoding and so
   * the order other tools see when they sort the header's keys.
   */
  static final Comparator<String> CODE_POINT_ORDER = Safetensors::compareCodePoints;

  /**
   * One header entry. {@code begin} and {@code end} are offsets into the data section;
   * {@code bytes} holds the tensor's data once loaded and is null while the header is checked.
   */
  private record Tensor(
      String name, DType dtype, long[] shape, long begin, long end, MemorySegment bytes) {
    long elementCount() {
      return (end - begin) / dtype.bytes();
    }
  }

  private final Path file;
  private final Map<String, Tensor> tensors;
  private final List<String> names;
  private final Map<String, String> metadata;

  private Safetensors(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
    this.file = file;
    this.tensors = tensors;
    this.names = List.copyOf(tensors.keySet());
    this.metadata = Collections.unmodifiableMap(metadata);
  }

  /**
   * SHA-256 of the tensors, hex: each tensor's name, dtype, shape and data bytes in name order,
   * the same value {@link Writer#digest()} gives for the content that was written. Metadata is
   * not covered, so a checkpoint can carry its own digest there.
   */
  public String digest() {
    TensorDigest digest = new TensorDigest();
    tensors.values().stream()
        .sorted(Comparator.comparing(Tensor::name, CODE_POINT_ORDER))
        .forEach(t -> {
          digest.header(t.name(), t.dtype(), t.shape());
          digest.data(t.bytes().asByteBuffer());
        });
    return digest.hex();
  }

  /**
   * Reads and validates a safetensors file and loads its data into memory.
   *
   * @param file the file to read
   * @return the opened file
   * @throws SafetensorsException if the file is not a valid safetensors file; the message names
   *     the file, what was wrong, and what was expected
   * @throws IOException if the file cannot be read
   */
  public static Safetensors read(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new SafetensorsException(file + " is a folder, not a safetensors file");
    }
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new SafetensorsException(file + " is a device, pipe or socket, not a safetensors file");
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < 8) {
        throw new SafetensorsException(String.format(
            "%s is %d bytes long, shorter than the 8-byte header length that starts every"
                + " safetensors file", file, size));
      }
      ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, prefix, 0, file);
      long headerLength = prefix.getLong(0);
      long remaining = size - 8;
      // Compared unsigned: a length with the top bit set is a huge unsigned value, not negative.
      if (Long.compareUnsigned(headerLength, remaining) > 0) {
        throw new SafetensorsException(String.format(
            "%s: header length %s in the first 8 bytes exceeds the %d bytes that follow them",
            file, Long.toUnsignedString(headerLength), remaining));
      }
      if (headerLength > MAX_HEADER_BYTES) {
        throw new SafetensorsException(String.format(
            "%s: header length %d in the first 8 bytes exceeds the limit of %d bytes",
            file, headerLength, MAX_HEADER_BYTES));
      }
      byte[] header = new byte[(int) headerLength];
      readFully(channel, ByteBuffer.wrap(header), 8, file);
      Reader reader = new Reader(file, remaining - headerLength);
      reader.parseHeader(header);
      List<Tensor> inFileOrder = reader.checkLayout();
      Map<String, MemorySegment> loaded = new HashMap<>();
      for (Tensor t : inFileOrder) {
        loaded.put(t.name, load(channel, 8 + headerLength + t.begin, t.end - t.begin, file));
      }
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (Tensor t : reader.tensors.values()) {
        tensors.put(t.name, new Tensor(t.name, t.dtype, t.shape, t.begin, t.end,
            loaded.get(t.name)));
      }
      return new Safetensors(file, tensors, reader.metadata);
    }
  }

  /**
   * Returns the file this was read from.
   *
   * @return the path given to {@link #read}
   */
  public Path file() {
    return file;
  }

  /**
   * Returns the tensor names in header order, without {@code __metadata__}.
   *
   * @return an unmodifiable list
   */
  public List<String> names() {
    return names;
  }

  /**
   * Returns whether the file holds a tensor of this name.
   *
   * @param name a tensor name
   * @return true if the header describes it
   */
  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  /**
   * Returns a tensor's element type.
   *
   * @param name a tensor name
   * @return its dtype
   * @throws NoSuchElementException if the file has no such tensor
   */
  public DType dtype(String name) {
    return tensor(name).dtype;
  }

  /**
   * Returns a tensor's shape.
   *
   * @param name a tensor name
   * @return a fresh copy of the shape; empty for a scalar
   * @throws NoSuchElementException if the file has no such tensor
   */
  public long[] shape(String name) {
    return tensor(name).shape.clone();
  }

  /**
   * Returns the header's {@code __metadata__}.
   *
   * @return an unmodifiable map in header order, empty if the file has none
   */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * Returns a tensor's values as float, converting F16, BF16 and F64.
   *
   * @param name a tensor name
   * @return the values in row-major order
   * @throws SafetensorsException for a missing tensor, a non-float dtype, or a tensor with more
   *     elements than a Java array holds, naming the file and the tensor
   */
  public float[] floats(String name) throws SafetensorsException {
    Tensor t = require(name);
    requireFloat(t);
    float[] values = new float[arrayLength(t)];
    copyFloats(t, values, 0);
    return values;
  }

  /**
   * Copies a tensor's values as float into {@code dst} at {@code dstOff}, after checking that the
   * tensor's shape equals {@code expectedShape} exactly.
   *
   * @param name a tensor name
   * @param expectedShape the shape the caller needs
   * @param dst the destination
   * @param dstOff index in {@code dst} of the first value
   * @throws SafetensorsException for a missing tensor, a different shape or a non-float dtype,
   *     naming the file, the tensor, and the expected and found shape or dtype
   * @throws IndexOutOfBoundsException if the values do not fit in {@code dst} at {@code dstOff}
   */
  public void readFloats(String name, long[] expectedShape, float[] dst, int dstOff)
      throws SafetensorsException {
    Tensor t = require(name);
    if (!Arrays.equals(t.shape, expectedShape)) {
      throw new SafetensorsException(String.format(
          "%s: tensor \"%s\" has shape %s, expected %s",
          file, name, Arrays.toString(t.shape), Arrays.toString(expectedShape)));
    }
    requireFloat(t);
    long count = t.elementCount();
    if (dstOff < 0 || dstOff > dst.length || count > dst.length - dstOff) {
      throw new IndexOutOfBoundsException(String.format(
          "tensor \"%s\" of %s has %d elements, which do not fit in an array of length %d at"
              + " offset %d", name, file, count, dst.length, dstOff));
    }
    copyFloats(t, dst, dstOff);
  }

  /**
   * Returns a tensor's values as long: I64 as stored, the other integer types widened.
   *
   * @param name a tensor name
   * @return the values in row-major order
   * @throws SafetensorsException for a missing tensor or a dtype that is not an integer type
   *     convertible to long, naming the file and the tensor
   */
  public long[] longs(String name) throws SafetensorsException {
    Tensor t = require(name);
    if (!t.dtype.isInteger()) {
      throw new SafetensorsException(String.format(
          "%s: tensor \"%s\" has dtype %s, expected an integer dtype such as I64 or I32",
          file, name, t.dtype));
    }
    long[] values = new long[arrayLength(t)];
    MemorySegment data = t.bytes;
    int n = values.length;
    switch (t.dtype) {
      case I64 -> MemorySegment.copy(data, I64_LE, 0, values, 0, n);
      case I32 -> {
        for (int i = 0; i < n; i++) {
          values[i] = data.get(I32_LE, 4L * i);
        }
      }
      case U32 -> {
        for (int i = 0; i < n; i++) {
          values[i] = Integer.toUnsignedLong(data.get(I32_LE, 4L * i));
        }
      }
      case I16 -> {
        for (int i = 0; i < n; i++) {
          values[i] = data.get(I16_LE, 2L * i);
        }
      }
      case U16 -> {
        for (int i = 0; i < n; i++) {
          values[i] = Short.toUnsignedLong(data.get(I16_LE, 2L * i));
        }
      }
      case I8 -> {
        for (int i = 0; i < n; i++) {
          values[i] = data.get(ValueLayout.JAVA_BYTE, i);
        }
      }
      case U8 -> {
        for (int i = 0; i < n; i++) {
          values[i] = Byte.toUnsignedLong(data.get(ValueLayout.JAVA_BYTE, i));
        }
      }
      default -> throw new AssertionError("not an integer dtype: " + t.dtype);
    }
    return values;
  }

  /**
   * Returns an integer tensor's values as int, as class labels are used.
   *
   * @param name a tensor name
   * @return the values in row-major order
   * @throws SafetensorsException for a missing tensor, a dtype that is not an integer type, or a
   *     value outside the range of int, naming the file, the tensor and the value
   */
  public int[] labels(String name) throws SafetensorsException {
    long[] values = longs(name);
    int[] labels = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      long v = values[i];
      if (v != (int) v) {
        throw new SafetensorsException(String.format(
            "%s: tensor \"%s\" element %d is %d, outside the range of int [%d, %d]",
            file, name, i, v, Integer.MIN_VALUE, Integer.MAX_VALUE));
      }
      labels[i] = (int) v;
    }
    return labels;
  }

  private Tensor tensor(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new NoSuchElementException(missingMessage(name));
    }
    return t;
  }

  private Tensor require(String name) throws SafetensorsException {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new SafetensorsException(missingMessage(name));
    }
    return t;
  }

  private String missingMessage(String name) {
    return String.format("%s has no tensor \"%s\" (it holds %d tensors)", file,
        Texts.abbreviate(name), tensors.size());
  }

  private void requireFloat(Tensor t) throws SafetensorsException {
    if (!t.dtype.isFloat()) {
      throw new SafetensorsException(String.format(
          "%s: tensor \"%s\" has dtype %s, expected a float dtype (F32, F16, BF16 or F64)",
          file, t.name, t.dtype));
    }
  }

  private int arrayLength(Tensor t) throws SafetensorsException {
    long count = t.elementCount();
    if (count > MAX_ARRAY_LENGTH) {
      throw new SafetensorsException(String.format(
          "%s: tensor \"%s\" has %d elements, more than a Java array holds (%d)",
          file, t.name, count, MAX_ARRAY_LENGTH));
    }
    return (int) count;
  }

  /** Converts a float tensor's elements into {@code dst}; the caller has checked the bounds. */
  private void copyFloats(Tensor t, float[] dst, int dstOff) {
    MemorySegment data = t.bytes;
    int n = (int) t.elementCount();
    switch (t.dtype) {
      case F32 -> MemorySegment.copy(data, F32_LE, 0, dst, dstOff, n);
      case F64 -> {
        for (int i = 0; i < n; i++) {
          dst[dstOff + i] = (float) data.get(F64_LE, 8L * i);
        }
      }
      case F16 -> {
        for (int i = 0; i < n; i++) {
          dst[dstOff + i] = Float.float16ToFloat(data.get(I16_LE, 2L * i));
        }
      }
      case BF16 -> {
        // A bfloat16 is the upper half of a float32, so widening is a shift.
        for (int i = 0; i < n; i++) {
          dst[dstOff + i] = Float.intBitsToFloat(data.get(I16_LE, 2L * i) << 16);
        }
      }
      default -> throw new AssertionError("not a float dtype: " + t.dtype);
    }
  }

  /**
   * Loads one tensor's {@code length} bytes from {@code position}: into a heap array when they
   * fit, so that the garbage collector manages them, else into native memory, which is limited
   * by {@code -XX:MaxDirectMemorySize} (the maximum heap size by default).
   */
  private static MemorySegment load(FileChannel channel, long position, long length, Path file)
      throws IOException {
    MemorySegment segment =
        length <= MAX_ARRAY_LENGTH
            ? MemorySegment.ofArray(new byte[(int) length])
            : Arena.ofAuto().allocate(length, 8);
    for (long done = 0; done < length; ) {
      int chunk = (int) Math.min(length - done, IO_CHUNK);
      readFully(channel, segment.asSlice(done, chunk).asByteBuffer(), position + done, file);
      done += chunk;
    }
    return segment;
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path file)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new SafetensorsException(String.format(
            "%s ended at byte %d, %d bytes short of the size it had when opened (was it"
                + " truncated while being read?)", file, at, buffer.remaining()));
      }
      at += n;
    }
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  private static String shapeText(long[] shape) {
    return Arrays.toString(shape);
  }

  /** Turns a parsed header into validated tensor entries, failing with the file's name. */
  private static final class Reader {
    private final Path file;
    private final long dataSize;
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    Reader(Path file, long dataSize) {
      this.file = file;
      this.dataSize = dataSize;
    }

    void parseHeader(byte[] header) throws SafetensorsException {
      Object root;
      try {
        root = Json.parse(header);
      } catch (Json.SyntaxException e) {
        throw fail(e, "header is not valid JSON at byte %d of the header: %s",
            e.position(), e.getMessage());
      }
      if (!(root instanceof Map<?, ?> entries)) {
        throw fail("header is a JSON %s, expected an object mapping tensor names to dtype, shape"
            + " and data_offsets", Json.typeName(root));
      }
      for (Map.Entry<?, ?> entry : entries.entrySet()) {
        String name = (String) entry.getKey();
        if (name.equals(METADATA_KEY)) {
          parseMetadata(entry.getValue());
        } else {
          tensors.put(name, parseTensor(name, entry.getValue()));
        }
      }
    }

    private void parseMetadata(Object value) throws SafetensorsException {
      if (value == Json.NULL) {
        return; // The reference implementation reads a null __metadata__ as absent.
      }
      if (!(value instanceof Map<?, ?> map)) {
        throw fail("__metadata__ is a JSON %s, expected an object of string to string",
            Json.typeName(value));
      }
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getValue() instanceof String s)) {
          throw fail("__metadata__ value of key \"%s\" is a JSON %s, expected a string",
              e.getKey(), Json.typeName(e.getValue()));
        }
        metadata.put((String) e.getKey(), s);
      }
    }

    private Tensor parseTensor(String name, Object value) throws SafetensorsException {
      if (!(value instanceof Map<?, ?> spec)) {
        throw fail("tensor \"%s\" is described by a JSON %s, expected an object with dtype,"
            + " shape and data_offsets", name, Json.typeName(value));
      }
      DType dtype = parseDType(name, member(name, spec, "dtype"));
      long[] shape = integers(name, "shape", member(name, spec, "shape"));
      for (long dim : shape) {
        if (dim < 0) {
          throw fail("tensor \"%s\" has shape %s with a negative dimension, expected dimensions"
              + " >= 0", name, shapeText(shape));
        }
      }
      long[] offsets = integers(name, "data_offsets", member(name, spec, "data_offsets"));
      if (offsets.length != 2) {
        throw fail("tensor \"%s\" has data_offsets %s with %d elements, expected [begin, end]",
            name, shapeText(offsets), offsets.length);
      }
      long begin = offsets[0];
      long end = offsets[1];
      if (begin < 0 || begin > end) {
        throw fail("tensor \"%s\" has data_offsets %s, expected [begin, end] with"
            + " 0 <= begin <= end", name, shapeText(offsets));
      }
      long bytes = byteSize(name, dtype, shape);
      if (bytes != end - begin) {
        throw fail("tensor \"%s\" with dtype %s and shape %s needs %d bytes, but its"
            + " data_offsets %s span %d bytes", name, dtype, shapeText(shape), bytes,
            shapeText(offsets), end - begin);
      }
      if (end > dataSize) {
        throw fail("tensor \"%s\" has data_offsets %s, outside the data section of %d bytes"
            + " that follows the header", name, shapeText(offsets), dataSize);
      }
      return new Tensor(name, dtype, shape, begin, end, null);
    }

    private Object member(String name, Map<?, ?> spec, String key) throws SafetensorsException {
      Object value = spec.get(key);
      if (value == null) {
        throw fail("tensor \"%s\" has no \"%s\", expected an object with dtype, shape and"
            + " data_offsets", name, key);
      }
      return value;
    }

    private DType parseDType(String name, Object value) throws SafetensorsException {
      if (!(value instanceof String text)) {
        throw fail("tensor \"%s\" has a dtype that is a JSON %s, expected a string such as"
            + " \"F32\"", name, Json.typeName(value));
      }
      for (DType d : DType.values()) {
        if (d.name().equals(text)) {
          return d;
        }
      }
      throw fail("tensor \"%s\" has unknown dtype \"%s\", expected one of %s", name, text,
          Arrays.toString(DType.values()));
    }

    private long[] integers(String name, String key, Object value) throws SafetensorsException {
      if (!(value instanceof List<?> list)) {
        throw fail("tensor \"%s\" has a %s that is a JSON %s, expected an array of integers",
            name, key, Json.typeName(value));
      }
      long[] result = new long[list.size()];
      for (int i = 0; i < result.length; i++) {
        Object element = list.get(i);
        if (!(element instanceof Json.JsonNumber number)) {
          throw fail("tensor \"%s\" has %s element %d that is a JSON %s, expected an integer",
              name, key, i, Json.typeName(element));
        }
        try {
          result[i] = number.longValueExact();
        } catch (ArithmeticException e) {
          throw fail(e, "tensor \"%s\" has %s element %d equal to %s, expected an integer that"
              + " fits in 64 bits", name, key, i, number);
        }
      }
      return result;
    }

    private long byteSize(String name, DType dtype, long[] shape) throws SafetensorsException {
      try {
        return Math.multiplyExact(elementCount(shape), (long) dtype.bytes());
      } catch (ArithmeticException e) {
        throw fail(e, "tensor \"%s\" with dtype %s and shape %s has a byte size that overflows"
            + " a 64-bit integer", name, dtype, shapeText(shape));
      }
    }

    /**
     * Checks that no two tensors share a byte and returns the tensors in the order of their
     * data, the order in which loading reads the file sequentially.
     */
    List<Tensor> checkLayout() throws SafetensorsException {
      List<Tensor> sorted = new ArrayList<>(tensors.values());
      sorted.sort(Comparator.comparingLong(Tensor::begin).thenComparingLong(Tensor::end));
      Tensor reach = null;
      for (Tensor t : sorted) {
        if (t.end == t.begin) {
          continue; // An empty tensor occupies no byte, so it cannot overlap anything.
        }
        if (reach != null && t.begin < reach.end) {
          throw fail("tensors \"%s\" (data_offsets [%d, %d]) and \"%s\" (data_offsets [%d, %d])"
              + " overlap, expected each byte of the data section to belong to one tensor",
              reach.name, reach.begin, reach.end, t.name, t.begin, t.end);
        }
        if (reach == null || t.end > reach.end) {
          reach = t;
        }
      }
      return sorted;
    }

    private SafetensorsException fail(String format, Object... args) {
      return fail(null, format, args);
    }

    private SafetensorsException fail(Throwable cause, String format, Object... args) {
      Object[] shown = args.clone();
      for (int i = 0; i < shown.length; i++) {
        if (shown[i] instanceof String text) {
          shown[i] = Texts.abbreviate(text);
        }
      }
      return new SafetensorsException(file + ": " + String.format(format, shown), cause);
    }
  }

  /**
   * Returns the number of elements of a shape; the empty shape of a scalar has one.
   *
   * @throws ArithmeticException if the count overflows a long
   */
  static long elementCount(long[] shape) {
    long count = 1;
    for (long dim : shape) {
      if (dim == 0) {
        return 0;
      }
    }
    for (long dim : shape) {
      count = Math.multiplyExact(count, dim);
    }
    return count;
  }

  /**
   * Collects tensors and writes one safetensors file.
   *
   * <p>The output is deterministic: the same content gives byte-identical files. Header keys are
   * sorted by name with {@code __metadata__} first, data follows in the same order with each
   * tensor contiguous, and the header is padded with spaces to a multiple of 8 bytes as the
   * reference implementation does, so that data stays aligned. Tensors are copied when added.
   */
  public static final class Writer {
    private final Map<String, String> metadata = new TreeMap<>(CODE_POINT_ORDER);
    private final Map<String, Entry> tensors = new TreeMap<>(CODE_POINT_ORDER);

    /** One tensor to write; exactly one of {@code floats} and {@code longs} is set. */
    private record Entry(DType dtype, long[] shape, float[] floats, long[] longs) {
      long byteSize() {
        return (floats != null ? (long) floats.length : longs.length) * dtype.bytes();
      }
    }

    /** Creates a writer with no tensors and no metadata. */
    public Writer() {}

    /**
     * Adds a {@code __metadata__} entry.
     *
     * @param key the key, which must not have been added before
     * @param value the value
     * @return this writer
     * @throws IllegalArgumentException if the key was already added or either string is not
     *     well-formed UTF-16
     */
    public Writer metadata(String key, String value) {
      checkText("metadata key", key);
      checkText("metadata value of key \"" + key + "\"", value);
      if (metadata.putIfAbsent(key, value) != null) {
        throw new IllegalArgumentException("metadata key \"" + key + "\" was already added");
      }
      return this;
    }

    /**
     * Adds an F32 tensor, copying {@code product(shape)} floats from {@code data[offset..]}.
     *
     * @param name the tensor name, not yet added
     * @param shape the shape, each dimension {@code >= 0}; empty for a scalar
     * @param data the values, row-major
     * @param offset index of the first value in {@code data}
     * @return this writer
     * @throws IllegalArgumentException for an invalid or duplicate name or an invalid shape
     * @throws IndexOutOfBoundsException if {@code data} holds fewer than {@code product(shape)}
     *     values from {@code offset}
     */
    public Writer putFloats(String name, long[] shape, float[] data, int offset) {
      checkName(name);
      long count = checkShape(name, shape, DType.F32);
      Objects.requireNonNull(data, "data");
      if (offset < 0 || offset > data.length || count > data.length - offset) {
        throw new IndexOutOfBoundsException(String.format(
            "tensor \"%s\" with shape %s needs %d floats from offset %d, but the array has length"
                + " %d", name, shapeText(shape), count, offset, data.length));
      }
      float[] copy = Arrays.copyOfRange(data, offset, offset + (int) count);
      tensors.put(name, new Entry(DType.F32, shape.clone(), copy, null));
      return this;
    }

    /**
     * Adds an I64 tensor.
     *
     * @param name the tensor name, not yet added
     * @param shape the shape, each dimension {@code >= 0}; empty for a scalar
     * @param data exactly {@code product(shape)} values, row-major
     * @return this writer
     * @throws IllegalArgumentException for an invalid or duplicate name, an invalid shape, or a
     *     value count that differs from the shape's element count
     */
    public Writer putLongs(String name, long[] shape, long[] data) {
      checkName(name);
      long count = checkShape(name, shape, DType.I64);
      Objects.requireNonNull(data, "data");
      if (count != data.length) {
        throw new IllegalArgumentException(String.format(
            "tensor \"%s\" with shape %s needs %d values, but %d were given",
            name, shapeText(shape), count, data.length));
      }
      tensors.put(name, new Entry(DType.I64, shape.clone(), null, data.clone()));
      return this;
    }

    /**
     * Adds an F32 scalar, a tensor of shape {@code []}.
     *
     * @param name the tensor name, not yet added
     * @param value the value
     * @return this writer
     * @throws IllegalArgumentException for an invalid or duplicate name
     */
    public Writer putScalar(String name, float value) {
      return putFloats(name, new long[0], new float[] {value}, 0);
    }

    /** SHA-256 of the tensors added so far, as {@link Safetensors#digest()} computes it. */
    public String digest() {
      TensorDigest digest = new TensorDigest();
      ByteBuffer buffer = ByteBuffer.allocate(IO_CHUNK).order(ByteOrder.LITTLE_ENDIAN);
      tensors.forEach((name, e) -> {
        digest.header(name, e.dtype, e.shape);
        int count = e.floats != null ? e.floats.length : e.longs.length;
        int width = e.dtype.bytes();
        for (int i = 0; i < count; ) {
          buffer.clear();
          int n = Math.min(count - i, buffer.capacity() / width);
          if (e.floats != null) {
            buffer.asFloatBuffer().put(e.floats, i, n);
          } else {
            buffer.asLongBuffer().put(e.longs, i, n);
          }
          buffer.limit(n * width);
          digest.data(buffer);
          i += n;
        }
      });
      return digest.hex();
    }

    /**
     * Writes the file atomically (see {@link AtomicFile}): a crash never leaves a half-written
     * file under that name, and a symbolic link is followed rather than replaced.
     *
     * @param file the file to create or replace
     * @throws IOException if writing fails; the target is then left as it was
     */
    public void write(Path file) throws IOException {
      AtomicFile.write(file, this::writeTo);
    }

    /**
     * The first float tensor that holds NaN or an infinity, described in a few words ({@code
     * tensor 'fc.weight' holds NaN at index 12}), or empty when every value is finite.
     */
    public Optional<String> firstNonFinite() {
      for (Map.Entry<String, Entry> t : tensors.entrySet()) {
        float[] values = t.getValue().floats;
        for (int i = 0; values != null && i < values.length; i++) {
          if (!Float.isFinite(values[i])) {
            return Optional.of(String.format("tensor '%s' holds %s at index %d",
                Texts.abbreviate(t.getKey()), values[i], i));
          }
        }
      }
      return Optional.empty();
    }

    private void writeTo(OutputStream channel) throws IOException {
      byte[] header = header();
      ByteBuffer buffer = ByteBuffer.allocate(IO_CHUNK).order(ByteOrder.LITTLE_ENDIAN);
      buffer.putLong(header.length);
      flush(channel, buffer);
      channel.write(header);
      for (Entry e : tensors.values()) {
        if (e.floats != null) {
          float[] values = e.floats;
          for (int i = 0; i < values.length; ) {
            if (buffer.remaining() < Float.BYTES) {
              flush(channel, buffer);
            }
            int n = Math.min(values.length - i, buffer.remaining() / Float.BYTES);
            buffer.asFloatBuffer().put(values, i, n);
            buffer.position(buffer.position() + n * Float.BYTES);
            i += n;
          }
        } else {
          long[] values = e.longs;
          for (int i = 0; i < values.length; ) {
            if (buffer.remaining() < Long.BYTES) {
              flush(channel, buffer);
            }
            int n = Math.min(values.length - i, buffer.remaining() / Long.BYTES);
            buffer.asLongBuffer().put(values, i, n);
            buffer.position(buffer.position() + n * Long.BYTES);
            i += n;
          }
        }
      }
      flush(channel, buffer);
    }

    private static void flush(OutputStream out, ByteBuffer buffer) throws IOException {
      out.write(buffer.array(), 0, buffer.position());
      buffer.clear();
    }

    /** Returns the header JSON in the reference implementation's compact layout, padded. */
    private byte[] header() {
      StringBuilder json = new StringBuilder("{");
      if (!metadata.isEmpty()) {
        Json.writeString(json, METADATA_KEY);
        json.append(":{");
        String separator = "";
        for (Map.Entry<String, String> m : metadata.entrySet()) {
          json.append(separator);
          Json.writeString(json, m.getKey());
          json.append(':');
          Json.writeString(json, m.getValue());
          separator = ",";
        }
        json.append('}');
      }
      long offset = 0;
      for (Map.Entry<String, Entry> t : tensors.entrySet()) {
        if (json.length() > 1) {
          json.append(',');
        }
        Entry e = t.getValue();
        long end = offset + e.byteSize();
        Json.writeString(json, t.getKey());
        json.append(":{\"dtype\":\"").append(e.dtype.name()).append("\",\"shape\":[");
        for (int i = 0; i < e.shape.length; i++) {
          json.append(i == 0 ? "" : ",").append(e.shape[i]);
        }
        json.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
        offset = end;
      }
      json.append('}');
      byte[] text = json.toString().getBytes(StandardCharsets.UTF_8);
      // Padding keeps the data section 8-byte aligned for readers that map the file.
      byte[] padded = Arrays.copyOf(text, (text.length + 7) / 8 * 8);
      Arrays.fill(padded, text.length, padded.length, (byte) ' ');
      return padded;
    }

    private void checkName(String name) {
      checkText("tensor name", name);
      if (name.isEmpty()) {
        throw new IllegalArgumentException("tensor name is empty");
      }
      if (name.equals(METADATA_KEY)) {
        throw new IllegalArgumentException(
            "tensor name \"" + METADATA_KEY + "\" is reserved for the metadata");
      }
      if (tensors.containsKey(name)) {
        throw new IllegalArgumentException("tensor \"" + name + "\" was already added");
      }
    }

    private static long checkShape(String name, long[] shape, DType dtype) {
      Objects.requireNonNull(shape, "shape");
      for (long dim : shape) {
        if (dim < 0) {
          throw new IllegalArgumentException(String.format(
              "tensor \"%s\" has shape %s with a negative dimension", name, shapeText(shape)));
        }
      }
      try {
        long count = elementCount(shape);
        Math.multiplyExact(count, (long) dtype.bytes());
        return count;
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(String.format(
            "tensor \"%s\" with shape %s has more elements than fit in 64 bits of bytes",
            name, shapeText(shape)), e);
      }
    }

    /** Rejects strings that UTF-8 cannot encode, which the JDK would silently turn into '?'. */
    private static void checkText(String what, String text) {
      Objects.requireNonNull(text, what);
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          throw new IllegalArgumentException(String.format(
              "%s \"%s\" has an unpaired surrogate at index %d", what, text, i));
        }
      }
    }
  }
}
