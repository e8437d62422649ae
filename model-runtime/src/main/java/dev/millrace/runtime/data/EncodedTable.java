package dev.millrace.runtime.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encoded rows (features as float32) and their targets. Rows live in fixed-size chunks: on the heap
 * while the table is small, then in a memory-mapped spill file, so a data set larger than the heap
 * is paged by the operating system instead of failing.
 */
public final class EncodedTable implements AutoCloseable {

  private static final int CHUNK_FLOATS = 1 << 22; // 16 MiB per chunk

  private final int width;
  private final int rowsPerChunk;
  private final long spillAfterBytes;
  private final List<FloatBuffer> chunks = new ArrayList<>();
  private float[] targets = new float[1024];
  private int rows;
  private Path spillFile;
  private FileChannel spill;
  private long spilledBytes;

  /**
   * @param spillAfterBytes feature bytes kept on the heap before further chunks go to a spill file
   */
  public EncodedTable(int width, long spillAfterBytes) {
    this.width = Math.max(1, width);
    this.rowsPerChunk = Math.max(1, CHUNK_FLOATS / this.width);
    this.spillAfterBytes = spillAfterBytes;
  }

  /** A quarter of the maximum heap stays on the heap; the rest spills. */
  public static long defaultSpillThreshold() {
    return Runtime.getRuntime().maxMemory() / 4;
  }

  public int rows() {
    return rows;
  }

  public int width() {
    return width;
  }

  public boolean spilled() {
    return spill != null;
  }

  public void append(float[] features, int offset, float target) {
    int chunk = rows / rowsPerChunk;
    if (chunk == chunks.size()) {
      chunks.add(newChunk());
    }
    FloatBuffer buffer = chunks.get(chunk);
    buffer.put((rows % rowsPerChunk) * width, features, offset, width);
    if (rows == targets.length) {
      targets = Arrays.copyOf(targets, rows * 2);
    }
    targets[rows++] = target;
  }

  public float get(int row, int column) {
    return chunks.get(row / rowsPerChunk).get((row % rowsPerChunk) * width + column);
  }

  public void copyRow(int row, float[] out, int offset) {
    chunks.get(row / rowsPerChunk).get((row % rowsPerChunk) * width, out, offset, width);
  }

  public void replaceRow(int row, float[] values) {
    chunks.get(row / rowsPerChunk).put((row % rowsPerChunk) * width, values, 0, width);
  }

  public float target(int row) {
    return targets[row];
  }

  public void setTarget(int row, float value) {
    targets[row] = value;
  }

  /** Rewrites every row with the fitted scaling of {@code scaled} (the table holds raw values). */
  public void applyScaling(Preprocessing scaled) {
    float[] row = new float[width];
    List<Feature> features = scaled.features();
    for (int r = 0; r < rows; r++) {
      copyRow(r, row, 0);
      int offset = 0;
      for (Feature feature : features) {
        if (feature.type() != ColumnType.CATEGORICAL) {
          float value = row[offset];
          row[offset] =
              Float.isNaN(value) ? 0f : (float) ((value - feature.center()) / feature.scale());
        }
        offset += feature.width();
      }
      chunks.get(r / rowsPerChunk).put((r % rowsPerChunk) * width, row, 0, width);
      if (scaled.task() == Task.REGRESSION) {
        targets[r] = (float) ((targets[r] - scaled.targetCenter()) / scaled.targetScale());
      }
    }
  }

  private FloatBuffer newChunk() {
    long heapBytes = (long) (chunks.size() + 1) * rowsPerChunk * width * Float.BYTES;
    if (heapBytes <= spillAfterBytes && spill == null) {
      return FloatBuffer.wrap(new float[rowsPerChunk * width]);
    }
    try {
      if (spill == null) {
        spillFile = Files.createTempFile("millrace-table-", ".f32");
        spillFile.toFile().deleteOnExit();
        spill =
            FileChannel.open(
                spillFile,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE);
      }
      long bytes = (long) rowsPerChunk * width * Float.BYTES;
      FloatBuffer mapped =
          spill
              .map(FileChannel.MapMode.READ_WRITE, spilledBytes, bytes)
              .order(ByteOrder.nativeOrder())
              .asFloatBuffer();
      spilledBytes += bytes;
      return mapped;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot spill the encoded table to disk", e);
    }
  }

  @Override
  public void close() {
    chunks.clear();
    if (spill != null) {
      try {
        spill.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
