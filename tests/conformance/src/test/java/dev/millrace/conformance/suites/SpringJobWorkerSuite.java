package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.conformance.spring.GreetingWorker;
import dev.millrace.conformance.spring.GreetingWorkerApplication;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application with a {@code @JobWorker} bean (camunda-spring-boot-starter), pointed
 * at the engine's gRPC gateway with the standard self-managed properties, completes the jobs of a
 * process running on the engine.
 *
 * <p>Docs: apis-tools/camunda-spring-boot-starter (job workers, self-managed connection).
 */
@Tag("spring-job-worker")
public abstract class SpringJobWorkerSuite extends ConformanceSuite {

  @Test
  void jobWorkerBeanCompletesJobsOfTheEngineUnderTest() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .serviceTask("greet", t -> t.zeebeJobType(GreetingWorker.JOB_TYPE))
            .endEvent("end")
            .done());
    String name = "Ada-" + id;

    try (ConfigurableApplicationContext application =
        new SpringApplicationBuilder(GreetingWorkerApplication.class)
            .web(WebApplicationType.NONE)
            // As arguments, not default properties: the starter's self-managed defaults (gRPC on
            // localhost:26500) outrank default properties.
            .run(
                "--camunda.client.mode=self-managed",
                "--camunda.client.grpc-address=" + engine.grpcAddress(),
                "--camunda.client.prefer-rest-over-grpc=false",
                // Without a REST gateway the client's health indicator can only report DOWN.
                "--management.health.camunda.enabled=false",
                "--spring.main.banner-mode=off")) {
      long instance = start(id, Map.of("name", name));

      awaitCompleted(instance);
      awaitVariables(instance, Map.of("greeting", "Hello " + name));
      awaitPath(instance, "start", "greet", "end");
      assertThat(application.getBean(GreetingWorker.class).greeted()).contains(name);
    }
  }
}
