package dev.millrace.platform.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.platform.tenants.Caller;
import dev.millrace.platform.tenants.TenantAccess;
import dev.millrace.platform.web.InvalidFieldException;
import dev.millrace.platform.web.ResultPage;
import dev.millrace.runtime.artifact.ArtifactLayout;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/model-versions")
@Tag(
    name = "model-versions",
    description = "Registered models: metrics, model card, lineage and stage")
class ModelVersionController {

  private final ModelVersions versions;
  private final TenantAccess access;

  ModelVersionController(ModelVersions versions, TenantAccess access) {
    this.versions = versions;
    this.access = access;
  }

  /**
   * @param allowedStages where the stage may move next
   */
  record ModelVersionSummary(
      UUID id,
      String modelName,
      int version,
      String catalogEntry,
      String task,
      String stage,
      List<String> allowedStages,
      JsonNode metrics,
      UUID trainingRunId,
      UUID parentVersionId,
      Instant createdAt,
      Instant stageChangedAt) {}

  /** A version's ancestor, nearest first. */
  record Ancestor(UUID id, String modelName, int version, UUID trainingRunId) {}

  /**
   * @param data fingerprints (file, sha256, bytes, rows, role) of this model's data and its
   *     ancestors', newest first
   */
  record Lineage(
      UUID trainingRunId,
      UUID datasetId,
      UUID parentVersionId,
      List<Ancestor> ancestors,
      JsonNode data) {}

  record ModelVersionDetail(
      UUID id,
      String modelName,
      int version,
      String catalogEntry,
      String task,
      String stage,
      List<String> allowedStages,
      JsonNode metrics,
      Lineage lineage,
      String artifactId,
      JsonNode modelCard,
      Instant createdAt,
      Instant stageChangedAt) {}

  record StageChange(@NotBlank String stage) {}

  @GetMapping
  @Operation(summary = "The tenant's model versions, newest first")
  ResultPage<ModelVersionSummary> list(
      Caller caller,
      @RequestParam(required = false) UUID tenantId,
      @RequestParam(required = false) String modelName,
      @RequestParam(required = false) String stage,
      @RequestParam(required = false) String catalogEntry,
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
    UUID tenant = access.actingTenant(caller, tenantId);
    return ResultPage.of(
        versions.list(
            tenant, modelName, stage == null ? null : stage(stage), catalogEntry, page, size),
        found -> found.stream().map(this::summary).toList());
  }

  @GetMapping("/{versionId}")
  @Operation(summary = "A model version with its metrics, model card and lineage")
  ModelVersionDetail get(
      Caller caller, @PathVariable UUID versionId, @RequestParam(required = false) UUID tenantId) {
    return detail(versions.get(access.actingTenant(caller, tenantId), versionId));
  }

  @GetMapping(value = "/{versionId}/model-card", produces = "text/markdown;charset=UTF-8")
  @Operation(summary = "The model card for people (Markdown)")
  String modelCard(
      Caller caller, @PathVariable UUID versionId, @RequestParam(required = false) UUID tenantId) {
    ModelVersion version = versions.get(access.actingTenant(caller, tenantId), versionId);
    try {
      return Files.readString(
          versions.artifactDir(version).resolve(ArtifactLayout.MODEL_CARD_MARKDOWN));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @PatchMapping("/{versionId}")
  @Operation(
      summary =
          "Move a version to another stage (candidate, staging, production, archived);"
              + " promoting to production archives the model's current production version")
  ModelVersionDetail changeStage(
      Caller caller,
      @PathVariable UUID versionId,
      @RequestParam(required = false) UUID tenantId,
      @Valid @RequestBody StageChange change) {
    return detail(
        versions.changeStage(
            access.actingTenant(caller, tenantId), versionId, stage(change.stage())));
  }

  private ModelVersionSummary summary(ModelVersion v) {
    return new ModelVersionSummary(
        v.id(),
        v.modelName(),
        v.version(),
        v.catalogEntry(),
        v.task(),
        v.stage().label(),
        allowed(v.stage()),
        versions.parse(v.metrics()),
        v.trainingRunId(),
        v.parentVersionId(),
        v.createdAt(),
        v.stageChangedAt());
  }

  private ModelVersionDetail detail(ModelVersion v) {
    return new ModelVersionDetail(
        v.id(),
        v.modelName(),
        v.version(),
        v.catalogEntry(),
        v.task(),
        v.stage().label(),
        allowed(v.stage()),
        versions.parse(v.metrics()),
        new Lineage(
            v.trainingRunId(),
            v.datasetId(),
            v.parentVersionId(),
            ancestors(v),
            versions.parse(v.dataLineage())),
        v.artifactId(),
        versions.parse(v.modelCard()),
        v.createdAt(),
        v.stageChangedAt());
  }

  private List<Ancestor> ancestors(ModelVersion v) {
    List<Ancestor> ancestors = new ArrayList<>();
    Set<UUID> seen = new HashSet<>();
    UUID parent = v.parentVersionId();
    while (parent != null && seen.add(parent)) {
      ModelVersion p = versions.get(v.tenantId(), parent);
      ancestors.add(new Ancestor(p.id(), p.modelName(), p.version(), p.trainingRunId()));
      parent = p.parentVersionId();
    }
    return ancestors;
  }

  private static List<String> allowed(ModelStage stage) {
    return stage.next().stream().sorted().map(ModelStage::label).toList();
  }

  private static ModelStage stage(String label) {
    try {
      return ModelStage.of(label);
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(
          "stage", "'" + label + "' is not one of candidate, staging, production, archived");
    }
  }
}
