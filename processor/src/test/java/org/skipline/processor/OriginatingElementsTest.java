package org.skipline.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.QualifiedNameable;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.skipline.runtime.Network;

/**
 * The contract of an isolating processor for Gradle's incremental builds: every file the
 * processor creates names exactly one originating element, the spec it comes from, and nothing
 * is aggregated over several specs. The processor runs, as under Gradle, behind a processing
 * environment that wraps javac's, here with a Filer that records each file and its originating
 * elements.
 */
class OriginatingElementsTest {

  /** One file the processor created, with the binary names of its originating elements. */
  record Created(String kind, String name, List<String> originatingElements) {}

  @Test
  void everyGeneratedFileNamesExactlyItsSpec() throws IOException {
    Recorder recorder = new Recorder(new ResNetProcessor());
    Compilation compilation = javac().withProcessors(recorder).compile(
        JavaFileObjects.forSourceLines("a.First",
            "package a;",
            "import org.skipline.ResNet;",
            "@ResNet(depth = 8)",
            "public class First {}"),
        JavaFileObjects.forSourceLines("b.Outer",
            "package b;",
            "import org.skipline.ResNet;",
            "public class Outer {",
            "  @ResNet(depth = 11, preActivation = false)",
            "  public static class Inner {}",
            "}"));
    assertThat(compilation).succeeded();

    String registry = Network.SPEC_RESOURCES + "/";
    assertEquals(Set.of(
            new Created("source", "a.FirstNetwork", List.of("a.First")),
            new Created("resource", registry + "a.First", List.of("a.First")),
            new Created("source", "b.Outer_InnerNetwork", List.of("b.Outer$Inner")),
            new Created("resource", registry + "b.Outer$Inner", List.of("b.Outer$Inner"))),
        Set.copyOf(recorder.created));
    assertEquals(4, recorder.created.size(), "each file once: " + recorder.created);

    assertThat(compilation).generatedFile(StandardLocation.CLASS_OUTPUT, "",
        registry + "b.Outer$Inner");
    try (InputStream in = compilation.generatedFile(StandardLocation.CLASS_OUTPUT, "",
        registry + "a.First").orElseThrow().openInputStream()) {
      assertEquals("", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void theProcessorIsRegisteredAsIsolatingForGradle() throws IOException {
    try (InputStream in = ResNetProcessor.class.getResourceAsStream(
        "/META-INF/gradle/incremental.annotation.processors")) {
      String registration = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      assertEquals(ResNetProcessor.class.getName() + ",isolating", registration);
    }
  }

  /** Runs a processor behind a processing environment whose Filer records what it creates. */
  static final class Recorder implements Processor {

    final List<Created> created = new ArrayList<>();
    private final Processor delegate;

    Recorder(Processor delegate) {
      this.delegate = delegate;
    }

    @Override
    public void init(ProcessingEnvironment env) {
      delegate.init(new RecordingEnvironment(env, new RecordingFiler(env.getFiler(), created)));
    }

    @Override
    public Set<String> getSupportedOptions() {
      return delegate.getSupportedOptions();
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return delegate.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return delegate.process(annotations, round);
    }

    @Override
    public Iterable<? extends javax.annotation.processing.Completion> getCompletions(
        Element element, javax.lang.model.element.AnnotationMirror annotation,
        javax.lang.model.element.ExecutableElement member, String userText) {
      return delegate.getCompletions(element, annotation, member, userText);
    }
  }

  /** Javac's processing environment with another Filer, as Gradle wraps it. */
  record RecordingEnvironment(ProcessingEnvironment env, Filer filer)
      implements ProcessingEnvironment {

    @Override
    public Map<String, String> getOptions() {
      return env.getOptions();
    }

    @Override
    public Messager getMessager() {
      return env.getMessager();
    }

    @Override
    public Filer getFiler() {
      return filer;
    }

    @Override
    public Elements getElementUtils() {
      return env.getElementUtils();
    }

    @Override
    public Types getTypeUtils() {
      return env.getTypeUtils();
    }

    @Override
    public SourceVersion getSourceVersion() {
      return env.getSourceVersion();
    }

    @Override
    public Locale getLocale() {
      return env.getLocale();
    }
  }

  /** Records each created file with its originating elements, then lets javac create it. */
  record RecordingFiler(Filer filer, List<Created> created) implements Filer {

    private void record(String kind, CharSequence name, Element[] elements) {
      created.add(new Created(kind, name.toString(), Arrays.stream(elements)
          .map(e -> e instanceof TypeElement t ? binaryName(t) : ((QualifiedNameable) e)
              .getQualifiedName().toString())
          .collect(Collectors.toList())));
    }

    private static String binaryName(TypeElement type) {
      Element outer = type.getEnclosingElement();
      return outer instanceof TypeElement enclosing
          ? binaryName(enclosing) + "$" + type.getSimpleName()
          : type.getQualifiedName().toString();
    }

    @Override
    public JavaFileObject createSourceFile(CharSequence name, Element... elements)
        throws IOException {
      record("source", name, elements);
      return filer.createSourceFile(name, elements);
    }

    @Override
    public JavaFileObject createClassFile(CharSequence name, Element... elements)
        throws IOException {
      record("class", name, elements);
      return filer.createClassFile(name, elements);
    }

    @Override
    public FileObject createResource(JavaFileManager.Location location, CharSequence pkg,
        CharSequence relativeName, Element... elements) throws IOException {
      record("resource", (pkg.isEmpty() ? "" : pkg + "/") + relativeName, elements);
      return filer.createResource(location, pkg, relativeName, elements);
    }

    @Override
    public FileObject getResource(JavaFileManager.Location location, CharSequence pkg,
        CharSequence relativeName) throws IOException {
      return filer.getResource(location, pkg, relativeName);
    }
  }
}
