package org.skipline.data;

import java.io.IOException;

/**
 * A missing, truncated or corrupt data file, or a data source that names no data set. The message
 * is one sentence naming the file and what is wrong (for a missing Fashion-MNIST, also how to
 * install it), so a command line can print it as it is.
 */
public final class DataException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a complete message.
   *
   * @param message one sentence naming the file and the problem
   */
  public DataException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a complete message and the lower-level cause.
   *
   * @param message one sentence naming the file and the problem
   * @param cause the exception that revealed the problem
   */
  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
