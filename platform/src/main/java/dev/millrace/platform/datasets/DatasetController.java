package dev.millrace.platform.datasets;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.platform.tenants.Caller;
import dev.millrace.platform.tenants.TenantAccess;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/datasets")
@Tag(
    name = "datasets",
    description = "Data files (CSV or JSON Lines) with their profile and validation report")
class DatasetController {

  private final Datasets datasets;
  private final TenantAccess access;

  DatasetController(Datasets datasets, TenantAccess access) {
    this.datasets = datasets;
    this.access = access;
  }

  record DatasetSummary(
      UUID id,
      String name,
      String fileName,
      String format,
      long sizeBytes,
      String sha256,
      long rows,
      int columnCount,
      String target,
      boolean valid,
      int errorCount,
      int warningCount,
      Instant createdAt) {
    static DatasetSummary of(Dataset d) {
      return new DatasetSummary(
          d.id(),
          d.name(),
          d.fileName(),
          d.format(),
          d.sizeBytes(),
          d.sha256(),
          d.rowCount(),
          d.columnCount(),
          d.target(),
          d.valid(),
          d.errorCount(),
          d.warningCount(),
          d.createdAt());
    }
  }

  /**
   * @param columns per column: type, present and missing counts, statistics, value counts
   * @param validation {@code valid}, and {@code errors} / {@code warnings} as {@code {line, column,
   *     columnName, message}}
   */
  record DatasetDetail(
      @JsonUnwrapped DatasetSummary dataset, JsonNode columns, Validation validation) {}

  record Validation(boolean valid, JsonNode errors, JsonNode warnings) {}

  @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary =
          "Upload a data file (part 'file'); it is profiled and validated at once, and kept even"
              + " when invalid so the report can be read")
  DatasetDetail upload(
      Caller caller,
      @RequestPart("file") MultipartFile file,
      @RequestParam(required = false) String name,
      @RequestParam(required = false) String target,
      @RequestParam(required = false) UUID tenantId)
      throws IOException {
    UUID tenant = access.actingTenant(caller, tenantId);
    try (InputStream content = file.getInputStream()) {
      return detail(
          datasets.upload(
              tenant, file.getOriginalFilename(), content, blankToNull(name), blankToNull(target)));
    }
  }

  @GetMapping
  List<DatasetSummary> list(Caller caller, @RequestParam(required = false) UUID tenantId) {
    return datasets.list(access.actingTenant(caller, tenantId)).stream()
        .map(DatasetSummary::of)
        .toList();
  }

  @GetMapping("/{datasetId}")
  @Operation(summary = "A dataset with its profile and validation report")
  DatasetDetail get(
      Caller caller, @PathVariable UUID datasetId, @RequestParam(required = false) UUID tenantId) {
    return detail(datasets.get(access.actingTenant(caller, tenantId), datasetId));
  }

  @DeleteMapping("/{datasetId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Delete a dataset and its file")
  void delete(
      Caller caller, @PathVariable UUID datasetId, @RequestParam(required = false) UUID tenantId) {
    datasets.delete(access.actingTenant(caller, tenantId), datasetId);
  }

  private DatasetDetail detail(Dataset dataset) {
    JsonNode profile = datasets.profileOf(dataset);
    return new DatasetDetail(
        DatasetSummary.of(dataset),
        profile.path("columns"),
        new Validation(dataset.valid(), profile.path("errors"), profile.path("warnings")));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
