package dev.millrace.engine.bpmn.timer;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * An ISO-8601 duration that may mix calendar and clock parts ({@code P1Y2M3DT4H5M6S}, {@code
 * PT30S}, {@code P2W}), added in UTC so months and years keep calendar meaning.
 */
public record Interval(Period period, Duration duration) {

  public static Interval parse(String text) {
    String s = text.strip().toUpperCase(Locale.ROOT);
    if (s.isEmpty() || !s.startsWith("P")) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an ISO-8601 duration such as PT30S");
    }
    int t = s.indexOf('T');
    String datePart = t < 0 ? s : s.substring(0, t);
    String timePart = t < 0 ? null : "P" + s.substring(t);
    try {
      Period period = datePart.equals("P") ? Period.ZERO : Period.parse(datePart);
      Duration duration = timePart == null ? Duration.ZERO : Duration.parse(timePart);
      if (period.isNegative() || duration.isNegative()) {
        throw new IllegalArgumentException("'" + text + "' is negative");
      }
      return new Interval(period, duration);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an ISO-8601 duration such as PT30S or P1DT2H", e);
    }
  }

  public static Interval of(Duration duration) {
    return new Interval(Period.ZERO, duration);
  }

  public Instant addTo(Instant start) {
    return start.atZone(ZoneOffset.UTC).plus(period).plus(duration).toInstant();
  }

  public boolean isZero() {
    return period.isZero() && duration.isZero();
  }

  @Override
  public String toString() {
    if (period.isZero()) {
      return duration.toString();
    }
    return duration.isZero() ? period.toString() : period + duration.toString().substring(1);
  }
}
