package dev.millrace.runtime.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Row indices of the train, validation and test parts. Classification splits are stratified: each
 * class is shuffled with the seed and cut by the same fractions, so every part keeps the class
 * balance; regression rows are shuffled as one group.
 */
public record DataSplit(int[] train, int[] validation, int[] test) {

  public static DataSplit of(
      EncodedTable table, Task task, long seed, double validationFraction, double testFraction) {
    List<List<Integer>> groups = new ArrayList<>();
    if (task == Task.CLASSIFICATION) {
      for (int row = 0; row < table.rows(); row++) {
        int label = (int) table.target(row);
        while (groups.size() <= label) {
          groups.add(new ArrayList<>());
        }
        groups.get(label).add(row);
      }
    } else {
      List<Integer> all = new ArrayList<>(table.rows());
      for (int row = 0; row < table.rows(); row++) {
        all.add(row);
      }
      groups.add(all);
    }
    Random random = new Random(seed);
    List<Integer> train = new ArrayList<>();
    List<Integer> validation = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (List<Integer> group : groups) {
      Collections.shuffle(group, random);
      int n = group.size();
      int testRows = (int) Math.round(n * testFraction);
      int validationRows = (int) Math.round(n * validationFraction);
      if (n - testRows - validationRows < 1) {
        testRows = Math.min(testRows, Math.max(0, n - 1));
        validationRows = Math.max(0, n - 1 - testRows);
      }
      test.addAll(group.subList(0, testRows));
      validation.addAll(group.subList(testRows, testRows + validationRows));
      train.addAll(group.subList(testRows + validationRows, n));
    }
    return new DataSplit(sorted(train), sorted(validation), sorted(test));
  }

  /** Everything is test data (evaluating a trained model on a new file). */
  public static DataSplit allTest(int rows) {
    int[] all = new int[rows];
    Arrays.setAll(all, i -> i);
    return new DataSplit(new int[0], new int[0], all);
  }

  private static int[] sorted(List<Integer> rows) {
    int[] array = rows.stream().mapToInt(Integer::intValue).toArray();
    Arrays.sort(array);
    return array;
  }
}
