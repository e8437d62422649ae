package dev.millrace.platform.deployments;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.util.UUID;

/**
 * A deployment as the REST API takes it. Single-field bounds are checked here (bean validation
 * names every bad field at once); rules across fields and against the platform's state are {@link
 * DeploymentRules}'.
 *
 * @param name the endpoint's name, a DNS label; unique among the tenant's live deployments
 */
record DeploymentRequest(
    @NotNull UUID modelVersionId,
    @NotNull @Pattern(regexp = DeploymentRules.NAME, message = DeploymentRules.NAME_RULE)
        String name,
    @Schema(
            allowableValues = {"private", "public"},
            defaultValue = "private")
        @Pattern(regexp = "private|public", message = "must be private or public")
        String visibility,
    @Schema(
            allowableValues = {"cpu", "gpu"},
            defaultValue = "cpu")
        @Pattern(regexp = "cpu|gpu", message = "must be cpu or gpu")
        String computeType,
    @Schema(
            allowableValues = {"small", "medium", "large"},
            defaultValue = "small",
            description = "the compute the endpoint runs on; a replica (podSize) must fit in it")
        @Pattern(regexp = "small|medium|large", message = "must be small, medium or large")
        String computeSize,
    @Schema(
            allowableValues = {"small", "medium", "large"},
            description =
                "CPUs and memory of each replica, and the price per replica-second; default:"
                    + " computeSize")
        @Pattern(regexp = "small|medium|large", message = "must be small, medium or large")
        String podSize,
    @Valid Autoscaling autoscaling) {

  /**
   * @param target {@code cpu}: percent of the pod's CPUs (1-100); {@code requests}: requests per
   *     second per replica (at most 10,000)
   */
  record Autoscaling(
      @Schema(
              allowableValues = {"cpu", "requests"},
              defaultValue = "cpu")
          @Pattern(regexp = "cpu|requests", message = "must be cpu or requests")
          String policy,
      @Positive @Max(10_000) Double target,
      @Min(0) @Max(1000) Integer minReplicas,
      @Min(1) @Max(1000) Integer maxReplicas) {}
}
