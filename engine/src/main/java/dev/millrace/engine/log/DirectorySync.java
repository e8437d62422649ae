package dev.millrace.engine.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Fsyncs a directory, which makes file creations, renames and deletions in it durable (on Linux a
 * file's own fsync does not cover its directory entry).
 */
final class DirectorySync {

  private DirectorySync() {}

  static void sync(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
