package io.flatnet.lab;

/** A veth pair joining two namespaces, {@code a} on one side and {@code b} on the other. */
public record Link(Endpoint a, Endpoint b) {
  /** The end that is not in {@code ns}. */
  public Endpoint peerOf(Netns ns) {
    return a.ns() == ns ? b : a;
  }

  /** The end that is in {@code ns}. */
  public Endpoint endIn(Netns ns) {
    return a.ns() == ns ? a : b;
  }
}
