package dev.millrace.runtime.artifact;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** One row's answer: a label with its probabilities, or a value. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(String label, Map<String, Double> probabilities, Double value) {}
