package dev.millrace.conformance.spring;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A {@code @JobWorker} bean as users write them: variables in, variables out, auto-completed. */
public class GreetingWorker {

  public static final String JOB_TYPE = "conformance-spring-greeting";

  private final Set<String> greeted = ConcurrentHashMap.newKeySet();

  @JobWorker(type = JOB_TYPE)
  public Map<String, Object> greet(@Variable(name = "name") String name) {
    greeted.add(name);
    return Map.of("greeting", "Hello " + name);
  }

  /** The names this worker has greeted, for the scenario to check that it was this bean. */
  public Set<String> greeted() {
    return Set.copyOf(greeted);
  }
}
