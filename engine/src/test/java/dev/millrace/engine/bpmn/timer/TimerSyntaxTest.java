package dev.millrace.engine.bpmn.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimerSyntaxTest {

  private static final Instant NOON = Instant.parse("2026-01-15T12:00:00Z");

  @Test
  void durationsMixCalendarAndClockParts() {
    assertThat(Interval.parse("PT30S").addTo(NOON))
        .isEqualTo(Instant.parse("2026-01-15T12:00:30Z"));
    assertThat(Interval.parse("P1M").addTo(NOON)).isEqualTo(Instant.parse("2026-02-15T12:00:00Z"));
    assertThat(Interval.parse("P1DT2H").addTo(NOON))
        .isEqualTo(Instant.parse("2026-01-16T14:00:00Z"));
    assertThatThrownBy(() -> Interval.parse("5 minutes")).hasMessageContaining("'5 minutes'");
  }

  @Test
  void repeatingIntervalsCountDown() {
    var cycle = Cycle.parse("R3/PT10S");
    assertThat(cycle.repetitions()).isEqualTo(3);
    assertThat(cycle.first(NOON)).isEqualTo(NOON.plusSeconds(10));
    assertThat(cycle.afterRepetition().repetitions()).isEqualTo(2);
    assertThat(Cycle.parse("R/P1D").repetitions()).isEqualTo(-1);
    var withStart = Cycle.parse("R2/2026-02-01T00:00:00Z/PT1H");
    assertThat(withStart.first(NOON)).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    assertThatThrownBy(() -> Cycle.parse("R5/PT0S")).hasMessageContaining("longer than zero");
  }

  @Test
  void cronMatchesSecondsMinutesHoursAndWeekdays() {
    // Every weekday at 09:30:00 UTC; 2026-01-15 is a Thursday.
    var cron = CronSchedule.parse("0 30 9 * * MON-FRI");
    assertThat(cron.nextAfter(NOON)).isEqualTo(Instant.parse("2026-01-16T09:30:00Z"));
    assertThat(cron.nextAfter(Instant.parse("2026-01-16T09:30:00Z")))
        .isEqualTo(Instant.parse("2026-01-19T09:30:00Z"));
    assertThat(CronSchedule.parse("*/15 * * * * ?").nextAfter(NOON))
        .isEqualTo(NOON.plusSeconds(15));
    assertThat(CronSchedule.parse("0 0 1 1 JAN ?").nextAfter(NOON))
        .isEqualTo(Instant.parse("2027-01-01T01:00:00Z"));
    assertThat(Cycle.parse("0 0 * * * *").first(NOON)).isEqualTo(NOON.plusSeconds(3600));
    assertThatThrownBy(() -> CronSchedule.parse("0 61 * * * *"))
        .hasMessageContaining("minute field '61'");
  }
}
