package dev.millrace.platform;

import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The Millrace platform: REST API, persistence and wiring, with the engine embedded by default.
 * Authentication is by API key only (web.SecurityConfiguration), so Boot's generated in-memory user
 * is switched off.
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class MillraceApplication {

  public static void main(String[] args) {
    SpringApplication.run(MillraceApplication.class, args);
  }

  /**
   * The one clock of the platform's own code. Microsecond ticks: what both databases store, so an
   * object read back equals the one just created.
   */
  @Bean
  Clock clock() {
    return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
  }
}
