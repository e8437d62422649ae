package dev.millrace.platform.web;

import java.util.List;
import java.util.function.Function;
import org.springframework.data.domain.Page;

/** One page of a list; every paged resource answers in this shape. */
public record ResultPage<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

  public static <E, T> ResultPage<T> of(Page<E> page, Function<List<E>, List<T>> views) {
    return new ResultPage<>(
        views.apply(page.getContent()),
        page.getNumber(),
        page.getSize(),
        page.getTotalElements(),
        page.getTotalPages());
  }
}
