package dev.millrace.engine.state;

/**
 * Hands out entity keys. Keys carry partition id 1 in their upper bits like Zeebe's (tools that
 * decode a partition from a key keep working); the counter is restored from snapshot and replay.
 */
public final class KeyGenerator {

  private static final int PARTITION_BITS_OFFSET = 51;
  private static final long PARTITION_ONE = 1L << PARTITION_BITS_OFFSET;

  private long next = PARTITION_ONE + 1;

  public long nextKey() {
    return next++;
  }

  /** Makes sure keys seen in the log are never handed out again. */
  public void observe(long key) {
    if (key >= next) {
      next = key + 1;
    }
  }

  public long peek() {
    return next;
  }

  void restore(long next) {
    this.next = next;
  }
}
