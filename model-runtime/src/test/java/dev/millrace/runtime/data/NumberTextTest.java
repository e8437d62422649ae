package dev.millrace.runtime.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NumberTextTest {

  @Test
  void fastPathGivesExactlyWhatDoubleParseDoubleGives() {
    Random random = new Random(1);
    for (int i = 0; i < 200_000; i++) {
      int decimals = random.nextInt(9);
      String text =
          String.format(
              Locale.ROOT,
              "%." + decimals + "f",
              (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(9)));
      assertThat(NumberText.parse(text)).as(text).isEqualTo(Double.parseDouble(text));
    }
    for (String text :
        new String[] {
          "0",
          "-0.0",
          "+7",
          "123456789012345",
          "1234567890123456789",
          "0.1",
          "2.5e-3",
          "1E10",
          ".5",
          "5."
        }) {
      assertThat(NumberText.parse(text)).as(text).isEqualTo(Double.parseDouble(text));
    }
  }

  @Test
  void refusesWhatIsNotADecimalNumber() {
    for (String text :
        new String[] {
          "", "-", ".", "1e", "1.2.3", "0x10", "1d", "NaN", "Infinity", "1e999", "12a", " 1"
        }) {
      assertThat(NumberText.parse(text)).as(text).isNull();
    }
    assertThat(NumberText.isNonFinite("-Infinity")).isTrue();
    assertThat(NumberText.parseBoolean("Yes")).isEqualTo(1.0);
  }
}
