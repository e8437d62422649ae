package dev.millrace.runtime.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import dev.millrace.runtime.ModelRuntimeException;

/**
 * Makes DJL work offline before its engine loads: the CPU build of libtorch comes from the
 * pytorch-native-cpu jar on the class path (unpacked once to {@code DJL_CACHE_DIR}), and DJL must
 * neither download a build nor report usage. Values already set by the caller win.
 */
public final class DjlEnvironment {

  private DjlEnvironment() {}

  public static synchronized Engine engine() {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("PYTORCH_FLAVOR", "cpu");
    setIfAbsent("OPT_OUT_TRACKING", "true");
    setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
    // The catalogue's networks are small: one intra-op thread per model call beats a thread pool
    // that spins against other processes on a shared machine (measured: 6x faster tests under
    // load). Parallelism comes from concurrent runs and serving workers instead.
    setIfAbsent("ai.djl.pytorch.num_threads", "1");
    setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    return Engine.getEngine("PyTorch");
  }

  /**
   * The device for a preference: "cpu", "gpu" (refused when none is present) or "auto" (a GPU when
   * present).
   */
  public static Device device(String preference) {
    int gpus = usableGpuCount();
    return switch (preference == null ? "auto" : preference) {
      case "cpu" -> Device.cpu();
      case "gpu" -> {
        if (gpus == 0) {
          throw new ModelRuntimeException("a GPU was asked for but this machine has none");
        }
        yield Device.gpu();
      }
      case "auto" -> gpus > 0 ? Device.gpu() : Device.cpu();
      default ->
          throw new ModelRuntimeException(
              "device '" + preference + "' is not one of cpu, gpu, auto");
    };
  }

  /**
   * GPUs this process can train and predict on. DJL counts the GPUs the CUDA driver sees even when
   * the libtorch build in use is CPU-only (the one this runtime ships), so a GPU counts only when
   * libtorch itself was built with CUDA.
   */
  public static int usableGpuCount() {
    Engine engine = engine();
    return engine.hasCapability(StandardCapabilities.CUDA) ? engine.getGpuCount() : 0;
  }

  /** GPUs the CUDA driver reports, whether or not libtorch can use them. */
  public static int visibleGpuCount() {
    return engine().getGpuCount();
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null && System.getenv(key) == null) {
      System.setProperty(key, value);
    }
  }
}
