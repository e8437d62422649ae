package dev.millrace.runtime.training;

import dev.millrace.runtime.Json;
import dev.millrace.runtime.ModelRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A run's checkpoints under {@code <output>/checkpoints}: {@code epoch-NNNN/} (weights, optimiser
 * state, {@code state.json}), {@code best/} (weights of the best epoch so far) and {@code latest}
 * (the name of the newest complete epoch directory). Each directory is written under a temporary
 * name and renamed, and {@code latest} is replaced atomically, so a crash at any moment leaves the
 * previous checkpoint usable.
 */
final class Checkpoints {

  static final String STATE = "state.json";

  /** Loop state saved with each checkpoint. */
  record State(
      int epoch,
      int bestEpoch,
      double bestLoss,
      String dataSha256,
      long seed,
      String catalogEntry,
      double elapsedSeconds) {}

  private final Path root;

  Checkpoints(Path output) {
    this.root = output.resolve("checkpoints");
  }

  Path best() {
    return root.resolve("best");
  }

  /** The newest complete checkpoint, or null. */
  Path latest() {
    Path pointer = root.resolve("latest");
    try {
      if (!Files.exists(pointer)) {
        return null;
      }
      Path dir = root.resolve(Files.readString(pointer).strip());
      return Files.isDirectory(dir) ? dir : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  State readState(Path checkpoint) {
    try {
      return Json.MAPPER.readValue(checkpoint.resolve(STATE).toFile(), State.class);
    } catch (IOException e) {
      throw new ModelRuntimeException("unreadable checkpoint " + checkpoint, e);
    }
  }

  /** Saves an epoch: {@code writer} fills a fresh directory, then it becomes the latest. */
  Path save(State state, Learner learner) {
    String name = String.format("epoch-%04d", state.epoch());
    Path target = root.resolve(name);
    Path previous = latest();
    try {
      Path staging = root.resolve(name + ".tmp");
      delete(staging);
      Files.createDirectories(staging);
      learner.saveCheckpoint(staging);
      Json.MAPPER.writeValue(staging.resolve(STATE).toFile(), state);
      delete(target);
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      Path pointer = root.resolve("latest.tmp");
      Files.writeString(pointer, name);
      Files.move(
          pointer,
          root.resolve("latest"),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      if (previous != null && !previous.equals(target)) {
        delete(previous);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + target, e);
    }
  }

  /** Copies a checkpoint as the best one so far. */
  void saveBest(Learner learner) {
    try {
      Path staging = root.resolve("best.tmp");
      delete(staging);
      Files.createDirectories(staging);
      learner.saveCheckpoint(staging);
      delete(best());
      Files.move(staging, best(), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void deleteAll() {
    delete(root);
  }

  static void delete(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
