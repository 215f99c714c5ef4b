package org.soen.cloud.apiguard;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The public API of the published jars as text, one sorted line per public type and per public or
 * protected member a user can reach: {@code <module> <type> <kind> <signature>}. Types in
 * {@code ..internal..} packages are not API. Methods a public type inherits from a class users
 * cannot name (Immutables' package-private {@code ImmutableX.Builder}) are listed as the public
 * type's own, since users call them on it.
 */
final class PublicApi {
  private final List<String> lines;

  private PublicApi(List<String> lines) {
    this.lines = lines;
  }

  /** The API of {@code classes}. */
  static PublicApi of(JavaClasses classes) {
    Set<String> out = new TreeSet<>();
    for (JavaClass jc : classes) {
      Class<?> c = jc.reflect();
      if (!isApi(c)) {
        continue;
      }
      String prefix = PublishedClasses.moduleOf(jc) + " " + c.getName() + " ";
      out.add(prefix + "type " + typeLine(c));
      for (Field f : c.getDeclaredFields()) {
        if (visible(f.getModifiers()) && !f.isSynthetic()) {
          out.add(prefix + "field " + Modifier.toString(f.getModifiers()) + " " + name(f.getGenericType()) + " " + f.getName());
        }
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (visible(k.getModifiers()) && !k.isSynthetic()) {
          out.add(prefix + "constructor " + Modifier.toString(k.getModifiers()) + " " + parameters(k));
        }
      }
      for (Method m : methods(c)) {
        out.add(prefix + "method " + Modifier.toString(m.getModifiers() & Modifier.methodModifiers()) + " "
            + name(m.getGenericReturnType()) + " " + m.getName() + parameters(m));
      }
    }
    return new PublicApi(List.copyOf(out));
  }

  /** The lines, sorted. */
  List<String> lines() {
    return lines;
  }

  /** How many lines are of {@code kind} ({@code type}, {@code method}, {@code constructor}, {@code field}). */
  long count(String kind) {
    return lines.stream().filter(l -> l.split(" ", 4)[2].equals(kind)).count();
  }

  /** Counts by kind, for the build log and the changelog. */
  String summary() {
    return count("type") + " public types, " + count("method") + " public methods, " + count("constructor")
        + " constructors, " + count("field") + " fields";
  }

  /** The text of the signature file. */
  String text() {
    return lines.stream().collect(Collectors.joining("\n", "", "\n"));
  }

  private static boolean isApi(Class<?> c) {
    if (c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass() || c.getPackageName().contains(".internal")) {
      return false;
    }
    for (Class<?> x = c; x != null; x = x.getEnclosingClass()) {
      if (!Modifier.isPublic(x.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  /** Declared public or protected methods, and public ones inherited from classes users cannot name. */
  private static List<Method> methods(Class<?> c) {
    List<Method> out = new ArrayList<>();
    for (Method m : c.getDeclaredMethods()) {
      if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
        out.add(m);
      }
    }
    for (Method m : c.getMethods()) {
      Class<?> from = m.getDeclaringClass();
      if (from != c && from.getName().startsWith("org.soen.cloud.") && !isApi(from) && !m.isBridge()
          && Arrays.stream(c.getDeclaredMethods()).noneMatch(d -> sameSignature(d, m))) {
        out.add(m);
      }
    }
    return out;
  }

  private static boolean sameSignature(Method a, Method b) {
    return a.getName().equals(b.getName()) && Arrays.equals(a.getParameterTypes(), b.getParameterTypes());
  }

  private static String typeLine(Class<?> c) {
    String kind = c.isAnnotation() ? "@interface" : c.isInterface() ? "interface" : c.isEnum() ? "enum"
        : c.isRecord() ? "record" : "class";
    int modifiers = c.getModifiers() & (c.isInterface() ? Modifier.interfaceModifiers() : Modifier.classModifiers());
    if (c.isInterface() || c.isEnum() || c.isRecord()) {
      modifiers &= ~(Modifier.ABSTRACT | Modifier.FINAL | Modifier.STATIC);
    }
    StringBuilder b = new StringBuilder((Modifier.toString(modifiers) + " " + kind).strip());
    if (c.getTypeParameters().length > 0) {
      b.append(Arrays.stream(c.getTypeParameters()).map(Type::getTypeName).collect(Collectors.joining(", ", "<", ">")));
    }
    Type superclass = c.getGenericSuperclass();
    if (superclass != null && superclass != Object.class && !c.isEnum() && !c.isRecord()) {
      b.append(" extends ").append(name(superclass));
    }
    Type[] interfaces = c.getGenericInterfaces();
    if (interfaces.length > 0) {
      b.append(c.isInterface() ? " extends " : " implements ")
          .append(Arrays.stream(interfaces).map(PublicApi::name).sorted().collect(Collectors.joining(", ")));
    }
    return b.toString();
  }

  private static String parameters(Executable e) {
    String params = Arrays.stream(e.getGenericParameterTypes()).map(PublicApi::name).collect(Collectors.joining(", ", "(", ")"));
    Type[] thrown = e.getGenericExceptionTypes();
    return thrown.length == 0 ? params
        : params + " throws " + Arrays.stream(thrown).map(PublicApi::name).collect(Collectors.joining(", "));
  }

  private static String name(Type t) {
    return t.getTypeName().replace('$', '.');
  }
}
