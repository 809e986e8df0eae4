package io.bmp.protocols.ipmi;

/** Bytes that are not the IPMI packet or field expected; the only exception the decoders throw. */
public final class IpmiDecodeException extends Exception {

  public IpmiDecodeException(String message) {
    super(message, null, false, false);
  }
}
