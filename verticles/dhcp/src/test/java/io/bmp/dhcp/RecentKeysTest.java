package io.bmp.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecentKeysTest {

  static final long SECOND = 1_000_000_000L;

  @Test
  void aKeyIsReportedOncePerPeriod() {
    RecentKeys keys = new RecentKeys(Duration.ofMinutes(1), 10);
    assertThat(keys.firstInAWhile("52:54:00:00:00:01", 0)).isTrue();
    assertThat(keys.firstInAWhile("52:54:00:00:00:01", 30 * SECOND)).isFalse();
    assertThat(keys.firstInAWhile("52:54:00:00:00:02", 30 * SECOND)).as("another key").isTrue();
    assertThat(keys.firstInAWhile("52:54:00:00:00:01", 61 * SECOND)).isTrue();
  }

  @Test
  void pastItsCapacityTheLongestUnseenIsForgotten() {
    RecentKeys keys = new RecentKeys(Duration.ofMinutes(1), 2);
    keys.firstInAWhile("a", 0);
    keys.firstInAWhile("b", 1);
    keys.firstInAWhile("c", 2);
    assertThat(keys.firstInAWhile("b", 3)).as("still remembered").isFalse();
    assertThat(keys.firstInAWhile("a", 4)).as("forgotten, so reported again").isTrue();
  }
}
