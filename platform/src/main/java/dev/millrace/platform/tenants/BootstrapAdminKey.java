package dev.millrace.platform.tenants;

import dev.millrace.platform.PlatformProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * On the platform's first start, creates the admin key: {@code MILLRACE_BOOTSTRAP_API_KEY} if set,
 * else a generated one printed once (it cannot be shown again: only its hash is stored).
 */
@Component
class BootstrapAdminKey implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(BootstrapAdminKey.class);

  private final ApiKeys keys;
  private final PlatformProperties properties;

  BootstrapAdminKey(ApiKeys keys, PlatformProperties properties) {
    this.keys = keys;
    this.properties = properties;
  }

  @Override
  public void run(ApplicationArguments args) {
    String given =
        StringUtils.hasText(properties.bootstrapApiKey()) ? properties.bootstrapApiKey() : null;
    keys.bootstrapAdmin(given)
        .ifPresent(
            secret -> {
              if (given != null) {
                log.info("Created the admin API key from MILLRACE_BOOTSTRAP_API_KEY");
              } else {
                log.warn(
                    """

                    ==================================================================
                    Millrace admin API key (shown this once; only its hash is stored):

                        {}

                    Use it as 'Authorization: Bearer <key>'. Set MILLRACE_BOOTSTRAP_API_KEY
                    before the first start to choose it instead.
                    ==================================================================""",
                    secret);
              }
            });
  }
}
