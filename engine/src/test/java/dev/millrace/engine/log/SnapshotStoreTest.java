package dev.millrace.engine.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {

  @TempDir Path dir;

  private static byte[] state(long position, int size) {
    return TestEntries.payload(position, -position, size);
  }

  @Test
  void writesAndReadsBackTheNewestAndKeepsOnlyTheRetainedNumber() throws IOException {
    SnapshotStore store = SnapshotStore.open(dir);
    assertThat(store.latest()).isEmpty();
    for (long position : new long[] {100, 250, 400, 900}) {
      store.write(position, state(position, 1000));
    }
    Snapshot latest = store.latest().orElseThrow();
    assertThat(latest.position()).isEqualTo(900);
    assertThat(latest.state()).isEqualTo(state(900, 1000));
    assertThat(store.positions()).containsExactly(900L, 400L);
    assertThat(dir.resolve("snapshot-00000000000000000100.snap")).doesNotExist();

    // Another store on the same directory sees the same.
    assertThat(SnapshotStore.open(dir).latest().orElseThrow().state()).isEqualTo(state(900, 1000));
  }

  @Test
  void aDamagedNewestSnapshotFallsBackToTheOlderOne() throws IOException {
    SnapshotStore store = SnapshotStore.open(dir);
    store.write(10, state(10, 5000));
    store.write(20, state(20, 5000));
    Path newest = dir.resolve("snapshot-00000000000000000020.snap");

    byte[] bytes = Files.readAllBytes(newest);
    bytes[bytes.length / 2] ^= 1;
    Files.write(newest, bytes);

    Snapshot latest = store.latest().orElseThrow();
    assertThat(latest.position()).isEqualTo(10);
    assertThat(latest.state()).isEqualTo(state(10, 5000));
    // Set aside for inspection; it no longer counts, so the next snapshot does not push out 10.
    assertThat(newest).doesNotExist();
    assertThat(dir.resolve("snapshot-00000000000000000020.snap.damaged")).exists();
    store.write(15, state(15, 100));
    assertThat(store.positions()).containsExactly(15L, 10L);
  }

  @Test
  void everyKindOfDamageIsDetected() throws IOException {
    SnapshotStore store = SnapshotStore.open(dir, 5);
    store.write(1, state(1, 300));
    store.write(2, state(2, 300));
    Path newest = dir.resolve("snapshot-00000000000000000002.snap");
    byte[] intact = Files.readAllBytes(newest);
    // Flip each byte in turn, then cut the file at each length: never accepted.
    for (int i = 0; i < intact.length; i++) {
      byte[] damaged = intact.clone();
      damaged[i] ^= (byte) 0x80;
      Files.write(newest, damaged);
      assertThat(store.latest().orElseThrow().position()).as("flipped byte %d", i).isEqualTo(1);
    }
    for (int cut = 0; cut < intact.length; cut++) {
      Files.write(newest, Arrays.copyOf(intact, cut));
      assertThat(store.latest().orElseThrow().position()).as("cut at %d", cut).isEqualTo(1);
    }
    Files.write(newest, intact);
    assertThat(store.latest().orElseThrow().position()).isEqualTo(2);
    // An intact file under another position's name is not trusted.
    Files.write(dir.resolve("snapshot-00000000000000000003.snap"), intact);
    assertThat(store.latest().orElseThrow().position()).isEqualTo(2);
    assertThat(dir.resolve("snapshot-00000000000000000003.snap.damaged")).exists();
  }

  @Test
  void allSnapshotsDamagedMeansNone() throws IOException {
    SnapshotStore store = SnapshotStore.open(dir);
    store.write(5, state(5, 10));
    Files.write(dir.resolve("snapshot-00000000000000000005.snap"), new byte[] {1, 2, 3});
    assertThat(store.latest()).isEmpty();
  }

  @Test
  void largeStatesStreamThrough() throws Exception {
    SnapshotStore store = SnapshotStore.open(dir);
    int chunks = 48;
    MessageDigest written = MessageDigest.getInstance("SHA-256");
    store.write(
        7_000_000,
        out -> {
          SplittableRandom random = new SplittableRandom(7);
          byte[] chunk = new byte[1 << 20];
          for (int i = 0; i < chunks; i++) {
            random.nextBytes(chunk);
            written.update(chunk);
            out.write(chunk);
          }
          out.close(); // must not end the snapshot early
        });
    Snapshot latest = store.latest().orElseThrow();
    assertThat(latest.state()).hasSize(chunks << 20);
    assertThat(MessageDigest.getInstance("SHA-256").digest(latest.state()))
        .isEqualTo(written.digest());
  }

  @Test
  void aFailedWriteLeavesThePreviousSnapshotAndNoTemporaryFile() throws IOException {
    SnapshotStore store = SnapshotStore.open(dir);
    store.write(1, state(1, 100));
    assertThatThrownBy(
            () ->
                store.write(
                    2,
                    out -> {
                      out.write(new byte[1000]);
                      throw new IOException("state serialisation failed");
                    }))
        .hasMessage("state serialisation failed");
    assertThat(store.positions()).containsExactly(1L);
    try (var files = Files.list(dir)) {
      assertThat(files)
          .singleElement()
          .satisfies(
              f -> assertThat(f.getFileName()).hasToString("snapshot-00000000000000000001.snap"));
    }
    assertThat(store.latest().map(Snapshot::position)).isEqualTo(Optional.of(1L));
  }

  @Test
  void leftoverTemporaryFilesAreRemovedOnOpen() throws IOException {
    Files.write(dir.resolve("snapshot-00000000000000000009.snap.tmp"), new byte[100]);
    SnapshotStore store = SnapshotStore.open(dir);
    assertThat(dir.resolve("snapshot-00000000000000000009.snap.tmp")).doesNotExist();
    assertThat(store.latest()).isEmpty();
  }

  @Test
  void rewritingAPositionReplacesIt() throws IOException {
    SnapshotStore store = SnapshotStore.open(dir);
    store.write(3, state(3, 10));
    store.write(3, state(4, 20));
    assertThat(store.positions()).containsExactly(3L);
    assertThat(store.latest().orElseThrow().state()).isEqualTo(state(4, 20));
  }
}
