package dev.millrace.platform.deployments;

import java.util.Locale;

/**
 * Where a deployment is in its life. deploy-model moves it from PROVISIONING to READY (or FAILED,
 * or REJECTED when its checks refuse it); undeploy-model from DRAINING to DELETED.
 */
public enum DeploymentStatus {
  /** Checked, credits reserved, the endpoint is being created and smoke-tested. */
  PROVISIONING,
  /** Published: the endpoint answers at its URL. */
  READY,
  /** Being undeployed: traffic drains, the endpoint is removed, the credits settled. */
  DRAINING,
  DELETED,
  /** Provisioning failed (backend, readiness timeout, smoke test); nothing is left running. */
  FAILED,
  /** The process's own checks refused it before any compute started. */
  REJECTED;

  /** Whether the deployment still holds its name, its endpoint or its credits. */
  public boolean live() {
    return this == PROVISIONING || this == READY || this == DRAINING;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** From a query parameter ({@code ready}, {@code READY}); null stays null. */
  static DeploymentStatus of(String value) {
    return value == null ? null : valueOf(value.toUpperCase(Locale.ROOT));
  }
}
