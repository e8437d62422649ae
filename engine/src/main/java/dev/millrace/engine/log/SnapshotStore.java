package dev.millrace.engine.log;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots of engine state in one directory, one file each, written atomically (temporary file,
 * fsync, rename, directory fsync) so that a crash leaves either the old set or the new one. The
 * newest {@code retained} are kept. Thread-safe.
 *
 * <pre>
 * snapshot-&lt;position, 20 digits&gt;.snap:
 *   magic "MILLRSNP" (8) | format version (4) | flags, 0 (4) | position (8)
 *   | state (n bytes) | n (8) | CRC32C of everything before it (4)
 * </pre>
 */
public final class SnapshotStore {

  /** Streams a state into a snapshot file, for states too large to hold twice in memory. */
  @FunctionalInterface
  public interface StateWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
  private static final long MAGIC = 0x4D494C4C52534E50L; // "MILLRSNP"
  private static final int FORMAT_VERSION = 1;
  private static final int HEADER_BYTES = 24;
  private static final int TRAILER_BYTES = 12;
  private static final Pattern NAME = Pattern.compile("snapshot-(\\d{20})\\.snap");
  private static final String TEMP_SUFFIX = ".tmp";
  private static final String DAMAGED_SUFFIX = ".damaged";

  private final Path directory;
  private final int retained;

  private SnapshotStore(Path directory, int retained) {
    this.directory = directory;
    this.retained = retained;
  }

  /** Opens the store keeping the newest 2 snapshots. */
  public static SnapshotStore open(Path directory) throws IOException {
    return open(directory, 2);
  }

  /**
   * Opens (creating if needed) the store in {@code directory}, keeping the newest {@code retained}
   * snapshots, and removes temporary files an interrupted write left behind.
   */
  public static SnapshotStore open(Path directory, int retained) throws IOException {
    if (retained < 1) {
      throw new IllegalArgumentException("retained must be at least 1, was " + retained);
    }
    Files.createDirectories(directory);
    try (Stream<Path> listing = Files.list(directory)) {
      for (Path leftover :
          listing.filter(p -> p.getFileName().toString().endsWith(TEMP_SUFFIX)).toList()) {
        LOG.info("Removing {}, an unfinished snapshot write", leftover);
        Files.deleteIfExists(leftover);
      }
    }
    return new SnapshotStore(directory, retained);
  }

  public void write(long position, byte[] state) throws IOException {
    write(position, out -> out.write(state));
  }

  /**
   * Writes the snapshot of the state after {@code position}, replacing one at the same position,
   * then deletes all but the newest {@code retained}. Returns once it is durable.
   */
  public synchronized void write(long position, StateWriter state) throws IOException {
    if (position < 0) {
      throw new IllegalArgumentException("position must not be negative, was " + position);
    }
    Path target = directory.resolve(fileName(position));
    Path temp = directory.resolve(fileName(position) + TEMP_SUFFIX);
    try (FileChannel channel =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ChecksummedStream out =
          new ChecksummedStream(
              new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
      header.putLong(MAGIC).putInt(FORMAT_VERSION).putInt(0).putLong(position);
      out.write(header.array());
      state.writeTo(
          new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              out.write(b, off, len);
            }

            @Override
            public void close() {
              // The store finishes the file; a writer closing its stream must not end it early.
            }
          });
      long stateBytes = out.count - HEADER_BYTES;
      out.write(ByteBuffer.allocate(8).putLong(stateBytes).array());
      int crc = (int) out.crc.getValue();
      out.write(ByteBuffer.allocate(4).putInt(crc).array());
      out.flush();
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    DirectorySync.sync(directory);
    prune();
  }

  /**
   * The newest snapshot that is intact. A damaged newer one is skipped with a warning naming the
   * file, renamed to {@code *.damaged} (kept for inspection, never read again), and the next older
   * one is tried.
   */
  public synchronized Optional<Snapshot> latest() throws IOException {
    for (Path file : snapshotFiles()) {
      try {
        return Optional.of(read(file));
      } catch (NoSuchFileException e) {
        // deleted since listing
      } catch (DamagedSnapshotException e) {
        // Set aside so that it is never chosen again and does not count towards 'retained'.
        Path aside = file.resolveSibling(file.getFileName() + DAMAGED_SUFFIX);
        LOG.warn(
            "Snapshot {} is damaged ({}); skipped and renamed to {}",
            file,
            e.getMessage(),
            aside.getFileName());
        try {
          Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException renameFailed) {
          LOG.warn("Could not rename damaged snapshot {}: {}", file, renameFailed.toString());
        }
      } catch (IOException e) {
        LOG.warn("Snapshot {} could not be read and was skipped: {}", file, e.toString());
      }
    }
    return Optional.empty();
  }

  /** Positions of the snapshot files present, newest first, whether intact or not. */
  public synchronized List<Long> positions() throws IOException {
    List<Long> positions = new ArrayList<>();
    for (Path file : snapshotFiles()) {
      positions.add(positionOf(file));
    }
    return positions;
  }

  public Path directory() {
    return directory;
  }

  private Snapshot read(Path file) throws IOException {
    long namedPosition = positionOf(file);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < HEADER_BYTES + TRAILER_BYTES) {
        throw new DamagedSnapshotException("too short (" + size + " bytes)");
      }
      long stateBytes = size - HEADER_BYTES - TRAILER_BYTES;
      if (stateBytes > Integer.MAX_VALUE - 16) {
        throw new DamagedSnapshotException(
            "state of " + stateBytes + " bytes is larger than this store reads");
      }
      ByteBuffer header = readFully(channel, ByteBuffer.allocate(HEADER_BYTES), 0);
      byte[] state = new byte[(int) stateBytes];
      readFully(channel, ByteBuffer.wrap(state), HEADER_BYTES);
      ByteBuffer trailer =
          readFully(channel, ByteBuffer.allocate(TRAILER_BYTES), HEADER_BYTES + stateBytes);
      if (header.getLong(0) != MAGIC) {
        throw new DamagedSnapshotException("bad magic");
      }
      CRC32C crc = new CRC32C();
      crc.update(header.array());
      crc.update(state);
      crc.update(trailer.array(), 0, 8);
      if ((int) crc.getValue() != trailer.getInt(8)) {
        throw new DamagedSnapshotException("checksum mismatch");
      }
      if (header.getInt(8) != FORMAT_VERSION) {
        throw new DamagedSnapshotException("unsupported format version " + header.getInt(8));
      }
      if (trailer.getLong(0) != stateBytes) {
        throw new DamagedSnapshotException(
            "length field " + trailer.getLong(0) + " does not match the file size");
      }
      long position = header.getLong(16);
      if (position != namedPosition) {
        throw new DamagedSnapshotException(
            "holds position " + position + " but its name says " + namedPosition);
      }
      return new Snapshot(position, state, file);
    }
  }

  private void prune() throws IOException {
    List<Path> files = snapshotFiles();
    boolean deleted = false;
    for (int i = retained; i < files.size(); i++) {
      deleted |= Files.deleteIfExists(files.get(i));
    }
    if (deleted) {
      DirectorySync.sync(directory);
    }
  }

  /** Snapshot files, newest (highest position) first. */
  private List<Path> snapshotFiles() throws IOException {
    try (Stream<Path> listing = Files.list(directory)) {
      return listing
          .filter(p -> NAME.matcher(p.getFileName().toString()).matches())
          .sorted(Comparator.comparingLong(SnapshotStore::positionOf).reversed())
          .toList();
    }
  }

  private static long positionOf(Path file) {
    Matcher matcher = NAME.matcher(file.getFileName().toString());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(file + " is not a snapshot file");
    }
    return Long.parseLong(matcher.group(1));
  }

  private static String fileName(long position) {
    return String.format("snapshot-%020d.snap", position);
  }

  private static ByteBuffer readFully(FileChannel channel, ByteBuffer target, long offset)
      throws IOException {
    while (target.hasRemaining()) {
      if (channel.read(target, offset + target.position()) < 0) {
        throw new DamagedSnapshotException("file ends early");
      }
    }
    return target.flip();
  }

  /** The bytes are readable but are not a valid snapshot. */
  private static final class DamagedSnapshotException extends IOException {
    DamagedSnapshotException(String problem) {
      super(problem);
    }
  }

  /** Counts and checksums what passes through. */
  private static final class ChecksummedStream extends FilterOutputStream {
    final CRC32C crc = new CRC32C();
    long count;

    ChecksummedStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      crc.update(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      crc.update(b, off, len);
      count += len;
    }
  }
}
