package dev.millrace.conformance.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The smallest Spring Boot application a Millrace or Camunda user writes: the Camunda starter's
 * auto-configuration plus one {@code @JobWorker} bean. Started by SpringJobWorkerSuite against the
 * engine under test.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(GreetingWorker.class)
public class GreetingWorkerApplication {}
