package dev.millrace.runtime.data;

import java.util.Map;

/**
 * What one pass over the data learned about a column. Numeric statistics are null for non-numeric
 * columns; {@code values} holds value counts for categorical and boolean columns (at most {@link
 * DatasetProfiler#MAX_CATEGORIES}, then {@code distinct} is null: too many to count).
 */
public record ColumnProfile(
    String name,
    ColumnType type,
    long present,
    long missing,
    Double min,
    Double max,
    Double mean,
    Double std,
    Integer distinct,
    Map<String, Long> values) {}
