package dev.millrace.platform.compute.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.workers.compute.EndpointSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The router's pure parts: service token, access rules, token buckets, traffic statistics. */
class RouterPartsTest {

  private static final long SECOND = 1_000_000_000L;

  private final ServiceToken token = ServiceToken.generate();
  private final EndpointAccess access =
      new EndpointAccess(
          token,
          key ->
              Optional.ofNullable(
                  Map.of(
                          "own", new ApiKeyVerifier.KeyHolder("k1", "t1"),
                          "other", new ApiKeyVerifier.KeyHolder("k2", "t2"),
                          "admin", new ApiKeyVerifier.KeyHolder("k3", null))
                      .get(key)),
          new TokenBuckets(1, 2));

  private static EndpointSpec endpoint(String visibility) {
    return new EndpointSpec(
        "e", "t1", "iris", Path.of("x"), visibility, "cpu", "small", "small", "cpu", 50, 1, 1);
  }

  @Test
  void serviceTokensAreLongRandomAndComparedExactly() {
    ServiceToken other = ServiceToken.generate();
    assertThat(token.value()).startsWith("mrs_").hasSizeGreaterThan(40).isNotEqualTo(other.value());
    assertThat(token.matches(token.value())).isTrue();
    assertThat(token.matches(other.value())).isFalse();
    assertThat(token.matches(null)).isFalse();
    assertThat(token.authorization()).isEqualTo("Bearer " + token.value());
    assertThat(token.toString()).doesNotContain(token.value());
  }

  @Test
  void privateEndpointsAdmitOnlyTheServiceToken() {
    assertThat(access.check(endpoint("private"), token.authorization(), 0).allowed()).isTrue();
    assertThat(access.check(endpoint("private"), "bearer " + token.value(), 0).allowed()).isTrue();
    for (String caller :
        new String[] {null, "Bearer own", "Bearer admin", "Basic abc", "Bearer "}) {
      EndpointAccess.Verdict verdict = access.check(endpoint("private"), caller, 0);
      assertThat(verdict.status()).as("%s", caller).isEqualTo(403);
      assertThat(verdict.type()).isEqualTo("forbidden");
    }
  }

  @Test
  void publicEndpointsAdmitTheirTenantsKeysWithinTheRateLimit() {
    EndpointSpec endpoint = endpoint("public");
    assertThat(access.check(endpoint, null, 0).status()).isEqualTo(401);
    assertThat(access.check(endpoint, null, 0).challenge()).isEqualTo("Bearer realm=\"millrace\"");
    assertThat(access.check(endpoint, "Token own", 0).status()).isEqualTo(401);
    assertThat(access.check(endpoint, "Bearer nobody", 0).challenge()).contains("invalid_token");
    assertThat(access.check(endpoint, "Bearer other", 0).status()).isEqualTo(403);
    assertThat(access.check(endpoint, "Bearer admin", 0).status()).isEqualTo(403);
    assertThat(access.check(endpoint, "Bearer own", 0).allowed()).isTrue();
    assertThat(access.check(endpoint, "Bearer own", 0).allowed()).isTrue();
    EndpointAccess.Verdict limited = access.check(endpoint, "Bearer own", 0);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.retryAfterSeconds()).isEqualTo(1);
    assertThat(access.check(endpoint, "Bearer own", SECOND).allowed()).isTrue();
    assertThat(access.check(endpoint, token.authorization(), 0).allowed()).isTrue();
  }

  @Test
  void aKeyCheckThatFailsIsAServiceProblemNotAnAnswer() {
    EndpointAccess broken =
        new EndpointAccess(
            token,
            key -> {
              throw new IllegalStateException("database down");
            },
            new TokenBuckets(1, 1));
    EndpointAccess.Verdict verdict = broken.check(endpoint("public"), "Bearer own", 0);
    assertThat(verdict.status()).isEqualTo(503);
    assertThat(verdict.retryAfterSeconds()).isPositive();
  }

  @Test
  void tokenBucketsRefillAtTheirRateUpToTheBurst() {
    TokenBuckets buckets = new TokenBuckets(2, 3);
    for (int i = 0; i < 3; i++) {
      assertThat(buckets.take("k", 0)).isZero();
    }
    assertThat(buckets.take("k", 0)).isEqualTo(Duration.ofMillis(500));
    assertThat(buckets.take("k", SECOND / 2)).isZero();
    assertThat(buckets.take("other", SECOND / 2)).as("per key").isZero();
    assertThat(buckets.take("k", 100 * SECOND)).isZero(); // refilled to 3, not 200
    assertThat(buckets.take("k", 100 * SECOND)).isZero();
    assertThat(buckets.take("k", 100 * SECOND)).isZero();
    assertThat(buckets.take("k", 100 * SECOND)).isPositive();
    buckets.forgetFull(1000 * SECOND);
    assertThat(buckets.size()).isZero();
  }

  @Test
  void requestStatsGiveRatesAndInFlightOverTheWindow() {
    RequestStats stats = new RequestStats();
    long t = 1000 * SECOND;
    for (int second = 0; second < 4; second++) {
      for (int i = 0; i < 10; i++) {
        stats.arrived(t + second * SECOND);
        stats.finished();
      }
    }
    // 4 s of 10/s; asked at the end of the 4th second over a 2 s window.
    assertThat(stats.requestsPerSecond(t + 3 * SECOND + SECOND - 1, Duration.ofSeconds(2)))
        .isCloseTo(10, org.assertj.core.data.Offset.offset(0.5));
    assertThat(stats.requestsPerSecond(t + 60 * SECOND, Duration.ofSeconds(2))).isZero();
    stats.arrived(t + 61 * SECOND);
    stats.arrived(t + 61 * SECOND);
    assertThat(stats.inFlightNow()).isEqualTo(2);
    stats.sampleInFlight(t + 61 * SECOND);
    stats.finished();
    stats.sampleInFlight(t + 62 * SECOND);
    assertThat(stats.averageInFlight(t + 62 * SECOND, Duration.ofSeconds(2))).isEqualTo(1.5);
    assertThat(stats.lastArrivalNanos()).isEqualTo(t + 61 * SECOND);
  }
}
