package dev.millrace.engine.log;

/**
 * One log entry: the records of one processed command batch, positions {@code firstPosition} to
 * {@code lastPosition}, as the opaque bytes the engine appended. The payload array belongs to the
 * caller (each read returns a fresh copy); equality is by identity of the array, as for any record
 * holding one.
 */
public record LogEntry(long firstPosition, long lastPosition, byte[] payload) {}
