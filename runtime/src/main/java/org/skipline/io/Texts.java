package org.skipline.io;

import java.io.IOException;

/** What a message says about a file: its words kept short, an I/O failure's reason. */
public final class Texts {

  /** Longest piece of a file's text (a tensor name, a metadata value) that a message repeats. */
  public static final int MAX_QUOTED = 80;

  private Texts() {}

  /**
   * {@code text} itself when it is short, otherwise its start and its length, so that a hostile
   * file with a megabyte-long tensor name still gets a one-line message.
   */
  public static String abbreviate(String text) {
    return abbreviate(text, MAX_QUOTED);
  }

  /** {@code text} itself when it has at most {@code max} characters, else its start and length. */
  public static String abbreviate(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    return text.substring(0, Math.max(1, max - 20)) + "... (" + text.length() + " characters)";
  }

  /**
   * The reason an I/O operation failed, without the path the caller already names: the JDK's
   * file exceptions put the path in their message and the reason, when known, in another field.
   */
  public static String reason(IOException e) {
    return switch (e) {
      case java.nio.file.NoSuchFileException f -> "no such file or folder";
      case java.nio.file.AccessDeniedException f -> "permission denied";
      case java.nio.file.FileAlreadyExistsException f -> "it already exists";
      case java.nio.file.NotDirectoryException f -> "a part of the path is not a folder";
      case java.nio.file.DirectoryNotEmptyException f -> "the folder is not empty";
      case java.nio.file.FileSystemException f when f.getReason() != null -> f.getReason();
      default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    };
  }
}
