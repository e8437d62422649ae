package dev.millrace.engine.bpmn.timer;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;

/**
 * A cron expression in the six-field form Zeebe documents for timer cycles ({@code second minute
 * hour day-of-month month day-of-week}), evaluated in UTC. Supports {@code *}, {@code ?}, lists,
 * ranges, steps and month/day names; five-field (minute-first) expressions get second 0.
 */
public final class CronSchedule {

  private static final String[] MONTHS = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };
  private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

  private final BitSet seconds;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean anyDayOfMonth;
  private final boolean anyDayOfWeek;
  private final String text;

  private CronSchedule(String text, String[] f) {
    this.text = text;
    seconds = field(f[0], 0, 59, null, text, "second");
    minutes = field(f[1], 0, 59, null, text, "minute");
    hours = field(f[2], 0, 23, null, text, "hour");
    daysOfMonth = field(f[3], 1, 31, null, text, "day of month");
    months = field(f[4], 1, 12, MONTHS, text, "month");
    BitSet dow = field(f[5], 0, 7, DAYS, text, "day of week");
    if (dow.get(7)) {
      dow.set(0); // 7 and 0 both mean Sunday
    }
    daysOfWeek = dow;
    anyDayOfMonth = f[3].equals("*") || f[3].equals("?");
    anyDayOfWeek = f[5].equals("*") || f[5].equals("?");
  }

  public static CronSchedule parse(String text) {
    String[] f = text.strip().split("\\s+");
    if (f.length == 5) {
      f = new String[] {"0", f[0], f[1], f[2], f[3], f[4]};
    }
    if (f.length != 6) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is neither a repeating interval (R5/PT10S) nor a cron expression with six fields"
              + " (second minute hour day-of-month month day-of-week)");
    }
    return new CronSchedule(text, f);
  }

  private static BitSet field(
      String spec, int min, int max, String[] names, String text, String what) {
    BitSet bits = new BitSet(max + 1);
    for (String part : spec.toUpperCase(Locale.ROOT).split(",")) {
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        step = number(part.substring(slash + 1), names, 0, text, what);
        range = part.substring(0, slash);
        if (step <= 0) {
          throw bad(text, what, part);
        }
      }
      int from;
      int to;
      if (range.equals("*") || range.equals("?")) {
        from = min;
        to = max;
      } else if (range.contains("-")) {
        String[] ends = range.split("-", 2);
        from = number(ends[0], names, min, text, what);
        to = number(ends[1], names, min, text, what);
      } else {
        from = number(range, names, min, text, what);
        to = slash >= 0 ? max : from;
      }
      if (from < min || to > max || from > to) {
        throw bad(text, what, part);
      }
      for (int v = from; v <= to; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int number(String s, String[] names, int base, String text, String what) {
    if (names != null) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(s)) {
          return names == MONTHS ? i + 1 : i;
        }
      }
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw bad(text, what, s);
    }
  }

  private static IllegalArgumentException bad(String text, String what, String part) {
    return new IllegalArgumentException(
        "'" + text + "': the " + what + " field '" + part + "' is not valid cron");
  }

  /** The first matching second strictly after {@code after}. */
  public Instant nextAfter(Instant after) {
    ZonedDateTime t = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    ZonedDateTime limit = t.plusYears(5);
    while (t.isBefore(limit)) {
      if (!months.get(t.getMonthValue())) {
        t = t.plusMonths(1).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
        continue;
      }
      if (!dayMatches(t)) {
        t = t.plusDays(1).truncatedTo(ChronoUnit.DAYS);
        continue;
      }
      if (!hours.get(t.getHour())) {
        t = t.plusHours(1).truncatedTo(ChronoUnit.HOURS);
        continue;
      }
      if (!minutes.get(t.getMinute())) {
        t = t.plusMinutes(1).truncatedTo(ChronoUnit.MINUTES);
        continue;
      }
      if (!seconds.get(t.getSecond())) {
        t = t.plusSeconds(1);
        continue;
      }
      return t.toInstant();
    }
    throw new IllegalArgumentException("'" + text + "' never matches within five years");
  }

  private boolean dayMatches(ZonedDateTime t) {
    boolean dom = daysOfMonth.get(t.getDayOfMonth());
    boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
    if (anyDayOfMonth && anyDayOfWeek) {
      return true;
    }
    if (anyDayOfMonth) {
      return dow;
    }
    if (anyDayOfWeek) {
      return dom;
    }
    return dom || dow; // classic cron: either restriction matches
  }
}
