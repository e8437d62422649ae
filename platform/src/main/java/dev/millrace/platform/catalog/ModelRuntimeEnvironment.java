package dev.millrace.platform.catalog;

import dev.millrace.platform.PlatformProperties;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * Where the model runtime, used here as a library, keeps its files: the playground's base models
 * ({@code millrace.home}) and the unpacked PyTorch library ({@code DJL_CACHE_DIR}, 432 MB once).
 * Both default to the platform's data directory; a value the operator set (system property or
 * environment variable) wins. They are JVM-wide, so the first platform in a JVM decides.
 */
@Component
public class ModelRuntimeEnvironment {

  public ModelRuntimeEnvironment(PlatformProperties properties) {
    Path dataDir = properties.dataDir().toAbsolutePath();
    setIfAbsent("millrace.home", "MILLRACE_HOME", dataDir.toString());
    setIfAbsent("DJL_CACHE_DIR", "DJL_CACHE_DIR", dataDir.resolve("djl-cache").toString());
  }

  private static void setIfAbsent(String property, String variable, String value) {
    if (System.getProperty(property) == null && System.getenv(variable) == null) {
      System.setProperty(property, value);
    }
  }
}
