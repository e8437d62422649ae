package dev.millrace.runtime.training;

import dev.millrace.runtime.Json;
import dev.millrace.runtime.ModelRuntimeException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A run's checkpoints: one file {@code <output>/checkpoints/epoch-NNNN.ckpt} per epoch holding the
 * loop state and the learner's snapshot (weights and optimiser state). A file is written under a
 * temporary name and renamed, so every {@code .ckpt} present is complete and a crash at any moment
 * leaves the previous one usable. Only the newest and the best epoch's files are kept.
 *
 * <p>Files are written by one background thread while the next epochs train (the snapshot itself is
 * taken on the training thread, so it is consistent). At most {@link #MAX_QUEUED} writes are
 * queued: on a busy machine the writer thread may not get a core within one short epoch, and
 * training then need not wait for it, while a slow disk still slows training instead of piling up
 * snapshots.
 */
final class Checkpoints implements AutoCloseable {

  private static final String MAGIC = "millrace-checkpoint-1";
  private static final String SUFFIX = ".ckpt";
  static final int MAX_QUEUED = 2;

  /** Loop state saved with each checkpoint. */
  record State(
      int epoch,
      int bestEpoch,
      double bestLoss,
      String dataSha256,
      long seed,
      String catalogEntry,
      double elapsedSeconds) {}

  /** A checkpoint read back. */
  record Saved(Path file, State state, byte[] snapshot) {}

  private final Path root;
  private final TrainingListener listener;
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().daemon().name("millrace-checkpoint-writer").unstarted(r));
  private final Deque<Future<?>> pending = new ArrayDeque<>();
  private volatile int lastWritten;
  // The writer thread's view of the directory: null until listed once (a resumed run finds files).
  private Set<String> onDisk;

  Checkpoints(Path output, TrainingListener listener) {
    this.root = output.resolve("checkpoints");
    this.listener = listener;
  }

  static String fileName(int epoch) {
    return String.format("epoch-%04d%s", epoch, SUFFIX);
  }

  /** The newest complete checkpoint, or null. */
  Saved latest() {
    if (!Files.isDirectory(root)) {
      return null;
    }
    try (Stream<Path> files = Files.list(root)) {
      Path newest =
          files
              .filter(f -> f.getFileName().toString().endsWith(SUFFIX))
              .max(Comparator.comparing(f -> f.getFileName().toString()))
              .orElse(null);
      return newest == null ? null : read(newest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Saved read(int epoch) {
    return read(root.resolve(fileName(epoch)));
  }

  private static Saved read(Path file) {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      if (!in.readUTF().equals(MAGIC)) {
        throw new ModelRuntimeException(file + " is not a Millrace checkpoint");
      }
      State state = Json.MAPPER.readValue(in.readUTF(), State.class);
      byte[] snapshot = in.readNBytes(in.readInt());
      return new Saved(file, state, snapshot);
    } catch (IOException e) {
      throw new ModelRuntimeException("unreadable checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Queues a checkpoint; the {@code checkpoint} event follows once the file is in place. Waits for
   * the oldest queued write first when {@link #MAX_QUEUED} are queued.
   */
  void save(State state, byte[] snapshot) {
    save(state, snapshot, () -> {});
  }

  /**
   * As {@link #save(State, byte[])}, running {@code first} on the writer thread just before the
   * file is written (the epoch's history line: on disk before its checkpoint, off the training
   * thread).
   */
  void save(State state, byte[] snapshot, Runnable first) {
    while (pending.size() >= MAX_QUEUED) {
      await(pending.removeFirst());
    }
    pending.addLast(
        writer.submit(
            () -> {
              first.run();
              Path target = write(state, snapshot);
              lastWritten = state.epoch();
              listener.onEvent(new TrainingEvent.Checkpoint(state.epoch(), target.toString()));
            }));
  }

  private Path write(State state, byte[] snapshot) {
    Path target = root.resolve(fileName(state.epoch()));
    Path staging = root.resolve(fileName(state.epoch()) + ".tmp");
    try {
      if (onDisk == null) {
        Files.createDirectories(root);
        onDisk = new HashSet<>();
        try (Stream<Path> files = Files.list(root)) {
          files
              .map(f -> f.getFileName().toString())
              .filter(name -> name.endsWith(SUFFIX))
              .forEach(onDisk::add);
        }
      }
      try (OutputStream file = Files.newOutputStream(staging);
          DataOutputStream out = new DataOutputStream(file)) {
        out.writeUTF(MAGIC);
        out.writeUTF(Json.MAPPER.writeValueAsString(state));
        out.writeInt(snapshot.length);
        out.write(snapshot);
      }
      Files.move(
          staging, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      onDisk.add(target.getFileName().toString());
      List<String> keep = List.of(target.getFileName().toString(), fileName(state.bestEpoch()));
      for (Iterator<String> files = onDisk.iterator(); files.hasNext(); ) {
        String name = files.next();
        if (!keep.contains(name)) {
          Files.deleteIfExists(root.resolve(name));
          files.remove();
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + target, e);
    }
  }

  /** Waits until queued checkpoints are on disk; rethrows a failed write. */
  void flush() {
    while (!pending.isEmpty()) {
      await(pending.removeFirst());
    }
  }

  private static void await(Future<?> write) {
    try {
      write.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelRuntimeException("interrupted while writing a checkpoint", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new ModelRuntimeException("checkpoint write failed", e.getCause());
    }
  }

  /** The epoch of the newest checkpoint known to be on disk. */
  int lastWritten() {
    return lastWritten;
  }

  void lastWritten(int epoch) {
    lastWritten = epoch;
  }

  void deleteAll() {
    flush();
    onDisk = null;
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the writer once queued work is done, so that nothing it writes to is closed under it. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
