package dev.millrace.platform.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.platform.PlatformProperties;
import dev.millrace.platform.web.InvalidFieldException;
import dev.millrace.platform.web.NotFoundException;
import dev.millrace.runtime.ModelRuntimeException;
import dev.millrace.runtime.data.DatasetProfile;
import dev.millrace.runtime.data.DatasetProfiler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tenants' data files: stored under {@code <data-dir>/datasets/<tenant>/<dataset>/}, profiled and
 * validated by the model runtime on upload.
 */
@Service
public class Datasets {

  private static final Logger log = LoggerFactory.getLogger(Datasets.class);

  /** Beside the data file; uploaded names never start with a dot, so none can clash. */
  private static final String PROFILE = ".profile.json";

  private final DatasetRepository repository;
  private final ObjectMapper json;
  private final Clock clock;
  private final Path root;

  Datasets(
      DatasetRepository repository, ObjectMapper json, Clock clock, PlatformProperties properties) {
    this.repository = repository;
    this.json = json;
    this.clock = clock;
    this.root = properties.dataDir().toAbsolutePath().resolve("datasets");
  }

  /**
   * Stores the file and its profile. An invalid file is kept too, with its report: the user sees
   * every problem with line and column, and deletes or replaces it.
   *
   * @param target the column to predict, checked now if given (present, complete, not constant)
   */
  // No transaction around the copy and the profiling: they take long, the insert does not.
  public Dataset upload(
      UUID tenantId,
      String originalFileName,
      InputStream content,
      @Nullable String name,
      @Nullable String target) {
    String fileName = safeFileName(originalFileName);
    UUID id = UUID.randomUUID();
    Path dir = directory(tenantId, id);
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(fileName);
      Files.copy(content, file);
      DatasetProfile profile = profile(file, target);
      Dataset dataset =
          new Dataset(
              id, tenantId, name == null ? fileName : name, fileName, target, clock.instant());
      dataset.profiled(
          profile.format(),
          profile.bytes(),
          profile.sha256(),
          profile.rows(),
          profile.columns().size(),
          profile.valid(),
          profile.errors().size(),
          profile.warnings().size());
      json.writeValue(dir.resolve(PROFILE).toFile(), profile);
      return repository.save(dataset);
    } catch (IOException e) {
      deleteQuietly(dir);
      throw new UncheckedIOException("cannot store dataset " + fileName, e);
    } catch (RuntimeException e) {
      deleteQuietly(dir);
      throw e;
    }
  }

  @Transactional(readOnly = true)
  public Dataset get(UUID tenantId, UUID id) {
    return repository
        .findByIdAndTenantId(id, tenantId)
        .orElseThrow(() -> new NotFoundException("dataset", id));
  }

  @Transactional(readOnly = true)
  public List<Dataset> list(UUID tenantId) {
    return repository.findByTenantIdOrderByCreatedAtDesc(tenantId);
  }

  /** The stored file, for profiling again, estimating and training. */
  public Path file(Dataset dataset) {
    return directory(dataset.tenantId(), dataset.id()).resolve(dataset.fileName());
  }

  @Transactional
  public void delete(UUID tenantId, UUID id) {
    Dataset dataset = get(tenantId, id);
    repository.delete(dataset);
    repository.flush();
    deleteQuietly(directory(tenantId, id));
  }

  private DatasetProfile profile(Path file, @Nullable String target) {
    try {
      return DatasetProfiler.profile(file, target, null);
    } catch (ModelRuntimeException e) {
      throw new InvalidFieldException("file", e.getMessage());
    }
  }

  private Path directory(UUID tenantId, UUID id) {
    return root.resolve(tenantId.toString()).resolve(id.toString());
  }

  /** Keeps letters, digits, dot, dash and underscore: the name becomes a path. */
  static String safeFileName(String original) {
    String normalized = original == null ? "" : original.replace('\\', '/');
    String base = normalized.substring(normalized.lastIndexOf('/') + 1);
    String safe = base.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "");
    if (safe.isEmpty()) {
      throw new InvalidFieldException("file", "needs a file name (e.g. data.csv)");
    }
    return safe.length() > 200 ? safe.substring(safe.length() - 200) : safe;
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      log.warn("Could not delete {}: {}", dir, e.getMessage());
    }
  }

  /** The profile and validation report made at upload, as the model runtime wrote them. */
  public JsonNode profileOf(Dataset dataset) {
    Path file = directory(dataset.tenantId(), dataset.id()).resolve(PROFILE);
    try {
      return json.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the profile of dataset " + dataset.id(), e);
    }
  }
}
