package dev.millrace.platform.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.DeployResourceCommandStep1;
import io.camunda.client.api.response.DeploymentEvent;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys the process models shipped on the classpath ({@value #PATTERN}: the lifecycle processes
 * of {@code bpmn-models}) at start-up, in embedded and remote mode alike. A model the engine
 * rejects stops the start: a platform without its processes cannot do its work.
 */
@Component
class ProcessModelDeployer implements ApplicationRunner {

  static final String PATTERN = "classpath*:bpmn/*.bpmn";

  private static final Logger log = LoggerFactory.getLogger(ProcessModelDeployer.class);

  private final CamundaClient client;
  private final EngineProperties properties;
  private final ResourcePatternResolver resources;

  ProcessModelDeployer(CamundaClient client, EngineProperties properties) {
    this.client = client;
    this.properties = properties;
    this.resources = new PathMatchingResourcePatternResolver(getClass().getClassLoader());
  }

  @Override
  public void run(ApplicationArguments args) throws IOException {
    if (!properties.deployOnStart()) {
      return;
    }
    Resource[] models = resources.getResources(PATTERN);
    if (models.length == 0) {
      log.info("No process models on the classpath ({}); nothing to deploy", PATTERN);
      return;
    }
    Arrays.sort(models, Comparator.comparing(Resource::getFilename));
    DeployResourceCommandStep1 command = client.newDeployResourceCommand();
    DeployResourceCommandStep1.DeployResourceCommandStep2 step = null;
    for (Resource model : models) {
      try (InputStream in = model.getInputStream()) {
        step =
            step == null
                ? command.addResourceBytes(in.readAllBytes(), model.getFilename())
                : step.addResourceBytes(in.readAllBytes(), model.getFilename());
      }
    }
    DeploymentEvent deployed = step.requestTimeout(Duration.ofSeconds(30)).send().join();
    deployed
        .getProcesses()
        .forEach(
            p ->
                log.info(
                    "Deployed process {} version {} ({})",
                    p.getBpmnProcessId(),
                    p.getVersion(),
                    p.getResourceName()));
  }
}
