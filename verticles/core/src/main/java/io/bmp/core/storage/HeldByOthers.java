package io.bmp.core.storage;

import io.bmp.core.error.BmpException;

/**
 * A transaction found what it needs held by concurrent transactions that may yet let it go (rows
 * they locked and may still roll back): worth running again, like a deadlock. If the retries run
 * out it ends as {@link #ifStillHeld}, the error the caller would have given without the retry.
 */
public final class HeldByOthers extends RuntimeException {

  private final BmpException ifStillHeld;

  public HeldByOthers(BmpException ifStillHeld) {
    super(ifStillHeld.getMessage(), null, false, false);
    this.ifStillHeld = ifStillHeld;
  }

  public BmpException ifStillHeld() {
    return ifStillHeld;
  }
}
