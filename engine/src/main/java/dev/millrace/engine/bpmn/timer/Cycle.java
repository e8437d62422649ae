package dev.millrace.engine.bpmn.timer;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * A timer cycle as Zeebe accepts it: an ISO-8601 repeating interval ({@code R5/PT10S}, {@code
 * R/P1D}, {@code R3/2025-01-01T09:00:00Z/PT1H}) or a cron expression.
 */
public sealed interface Cycle {

  /** -1 for unbounded repetitions. */
  int repetitions();

  /** The first due date at or after {@code now}. */
  Instant first(Instant now);

  /** The due date after the one that just fired. */
  Instant next(Instant previousDueDate);

  /** The same cycle with one repetition used up. */
  Cycle afterRepetition();

  String text();

  static Cycle parse(String text) {
    String s = text.strip();
    if (s.startsWith("R") || s.startsWith("r")) {
      return Repeating.parse(s);
    }
    return new Cron(CronSchedule.parse(s), -1, s);
  }

  record Repeating(int repetitions, Instant start, Interval interval, String text)
      implements Cycle {

    static Repeating parse(String text) {
      String[] parts = text.split("/");
      if (parts.length < 2 || parts.length > 3) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a repeating interval such as R5/PT10S or R/P1D");
      }
      String count = parts[0].substring(1);
      int repetitions;
      try {
        repetitions = count.isEmpty() ? -1 : Integer.parseInt(count);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "': '" + parts[0] + "' is not R<n> or R");
      }
      if (count.isEmpty() == false && repetitions < 0) {
        throw new IllegalArgumentException("'" + text + "': repetitions must not be negative");
      }
      Instant start = null;
      String intervalText = parts[parts.length - 1];
      if (parts.length == 3) {
        start = parseDateTime(parts[1], text);
      }
      Interval interval = Interval.parse(intervalText);
      if (interval.isZero()) {
        throw new IllegalArgumentException("'" + text + "': the interval must be longer than zero");
      }
      return new Repeating(repetitions, start, interval, text);
    }

    @Override
    public Instant first(Instant now) {
      if (start != null && start.isAfter(now)) {
        return start;
      }
      return interval.addTo(now);
    }

    @Override
    public Instant next(Instant previousDueDate) {
      return interval.addTo(previousDueDate);
    }

    @Override
    public Cycle afterRepetition() {
      return repetitions < 0 ? this : new Repeating(repetitions - 1, null, interval, text);
    }
  }

  record Cron(CronSchedule schedule, int repetitions, String text) implements Cycle {
    @Override
    public Instant first(Instant now) {
      return schedule.nextAfter(now);
    }

    @Override
    public Instant next(Instant previousDueDate) {
      return schedule.nextAfter(previousDueDate);
    }

    @Override
    public Cycle afterRepetition() {
      return this;
    }
  }

  static Instant parseDateTime(String text, String context) {
    try {
      return ZonedDateTime.parse(text.strip()).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text.strip()).toInstant();
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException(
            "'"
                + context
                + "': '"
                + text
                + "' is not an ISO-8601 date-time with offset such as 2025-01-01T09:00:00Z");
      }
    }
  }
}
