package dev.millrace.runtime.catalog;

/**
 * What one training or serving process of an entry needs at least, and whether a GPU helps.
 *
 * @param gpu "unsupported", "optional" (used when present and asked for) or "recommended"
 */
public record ResourceNeeds(int minCpus, int trainingMemoryMiB, int servingMemoryMiB, String gpu) {}
