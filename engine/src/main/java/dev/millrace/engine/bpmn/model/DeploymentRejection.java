package dev.millrace.engine.bpmn.model;

/**
 * A resource cannot be deployed. The message names the resource and, per problem, the element id
 * (or line and column for XML errors) and the reason, in Zeebe's layout.
 */
public final class DeploymentRejection extends RuntimeException {
  public DeploymentRejection(String message) {
    super(message);
  }
}
