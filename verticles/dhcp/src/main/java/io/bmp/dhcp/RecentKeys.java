package io.bmp.dhcp;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which keys were seen lately, to log a repeated event once per period and key. Bounded: past
 * {@code capacity} keys the longest-unseen are forgotten (a flood of random MACs cannot grow it).
 * Used from one event loop only.
 */
final class RecentKeys {

  private final long periodNanos;
  private final Map<String, Long> lastSeen;

  RecentKeys(Duration period, int capacity) {
    this.periodNanos = period.toNanos();
    this.lastSeen = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
        return size() > capacity;
      }
    };
  }

  /** True if {@code key} was not seen in the last period (and remembers it as seen now). */
  boolean firstInAWhile(String key, long nowNanos) {
    Long before = lastSeen.get(key);
    if (before != null && nowNanos - before < periodNanos) {
      return false;
    }
    lastSeen.put(key, nowNanos);
    return true;
  }
}
