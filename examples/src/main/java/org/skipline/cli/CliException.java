package org.skipline.cli;

/** A problem with the user's input, reported as one sentence without a stack trace. */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliException(String message) {
    super(message);
  }
}
