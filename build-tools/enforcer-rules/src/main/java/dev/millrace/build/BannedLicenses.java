package dev.millrace.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.inject.Inject;
import javax.inject.Named;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.enforcer.rule.api.AbstractEnforcerRule;
import org.apache.maven.enforcer.rule.api.EnforcerRuleException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.License;
import org.apache.maven.model.building.ModelBuildingRequest;
import org.apache.maven.project.DefaultProjectBuildingRequest;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.ProjectBuilder;
import org.apache.maven.project.ProjectBuildingException;
import org.apache.maven.project.ProjectBuildingRequest;

/**
 * Fails the build when any dependency's effective POM (parents included) declares a licence
 * matching one of {@link #patterns}. The named-artifact bans catch the known Camunda engine jars;
 * this catches the ones nobody has named yet.
 */
@Named("bannedLicenses")
public final class BannedLicenses extends AbstractEnforcerRule {

  // Licences read once per artifact per build: every module sees mostly the same dependencies.
  private static final Map<String, List<String>> LICENSES_BY_ARTIFACT = new ConcurrentHashMap<>();

  private final MavenProject project;
  private final MavenSession session;
  private final ProjectBuilder projectBuilder;

  /** Regular expressions matched against each declared licence name and URL. */
  private List<String> patterns = new ArrayList<>();

  @Inject
  public BannedLicenses(MavenProject project, MavenSession session, ProjectBuilder projectBuilder) {
    this.project = project;
    this.session = session;
    this.projectBuilder = projectBuilder;
  }

  @Override
  public void execute() throws EnforcerRuleException {
    List<Pattern> compiled = patterns.stream().map(Pattern::compile).toList();
    List<String> offenders = new ArrayList<>();
    for (Artifact artifact : project.getArtifacts()) {
      if (artifact.getGroupId().equals(project.getGroupId())) {
        continue; // our own modules are Apache-2.0 by construction
      }
      for (String license : licensesOf(artifact)) {
        if (compiled.stream().anyMatch(p -> p.matcher(license).matches())) {
          offenders.add(
              artifact.getGroupId()
                  + ":"
                  + artifact.getArtifactId()
                  + ":"
                  + artifact.getVersion()
                  + " declares '"
                  + license
                  + "' (via "
                  + String.join(" <- ", artifact.getDependencyTrail())
                  + ")");
        }
      }
    }
    if (!offenders.isEmpty()) {
      throw new EnforcerRuleException(
          "Not open source: these dependencies declare a licence Millrace cannot ship (Camunda"
              + " License / Zeebe Community License); use the Apache-2.0 Camunda pieces instead:\n  "
              + String.join("\n  ", offenders));
    }
  }

  private List<String> licensesOf(Artifact artifact) {
    String key = artifact.getId();
    List<String> known = LICENSES_BY_ARTIFACT.get(key);
    if (known != null) {
      return known;
    }
    ProjectBuildingRequest request =
        new DefaultProjectBuildingRequest(session.getProjectBuildingRequest());
    request.setProject(null);
    request.setProcessPlugins(false);
    request.setResolveDependencies(false);
    request.setValidationLevel(ModelBuildingRequest.VALIDATION_LEVEL_MINIMAL);
    List<String> result = new ArrayList<>();
    try {
      // build(Artifact, ...) reads the artifact's POM with its parents, so inherited licences count.
      MavenProject model = projectBuilder.build(artifact, request).getProject();
      for (License license : model.getLicenses()) {
        if (license.getName() != null) {
          result.add(license.getName());
        }
        if (license.getUrl() != null) {
          result.add(license.getUrl());
        }
      }
    } catch (ProjectBuildingException e) {
      getLog().warn("Cannot read the licence of " + key + ": " + e.getMessage());
    }
    LICENSES_BY_ARTIFACT.put(key, result);
    return result;
  }

  public void setPatterns(List<String> patterns) {
    this.patterns = patterns;
  }

  @Override
  public String toString() {
    return "BannedLicenses" + patterns;
  }
}
