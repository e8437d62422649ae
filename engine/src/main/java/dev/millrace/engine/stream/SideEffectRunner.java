package dev.millrace.engine.stream;

import dev.millrace.engine.processing.SideEffect;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each batch's side effects (answers, job pushes) once the log says the batch is durable, on
 * its own thread and in batch order, so neither the processing thread nor the log's flusher waits
 * for gRPC.
 */
final class SideEffectRunner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SideEffectRunner.class);

  private record Pending(long lastPosition, List<SideEffect> effects) {}

  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Thread thread;
  private long committed;
  private volatile boolean running = true;

  SideEffectRunner(String name) {
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
  }

  void start(long committedPosition) {
    committed = committedPosition;
    thread.start();
  }

  void add(long lastPosition, List<SideEffect> effects) {
    lock.lock();
    try {
      pending.addLast(new Pending(lastPosition, effects));
      if (lastPosition <= committed) {
        changed.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Called by the log's flusher: everything up to {@code position} is durable now. */
  void committed(long position) {
    lock.lock();
    try {
      committed = Math.max(committed, position);
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Drops effects that will never be durable (a failed append), returning them. */
  List<Pending> abandonUncommitted() {
    lock.lock();
    try {
      var dropped = pending.stream().filter(p -> p.lastPosition() > committed).toList();
      pending.removeIf(p -> p.lastPosition() > committed);
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    var ready = new ArrayDeque<Pending>();
    while (running) {
      lock.lock();
      try {
        while (running && (pending.isEmpty() || pending.peekFirst().lastPosition() > committed)) {
          changed.await();
        }
        while (!pending.isEmpty() && pending.peekFirst().lastPosition() <= committed) {
          ready.addLast(pending.pollFirst());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        lock.unlock();
      }
      for (var batch : ready) {
        for (var effect : batch.effects()) {
          try {
            effect.run();
          } catch (RuntimeException e) {
            LOG.warn("A side effect failed (the client may have gone away)", e);
          }
        }
      }
      ready.clear();
    }
  }

  @Override
  public void close() {
    running = false;
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
