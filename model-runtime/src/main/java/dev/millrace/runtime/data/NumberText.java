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

  /** The value of a decimal number such as {@code -1.5e3}, or null if the text is not one. */
  public static Double parse(String text) {
    int i = 0;
    int n = text.length();
    if (n == 0) {
      return null;
    }
    if (text.charAt(i) == '+' || text.charAt(i) == '-') {
      i++;
    }
    int digits = 0;
    while (i < n && Character.isDigit(text.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && text.charAt(i) == '.') {
      i++;
      while (i < n && Character.isDigit(text.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return null;
    }
    if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      i++;
      if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
        i++;
      }
      int exponent = 0;
      while (i < n && Character.isDigit(text.charAt(i))) {
        i++;
        exponent++;
      }
      if (exponent == 0) {
        return null;
      }
    }
    if (i != n) {
      return null;
    }
    double value = Double.parseDouble(text);
    return Double.isFinite(value) ? value : null;
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
