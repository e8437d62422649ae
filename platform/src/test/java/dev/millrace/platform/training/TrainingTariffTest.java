package dev.millrace.platform.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class TrainingTariffTest {

  @Test
  void computeIsChargedPerSecondRoundedUpToTheMicroCredit() {
    BigDecimal price = new BigDecimal("0.001");
    assertThat(TrainingTariff.microCredits(price, 600)).isEqualTo(600_000);
    assertThat(TrainingTariff.microCredits(price, 1.2345678)).isEqualTo(1_235);
    assertThat(TrainingTariff.microCredits(new BigDecimal("0.0008"), 0.0000001)).isEqualTo(1);
    assertThat(TrainingTariff.microCredits(price, 0)).isZero();
    assertThat(TrainingTariff.microCredits(price, -3)).isZero();
    assertThat(TrainingTariff.microCredits(price, Double.NaN)).isZero();
  }
}
