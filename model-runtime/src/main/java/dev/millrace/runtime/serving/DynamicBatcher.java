package dev.millrace.runtime.serving;

import dev.millrace.runtime.artifact.ModelPredictor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Groups concurrent requests into one model call. A worker takes the oldest submission and adds
 * queued ones up to {@code maxBatchRows}; it waits (at most {@code maxDelayNanos} after the oldest
 * arrived) only while more admitted requests are on their way, so a lone request is never delayed.
 * A submission may carry several requests (the server hands over what one event-loop round parsed
 * in one go), so the queue and the wake-ups are paid per group, not per request.
 */
final class DynamicBatcher implements AutoCloseable {

  private record Pending(
      float[] rows, int count, int requests, CompletableFuture<float[]> result, long enqueued) {}

  private static final Pending STOP = new Pending(new float[0], 0, 0, null, 0);

  private final ModelPredictor predictor;
  private final int width;
  private final int maxBatchRows;
  private final long maxDelayNanos;
  private final AtomicInteger awaiting;
  private final IntConsumer batchObserver;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final List<Thread> workers = new ArrayList<>();

  /**
   * @param awaiting requests admitted by the server and not yet through the model (shared counter:
   *     the server adds each admitted request and takes back those it answers without the model;
   *     the batcher takes back the requests of each batch it finishes)
   */
  DynamicBatcher(
      ModelPredictor predictor,
      int maxBatchRows,
      long maxDelayNanos,
      int threads,
      AtomicInteger awaiting,
      IntConsumer batchObserver) {
    this.predictor = predictor;
    this.width = predictor.preprocessing().width();
    this.maxBatchRows = maxBatchRows;
    this.maxDelayNanos = maxDelayNanos;
    this.awaiting = awaiting;
    this.batchObserver = batchObserver;
    for (int i = 0; i < threads; i++) {
      Thread worker = Thread.ofPlatform().name("millrace-batcher-" + i).daemon().start(this::run);
      workers.add(worker);
    }
  }

  /**
   * Queues {@code count} encoded rows that belong to {@code requests} requests; the result holds
   * {@link ModelPredictor#outputsPerRow()} values per row, in order.
   */
  CompletableFuture<float[]> submit(float[] rows, int count, int requests) {
    CompletableFuture<float[]> result = new CompletableFuture<>();
    queue.add(new Pending(rows, count, requests, result, System.nanoTime()));
    return result;
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    while (true) {
      Pending first;
      try {
        first = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (first == STOP) {
        return;
      }
      batch.clear();
      batch.add(first);
      int rows = first.count();
      int requests = first.requests();
      long deadline = first.enqueued() + maxDelayNanos;
      while (rows < maxBatchRows) {
        Pending next = queue.poll();
        if (next == null) {
          // Wait only for requests already admitted but not yet queued (being parsed).
          long left = deadline - System.nanoTime();
          if (left <= 0 || awaiting.get() <= requests + busyElsewhere()) {
            break;
          }
          try {
            next = queue.poll(Math.min(left, 200_000), TimeUnit.NANOSECONDS);
          } catch (InterruptedException e) {
            break;
          }
          if (next == null) {
            continue;
          }
        }
        if (next == STOP) {
          queue.add(STOP);
          break;
        }
        if (rows + next.count() > maxBatchRows) {
          queue.add(next); // goes to the back: it will lead a later batch
          break;
        }
        batch.add(next);
        rows += next.count();
        requests += next.requests();
      }
      execute(batch, rows, requests);
    }
  }

  /**
   * Runs {@code count} rows of {@code requests} requests on the calling thread (the server's event
   * loop when it has no batch workers): the batch is what the caller gathered, no waiting.
   */
  float[] predictNow(float[] rows, int count, int requests) {
    running.addAndGet(requests);
    try {
      float[] outputs = predictor.predictEncoded(rows, count);
      batchObserver.accept(count);
      return outputs;
    } finally {
      awaiting.addAndGet(-requests);
      running.addAndGet(-requests);
    }
  }

  boolean hasWorkers() {
    return !workers.isEmpty();
  }

  /** Requests other workers are running right now are admitted too; don't wait for them. */
  private int busyElsewhere() {
    return running.get();
  }

  private final AtomicInteger running = new AtomicInteger();

  private void execute(List<Pending> batch, int rows, int requests) {
    running.addAndGet(requests);
    try {
      float[] input;
      if (batch.size() == 1) {
        input = batch.get(0).rows();
      } else {
        input = new float[rows * width];
        int offset = 0;
        for (Pending pending : batch) {
          System.arraycopy(pending.rows(), 0, input, offset, pending.count() * width);
          offset += pending.count() * width;
        }
      }
      float[] outputs = predictor.predictEncoded(input, rows);
      batchObserver.accept(rows);
      int k = predictor.outputsPerRow();
      int offset = 0;
      for (Pending pending : batch) {
        float[] slice = new float[pending.count() * k];
        System.arraycopy(outputs, offset, slice, 0, slice.length);
        offset += slice.length;
        pending.result().complete(slice);
      }
    } catch (RuntimeException e) {
      for (Pending pending : batch) {
        pending.result().completeExceptionally(e);
      }
    } finally {
      awaiting.addAndGet(-requests);
      running.addAndGet(-requests);
    }
  }

  /** Finishes queued work, then stops the workers. */
  @Override
  public void close() {
    for (int i = 0; i < workers.size(); i++) {
      queue.add(STOP);
    }
    for (Thread worker : workers) {
      try {
        worker.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
