package io.bmp.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantTextTest {

  @Test
  void writesWhatInstantToStringWrites() {
    for (String text : new String[] {"1970-01-01T00:00:00Z", "2026-11-22T05:22:05.494Z", "2026-11-22T05:22:05.000494Z",
        "2026-11-22T05:22:05.000000494Z", "2024-02-29T23:59:59.999999999Z", "1969-12-31T23:59:59.100Z",
        "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "1900-03-01T12:00:00.120Z"}) {
      Instant instant = Instant.parse(text);
      assertEquals(instant.toString(), InstantText.format(instant), text);
    }
  }

  @Test
  void agreesWithTheJdkOverRandomTimesAndPrecisions() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 200_000; i++) {
      long seconds = random.nextLong(-62_167_219_200L - 86_400L * 800, 253_402_300_799L + 86_400L * 800);
      int nano = switch (i % 4) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1000;
        default -> random.nextInt(1_000_000_000);
      };
      Instant instant = Instant.ofEpochSecond(seconds, nano);
      assertEquals(instant.toString(), InstantText.format(instant));
    }
  }
}
