package dev.millrace.platform.models;

import java.util.Locale;
import java.util.Set;

/**
 * Where a model version stands. A version is registered as a {@code candidate}; people move it
 * through {@code staging} to {@code production} and retire it to {@code archived} (from which it
 * can come back as a candidate). Promoting one version of a model to production archives the one
 * that held it.
 */
public enum ModelStage {
  CANDIDATE,
  STAGING,
  PRODUCTION,
  ARCHIVED;

  public Set<ModelStage> next() {
    return switch (this) {
      case CANDIDATE -> Set.of(STAGING, PRODUCTION, ARCHIVED);
      case STAGING -> Set.of(CANDIDATE, PRODUCTION, ARCHIVED);
      case PRODUCTION -> Set.of(STAGING, ARCHIVED);
      case ARCHIVED -> Set.of(CANDIDATE);
    };
  }

  public boolean canMoveTo(ModelStage target) {
    return next().contains(target);
  }

  /** As the API writes it: lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException for a name that is no stage
   */
  public static ModelStage of(String label) {
    return valueOf(label.strip().toUpperCase(Locale.ROOT));
  }
}
