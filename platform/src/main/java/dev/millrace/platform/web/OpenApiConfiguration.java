package dev.millrace.platform.web;

import dev.millrace.platform.tenants.Caller;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /v3/api-docs} (UI at {@code /swagger-ui.html}). */
@Configuration
class OpenApiConfiguration {

  static final String BEARER = "apiKey";

  static {
    // Resolved from the Authorization header, not a request parameter.
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
  }

  @Bean
  OpenAPI millraceOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Millrace platform API")
                .version("v1")
                .description(
                    "Tenants, API keys, credits, catalogue, datasets and the playground. Errors are"
                        + " application/problem+json (RFC 9457).")
                .license(
                    new License()
                        .name("Apache License, Version 2.0")
                        .url("https://www.apache.org/licenses/LICENSE-2.0")))
        .components(
            new Components()
                .addSecuritySchemes(
                    BEARER,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("An API key: 'Authorization: Bearer <key>'")))
        .addSecurityItem(new SecurityRequirement().addList(BEARER));
  }
}
