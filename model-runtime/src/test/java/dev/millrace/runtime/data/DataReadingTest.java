package dev.millrace.runtime.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.runtime.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataReadingTest {

  @TempDir Path dir;

  private static List<Row> rows(Path file) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (TableReader reader = TableReader.open(file)) {
      Row row;
      while ((row = reader.next()) != null) {
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void readsQuotedFieldsWithDelimitersQuotesAndLineBreaks() throws IOException {
    Path file =
        TestData.write(
            dir,
            "q.csv",
            "name,note,value\r\n\"Smith, J\",\"said \"\"hi\"\"\nthen left\",3\r\nB,,4\r\n");
    List<Row> rows = rows(file);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).values()).containsExactly("Smith, J", "said \"hi\"\nthen left", "3");
    assertThat(rows.get(1).line()).isEqualTo(4);
    assertThat(rows.get(1).values()[1]).isNull();
  }

  @Test
  void detectsSemicolonAndTabDelimitersAndSkipsTheByteOrderMark() throws IOException {
    Path semicolon = TestData.write(dir, "s.csv", "\uFEFFa;b;c\n1,5;2;x\n");
    try (TableReader reader = TableReader.open(semicolon)) {
      assertThat(reader.header()).containsExactly("a", "b", "c");
      assertThat(reader.describeFormat()).contains("';'");
      assertThat(reader.next().values()).containsExactly("1,5", "2", "x");
    }
    Path tab = TestData.write(dir, "t.tsv", "a\tb\n1\t2\n");
    try (TableReader reader = TableReader.open(tab)) {
      assertThat(reader.header()).containsExactly("a", "b");
    }
  }

  @Test
  void readsJsonLinesWithMissingKeysAndNulls() throws IOException {
    Path file =
        TestData.write(
            dir,
            "r.jsonl",
            "{\"x\": 1.5, \"c\": \"red\", \"b\": true}\n\n{\"x\": null, \"c\": \"blue\"}\n");
    List<Row> rows = rows(file);
    assertThat(rows.get(0).values()).containsExactly("1.5", "red", "true");
    assertThat(rows.get(1).values()).containsExactly(null, "blue", null);
    assertThat(rows.get(1).line()).isEqualTo(3);
  }

  @Test
  void raggedRowIsLocatedByLineAndColumn() {
    Path file = TestData.write(dir, "r.csv", "a,b,c\n1,2,3\n4,5,6,7\n");
    assertThatThrownBy(() -> rows(file))
        .isInstanceOfSatisfying(
            DataFormatException.class,
            e -> {
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.column()).isEqualTo(7);
              assertThat(e.getMessage()).contains("expected 3 fields", "found 4");
            });
    Path short_ = TestData.write(dir, "s.csv", "a,b,c\n1,2\n");
    assertThatThrownBy(() -> rows(short_))
        .isInstanceOfSatisfying(
            DataFormatException.class,
            e -> {
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.column()).isEqualTo(4);
            });
  }

  @Test
  void unclosedQuoteAndEmptyFileAreErrors() {
    Path quote = TestData.write(dir, "q.csv", "a,b\n1,\"open\n2,3\n");
    assertThatThrownBy(() -> rows(quote))
        .isInstanceOfSatisfying(
            DataFormatException.class,
            e -> {
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.column()).isEqualTo(3);
              assertThat(e.getMessage()).contains("never closed");
            });
    Path empty = TestData.write(dir, "e.csv", "");
    assertThatThrownBy(() -> TableReader.open(empty))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("line 1")
        .hasMessageContaining("empty");
  }

  @Test
  void invalidJsonIsLocated() {
    Path file = TestData.write(dir, "bad.jsonl", "{\"a\": 1}\n{\"a\": 2,,}\n");
    assertThatThrownBy(() -> rows(file))
        .isInstanceOfSatisfying(
            DataFormatException.class,
            e -> {
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.column()).isEqualTo(9);
            });
  }

  @Test
  void spilledTableEncodesTheSameAsAnInMemoryOne() throws IOException {
    Path iris = TestData.sample("iris.csv");
    DatasetLoader.Options memory = DatasetLoader.Options.defaults(7);
    try (var inMemory = DatasetLoader.load(iris, "species", null, memory);
        var spilled = DatasetLoader.load(iris, "species", null, memory.withSpillAfterBytes(0))) {
      assertThat(inMemory.table().spilled()).isFalse();
      assertThat(spilled.table().spilled()).isTrue();
      float[] a = new float[4];
      float[] b = new float[4];
      for (int r = 0; r < 150; r++) {
        inMemory.table().copyRow(r, a, 0);
        spilled.table().copyRow(r, b, 0);
        assertThat(b).containsExactly(a);
      }
    }
    assertThat(Files.exists(iris)).isTrue();
  }
}
