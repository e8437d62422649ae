package dev.millrace.benchmark.workload;

/**
 * One engine as the load generator sees it. The process is always the same shape: a none start
 * event, one service task whose job (external task) a worker completes at once, a none end event.
 * Each instance carries one integer variable, {@code seq}, which the worker reads back to report to
 * the {@link InstanceTracker}.
 */
public interface EngineUnderTest extends AutoCloseable {

  /** The variable every instance carries and every worker fetches. */
  String SEQUENCE_VARIABLE = "seq";

  /** Short name for the table ("Millrace", "Operaton"). */
  String name();

  /** Settings that matter to a reader comparing runs (threads, storage, durability). */
  String describe();

  /** Deploys the process and starts workers that report to {@code tracker}. */
  void start(InstanceTracker tracker) throws Exception;

  /**
   * Starts instance {@code seq}. May return before the engine answers; every outcome must reach the
   * tracker ({@link InstanceTracker#completed} or {@link InstanceTracker#failed}).
   */
  void createInstance(int seq) throws Exception;

  /**
   * The engine's own view of the time since the previous call (for example its commit and
   * processing meters), printed after each measured phase to explain the figures; empty when the
   * engine has none.
   */
  default String diagnostics() {
    return "";
  }

  /** How many threads should call {@link #createInstance} (1 for an asynchronous client). */
  int creatorThreads();
}
