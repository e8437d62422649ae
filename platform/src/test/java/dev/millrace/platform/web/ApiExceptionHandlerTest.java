package dev.millrace.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.workers.credits.InsufficientCreditsException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

class ApiExceptionHandlerTest {

  @Test
  void insufficientCreditsIs402NamingAvailableAndRequired() {
    var response =
        new ApiExceptionHandler()
            .insufficientCredits(new InsufficientCreditsException("t-1", 2_500_000, 10_000_000));

    ProblemDetail problem = response.getBody();
    assertThat(response.getStatusCode().value()).isEqualTo(402);
    assertThat(problem.getType().toString()).isEqualTo("urn:millrace:problem:insufficient-credits");
    assertThat(problem.getProperties())
        .containsEntry("available", new BigDecimal("2.500000"))
        .containsEntry("required", new BigDecimal("10.000000"));
    assertThat(problem.getDetail())
        .isEqualTo("Not enough credits: 10 needed, 2.5 available for tenant t-1");
  }
}
