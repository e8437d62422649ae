package dev.millrace.engine.log;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells listeners and waiters about commits and about the failure that ends the log. */
final class CommitNotifier {

  private static final Logger LOG = LoggerFactory.getLogger(CommitNotifier.class);

  private record Waiter(long position, CompletableFuture<Long> future) {}

  private final List<LongConsumer> commitListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Throwable>> failureListeners = new CopyOnWriteArrayList<>();
  private final PriorityQueue<Waiter> waiters =
      new PriorityQueue<>((a, b) -> Long.compare(a.position, b.position));
  private final LongSupplier committedPosition;
  private Throwable failure; // guarded by this

  CommitNotifier(LongSupplier committedPosition) {
    this.committedPosition = committedPosition;
  }

  void addCommitListener(LongConsumer listener) {
    commitListeners.add(listener);
  }

  void removeCommitListener(LongConsumer listener) {
    commitListeners.remove(listener);
  }

  void addFailureListener(Consumer<Throwable> listener) {
    failureListeners.add(listener);
  }

  CompletableFuture<Long> await(long position) {
    synchronized (this) {
      if (failure != null) {
        return CompletableFuture.failedFuture(failure);
      }
      long committed = committedPosition.getAsLong();
      if (position <= committed) {
        return CompletableFuture.completedFuture(committed);
      }
      CompletableFuture<Long> future = new CompletableFuture<>();
      waiters.add(new Waiter(position, future));
      return future;
    }
  }

  /** Called after the committed position was advanced to {@code position}. */
  void committed(long position) {
    List<Waiter> due = null;
    synchronized (this) {
      while (!waiters.isEmpty() && waiters.peek().position <= position) {
        if (due == null) {
          due = new ArrayList<>();
        }
        due.add(waiters.poll());
      }
    }
    // Outside the lock: completing runs the callers' dependent stages on this thread.
    if (due != null) {
      for (Waiter waiter : due) {
        waiter.future.complete(position);
      }
    }
    for (LongConsumer listener : commitListeners) {
      try {
        listener.accept(position);
      } catch (RuntimeException e) {
        LOG.warn("Commit listener {} failed at position {}", listener, position, e);
      }
    }
  }

  /** The log failed or closed: nothing more will be committed. */
  void failed(Throwable cause, boolean notifyListeners) {
    List<Waiter> pending;
    synchronized (this) {
      if (failure != null) {
        return;
      }
      failure = cause;
      pending = new ArrayList<>(waiters);
      waiters.clear();
    }
    for (Waiter waiter : pending) {
      waiter.future.completeExceptionally(cause);
    }
    if (notifyListeners) {
      for (Consumer<Throwable> listener : failureListeners) {
        try {
          listener.accept(cause);
        } catch (RuntimeException e) {
          LOG.warn("Failure listener {} failed", listener, e);
        }
      }
    }
  }
}
