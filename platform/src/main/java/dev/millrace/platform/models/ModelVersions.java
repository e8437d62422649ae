package dev.millrace.platform.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.platform.PlatformProperties;
import dev.millrace.platform.web.ConflictException;
import dev.millrace.platform.web.NotFoundException;
import dev.millrace.runtime.artifact.ArtifactLayout;
import dev.millrace.runtime.artifact.ModelArtifact;
import dev.millrace.runtime.artifact.ModelCard;
import jakarta.persistence.criteria.Predicate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The model registry: versions registered from finished runs (their artifact copied under {@code
 * <data-dir>/models/<tenant>/<run>/}), looked up per tenant, moved between stages.
 */
@Service
public class ModelVersions {

  /** What a finished run hands to the registry. */
  public record Registration(
      UUID tenantId,
      UUID trainingRunId,
      String modelName,
      @Nullable UUID parentVersionId,
      UUID datasetId,
      Path artifactDir) {}

  private final ModelVersionRepository repository;
  private final ObjectMapper json;
  private final Clock clock;
  private final TransactionTemplate tx;
  private final Path root;

  ModelVersions(
      ModelVersionRepository repository,
      ObjectMapper json,
      Clock clock,
      PlatformTransactionManager transactions,
      PlatformProperties properties) {
    this.repository = repository;
    this.json = json;
    this.clock = clock;
    this.tx = new TransactionTemplate(transactions);
    this.root = properties.dataDir().toAbsolutePath().resolve("models");
  }

  /**
   * Registers the run's artifact as the next version of its model, as a {@code candidate}.
   * Idempotent by run: a retried registration answers the version made the first time.
   */
  public ModelVersion register(Registration r) {
    var existing = repository.findByTrainingRunId(r.trainingRunId());
    if (existing.isPresent()) {
      return existing.get();
    }
    Path stored = store(r);
    ModelCard card = ModelArtifact.load(stored).card();
    String cardJson = read(stored.resolve(ArtifactLayout.MODEL_CARD));
    for (int attempt = 0; ; attempt++) {
      try {
        return tx.execute(
            status -> {
              int next = repository.highestVersion(r.tenantId(), r.modelName()) + 1;
              return repository.saveAndFlush(
                  new ModelVersion(
                      UUID.randomUUID(),
                      r.tenantId(),
                      r.modelName(),
                      next,
                      card.catalogEntry(),
                      card.task().name().toLowerCase(Locale.ROOT),
                      r.trainingRunId(),
                      r.parentVersionId(),
                      r.datasetId(),
                      card.artifactId(),
                      stored.toString(),
                      write(card.evaluation() == null ? Map.of() : card.evaluation().metrics()),
                      write(card.data() == null ? List.of() : card.data()),
                      cardJson,
                      clock.instant()));
            });
      } catch (DataIntegrityViolationException raced) {
        // Another registration of this run won, or took this version number: look again.
        var winner = repository.findByTrainingRunId(r.trainingRunId());
        if (winner.isPresent()) {
          return winner.get();
        }
        if (attempt >= 5) {
          throw raced;
        }
      }
    }
  }

  @Transactional(readOnly = true)
  public ModelVersion get(UUID tenantId, UUID id) {
    return repository
        .findByIdAndTenantId(id, tenantId)
        .orElseThrow(() -> new NotFoundException("model version", id));
  }

  /** Newest first. */
  @Transactional(readOnly = true)
  public Page<ModelVersion> list(
      UUID tenantId,
      @Nullable String modelName,
      @Nullable ModelStage stage,
      @Nullable String catalogEntry,
      int page,
      int size) {
    Specification<ModelVersion> spec =
        (v, query, cb) -> {
          var conditions = new ArrayList<Predicate>();
          conditions.add(cb.equal(v.get("tenantId"), tenantId));
          if (modelName != null) {
            conditions.add(cb.equal(v.get("modelName"), modelName));
          }
          if (stage != null) {
            conditions.add(cb.equal(v.get("stage"), stage));
          }
          if (catalogEntry != null) {
            conditions.add(cb.equal(v.get("catalogEntry"), catalogEntry));
          }
          return cb.and(conditions.toArray(Predicate[]::new));
        };
    return repository.findAll(
        spec,
        PageRequest.of(
            page, size, Sort.by(Sort.Direction.DESC, "createdAt").and(Sort.by("version"))));
  }

  /**
   * Moves the version to {@code target}; a transition the stages do not allow is a 409 naming the
   * allowed ones. Promoting to production archives the model's current production version.
   */
  @Transactional
  public ModelVersion changeStage(UUID tenantId, UUID id, ModelStage target) {
    ModelVersion version = get(tenantId, id);
    if (version.stage() == target) {
      return version;
    }
    if (!version.stage().canMoveTo(target)) {
      throw new ConflictException(
          "stage-transition-not-allowed",
          "A "
              + version.stage().label()
              + " version cannot move to "
              + target.label()
              + "; allowed: "
              + version.stage().next().stream().sorted().map(ModelStage::label).toList());
    }
    if (target == ModelStage.PRODUCTION) {
      for (ModelVersion current :
          repository.findByTenantIdAndModelNameAndStage(
              tenantId, version.modelName(), ModelStage.PRODUCTION)) {
        current.moveTo(ModelStage.ARCHIVED, clock.instant());
      }
    }
    version.moveTo(target, clock.instant());
    return version;
  }

  /** The version's artifact directory (weights, model card, preprocessing). */
  public Path artifactDir(ModelVersion version) {
    return Path.of(version.artifactDir());
  }

  public JsonNode parse(String document) {
    try {
      return json.readTree(document);
    } catch (IOException e) {
      throw new UncheckedIOException("stored JSON unreadable", e);
    }
  }

  /**
   * Copies the artifact (without checkpoints) to its own directory, through a temporary name and a
   * rename, so a crash never leaves a half-copied version behind the name.
   */
  private Path store(Registration r) {
    Path target = root.resolve(r.tenantId().toString()).resolve(r.trainingRunId().toString());
    if (ArtifactLayout.isArtifact(target)) {
      return target;
    }
    Path source = r.artifactDir().toAbsolutePath();
    if (!ArtifactLayout.isArtifact(source)) {
      throw new IllegalStateException(
          "run " + r.trainingRunId() + " left no model artifact in " + source);
    }
    Path staging = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
    try {
      Files.createDirectories(staging);
      try (Stream<Path> files = Files.walk(source)) {
        for (Path file : files.sorted().toList()) {
          Path relative = source.relativize(file);
          if (relative.startsWith(ArtifactLayout.CHECKPOINTS)) {
            continue;
          }
          Path copy = staging.resolve(relative.toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(copy);
          } else {
            Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
      deleteTree(target);
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (FileAlreadyExistsException raced) {
      deleteTree(staging);
      return target;
    } catch (IOException e) {
      deleteTree(staging);
      throw new UncheckedIOException("cannot store the artifact of run " + r.trainingRunId(), e);
    }
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }
}
