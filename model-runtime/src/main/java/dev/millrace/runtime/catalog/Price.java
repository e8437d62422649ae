package dev.millrace.runtime.catalog;

import java.math.BigDecimal;

/** Credits charged per compute-second for one compute type and size. */
public record Price(
    ComputeType computeType, ComputeSize computeSize, BigDecimal creditsPerSecond) {}
