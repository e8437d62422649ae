package dev.millrace.runtime.data;

import java.util.Locale;
import java.util.Set;

/** Strict number parsing for data cells: decimal notation only, no NaN, no infinities. */
public final class NumberText {

  private static final Set<String> NON_FINITE =
      Set.of("nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity");
  private static final Set<String> TRUE = Set.of("true", "yes");
  private static final Set<String> FALSE = Set.of("false", "no");

  private NumberText() {}

  /** True for the spellings of NaN and infinity, which data files must not hold. */
  public static boolean isNonFinite(String text) {
    return NON_FINITE.contains(text.toLowerCase(Locale.ROOT));
  }

  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15
  };

  /** The value of a decimal number such as {@code -1.5e3}, or null if the text is not one. */
  public static Double parse(String text) {
    double value = valueOrNaN(text);
    return Double.isNaN(value) ? null : value;
  }

  /**
   * As {@link #parse}, NaN when the text is not a number (unambiguous: NaN is never a value), for
   * the per-cell paths that should not box.
   */
  public static double valueOrNaN(String text) {
    int i = 0;
    int n = text.length();
    if (n == 0) {
      return Double.NaN;
    }
    boolean negative = text.charAt(0) == '-';
    if (negative || text.charAt(0) == '+') {
      i++;
    }
    int digits = 0;
    int fractionDigits = 0;
    long mantissa = 0;
    while (i < n && isDigit(text.charAt(i))) {
      mantissa = mantissa * 10 + (text.charAt(i++) - '0');
      digits++;
    }
    if (i < n && text.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(text.charAt(i))) {
        mantissa = mantissa * 10 + (text.charAt(i++) - '0');
        digits++;
        fractionDigits++;
      }
    }
    if (digits == 0) {
      return Double.NaN;
    }
    boolean exponent = false;
    if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      exponent = true;
      i++;
      if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
        i++;
      }
      int exponentDigits = 0;
      while (i < n && isDigit(text.charAt(i))) {
        i++;
        exponentDigits++;
      }
      if (exponentDigits == 0) {
        return Double.NaN;
      }
    }
    if (i != n) {
      return Double.NaN;
    }
    if (!exponent && digits <= 15) {
      // Both operands are exact doubles, so one division is correctly rounded: the same value
      // Double.parseDouble gives, without its cost (most cells of a CSV take this path).
      double value = mantissa / POWERS_OF_TEN[fractionDigits];
      return negative ? -value : value;
    }
    double value = Double.parseDouble(text);
    return Double.isFinite(value) ? value : Double.NaN;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** 1 or 0 for the spellings of a boolean, or null if the text is not one. */
  public static Double parseBoolean(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (TRUE.contains(lower)) {
      return 1.0;
    }
    return FALSE.contains(lower) ? 0.0 : null;
  }
}
