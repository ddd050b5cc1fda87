package org.skipline.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The header JSON reader and writer on their own. */
class JsonTest {
  private static Object parse(String text) throws Json.SyntaxException {
    return Json.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Json.SyntaxException error(String text) {
    return assertThrows(Json.SyntaxException.class, () -> parse(text));
  }

  @Test
  void parsesNestedValuesKeepingKeyOrder() throws Json.SyntaxException {
    Object value = parse(" {\"z\": [1, -2, [], {}], \"a\": {\"t\": true, \"f\": false,"
        + " \"n\": null, \"x\": -0.5e+3}}\n\t\r ");
    Map<?, ?> root = (Map<?, ?>) value;
    assertEquals(List.of("z", "a"), List.copyOf(root.keySet()));
    List<?> z = (List<?>) root.get("z");
    assertEquals(new Json.JsonNumber("1"), z.get(0));
    assertEquals(-2L, ((Json.JsonNumber) z.get(1)).longValueExact());
    assertEquals(List.of(), z.get(2));
    assertEquals(Map.of(), z.get(3));
    Map<?, ?> a = (Map<?, ?>) root.get("a");
    assertEquals(Boolean.TRUE, a.get("t"));
    assertEquals(Boolean.FALSE, a.get("f"));
    assertSame(Json.NULL, a.get("n"));
    Json.JsonNumber x = (Json.JsonNumber) a.get("x");
    assertFalse(x.isInteger());
    assertThrows(ArithmeticException.class, x::longValueExact);
  }

  @Test
  void parsesIntegersToTheEdgesOfLong() throws Json.SyntaxException {
    assertEquals(Long.MAX_VALUE, ((Json.JsonNumber) parse("9223372036854775807"))
        .longValueExact());
    assertEquals(Long.MIN_VALUE, ((Json.JsonNumber) parse("-9223372036854775808"))
        .longValueExact());
    assertThrows(ArithmeticException.class,
        () -> ((Json.JsonNumber) parse("9223372036854775808")).longValueExact());
    assertTrue(((Json.JsonNumber) parse("-0")).isInteger());
  }

  @Test
  void decodesEscapesAndUtf8() throws Json.SyntaxException {
    assertEquals("\" \\ / \b \f \n \r \t \u00e9 \u20ac \ud83d\ude00 A",
        parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00E9 \\u20ac \\ud83d\\ude00 \\u0041\""));
    assertEquals("\u00e9\u20ac\ud83d\ude00", parse("\"\u00e9\u20ac\ud83d\ude00\""));
  }

  @Test
  void writerEscapesWhatJsonRequiresAndTheReaderReadsItBack() throws Json.SyntaxException {
    String text = "q\" b\\ \n\r\t\b\f \u0000\u001f \u007f \u00e9 \ud83d\ude00 /";
    StringBuilder out = new StringBuilder();
    Json.writeString(out, text);
    assertEquals("\"q\\\" b\\\\ \\n\\r\\t\\b\\f \\u0000\\u001f \u007f \u00e9 \ud83d\ude00 /\"",
        out.toString());
    assertEquals(text, parse(out.toString()));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "`{\"a\" 1}`        | 5  | expected ':' after object key",
    "`{\"a\":1,}`       | 7  | expected a string key",
    "`{\"a\":1 \"b\":2}` | 7  | expected ',' or '}'",
    "`[1 2]`            | 3  | expected ',' or ']'",
    "`[1,]`             | 3  | expected a value",
    "`{a:1}`            | 1  | expected a string key",
    "`\"abc`            | 4  | unterminated string",
    "`\"\\x\"`          | 2  | invalid escape sequence \\x",
    "`\"\\u12g4\"`      | 5  | expected 4 hexadecimal digits",
    "`\"\\ud800\"`      | 7  | high surrogate",
    "`\"\\ud800\\u0041\"` | 7 | high surrogate",
    "`\"\\udc00\"`      | 1  | low surrogate",
    "`01`               | 1  | expected end of input",
    "`-`                | 1  | expected a digit in number",
    "`1.`               | 2  | expected a digit after decimal point",
    "`1e`               | 2  | expected a digit in exponent",
    "`tru`              | 3  | expected 'true'",
    "`nul`              | 3  | expected 'null'",
    "`+1`               | 0  | expected a value",
    "`{\"a\":1,\"a\":2}` | 7  | duplicate key \"a\"",
    "``                 | 0  | found end of input",
  })
  void syntaxErrorsNameTheirBytePosition(String text, int position, String problem) {
    Json.SyntaxException e = error(text);
    assertEquals(position, e.position(), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  @Test
  void rejectsRawControlCharactersInStrings() {
    Json.SyntaxException e = error("\"a\tb\"");
    assertEquals(2, e.position());
    assertTrue(e.getMessage().contains("byte 0x09"), e.getMessage());
  }

  @Test
  void rejectsOverlongUtf8() {
    byte[] overlongSlash = {'"', (byte) 0xc0, (byte) 0xaf, '"'};
    assertEquals(1, assertThrows(Json.SyntaxException.class, () -> Json.parse(overlongSlash))
        .position());
    byte[] overlongThreeBytes = {'"', (byte) 0xe0, (byte) 0x80, (byte) 0x80, '"'};
    assertEquals(2, assertThrows(Json.SyntaxException.class,
        () -> Json.parse(overlongThreeBytes)).position());
    byte[] beyondUnicode = {'"', (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'};
    assertEquals(2, assertThrows(Json.SyntaxException.class, () -> Json.parse(beyondUnicode))
        .position());
    byte[] truncated = {'"', (byte) 0xe2, (byte) 0x82};
    assertEquals(3, assertThrows(Json.SyntaxException.class, () -> Json.parse(truncated))
        .position());
  }

  @Test
  void limitsNestingInsteadOfOverflowingTheStack() throws Json.SyntaxException {
    String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
    parse(ok);
    Json.SyntaxException e = error("[".repeat(100_000));
    assertEquals(Json.MAX_DEPTH, e.position());
    assertTrue(e.getMessage().contains("nested deeper than 128"), e.getMessage());
  }
}
