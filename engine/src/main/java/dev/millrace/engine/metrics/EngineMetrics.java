package dev.millrace.engine.metrics;

import dev.millrace.engine.record.BpmnElementType;
import dev.millrace.engine.record.JobIntent;
import dev.millrace.engine.record.ProcessInstanceIntent;
import dev.millrace.engine.record.Record;
import dev.millrace.engine.record.ValueType;
import dev.millrace.engine.record.value.ProcessInstanceRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The engine's Micrometer meters (names under {@code millrace.engine}). */
public final class EngineMetrics {

  private final Counter instancesCreated;
  private final Counter instancesCompleted;
  private final Counter instancesTerminated;
  private final Counter jobsCreated;
  private final Counter jobsCompleted;
  private final Counter jobsFailed;
  private final Counter commandsRejected;
  private final Counter backPressure;
  private final Timer processingLatency;
  private final Timer queueWait;
  private final DistributionSummary batchRecords;

  public EngineMetrics(
      MeterRegistry registry, Supplier<Number> inboxSize, Supplier<Number> processingLag) {
    instancesCreated = registry.counter("millrace.engine.process.instances", "event", "created");
    instancesCompleted =
        registry.counter("millrace.engine.process.instances", "event", "completed");
    instancesTerminated =
        registry.counter("millrace.engine.process.instances", "event", "terminated");
    jobsCreated = registry.counter("millrace.engine.jobs", "event", "created");
    jobsCompleted = registry.counter("millrace.engine.jobs", "event", "completed");
    jobsFailed = registry.counter("millrace.engine.jobs", "event", "failed");
    commandsRejected = registry.counter("millrace.engine.commands.rejected");
    backPressure = registry.counter("millrace.engine.commands.backpressure");
    processingLatency =
        Timer.builder("millrace.engine.processing.latency")
            .description("time to process one command with all its follow-ups")
            .publishPercentileHistogram()
            .register(registry);
    queueWait =
        Timer.builder("millrace.engine.processing.queue.wait")
            .description("time a command waited before processing started")
            .register(registry);
    batchRecords = registry.summary("millrace.engine.batch.records");
    registry.gauge("millrace.engine.inbox.size", inboxSize, s -> s.get().doubleValue());
    registry.gauge("millrace.engine.processing.lag", processingLag, s -> s.get().doubleValue());
  }

  public void batch(List<Record> records, long processingNanos) {
    processingLatency.record(processingNanos, TimeUnit.NANOSECONDS);
    batchRecords.record(records.size());
    for (var record : records) {
      if (record.isRejection()) {
        commandsRejected.increment();
      } else if (record.isEvent()) {
        count(record);
      }
    }
  }

  private void count(Record record) {
    if (record.valueType() == ValueType.PROCESS_INSTANCE
        && ((ProcessInstanceRecord) record.value()).bpmnElementType() == BpmnElementType.PROCESS) {
      var intent = record.intent();
      if (intent == ProcessInstanceIntent.ELEMENT_ACTIVATING) {
        instancesCreated.increment();
      } else if (intent == ProcessInstanceIntent.ELEMENT_COMPLETED) {
        instancesCompleted.increment();
      } else if (intent == ProcessInstanceIntent.ELEMENT_TERMINATED) {
        instancesTerminated.increment();
      }
    } else if (record.valueType() == ValueType.JOB) {
      var intent = record.intent();
      if (intent == JobIntent.CREATED) {
        jobsCreated.increment();
      } else if (intent == JobIntent.COMPLETED) {
        jobsCompleted.increment();
      } else if (intent == JobIntent.FAILED) {
        jobsFailed.increment();
      }
    }
  }

  public void queueWait(long nanos) {
    queueWait.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void backPressure() {
    backPressure.increment();
  }
}
