package org.skipline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reads the compiled generated classes and checks every method against HotSpot's JIT limit:
 * a method with more than 8000 bytes of bytecode ({@code -XX:HugeMethodLimit}) is never
 * compiled and runs 40-70x slower in the interpreter.
 */
class MethodSizeTest {

  private static final int HUGE_METHOD_LIMIT = 8000;

  @ParameterizedTest
  @ValueSource(classes = {PreActResNet1001Network.class, PreActResNet164Network.class,
      ResNet164Network.class, PreActResNet110Network.class, ResNet110Network.class})
  void everyGeneratedMethodIsJitCompilable(Class<?> generated) throws IOException {
    byte[] bytes;
    try (InputStream in = generated.getResourceAsStream(generated.getSimpleName() + ".class")) {
      bytes = in.readAllBytes();
    }
    ClassModel model = ClassFile.of().parse(bytes);
    List<String> tooLarge = new ArrayList<>();
    int methods = 0;
    int largest = 0;
    for (MethodModel method : model.methods()) {
      int size = method.findAttribute(Attributes.code()).map(CodeAttribute::codeLength)
          .orElse(0);
      largest = Math.max(largest, size);
      methods++;
      if (size >= HUGE_METHOD_LIMIT) {
        tooLarge.add(method.methodName().stringValue() + " (" + size + " bytes)");
      }
    }
    assertEquals(List.of(), tooLarge, generated.getSimpleName() + " has methods over the limit");
    assertTrue(methods > 10, "read " + methods + " methods, largest " + largest + " bytes");
  }
}
