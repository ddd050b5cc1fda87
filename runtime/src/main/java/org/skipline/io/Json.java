package org.skipline.io;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader and a minimal writer for the JSON of a safetensors header (RFC 8259).
 *
 * <p>The reader works on the header's raw bytes rather than on a decoded string so that a syntax
 * error or invalid UTF-8 can be reported at its byte position in the header. Values come back as
 * {@link Map} (insertion-ordered), {@link List}, {@link String}, {@link JsonNumber} (exact text,
 * see {@link JsonNumber#longValueExact()}), {@link Boolean} and {@link #NULL}.
 */
final class Json {
  /** The JSON {@code null}; a sentinel so that maps never hold Java null values. */
  static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  /**
   * Nesting limit: deeper input is rejected instead of overflowing the parser's stack. It matches
   * the default recursion limit of serde_json, which the reference implementation uses.
   */
  static final int MAX_DEPTH = 128;

  private final byte[] in;
  private int pos;

  private Json(byte[] in) {
    this.in = in;
  }

  /**
   * A JSON number, kept as its exact text so that integers of any size are never rounded.
   *
   * @param text the number as written, already checked against the JSON grammar
   */
  record JsonNumber(String text) {
    /**
     * Returns whether the number is written without fraction or exponent.
     *
     * @return true for text like {@code -12}, false for {@code 1.0} or {@code 1e3}
     */
    boolean isInteger() {
      return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
    }

    /**
     * Returns the value as a long.
     *
     * @return the integer value
     * @throws ArithmeticException if the number is not an integer or does not fit in a long
     */
    long longValueExact() {
      if (!isInteger()) {
        throw new ArithmeticException(text + " is not an integer");
      }
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new ArithmeticException(text + " does not fit in a 64-bit integer");
      }
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** A syntax error, with the byte position in the parsed text where it was found. */
  static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int position;

    SyntaxException(int position, String problem) {
      super(problem);
      this.position = position;
    }

    /**
     * Returns the 0-based byte position of the error.
     *
     * @return an index into the parsed bytes, equal to their length at the end of input
     */
    int position() {
      return position;
    }
  }

  /**
   * Parses one JSON value that fills the whole input apart from surrounding whitespace.
   *
   * @param utf8 the text as UTF-8 bytes
   * @return the value
   * @throws SyntaxException at the first byte that is not valid JSON or not valid UTF-8
   */
  static Object parse(byte[] utf8) throws SyntaxException {
    Json parser = new Json(utf8);
    parser.skipWhitespace();
    Object value = parser.value(0);
    parser.skipWhitespace();
    if (parser.pos < utf8.length) {
      throw parser.error("expected end of input after the top-level value, found "
          + parser.describe(parser.pos));
    }
    return value;
  }

  /**
   * Names the JSON type of a parsed value for error messages.
   *
   * @param value a value returned by {@link #parse}
   * @return "object", "array", "string", "number", "boolean" or "null"
   */
  static String typeName(Object value) {
    return switch (value) {
      case Map<?, ?> _ -> "object";
      case List<?> _ -> "array";
      case String _ -> "string";
      case JsonNumber _ -> "number";
      case Boolean _ -> "boolean";
      default -> "null";
    };
  }

  /**
   * Appends a string as a JSON string literal, escaping only what JSON requires, as serde_json
   * does, so that non-ASCII names stay readable in the header.
   *
   * @param out the destination
   * @param s the string, which must be well-formed UTF-16
   */
  static void writeString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private Object value(int depth) throws SyntaxException {
    if (pos >= in.length) {
      throw error("expected a value, found end of input");
    }
    return switch (in[pos]) {
      case '{' -> object(depth + 1);
      case '[' -> array(depth + 1);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", NULL);
      case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> number();
      default -> throw error("expected a value, found " + describe(pos));
    };
  }

  private Map<String, Object> object(int depth) throws SyntaxException {
    checkDepth(depth);
    pos++;
    Map<String, Object> members = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return members;
    }
    while (true) {
      if (peek() != '"') {
        throw error("expected a string key in object, found " + describe(pos));
      }
      int keyPos = pos;
      String key = string();
      skipWhitespace();
      expect(':', "after object key");
      skipWhitespace();
      Object value = value(depth);
      if (members.putIfAbsent(key, value) != null) {
        // The reference parser keeps one of the two silently; a file that says two things
        // about one name is better refused than guessed at.
        throw new SyntaxException(keyPos, "duplicate key \"" + key + "\"");
      }
      skipWhitespace();
      if (peek() == ',') {
        pos++;
        skipWhitespace();
      } else if (peek() == '}') {
        pos++;
        return members;
      } else {
        throw error("expected ',' or '}' after object member, found " + describe(pos));
      }
    }
  }

  private List<Object> array(int depth) throws SyntaxException {
    checkDepth(depth);
    pos++;
    List<Object> elements = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return elements;
    }
    while (true) {
      elements.add(value(depth));
      skipWhitespace();
      if (peek() == ',') {
        pos++;
        skipWhitespace();
      } else if (peek() == ']') {
        pos++;
        return elements;
      } else {
        throw error("expected ',' or ']' after array element, found " + describe(pos));
      }
    }
  }

  private String string() throws SyntaxException {
    pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= in.length) {
        throw error("unterminated string, found end of input");
      }
      int b = in[pos] & 0xff;
      if (b == '"') {
        pos++;
        return sb.toString();
      } else if (b == '\\') {
        escape(sb);
      } else if (b < 0x20) {
        throw error("control character " + describe(pos) + " in string must be escaped");
      } else if (b < 0x80) {
        sb.append((char) b);
        pos++;
      } else {
        sb.appendCodePoint(utf8Sequence(b));
      }
    }
  }

  /** Decodes one multi-byte UTF-8 sequence, rejecting overlong forms and encoded surrogates. */
  private int utf8Sequence(int lead) throws SyntaxException {
    int start = pos;
    int length;
    int min = 0x80;
    int max = 0xbf;
    int codePoint;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      codePoint = lead & 0x1f;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      codePoint = lead & 0x0f;
      if (lead == 0xe0) {
        min = 0xa0;
      } else if (lead == 0xed) {
        max = 0x9f;
      }
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      codePoint = lead & 0x07;
      if (lead == 0xf0) {
        min = 0x90;
      } else if (lead == 0xf4) {
        max = 0x8f;
      }
    } else {
      throw new SyntaxException(start, "invalid UTF-8: " + describe(start) + " cannot start a"
          + " character");
    }
    for (int i = 1; i < length; i++) {
      int p = start + i;
      int c = p < in.length ? in[p] & 0xff : -1;
      int lo = i == 1 ? min : 0x80;
      int hi = i == 1 ? max : 0xbf;
      if (c < lo || c > hi) {
        throw new SyntaxException(p, "invalid UTF-8: " + describe(p) + " cannot continue the"
            + " character that starts with " + describe(start));
      }
      codePoint = (codePoint << 6) | (c & 0x3f);
    }
    pos = start + length;
    return codePoint;
  }

  private void escape(StringBuilder sb) throws SyntaxException {
    int start = pos;
    pos++;
    if (pos >= in.length) {
      throw error("unterminated escape sequence, found end of input");
    }
    byte c = in[pos++];
    switch (c) {
      case '"' -> sb.append('"');
      case '\\' -> sb.append('\\');
      case '/' -> sb.append('/');
      case 'b' -> sb.append('\b');
      case 'f' -> sb.append('\f');
      case 'n' -> sb.append('\n');
      case 'r' -> sb.append('\r');
      case 't' -> sb.append('\t');
      case 'u' -> {
        char unit = hex4();
        if (Character.isHighSurrogate(unit)) {
          int low = pos;
          if (pos + 1 < in.length && in[pos] == '\\' && in[pos + 1] == 'u') {
            pos += 2;
            char next = hex4();
            if (Character.isLowSurrogate(next)) {
              sb.append(unit).append(next);
              return;
            }
          }
          throw new SyntaxException(low, String.format(
              "escape \\u%04x is a high surrogate not followed by a \\u escape of a low surrogate",
              (int) unit));
        } else if (Character.isLowSurrogate(unit)) {
          throw new SyntaxException(start, String.format(
              "escape \\u%04x is a low surrogate without a preceding high surrogate",
              (int) unit));
        }
        sb.append(unit);
      }
      default -> throw new SyntaxException(pos - 1, "invalid escape sequence \\"
          + (c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : describe(pos - 1)));
    }
  }

  private char hex4() throws SyntaxException {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = pos < in.length ? Character.digit(in[pos], 16) : -1;
      if (digit < 0) {
        throw error("expected 4 hexadecimal digits in \\u escape, found " + describe(pos));
      }
      value = value * 16 + digit;
      pos++;
    }
    return (char) value;
  }

  private JsonNumber number() throws SyntaxException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (isDigit(peek())) {
      skipDigits();
    } else {
      throw error("expected a digit in number, found " + describe(pos));
    }
    if (peek() == '.') {
      pos++;
      if (!isDigit(peek())) {
        throw error("expected a digit after decimal point, found " + describe(pos));
      }
      skipDigits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!isDigit(peek())) {
        throw error("expected a digit in exponent, found " + describe(pos));
      }
      skipDigits();
    }
    return new JsonNumber(new String(in, start, pos - start, StandardCharsets.US_ASCII));
  }

  private Object literal(String word, Object value) throws SyntaxException {
    for (int i = 0; i < word.length(); i++) {
      if (pos >= in.length || in[pos] != word.charAt(i)) {
        throw error("expected '" + word + "', found " + describe(pos));
      }
      pos++;
    }
    return value;
  }

  private void expect(char c, String where) throws SyntaxException {
    if (peek() != c) {
      throw error("expected '" + c + "' " + where + ", found " + describe(pos));
    }
    pos++;
  }

  private void checkDepth(int depth) throws SyntaxException {
    if (depth > MAX_DEPTH) {
      throw error("arrays and objects nested deeper than " + MAX_DEPTH + " levels");
    }
  }

  private void skipWhitespace() {
    while (pos < in.length
        && (in[pos] == ' ' || in[pos] == '\t' || in[pos] == '\n' || in[pos] == '\r')) {
      pos++;
    }
  }

  private void skipDigits() {
    while (isDigit(peek())) {
      pos++;
    }
  }

  private static boolean isDigit(int b) {
    return b >= '0' && b <= '9';
  }

  /** Returns the byte at the current position, or -1 at the end of input. */
  private int peek() {
    return pos < in.length ? in[pos] & 0xff : -1;
  }

  private String describe(int at) {
    if (at >= in.length) {
      return "end of input";
    }
    int b = in[at] & 0xff;
    if (b > 0x20 && b < 0x7f) {
      return "'" + (char) b + "'";
    }
    return String.format("byte 0x%02x", b);
  }

  private SyntaxException error(String problem) {
    return new SyntaxException(pos, problem);
  }
}
