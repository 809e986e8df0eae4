package io.bmp.tftp;

import io.bmp.protocols.tftp.TftpError;

/** A request that gets a TFTP error instead of a transfer; anything else that fails becomes error 0. */
final class TftpRefusal extends RuntimeException {

  private final TftpError error;

  TftpRefusal(TftpError error, String message) {
    super(message, null, false, false);
    this.error = error;
  }

  TftpError error() {
    return error;
  }

  static TftpRefusal of(Throwable failure) {
    if (failure instanceof TftpRefusal refusal) {
      return refusal;
    }
    return new TftpRefusal(TftpError.NOT_DEFINED, "cannot read the file");
  }
}
