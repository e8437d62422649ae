package dev.millrace.engine.processing;

import dev.millrace.engine.record.value.JobRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Workers that asked for jobs to be pushed (StreamActivatedJobs). Streams come and go on gateway
 * threads; the processing thread picks a ready one, round robin, when a job becomes activatable.
 */
public final class JobStreams {

  /** A job handed to a worker: its key and record (worker, deadline and variables filled in). */
  public record ActivatedJob(long key, JobRecord record) {}

  /** One open stream. {@link #push} runs after the activation is durable. */
  public interface JobStream {
    long id();

    String type();

    String worker();

    long timeoutMillis();

    List<String> fetchVariables();

    /** The client can take another message now (gRPC flow control). */
    boolean isReady();

    /** Sends the job; false when the stream is gone or refused it (the job is then yielded). */
    boolean push(ActivatedJob job);
  }

  private final Map<String, CopyOnWriteArrayList<JobStream>> byType = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> cursors = new ConcurrentHashMap<>();

  public void add(JobStream stream) {
    byType.computeIfAbsent(stream.type(), t -> new CopyOnWriteArrayList<>()).add(stream);
  }

  public void remove(JobStream stream) {
    var streams = byType.get(stream.type());
    if (streams != null) {
      streams.remove(stream);
    }
  }

  /** A ready stream for the type, rotating between streams; null when none can take a job. */
  public JobStream nextReady(String type) {
    var streams = byType.get(type);
    if (streams == null || streams.isEmpty()) {
      return null;
    }
    var cursor = cursors.computeIfAbsent(type, t -> new AtomicInteger());
    int size = streams.size();
    int start = Math.floorMod(cursor.getAndIncrement(), size);
    for (int i = 0; i < size; i++) {
      JobStream stream;
      try {
        stream = streams.get((start + i) % size);
      } catch (IndexOutOfBoundsException e) {
        return null; // a stream closed meanwhile
      }
      if (stream.isReady()) {
        return stream;
      }
    }
    return null;
  }

  public int count() {
    return byType.values().stream().mapToInt(List::size).sum();
  }
}
