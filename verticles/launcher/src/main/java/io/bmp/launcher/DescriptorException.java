package io.bmp.launcher;

/** A deployment descriptor (or its environment overrides) that cannot run, said in one line. */
final class DescriptorException extends RuntimeException {

  DescriptorException(String message) {
    super(message, null, false, false);
  }

  DescriptorException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
