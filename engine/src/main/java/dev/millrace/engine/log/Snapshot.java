package dev.millrace.engine.log;

import java.nio.file.Path;

/**
 * A stored, checksum-verified snapshot: the engine's state after applying every entry up to {@code
 * position}. The state array belongs to the caller.
 */
public record Snapshot(long position, byte[] state, Path file) {}
