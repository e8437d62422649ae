package dev.millrace.runtime.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.runtime.TestData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profiling pass's encoding of all-numeric files must equal the full encoder's, cell by cell.
 */
class NumericRowsTest {

  @TempDir Path dir;

  private EncodedTable fromProfilingPass(
      Path file, String target, Task task, MissingValues policy) {
    try (NumericRows numeric = new NumericRows(target, Long.MAX_VALUE)) {
      DatasetProfile profile =
          DatasetProfiler.profile(file, target, task, null, numeric).requireValid();
      return numeric.table(Preprocessing.fromProfile(profile, policy, null));
    }
  }

  private static void assertSameTable(EncodedTable actual, EncodedTable expected) {
    assertThat(actual.rows()).isEqualTo(expected.rows());
    assertThat(actual.width()).isEqualTo(expected.width());
    for (int r = 0; r < expected.rows(); r++) {
      assertThat(actual.target(r)).as("target of row %d", r).isEqualTo(expected.target(r));
      for (int c = 0; c < expected.width(); c++) {
        assertThat(Float.floatToIntBits(actual.get(r, c)))
            .as("row %d column %d", r, c)
            .isEqualTo(Float.floatToIntBits(expected.get(r, c)));
      }
    }
  }

  private void assertEncodesAsTheFullPass(String content, String target, Task task) {
    Path file = TestData.write(dir, "t.csv", content);
    EncodedTable fast = fromProfilingPass(file, target, task, MissingValues.IMPUTE);
    assertThat(fast).as("profiling pass encoded the file").isNotNull();
    Preprocessing raw =
        Preprocessing.fromProfile(
            DatasetProfiler.profile(file, target, task), MissingValues.IMPUTE, null);
    assertSameTable(fast, DatasetLoader.encode(file, raw, Long.MAX_VALUE, true));
  }

  @Test
  void numericFeaturesWithIntegerTextAndDecimalLabelsAndMissingCells() {
    assertEncodesAsTheFullPass(
        "a,b,label,c\n1.5,-2,3,1e3\n0.1,,1,7\n2,3.25,3,0.333333333333333333\n-0,4,10,5\n",
        "label",
        null);
    assertEncodesAsTheFullPass(
        "x,y,kind\n1,2,cat\n3,,dog\n5,6,cat\n7,8,bird\n", "kind", Task.CLASSIFICATION);
    assertEncodesAsTheFullPass(
        "x,y,label\n1,2,0.5\n3,4,1.50\n5,6,0.5\n7,8,1.50\n", "label", Task.CLASSIFICATION);
    assertEncodesAsTheFullPass(
        "x,price,y\n1,2.5,3\n4,1e2,6\n,7.125,9\n10,11,12\n", "price", Task.REGRESSION);
  }

  @Test
  void leavesFilesItCannotEncodeToTheFullPass() {
    // A text feature (categorical), an empty column, and missing values under the reject policy.
    Path text = TestData.write(dir, "c.csv", "x,colour,y\n1,red,0\n2,blue,1\n3,red,0\n");
    assertThat(fromProfilingPass(text, "y", null, MissingValues.IMPUTE)).isNull();
    Path empty = TestData.write(dir, "e.csv", "x,unused,y\n1,,0\n2,,1\n3,,0\n");
    assertThat(fromProfilingPass(empty, "y", null, MissingValues.IMPUTE)).isNull();
    Path missing = TestData.write(dir, "m.csv", "x,z,y\n1,,0\n2,5,1\n3,6,0\n");
    assertThat(fromProfilingPass(missing, "y", null, MissingValues.REJECT)).isNull();
    assertThat(fromProfilingPass(missing, "y", null, MissingValues.IMPUTE)).isNotNull();
  }
}
