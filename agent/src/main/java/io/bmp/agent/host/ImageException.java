package io.bmp.agent.host;

import java.io.IOException;

/** An image that cannot be installed: its bytes do not match the declared SHA-256, or its format is unknown. */
public final class ImageException extends IOException {

  private final String code;

  public ImageException(String code, String message) {
    super(message);
    this.code = code;
  }

  /** The error code the agent reports (CHECKSUM_MISMATCH, INVALID_ARGUMENT…). */
  public String code() {
    return code;
  }
}
