package dev.millrace.platform.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.runtime.data.ColumnType;
import dev.millrace.runtime.data.Feature;
import dev.millrace.runtime.data.MissingValues;
import dev.millrace.runtime.data.Preprocessing;
import dev.millrace.runtime.data.Task;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The deployments feature's small rules, without a platform. */
class DeploymentPartsTest {

  @Test
  void endpointNamesAreTheNameAndTheTenantsTagAndFitADnsLabel() {
    UUID tenant = UUID.fromString("3f2a9c1b-7d4e-4b7a-9a55-0123456789ab");
    assertThat(DeploymentRules.endpointName("churn", tenant)).isEqualTo("churn-3f2a9c1b");
    String longest = "a".repeat(54);
    assertThat(longest).matches(DeploymentRules.NAME);
    assertThat(DeploymentRules.endpointName(longest, tenant)).hasSize(63);
    assertThat("a".repeat(55)).doesNotMatch(DeploymentRules.NAME);
    assertThat("-churn").doesNotMatch(DeploymentRules.NAME);
    assertThat("Churn").doesNotMatch(DeploymentRules.NAME);
  }

  @Test
  void endpointTimeIsChargedRoundedUpToTheMicroCredit() {
    BigDecimal price = new BigDecimal("0.001");
    assertThat(EndpointTariff.microCredits(price, 1.0)).isEqualTo(1_000);
    assertThat(EndpointTariff.microCredits(price, 0.0001)).isEqualTo(1);
    assertThat(EndpointTariff.microCredits(price, 0)).isZero();
    assertThat(EndpointTariff.microCredits(price, Duration.ofHours(1), 2)).isEqualTo(7_200_000);
    assertThat(EndpointTariff.microCredits(price, Duration.ofHours(1), 0))
        .as("a scale-to-zero endpoint still reserves one replica's hour")
        .isEqualTo(3_600_000);
  }

  @Test
  void theSmokeTestRowPutsEveryInputAtItsTrainingMeanOrFirstCategory() {
    Preprocessing preprocessing =
        new Preprocessing(
            List.of(
                new Feature("age", ColumnType.NUMERIC, 41.5, 12, List.of()),
                new Feature("member", ColumnType.BOOLEAN, 0.7, 0.4, List.of()),
                new Feature("plan", ColumnType.CATEGORICAL, 0, 1, List.of("basic", "pro"))),
            "churned",
            Task.CLASSIFICATION,
            List.of("no", "yes"),
            0,
            1,
            MissingValues.IMPUTE,
            null);
    assertThat(SmokeTest.sampleRow(preprocessing))
        .containsExactly(
            Map.entry("age", 41.5), Map.entry("member", true), Map.entry("plan", "basic"));
  }

  @Test
  void meterReadingsCountFromZeroInANewSession() {
    Deployment d =
        new Deployment(
            UUID.randomUUID(),
            UUID.randomUUID(),
            new Deployment.Spec(
                "m",
                "m-x",
                UUID.randomUUID(),
                "tabular-classifier",
                Path.of("/a"),
                "private",
                "cpu",
                "small",
                "small",
                "cpu",
                70,
                1,
                1),
            BigDecimal.ONE,
            1,
            60,
            60,
            Instant.now());
    assertThat(d.billing().meter("a", OptionalDouble.of(10))).isEqualTo(10);
    assertThat(d.billing().meter("a", OptionalDouble.of(12.5))).isEqualTo(2.5);
    assertThat(d.billing().meter("a", OptionalDouble.empty())).isZero();
    assertThat(d.billing().meter("b", OptionalDouble.of(3))).isEqualTo(3);
    assertThat(d.billing().meteredReplicaSeconds()).isEqualTo(15.5);
  }
}
