package dev.millrace.engine.launcher;

import java.lang.reflect.Method;

/**
 * The standalone jar's entry point, compiled for Java 8 so that an old {@code java} gets a clear
 * sentence instead of an UnsupportedClassVersionError, then hands over to the engine's Main.
 */
public final class Launcher {

  private Launcher() {}

  public static void main(String[] args) throws Exception {
    String spec = System.getProperty("java.specification.version", "0");
    int major = Integer.parseInt(spec.startsWith("1.") ? spec.substring(2) : spec);
    if (major < 21) {
      System.err.println(
          "millrace-engine: needs Java 21 or newer, but this is Java "
              + spec
              + " ("
              + System.getProperty("java.home")
              + "); run it with a newer java, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar ...");
      System.exit(2);
    }
    Method main = Class.forName("dev.millrace.engine.Main").getMethod("main", String[].class);
    main.invoke(null, (Object) args);
  }
}
