package io.bmp.core.storage;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;

/** A 1-based page number and a page size, checked once here. */
public record PageRequest(int pageNumber, int pageSize) {

  public static final int MAX_PAGE_SIZE = 1000;

  public PageRequest {
    if (pageNumber < 1) {
      throw new BmpException(ErrorCode.INVALID_ARGUMENT, "pageNumber must be 1 or more");
    }
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new BmpException(ErrorCode.INVALID_ARGUMENT, "pageSize must be between 1 and " + MAX_PAGE_SIZE);
    }
  }

  public static PageRequest first(int pageSize) {
    return new PageRequest(1, pageSize);
  }

  public int offset() {
    return (pageNumber - 1) * pageSize;
  }
}
