package io.flatnet.lab;

/**
 * A daemon's view of one session.
 *
 * @param neighbor the peer address as configured
 * @param state where the session is
 * @param detail the daemon's own words (last error, raw state), for failure messages
 */
public record PeerState(String neighbor, SessionState state, String detail) {
  public boolean established() {
    return state == SessionState.ESTABLISHED;
  }
}
