package dev.millrace.conformance.engine;

/**
 * An active incident of a process instance.
 *
 * @param key the incident key, as ResolveIncident expects it
 * @param errorType the name of Zeebe's incident error type, e.g. {@code JOB_NO_RETRIES}, {@code
 *     EXTRACT_VALUE_ERROR}, {@code CONDITION_ERROR}, {@code CALLED_ELEMENT_ERROR}, {@code
 *     UNHANDLED_ERROR_EVENT}, {@code IO_MAPPING_ERROR}
 * @param elementId the id of the BPMN element the incident is attached to
 * @param errorMessage the incident's message
 * @param jobKey the key of the job the incident belongs to, or {@code null} when it belongs to none
 */
public record IncidentView(
    long key, String errorType, String elementId, String errorMessage, Long jobKey) {}
