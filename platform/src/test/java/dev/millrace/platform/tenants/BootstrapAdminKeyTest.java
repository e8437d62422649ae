package dev.millrace.platform.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.platform.MillraceApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** The admin key of a fresh installation: generated and printed on the first start only. */
@ExtendWith(OutputCaptureExtension.class)
class BootstrapAdminKeyTest {

  private static final String BANNER = "Millrace admin API key";
  private static final Pattern KEY = Pattern.compile("\\s(mr_[A-Za-z0-9_-]{43})\\s");

  @TempDir Path dataDir;

  @Test
  void aGeneratedKeyIsPrintedOnTheFirstStartAndNeverAgain(CapturedOutput output) throws Exception {
    String key;
    try (ConfigurableApplicationContext first = start("")) {
      String printed = output.getAll();
      assertThat(printed.split(BANNER, -1)).hasSize(2);
      Matcher found = KEY.matcher(printed.substring(printed.indexOf(BANNER)));
      assertThat(found.find()).as("a key after the banner").isTrue();
      key = found.group(1);
      assertThat(status(first, key)).isEqualTo(200);
    }

    int mark = output.getAll().length();
    String ignored = "mr_a-later-bootstrap-key-is-ignored-0000";
    try (ConfigurableApplicationContext second = start(ignored)) {
      String later = output.getAll().substring(mark);
      assertThat(later).doesNotContain(BANNER).doesNotContain(key);
      assertThat(status(second, key)).as("the first key still works").isEqualTo(200);
      assertThat(status(second, ignored)).as("only the first start bootstraps").isEqualTo(401);
    }
  }

  private ConfigurableApplicationContext start(String bootstrapKey) {
    return new SpringApplicationBuilder(MillraceApplication.class)
        .run(
            "--server.port=0",
            "--millrace.engine.grpc-port=0",
            "--millrace.data-dir=" + dataDir,
            "--millrace.bootstrap-api-key=" + bootstrapKey);
  }

  private static int status(ConfigurableApplicationContext app, String key)
      throws IOException, InterruptedException {
    String port = app.getEnvironment().getProperty("local.server.port");
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/api-keys/current"))
            .header("Authorization", "Bearer " + key)
            .build();
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
  }
}
