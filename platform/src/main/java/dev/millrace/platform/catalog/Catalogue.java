package dev.millrace.platform.catalog;

import dev.millrace.runtime.catalog.Catalog;
import dev.millrace.runtime.catalog.CatalogEntry;
import dev.millrace.runtime.playground.BaseModels;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * The model runtime's catalogue, as the platform's features use it. Created after {@link
 * ModelRuntimeEnvironment} so the runtime's files go under the data directory.
 */
@Component
@DependsOn("modelRuntimeEnvironment")
public class Catalogue {

  private final Catalog catalog = Catalog.standard();

  public List<CatalogEntry> entries() {
    return catalog.entries();
  }

  public Optional<CatalogEntry> find(String id) {
    return catalog.entries().stream().filter(e -> e.id().equals(id)).findFirst();
  }

  /** Whether the playground can predict with this entry before any training. */
  public boolean hasBaseModel(String id) {
    return BaseModels.has(id);
  }
}
