package dev.millrace.platform.tenants;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Generating and hashing API key secrets. A key carries 256 random bits, so a plain SHA-256 is as
 * strong as a slow password hash here and keeps every authenticated request cheap.
 */
final class ApiKeySecrets {

  static final String KEY_PREFIX = "mr_";

  /** Keys given by an operator (the bootstrap key) must be at least this long. */
  static final int MIN_LENGTH = 24;

  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeySecrets() {}

  static String generate() {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  static String hash(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** What lists show of a key: enough to recognise it, far too little to use it. */
  static String displayPrefix(String key) {
    return key.substring(0, Math.min(key.length(), KEY_PREFIX.length() + 6));
  }
}
