package dev.millrace.engine.record.value;

import dev.millrace.engine.record.BinaryReader;
import dev.millrace.engine.record.BinaryWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Jobs handed to one worker at once (a poll answer or a stream push). */
public record JobBatchRecord(
    String type,
    String worker,
    long timeout,
    int maxJobsToActivate,
    List<Long> jobKeys,
    List<JobRecord> jobs,
    boolean truncated,
    long streamId,
    List<String> fetchVariables)
    implements RecordValue {

  public JobBatchRecord {
    type = type == null ? "" : type;
    worker = worker == null ? "" : worker;
    jobKeys = jobKeys == null ? List.of() : List.copyOf(jobKeys);
    jobs = jobs == null ? List.of() : List.copyOf(jobs);
    fetchVariables = fetchVariables == null ? List.of() : List.copyOf(fetchVariables);
  }

  /** Every field empty: strings "", keys and numbers -1, lists empty. */
  public static JobBatchRecord empty() {
    return new JobBatchRecord("", "", -1L, -1, List.of(), List.of(), false, -1L, List.of());
  }

  public JobBatchRecord withType(String newValue) {
    return new JobBatchRecord(
        newValue,
        worker,
        timeout,
        maxJobsToActivate,
        jobKeys,
        jobs,
        truncated,
        streamId,
        fetchVariables);
  }

  public JobBatchRecord withWorker(String newValue) {
    return new JobBatchRecord(
        type,
        newValue,
        timeout,
        maxJobsToActivate,
        jobKeys,
        jobs,
        truncated,
        streamId,
        fetchVariables);
  }

  public JobBatchRecord withTimeout(long newValue) {
    return new JobBatchRecord(
        type,
        worker,
        newValue,
        maxJobsToActivate,
        jobKeys,
        jobs,
        truncated,
        streamId,
        fetchVariables);
  }

  public JobBatchRecord withMaxJobsToActivate(int newValue) {
    return new JobBatchRecord(
        type, worker, timeout, newValue, jobKeys, jobs, truncated, streamId, fetchVariables);
  }

  public JobBatchRecord withJobKeys(List<Long> newValue) {
    return new JobBatchRecord(
        type,
        worker,
        timeout,
        maxJobsToActivate,
        newValue,
        jobs,
        truncated,
        streamId,
        fetchVariables);
  }

  public JobBatchRecord withJobs(List<JobRecord> newValue) {
    return new JobBatchRecord(
        type,
        worker,
        timeout,
        maxJobsToActivate,
        jobKeys,
        newValue,
        truncated,
        streamId,
        fetchVariables);
  }

  public JobBatchRecord withTruncated(boolean newValue) {
    return new JobBatchRecord(
        type,
        worker,
        timeout,
        maxJobsToActivate,
        jobKeys,
        jobs,
        newValue,
        streamId,
        fetchVariables);
  }

  public JobBatchRecord withStreamId(long newValue) {
    return new JobBatchRecord(
        type,
        worker,
        timeout,
        maxJobsToActivate,
        jobKeys,
        jobs,
        truncated,
        newValue,
        fetchVariables);
  }

  public JobBatchRecord withFetchVariables(List<String> newValue) {
    return new JobBatchRecord(
        type, worker, timeout, maxJobsToActivate, jobKeys, jobs, truncated, streamId, newValue);
  }

  @Override
  public void write(BinaryWriter w) {
    w.writeString(type);
    w.writeString(worker);
    w.writeLong(timeout);
    w.writeInt(maxJobsToActivate);
    w.writeLongList(jobKeys);
    w.writeInt(jobs.size());
    for (var item : jobs) {
      item.write(w);
    }
    w.writeBoolean(truncated);
    w.writeLong(streamId);
    w.writeStringList(fetchVariables);
  }

  public static JobBatchRecord read(BinaryReader r) {
    return new JobBatchRecord(
        r.readString(),
        r.readString(),
        r.readLong(),
        r.readInt(),
        r.readLongList(),
        readList(r, JobRecord::read),
        r.readBoolean(),
        r.readLong(),
        r.readStringList());
  }

  private static <T> List<T> readList(BinaryReader r, Function<BinaryReader, T> reader) {
    int n = r.readInt();
    var list = new ArrayList<T>(n);
    for (int i = 0; i < n; i++) {
      list.add(reader.apply(r));
    }
    return list;
  }
}
