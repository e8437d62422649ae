package dev.millrace.runtime.serving;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands parsed infer requests to the batcher one event-loop round at a time. Requests parsed while
 * an event loop works through its ready connections are collected; a task that the loop runs after
 * that I/O submits them to the batcher as one group, and the group's answers come back to the loop
 * as one task. Per request that saves a queue hand-off, a batcher wake-up and an event-loop wake-up
 * (each a system call and a context switch on a busy machine); a lone request still goes out in the
 * same round it was read.
 */
final class InferenceRounds {

  /** One parsed infer request waiting for its rows' outputs. */
  record Call(ChannelHandlerContext ctx, boolean keepAlive, InferenceInput input, long start) {}

  /** How a group's answers reach the clients; called on the group's event loop. */
  interface Answerer {
    void answer(Call call, float[] outputs, int offset);

    void fail(Call call, Throwable failure);
  }

  private final DynamicBatcher batcher;
  private final int width;
  private final int outputsPerRow;
  private final int maxBatchRows;
  private final Answerer answerer;
  private final FastThreadLocal<Round> rounds =
      new FastThreadLocal<>() {
        @Override
        protected Round initialValue() {
          return new Round();
        }
      };

  InferenceRounds(
      DynamicBatcher batcher, int width, int outputsPerRow, int maxBatchRows, Answerer answerer) {
    this.batcher = batcher;
    this.width = width;
    this.outputsPerRow = outputsPerRow;
    this.maxBatchRows = maxBatchRows;
    this.answerer = answerer;
  }

  /** Must be called on {@code call.ctx()}'s event loop. */
  void add(Call call) {
    rounds.get().add(call);
  }

  private final class Round implements Runnable {
    private List<Call> calls = new ArrayList<>();
    private int rows;

    void add(Call call) {
      if (!calls.isEmpty() && rows + call.input().rows > maxBatchRows) {
        run(); // a group stays within the batch size unless one request alone exceeds it
      }
      if (calls.isEmpty()) {
        // From inside the loop this only queues the task: it runs after the current I/O.
        call.ctx().executor().execute(this);
      }
      calls.add(call);
      rows += call.input().rows;
      if (rows >= maxBatchRows) {
        run();
      }
    }

    @Override
    public void run() {
      if (calls.isEmpty()) {
        return;
      }
      List<Call> group = calls;
      int groupRows = rows;
      calls = new ArrayList<>();
      rows = 0;
      submit(group, groupRows);
    }
  }

  private void submit(List<Call> group, int rows) {
    float[] encoded;
    if (group.size() == 1) {
      encoded = group.get(0).input().encoded;
    } else {
      encoded = new float[rows * width];
      int offset = 0;
      for (Call call : group) {
        System.arraycopy(call.input().encoded, 0, encoded, offset, call.input().rows * width);
        offset += call.input().rows * width;
      }
    }
    if (!batcher.hasWorkers()) {
      // No hand-off to a batcher thread and back: the round's group is the batch.
      float[] outputs = null;
      Throwable failure = null;
      try {
        outputs = batcher.predictNow(encoded, rows, group.size());
      } catch (RuntimeException e) {
        failure = e;
      }
      answer(group, outputs, failure);
      return;
    }
    EventExecutor loop = group.get(0).ctx().executor();
    batcher
        .submit(encoded, rows, group.size())
        .whenComplete((outputs, failure) -> loop.execute(() -> answer(group, outputs, failure)));
  }

  private void answer(List<Call> group, float[] outputs, Throwable failure) {
    int offset = 0;
    for (Call call : group) {
      if (failure != null) {
        answerer.fail(call, failure);
      } else {
        answerer.answer(call, outputs, offset);
        offset += call.input().rows * outputsPerRow;
      }
    }
  }
}
