package io.signet.bench.suite;

import java.util.Arrays;

/** Medians and ranges over repetitions, ignoring failed ones (NaN). */
final class Stats {
  private Stats() {}

  static double[] finite(double[] values) {
    return Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
  }

  static double median(double[] values) {
    double[] sorted = finite(values);
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  static double min(double[] values) {
    double[] sorted = finite(values);
    return sorted.length == 0 ? Double.NaN : sorted[0];
  }

  static double max(double[] values) {
    double[] sorted = finite(values);
    return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
  }

  /** Element-wise {@code a[i] / b[i]}: the ratio within each repetition. */
  static double[] ratios(double[] a, double[] b) {
    int n = Math.min(a.length, b.length);
    double[] ratios = new double[n];
    for (int i = 0; i < n; i++) {
      ratios[i] = a[i] / b[i];
    }
    return ratios;
  }
}
