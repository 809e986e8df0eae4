package io.bmp.driver;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Retransmission timeouts: the base doubled per attempt, with ±25 % jitter so that the BMCs of a
 * room that all timed out together do not retry together.
 */
public final class Backoff {

  private Backoff() {
  }

  public static long delay(long baseMillis, int attempt) {
    long nominal = baseMillis << Math.min(attempt, 6);
    long jitter = nominal / 4;
    return nominal - jitter + ThreadLocalRandom.current().nextLong(2 * jitter + 1);
  }
}
