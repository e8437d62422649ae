package dev.millrace.platform.compute.local;

import dev.millrace.workers.compute.EndpointSpec;
import java.time.Duration;
import java.util.Optional;

/**
 * Who may call an endpoint through the router. Private endpoints: only the platform's {@link
 * ServiceToken}; anyone else gets 403. Public endpoints: the service token, or an API key of the
 * endpoint's tenant, within that key's rate limit (429 beyond); no key or an unknown one gets 401,
 * another tenant's key 403.
 */
final class EndpointAccess {

  private static final String BEARER = "Bearer ";

  /** The answer: allowed, or refused with a status and a problem type and detail. */
  record Verdict(int status, String type, String detail, long retryAfterSeconds, String challenge) {
    static final Verdict ALLOWED = new Verdict(0, null, null, 0, null);

    boolean allowed() {
      return status == 0;
    }

    static Verdict refused(int status, String type, String detail) {
      return new Verdict(status, type, detail, 0, null);
    }
  }

  private final ServiceToken serviceToken;
  private final ApiKeyVerifier keys;
  private final TokenBuckets limits;

  EndpointAccess(ServiceToken serviceToken, ApiKeyVerifier keys, TokenBuckets limits) {
    this.serviceToken = serviceToken;
    this.keys = keys;
    this.limits = limits;
  }

  Verdict check(EndpointSpec endpoint, String authorization, long nanos) {
    String presented = bearer(authorization);
    if (serviceToken.matches(presented)) {
      return Verdict.ALLOWED;
    }
    if (!"public".equals(endpoint.visibility())) {
      return Verdict.refused(
          403,
          "forbidden",
          "Endpoint '"
              + endpoint.name()
              + "' is private: only the platform's own services may call it");
    }
    if (authorization == null) {
      return new Verdict(
          401,
          "unauthenticated",
          "An API key is required: 'Authorization: Bearer <API key>'",
          0,
          "Bearer realm=\"millrace\"");
    }
    if (presented == null) {
      return new Verdict(
          401,
          "unauthenticated",
          "The Authorization header must be 'Bearer <API key>'",
          0,
          "Bearer realm=\"millrace\", error=\"invalid_request\"");
    }
    Optional<ApiKeyVerifier.KeyHolder> holder;
    try {
      holder = keys.verify(presented);
    } catch (RuntimeException e) {
      return new Verdict(503, "unavailable", "API keys cannot be checked right now", 5, null);
    }
    if (holder.isEmpty()) {
      return new Verdict(
          401,
          "unauthenticated",
          "Unknown or revoked API key",
          0,
          "Bearer realm=\"millrace\", error=\"invalid_token\"");
    }
    if (holder.get().tenantId() == null || !holder.get().tenantId().equals(endpoint.tenantId())) {
      return Verdict.refused(
          403,
          "forbidden",
          "Endpoint '" + endpoint.name() + "' answers only API keys of the tenant that owns it");
    }
    Duration wait = limits.take(holder.get().keyId(), nanos);
    if (!wait.isZero()) {
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      return new Verdict(
          429,
          "rate-limited",
          "This API key's rate limit is exceeded; retry after " + seconds + " s",
          seconds,
          null);
    }
    return Verdict.ALLOWED;
  }

  private static String bearer(String authorization) {
    if (authorization == null
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    String value = authorization.substring(BEARER.length()).strip();
    return value.isEmpty() ? null : value;
  }
}
