package org.skipline.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import org.skipline.ResNet;

/**
 * Finds {@link ResNet} specs that javac never hands to a processor: local classes, and classes
 * nested in local or anonymous ones. {@code RoundEnvironment.getElementsAnnotatedWith} only
 * visits the members of the round's top-level types, not method bodies or initializers, so such
 * a spec would compile silently with no network. This scans the source trees of the round's
 * compilation units instead, so that {@link SpecReader} can refuse them.
 *
 * <p>Needs javac's tree API; under another compiler it finds nothing.
 */
final class LocalSpecFinder {

  private LocalSpecFinder() {}

  /** The specs in bodies and initializers of the compilation units of {@code roots}. */
  static List<TypeElement> find(ProcessingEnvironment env, Set<? extends Element> roots) {
    Trees trees;
    try {
      trees = Trees.instance(env);
    } catch (IllegalArgumentException e) {
      return List.of();
    }
    Set<CompilationUnitTree> units = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Element root : roots) {
      TreePath path = trees.getPath(root);
      if (path != null) {
        units.add(path.getCompilationUnit());
      }
    }
    List<TypeElement> found = new ArrayList<>();
    for (CompilationUnitTree unit : units) {
      new Scanner(trees, found).scan(unit, false);
    }
    return found;
  }

  /** Visits every class declaration; the flag says whether it is inside a body. */
  private static final class Scanner extends TreePathScanner<Void, Boolean> {

    private final Trees trees;
    private final List<TypeElement> found;

    Scanner(Trees trees, List<TypeElement> found) {
      this.trees = trees;
      this.found = found;
    }

    @Override
    public Void visitClass(ClassTree tree, Boolean inBody) {
      if (inBody && tree.getModifiers().getAnnotations().stream().anyMatch(this::mayBeResNet)
          && trees.getElement(getCurrentPath()) instanceof TypeElement type
          && type.getAnnotationMirrors().stream().anyMatch(m -> ((TypeElement) m
              .getAnnotationType().asElement()).getQualifiedName()
              .contentEquals(ResNet.class.getCanonicalName()))) {
        found.add(type);
      }
      scan(tree.getModifiers(), inBody);
      scan(tree.getTypeParameters(), inBody);
      scan(tree.getExtendsClause(), inBody);
      scan(tree.getImplementsClause(), inBody);
      // Member classes are reachable from their enclosing class; everything else (method bodies,
      // initializers, field values, enum constant bodies) is a body.
      for (Tree member : tree.getMembers()) {
        scan(member, inBody || member.getKind() != Tree.Kind.CLASS
            && member.getKind() != Tree.Kind.INTERFACE && member.getKind() != Tree.Kind.ENUM
            && member.getKind() != Tree.Kind.RECORD
            && member.getKind() != Tree.Kind.ANNOTATION_TYPE);
      }
      return null;
    }

    /**
     * Whether the annotation is written {@code ResNet} or {@code something.ResNet}. Only these
     * are resolved: resolving one inside a body makes javac attribute its enclosing class.
     */
    private boolean mayBeResNet(AnnotationTree annotation) {
      Tree type = annotation.getAnnotationType();
      String name = type instanceof IdentifierTree id ? id.getName().toString()
          : type instanceof MemberSelectTree select ? select.getIdentifier().toString() : "";
      return name.equals(ResNet.class.getSimpleName());
    }
  }
}
