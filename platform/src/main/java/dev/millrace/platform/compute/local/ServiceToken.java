package dev.millrace.platform.compute.local;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The platform's internal service token: the only credential a private endpoint accepts. It is
 * generated when the platform starts, lives only in its memory and is never stored; platform code
 * that calls an endpoint (smoke tests, connectors) sends {@link #authorization()}.
 */
public final class ServiceToken {

  private static final String BEARER = "Bearer ";

  private final String value;

  private ServiceToken(String value) {
    this.value = value;
  }

  public static ServiceToken generate() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return new ServiceToken(
        "mrs_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random));
  }

  public String value() {
    return value;
  }

  /** The {@code Authorization} header value: {@code Bearer <token>}. */
  public String authorization() {
    return BEARER + value;
  }

  /** Whether a presented bearer credential is this token (compared in constant time). */
  public boolean matches(String presented) {
    return presented != null
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "ServiceToken[****]";
  }
}
