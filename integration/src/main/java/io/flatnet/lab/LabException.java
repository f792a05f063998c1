package io.flatnet.lab;

/** A lab command or daemon did not do what the lab needed; the message says what and why. */
public class LabException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LabException(String message) {
    super(message);
  }

  public LabException(String message, Throwable cause) {
    super(message, cause);
  }
}
