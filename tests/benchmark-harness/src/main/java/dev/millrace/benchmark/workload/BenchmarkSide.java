package dev.millrace.benchmark.workload;

/** The main program of a side's JVM: runs the workload and prints the {@code RESULT} line. */
public final class BenchmarkSide {

  private BenchmarkSide() {}

  /** Runs and exits the JVM (client libraries leave non-daemon threads behind). */
  public static void run(EngineUnderTest engine, Workload workload) {
    int status = 0;
    try (engine) {
      var result = new WorkloadRunner(engine, workload, System.err).run();
      System.out.println(result.toLine());
      System.out.flush();
    } catch (Throwable e) {
      System.err.println(engine.name() + " benchmark failed: " + e);
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }
}
