package dev.millrace.runtime.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.millrace.runtime.TestData;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataValidationTest {

  @TempDir Path dir;

  private DataIssue firstError(String content, String target, Task task) {
    DatasetProfile profile =
        DatasetProfiler.profile(TestData.write(dir, "d.csv", content), target, task);
    assertThat(profile.valid()).as("profile of %s", content).isFalse();
    return profile.errors().get(0);
  }

  @Test
  void infersNumericCategoricalAndBooleanColumns() {
    DatasetProfile profile =
        DatasetProfiler.profile(
            TestData.write(dir, "d.csv", "n,c,b,y\n1.5,red,yes,a\n2,blue,no,b\n,red,true,a\n"),
            "y",
            null);
    assertThat(profile.valid()).isTrue();
    assertThat(profile.column("n").type()).isEqualTo(ColumnType.NUMERIC);
    assertThat(profile.column("n").missing()).isEqualTo(1);
    assertThat(profile.column("c").type()).isEqualTo(ColumnType.CATEGORICAL);
    assertThat(profile.column("b").type()).isEqualTo(ColumnType.BOOLEAN);
    assertThat(profile.task()).isEqualTo(Task.CLASSIFICATION);
    assertThat(profile.sha256()).hasSize(64);
  }

  @Test
  void nonNumericValueInANumericColumnIsLocated() {
    StringBuilder csv = new StringBuilder("x,y\n");
    for (int i = 0; i < 20; i++) {
      csv.append(i).append(',').append(i % 2).append('\n');
    }
    csv.append("abc,1\n");
    DataIssue error = firstError(csv.toString(), "y", null);
    assertThat(error.line()).isEqualTo(22);
    assertThat(error.column()).isEqualTo(1);
    assertThat(error.columnName()).isEqualTo("x");
    assertThat(error.message()).contains("'abc' is not a number");
  }

  @Test
  void nanAndInfinityAreRefusedWithTheirPosition() {
    DataIssue error = firstError("a,b,y\n1,2,0\n3,NaN,1\n", "y", null);
    assertThat(error.line()).isEqualTo(3);
    assertThat(error.column()).isEqualTo(3);
    assertThat(error.columnName()).isEqualTo("b");
    DataIssue infinity = firstError("a,y\n1,0\n-Infinity,1\n", "y", null);
    assertThat(infinity.line()).isEqualTo(3);
    assertThat(infinity.message()).contains("-Infinity");
  }

  @Test
  void missingConstantAndIncompleteTargetsAreErrors() {
    DataIssue missing = firstError("a,b\n1,2\n", "label", null);
    assertThat(missing.columnName()).isEqualTo("label");
    assertThat(missing.message()).contains("not in the header");

    DataIssue constant = firstError("a,y\n1,x\n2,x\n3,x\n", "y", null);
    assertThat(constant.message()).contains("constant");

    DataIssue gap = firstError("a,y\n1,x\n2,\n3,z\n", "y", null);
    assertThat(gap.line()).isEqualTo(3);
    assertThat(gap.column()).isEqualTo(3);
    assertThat(gap.message()).contains("target value is missing");

    DataIssue regression = firstError("a,y\n1,low\n2,high\n", "y", Task.REGRESSION);
    assertThat(regression.columnName()).isEqualTo("y");
  }

  @Test
  void headerWithoutRowsIsAnError() {
    assertThat(firstError("a,b\n", "b", null).message()).contains("no data rows");
  }

  @Test
  void loadingWithAModelSchemaLocatesTypeErrors() {
    Path train = TestData.sample("iris.csv");
    try (var loaded =
        DatasetLoader.load(train, "species", null, DatasetLoader.Options.defaults(1))) {
      Path bad =
          TestData.write(
              dir,
              "new.csv",
              "sepal_length,sepal_width,petal_length,petal_width,species\n"
                  + "5.1,3.5,1.4,0.2,setosa\n"
                  + "5.0,wide,1.4,0.2,setosa\n");
      assertThatThrownBy(
              () ->
                  DatasetLoader.loadFor(
                      bad, loaded.preprocessing(), false, DatasetLoader.Options.defaults(1), false))
          .isInstanceOfSatisfying(
              DataFormatException.class,
              e -> {
                assertThat(e.line()).isEqualTo(3);
                assertThat(e.column()).isEqualTo(5);
                assertThat(e.issue().columnName()).isEqualTo("sepal_width");
              });
    }
  }

  @Test
  void splitIsStratifiedSeededAndScalingUsesTrainingRowsOnly() {
    Path iris = TestData.sample("iris.csv");
    try (var a = DatasetLoader.load(iris, "species", null, DatasetLoader.Options.defaults(3));
        var b = DatasetLoader.load(iris, "species", null, DatasetLoader.Options.defaults(3));
        var c = DatasetLoader.load(iris, "species", null, DatasetLoader.Options.defaults(4))) {
      assertThat(a.split().test()).containsExactly(b.split().test());
      assertThat(Arrays.equals(a.split().test(), c.split().test())).isFalse();
      int[] perClass = new int[3];
      for (int row : a.split().test()) {
        perClass[(int) a.table().target(row)]++;
      }
      assertThat(perClass).containsExactly(10, 10, 10);
      assertThat(a.split().train().length + a.split().validation().length + a.split().test().length)
          .isEqualTo(150);
      double sum = 0;
      for (int row : a.split().train()) {
        sum += a.table().get(row, 0);
      }
      assertThat(sum / a.split().train().length).isCloseTo(0, offset(1e-4));
      assertThat(a.preprocessing().labels()).containsExactly("setosa", "versicolor", "virginica");
    }
  }

  @Test
  void categoricalFeaturesAreOneHotEncodedAndLabelsSortNumerically() {
    Path file =
        TestData.write(dir, "c.csv", "colour,size,y\nred,1,10\nblue,2,9\nred,3,10\ngreen,4,2\n");
    try (var loaded =
        DatasetLoader.load(
            file,
            "y",
            Task.CLASSIFICATION,
            DatasetLoader.Options.defaults(1).withFractions(0.05, 0.05))) {
      assertThat(loaded.preprocessing().width()).isEqualTo(4);
      assertThat(loaded.preprocessing().features().get(0).categories())
          .containsExactly("blue", "green", "red");
      assertThat(loaded.preprocessing().labels()).containsExactly("2", "9", "10");
    }
  }
}
