package org.skipline.io;

import java.io.IOException;

/**
 * A malformed or unexpected safetensors file; the message is one sentence naming the file and
 * what is wrong, with what was expected and what was found.
 */
public final class SafetensorsException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a complete message.
   *
   * @param message one sentence naming the file, the tensor or offset, and the problem
   */
  public SafetensorsException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a complete message and the lower-level cause.
   *
   * @param message one sentence naming the file, the tensor or offset, and the problem
   * @param cause the exception that revealed the problem
   */
  public SafetensorsException(String message, Throwable cause) {
    super(message, cause);
  }
}
