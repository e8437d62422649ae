package dev.millrace.runtime.catalog;

/** Compute presets a user picks for training; the same names the platform and k8s use. */
public enum ComputeSize {
  SMALL(1, 2048),
  MEDIUM(2, 4096),
  LARGE(4, 8192);

  private final int cpus;
  private final int memoryMiB;

  ComputeSize(int cpus, int memoryMiB) {
    this.cpus = cpus;
    this.memoryMiB = memoryMiB;
  }

  public int cpus() {
    return cpus;
  }

  public int memoryMiB() {
    return memoryMiB;
  }
}
