package dev.millrace.benchmark.millrace;

import dev.millrace.engine.export.Exporter;
import dev.millrace.engine.record.JobBatchIntent;
import dev.millrace.engine.record.JobIntent;
import dev.millrace.engine.record.Record;
import dev.millrace.engine.record.value.JobBatchRecord;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Diagnostic exporter ({@code --count-deliveries}): how jobs reached the worker, pushed on its
 * stream or handed to one of its polls, and how many pushes failed and were yielded back. Off by
 * default because reading the log back costs the engine CPU.
 */
final class DeliveryCounter implements Exporter {

  private final AtomicLong records = new AtomicLong();
  private final AtomicLong pushed = new AtomicLong();
  private final AtomicLong polled = new AtomicLong();
  private final AtomicLong polls = new AtomicLong();
  private final AtomicLong yielded = new AtomicLong();
  private long[] last = new long[5];

  @Override
  public void export(Record record) {
    records.incrementAndGet();
    if (record.intent() == JobBatchIntent.ACTIVATED) {
      var batch = (JobBatchRecord) record.value();
      if (batch.streamId() >= 0) {
        pushed.addAndGet(batch.jobKeys().size());
      } else if (!batch.jobKeys().isEmpty()) {
        polled.addAndGet(batch.jobKeys().size());
        polls.incrementAndGet();
      }
    } else if (record.intent() == JobIntent.YIELDED) {
      yielded.incrementAndGet();
    }
  }

  /** Counts since the previous call; {@code instances} completed meanwhile scales the records. */
  synchronized String sinceLastCall(long instances) {
    long[] now = {records.get(), pushed.get(), polled.get(), polls.get(), yielded.get()};
    long[] delta = new long[now.length];
    for (int i = 0; i < now.length; i++) {
      delta[i] = now[i] - last[i];
    }
    last = now;
    return String.format(
        Locale.ROOT,
        "jobs pushed %d, from polls %d (in %d polls), yielded %d; %.1f records per instance",
        delta[1],
        delta[2],
        delta[3],
        delta[4],
        instances == 0 ? Double.NaN : (double) delta[0] / instances);
  }
}
