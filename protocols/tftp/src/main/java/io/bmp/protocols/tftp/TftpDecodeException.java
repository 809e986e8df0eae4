package io.bmp.protocols.tftp;

/** A datagram that is not a TFTP packet we can read; the only exception the decoder throws. */
public final class TftpDecodeException extends Exception {

  public TftpDecodeException(String message) {
    super(message, null, false, false);
  }
}
