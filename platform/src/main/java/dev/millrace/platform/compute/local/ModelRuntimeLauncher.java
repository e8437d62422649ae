package dev.millrace.platform.compute.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.runtime.catalog.ComputeSize;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command lines for {@code java -jar <model-runtime jar> <command>}: the JVM, its heap for a
 * compute size, the offline environment; and what the runtime says about the machine's GPUs.
 */
final class ModelRuntimeLauncher {

  private static final Logger log = LoggerFactory.getLogger(ModelRuntimeLauncher.class);

  /** What {@code devices} answered: usable GPUs, or why the runtime could not be asked. */
  record Devices(int gpus, String problem) {}

  private final LocalComputeProperties settings;
  private final ObjectMapper json;
  private final Path djlCache;
  private final AtomicReference<Devices> devices = new AtomicReference<>();

  /**
   * @param dataDir the platform's: libtorch is unpacked under it unless a cache directory is set
   *     (the setting, else {@code DJL_CACHE_DIR} as the platform itself uses it)
   */
  ModelRuntimeLauncher(LocalComputeProperties settings, ObjectMapper json, Path dataDir) {
    this.settings = settings;
    this.json = json;
    String platformCache = System.getProperty("DJL_CACHE_DIR", System.getenv("DJL_CACHE_DIR"));
    this.djlCache =
        (settings.getDjlCacheDir() != null
                ? settings.getDjlCacheDir()
                : platformCache != null ? Path.of(platformCache) : dataDir.resolve("djl-cache"))
            .toAbsolutePath();
  }

  /**
   * @param size the compute (or pod) size: it sets the child's heap to a quarter of the size's
   *     memory, leaving the rest to libtorch's native memory
   */
  ChildProcess.Spec spec(String name, ComputeSize size, List<String> arguments, Path stderrLog) {
    List<String> command = new ArrayList<>();
    command.add(settings.getJavaCommand());
    command.addAll(settings.getJvmOptions());
    command.add("-Xmx" + Math.max(256, size.memoryMiB() / 4) + "m");
    command.add("-jar");
    command.add(settings.resolvedRuntimeJar().toAbsolutePath().toString());
    command.addAll(arguments);
    // The platform's own libtorch copy when it has one: a second unpack would cost 432 MB.
    String cache = djlCache.toString();
    return ChildProcess.Spec.of(name, command)
        .withStderrLog(stderrLog)
        .withEnvironment(Map.of("DJL_CACHE_DIR", cache, "ENGINE_CACHE_DIR", cache));
  }

  /**
   * {@code small}, {@code medium} or {@code large} (null: small).
   *
   * @throws IllegalArgumentException naming the field and the sizes there are
   */
  static ComputeSize size(String field, String name) {
    if (name == null || name.isBlank()) {
      return ComputeSize.SMALL;
    }
    try {
      return ComputeSize.valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          field + " '" + name + "' is not one of small, medium, large");
    }
  }

  /** Asks the runtime once ({@code devices}); later calls answer from memory. */
  Devices devices() {
    Devices known = devices.get();
    if (known != null) {
      return known;
    }
    Devices asked = ask();
    devices.compareAndSet(null, asked);
    return devices.get();
  }

  private Devices ask() {
    AtomicReference<JsonNode> answer = new AtomicReference<>();
    ChildProcess child;
    try {
      child =
          ChildProcess.start(
              spec("model-runtime-devices", ComputeSize.SMALL, List.of("devices"), null),
              line -> {
                if (line.startsWith("{")) {
                  try {
                    answer.set(json.readTree(line));
                  } catch (Exception e) {
                    log.debug("devices: not JSON: {}", line);
                  }
                }
              });
    } catch (RuntimeException e) {
      log.warn("cannot ask the model runtime about GPUs: {}", e.getMessage());
      return new Devices(0, e.getMessage());
    }
    int code = child.awaitOrKill(Duration.ofSeconds(120));
    if (code != 0 || answer.get() == null) {
      String reason =
          "the model runtime's devices command failed (exit code "
              + code
              + child.errorLine().map(line -> ": " + line).orElse("")
              + ")";
      log.warn(reason);
      return new Devices(0, reason);
    }
    log.info("model runtime devices: {}", answer.get());
    return new Devices(answer.get().path("gpus").asInt(0), null);
  }
}
