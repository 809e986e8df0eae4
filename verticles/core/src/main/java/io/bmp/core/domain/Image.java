package io.bmp.core.domain;

import java.time.Instant;
import java.util.List;

/** An installable image; its content is fixed by its sha256. */
public record Image(
    String id, String name, String osId, String osType, String osVersion, String architecture,
    List<String> bootModes, String format, String fileName, String url, Long sizeBytes, String sha256,
    String source, String state, String description, Instant createdAt, int version) {

  public Image {
    bootModes = List.copyOf(bootModes);
  }
}
