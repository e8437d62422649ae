package dev.millrace.platform;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Millrace platform: REST API, persistence and wiring, with the engine embedded by default. */
@SpringBootApplication
public class MillraceApplication {

  public static void main(String[] args) {
    SpringApplication.run(MillraceApplication.class, args);
  }
}
