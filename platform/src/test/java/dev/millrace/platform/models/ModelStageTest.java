package dev.millrace.platform.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelStageTest {

  @Test
  void versionsMoveForwardToProductionAndBackOnlyThroughCandidate() {
    assertThat(ModelStage.CANDIDATE.canMoveTo(ModelStage.PRODUCTION)).isTrue();
    assertThat(ModelStage.STAGING.canMoveTo(ModelStage.PRODUCTION)).isTrue();
    assertThat(ModelStage.PRODUCTION.canMoveTo(ModelStage.ARCHIVED)).isTrue();
    assertThat(ModelStage.PRODUCTION.canMoveTo(ModelStage.CANDIDATE)).isFalse();
    assertThat(ModelStage.ARCHIVED.next()).containsExactly(ModelStage.CANDIDATE);
    for (ModelStage stage : ModelStage.values()) {
      assertThat(stage.canMoveTo(stage)).as("%s to itself", stage).isFalse();
    }
  }

  @Test
  void stagesReadAsTheApiWritesThem() {
    assertThat(ModelStage.of(" Production ")).isEqualTo(ModelStage.PRODUCTION);
    assertThat(ModelStage.STAGING.label()).isEqualTo("staging");
    assertThatThrownBy(() -> ModelStage.of("retired")).isInstanceOf(IllegalArgumentException.class);
  }
}
