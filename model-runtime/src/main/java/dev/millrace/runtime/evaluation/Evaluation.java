package dev.millrace.runtime.evaluation;

import dev.millrace.runtime.data.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Held-out metrics. Classification: accuracy, macro precision/recall/F1, log loss, the confusion
 * matrix (rows: true label, columns: predicted) and ROC AUC for two labels. Regression: RMSE, MAE
 * and R², in the target's own units.
 */
public record Evaluation(
    Task task, long rows, Map<String, Double> metrics, List<String> labels, long[][] confusion) {

  private static final double EPS = 1e-15;

  /**
   * @param probabilities rows x labels, row-major
   * @param truth class index per row
   */
  public static Evaluation classification(
      float[] probabilities, float[] truth, List<String> labels) {
    int k = labels.size();
    int n = truth.length;
    long[][] confusion = new long[k][k];
    double logLoss = 0;
    for (int r = 0; r < n; r++) {
      int actual = (int) truth[r];
      int predicted = argmax(probabilities, r * k, k);
      confusion[actual][predicted]++;
      logLoss -= Math.log(Math.max(EPS, probabilities[r * k + actual]));
    }
    long correct = 0;
    double precision = 0;
    double recall = 0;
    double f1 = 0;
    for (int c = 0; c < k; c++) {
      long tp = confusion[c][c];
      long predictedC = 0;
      long actualC = 0;
      for (int o = 0; o < k; o++) {
        predictedC += confusion[o][c];
        actualC += confusion[c][o];
      }
      correct += tp;
      double p = predictedC == 0 ? 0 : (double) tp / predictedC;
      double rc = actualC == 0 ? 0 : (double) tp / actualC;
      precision += p;
      recall += rc;
      f1 += p + rc == 0 ? 0 : 2 * p * rc / (p + rc);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("accuracy", n == 0 ? 0 : (double) correct / n);
    metrics.put("precisionMacro", precision / k);
    metrics.put("recallMacro", recall / k);
    metrics.put("f1Macro", f1 / k);
    metrics.put("logLoss", n == 0 ? 0 : logLoss / n);
    if (k == 2) {
      metrics.put("rocAuc", rocAuc(probabilities, truth));
    }
    return new Evaluation(Task.CLASSIFICATION, n, metrics, List.copyOf(labels), confusion);
  }

  public static Evaluation regression(float[] predictions, float[] truth) {
    int n = truth.length;
    double mean = 0;
    for (float y : truth) {
      mean += y;
    }
    mean /= Math.max(1, n);
    double squared = 0;
    double absolute = 0;
    double total = 0;
    for (int i = 0; i < n; i++) {
      double error = predictions[i] - truth[i];
      squared += error * error;
      absolute += Math.abs(error);
      total += (truth[i] - mean) * (truth[i] - mean);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("rmse", Math.sqrt(squared / Math.max(1, n)));
    metrics.put("mae", absolute / Math.max(1, n));
    metrics.put("r2", total == 0 ? 0 : 1 - squared / total);
    return new Evaluation(Task.REGRESSION, n, metrics, List.of(), null);
  }

  /** Mean log loss (classification) or mean squared error (regression): the stopping criterion. */
  public static double loss(Task task, float[] outputs, float[] truth, int k) {
    double sum = 0;
    for (int r = 0; r < truth.length; r++) {
      if (task == Task.CLASSIFICATION) {
        sum -= Math.log(Math.max(EPS, outputs[r * k + (int) truth[r]]));
      } else {
        double error = outputs[r] - truth[r];
        sum += error * error;
      }
    }
    return truth.length == 0 ? 0 : sum / truth.length;
  }

  /** The headline figure: accuracy or R². */
  public double headline() {
    return task == Task.CLASSIFICATION ? metrics.get("accuracy") : metrics.get("r2");
  }

  static int argmax(float[] values, int from, int length) {
    int best = 0;
    for (int i = 1; i < length; i++) {
      if (values[from + i] > values[from + best]) {
        best = i;
      }
    }
    return best;
  }

  /** Mann-Whitney form of the area under the ROC curve, with ties counted as half. */
  private static double rocAuc(float[] probabilities, float[] truth) {
    List<double[]> scored = new ArrayList<>();
    long positives = 0;
    for (int r = 0; r < truth.length; r++) {
      scored.add(new double[] {probabilities[r * 2 + 1], truth[r]});
      positives += truth[r] == 1 ? 1 : 0;
    }
    long negatives = truth.length - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    scored.sort(Comparator.comparingDouble(s -> s[0]));
    double rankSum = 0;
    int i = 0;
    while (i < scored.size()) {
      int j = i;
      while (j + 1 < scored.size() && scored.get(j + 1)[0] == scored.get(i)[0]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int t = i; t <= j; t++) {
        if (scored.get(t)[1] == 1) {
          rankSum += rank;
        }
      }
      i = j + 1;
    }
    return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }
}
