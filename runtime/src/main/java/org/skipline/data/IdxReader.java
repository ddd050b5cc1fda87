package org.skipline.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files of unsigned bytes (the MNIST and Fashion-MNIST format), plain or gzip-compressed.
 *
 * <p>An IDX file is a big-endian magic number {@code 0x000008nn} (type 8 = unsigned byte, nn
 * dimensions), one big-endian 32-bit size per dimension, then the values in row-major order.
 * Compression is detected from the gzip magic bytes {@code 1f 8b}, not from the file name. Every
 * size the header claims is checked against the file before memory is allocated for it.
 */
final class IdxReader {
  /** Magic number of an unsigned-byte IDX file with three dimensions (images). */
  static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of an unsigned-byte IDX file with one dimension (labels). */
  static final int LABELS_MAGIC = 0x00000801;

  /**
   * Deflate's largest possible compression ratio (1032:1); a gzip file of {@code s} bytes cannot
   * hold more than this many times {@code s} bytes, which bounds what a header may claim.
   */
  private static final long MAX_DEFLATE_RATIO = 1032;

  /** Largest Java array length HotSpot allocates reliably (some VMs reserve header words). */
  static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

  private IdxReader() {}

  /** Images of an IDX file: {@code count} images of {@code rows x cols} unsigned bytes. */
  record Images(int count, int rows, int cols, byte[] pixels) {}

  /**
   * Reads an images file (magic {@code 0x00000803}).
   *
   * @param file the IDX file, plain or gzip-compressed
   * @return the images
   * @throws DataException if the file is missing, truncated or not an IDX images file
   */
  static Images readImages(Path file) throws DataException {
    try (Source in = Source.open(file)) {
      int magic = in.readInt("magic number");
      checkMagic(file, magic, IMAGES_MAGIC, "images");
      int count = in.readInt("image count");
      int rows = in.readInt("row count");
      int cols = in.readInt("column count");
      if (count < 0 || rows <= 0 || cols <= 0) {
        throw new DataException(
            file + " has an invalid images header: " + count + " images of " + rows + "x" + cols);
      }
      long bytes = (long) count * rows * cols;
      in.checkClaim(bytes, count + " images of " + rows + "x" + cols);
      byte[] pixels = in.readFully((int) bytes, rows * cols, "image");
      in.checkEnd(count + " images");
      return new Images(count, rows, cols, pixels);
    } catch (IOException e) {
      throw wrap(file, e);
    }
  }

  /**
   * Reads a labels file (magic {@code 0x00000801}).
   *
   * @param file the IDX file, plain or gzip-compressed
   * @return one unsigned byte per item, as ints
   * @throws DataException if the file is missing, truncated or not an IDX labels file
   */
  static int[] readLabels(Path file) throws DataException {
    try (Source in = Source.open(file)) {
      int magic = in.readInt("magic number");
      checkMagic(file, magic, LABELS_MAGIC, "labels");
      int count = in.readInt("label count");
      if (count < 0) {
        throw new DataException(file + " has an invalid labels header: " + count + " labels");
      }
      in.checkClaim(count, count + " labels");
      byte[] bytes = in.readFully(count, 1, "label");
      in.checkEnd(count + " labels");
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = Byte.toUnsignedInt(bytes[i]);
      }
      return labels;
    } catch (IOException e) {
      throw wrap(file, e);
    }
  }

  private static void checkMagic(Path file, int found, int expected, String kind)
      throws DataException {
    if (found != expected) {
      throw new DataException(
          String.format(
              "%s is not an IDX %s file: its magic number is 0x%08x, expected 0x%08x",
              file, kind, found, expected));
    }
  }

  private static DataException wrap(Path file, IOException e) {
    if (e instanceof DataException d) {
      return d;
    }
    if (e instanceof NoSuchFileException) {
      return new DataException(file + " does not exist", e);
    }
    return new DataException("cannot read " + file + ": " + e.getMessage(), e);
  }

  /** A plain or decompressing stream over one file that counts the bytes it has delivered. */
  private static final class Source implements AutoCloseable {
    private final Path file;
    private final long fileSize;
    private final boolean gzip;
    private final InputStream in;
    private long position;

    private Source(Path file, long fileSize, boolean gzip, InputStream in) {
      this.file = file;
      this.fileSize = fileSize;
      this.gzip = gzip;
      this.in = in;
    }

    static Source open(Path file) throws IOException {
      long size = Files.size(file);
      if (size == 0) {
        throw new DataException(file + " is empty");
      }
      InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
      try {
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new Source(file, size, gzip, in);
      } catch (IOException e) {
        raw.close();
        if (e instanceof EOFException || e instanceof ZipException) {
          throw new DataException(
              file + " is a truncated or corrupt gzip file: its header is damaged", e);
        }
        throw e;
      }
    }

    /** Where the data ended, in the words a user needs to find the damage. */
    private String where() {
      return gzip
          ? "the decompressed data ends after " + position + " bytes"
          : "the file ends after " + position + " bytes";
    }

    /** Where decompression failed, for a gzip stream that is cut off or corrupt. */
    private String failure(Exception e) {
      return "decompression fails after " + position + " bytes (" + e.getMessage() + ")";
    }

    int readInt(String what) throws IOException {
      byte[] b = readFully(4, 4, what);
      return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    /** Rejects a header that claims more data than the file can possibly hold. */
    void checkClaim(long bytes, String what) throws DataException {
      long limit = gzip ? fileSize * MAX_DEFLATE_RATIO : fileSize - position;
      if (bytes > limit || bytes > MAX_ARRAY_LENGTH) {
        throw new DataException(
            file
                + " claims "
                + what
                + " ("
                + bytes
                + " bytes), more than a "
                + (gzip ? "gzip " : "")
                + "file of "
                + fileSize
                + " bytes can hold");
      }
    }

    /**
     * Reads exactly {@code n} bytes; if the data stops early, names the record (of {@code
     * recordSize} bytes) where it stopped.
     */
    byte[] readFully(int n, int recordSize, String record) throws IOException {
      byte[] out = new byte[n];
      int done = 0;
      long start = position;
      try {
        while (done < n) {
          int got = in.read(out, done, n - done);
          if (got < 0) {
            break;
          }
          done += got;
          position += got;
        }
      } catch (EOFException | ZipException e) {
        throw new DataException(
            file
                + " is a truncated or corrupt gzip file: "
                + failure(e)
                + incomplete(done, n, recordSize, record),
            e);
      }
      if (done < n) {
        throw new DataException(
            file + " is truncated: " + where() + incomplete(done, n, recordSize, record));
      }
      assert position == start + n;
      return out;
    }

    private static String incomplete(int done, int n, int recordSize, String record) {
      if (recordSize == n) {
        return ", in the " + record;
      }
      return ", in " + record + " " + (done / recordSize) + " of " + (n / recordSize);
    }

    /** Checks that nothing follows the data the header announced. */
    void checkEnd(String what) throws IOException {
      int extra;
      try {
        extra = in.read();
      } catch (EOFException | ZipException e) {
        throw new DataException(
            file + " is a truncated or corrupt gzip file: " + failure(e) + ", after " + what, e);
      }
      if (extra >= 0) {
        throw new DataException(
            file + " has more data than its header announces: bytes follow the " + what);
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
