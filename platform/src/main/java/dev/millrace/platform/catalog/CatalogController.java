package dev.millrace.platform.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.platform.web.NotFoundException;
import dev.millrace.runtime.catalog.CatalogEntry;
import dev.millrace.runtime.catalog.Price;
import dev.millrace.runtime.catalog.ResourceNeeds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/catalog")
@Tag(name = "catalog", description = "The models you can try, train and deploy")
class CatalogController {

  private final Catalogue catalogue;

  CatalogController(Catalogue catalogue) {
    this.catalogue = catalogue;
  }

  record PriceView(String computeType, String computeSize, BigDecimal creditsPerSecond) {
    static PriceView of(Price price) {
      return new PriceView(
          price.computeType().name().toLowerCase(Locale.ROOT),
          price.computeSize().name().toLowerCase(Locale.ROOT),
          price.creditsPerSecond());
    }
  }

  /**
   * @param task classification or regression; null when the hyper-parameter {@code task} picks it
   * @param documentation Markdown
   * @param baseModel whether the playground can predict with it before training
   */
  record EntryView(
      String id,
      String version,
      String title,
      String summary,
      String family,
      String task,
      boolean image,
      boolean baseModel,
      ResourceNeeds resources,
      List<PriceView> prices,
      JsonNode hyperparameterSchema,
      String documentation) {}

  @GetMapping
  @Operation(summary = "Every catalogue entry with its document, hyper-parameter schema and prices")
  List<EntryView> list() {
    return catalogue.entries().stream().map(this::view).toList();
  }

  @GetMapping("/{entryId}")
  EntryView get(@PathVariable String entryId) {
    return view(entry(entryId));
  }

  @GetMapping(value = "/{entryId}/document", produces = "text/markdown;charset=UTF-8")
  @Operation(summary = "The entry's documentation as Markdown")
  String document(@PathVariable String entryId) {
    return entry(entryId).documentation();
  }

  private CatalogEntry entry(String id) {
    return catalogue.find(id).orElseThrow(() -> new NotFoundException("catalog-entry", id));
  }

  private EntryView view(CatalogEntry e) {
    return new EntryView(
        e.id(),
        e.version(),
        e.title(),
        e.summary(),
        e.family().name().toLowerCase(Locale.ROOT),
        e.task() == null ? null : e.task().name().toLowerCase(Locale.ROOT),
        e.image(),
        catalogue.hasBaseModel(e.id()),
        e.resources(),
        e.prices().stream().map(PriceView::of).toList(),
        e.hyperparameterSchema(),
        e.documentation());
  }
}
