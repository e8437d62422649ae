package dev.millrace.platform.compute.local;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-key rate limits: a token bucket per key holding up to {@code burst} tokens, refilled at
 * {@code perSecond}; a request takes one token or is refused with the wait until the next one.
 */
final class TokenBuckets {

  private final double perSecond;
  private final double burst;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  TokenBuckets(double perSecond, int burst) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("rate limit: perSecond must be > 0 and burst >= 1");
    }
    this.perSecond = perSecond;
    this.burst = burst;
  }

  /**
   * Takes a token from the key's bucket.
   *
   * @return zero when taken; otherwise how long until a token is available (the request is refused
   *     and takes nothing)
   */
  Duration take(String key, long nanos) {
    return buckets.computeIfAbsent(key, k -> new Bucket(burst, nanos)).take(nanos);
  }

  /** Forgets full buckets (a full bucket is no different from a new one). */
  void forgetFull(long nanos) {
    buckets.values().removeIf(bucket -> bucket.full(nanos));
  }

  int size() {
    return buckets.size();
  }

  private final class Bucket {
    private double tokens;
    private long updatedNanos;

    Bucket(double tokens, long nanos) {
      this.tokens = tokens;
      this.updatedNanos = nanos;
    }

    synchronized Duration take(long nanos) {
      refill(nanos);
      if (tokens >= 1) {
        tokens -= 1;
        return Duration.ZERO;
      }
      return Duration.ofNanos((long) Math.ceil((1 - tokens) / perSecond * 1e9));
    }

    synchronized boolean full(long nanos) {
      refill(nanos);
      return tokens >= burst;
    }

    private void refill(long nanos) {
      if (nanos > updatedNanos) {
        tokens = Math.min(burst, tokens + (nanos - updatedNanos) / 1e9 * perSecond);
        updatedNanos = nanos;
      }
    }
  }
}
