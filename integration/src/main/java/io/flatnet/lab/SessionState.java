package io.flatnet.lab;

import java.util.Locale;

/** RFC 4271 section 8 session states, as every daemon's own wording maps onto them. */
public enum SessionState {
  IDLE,
  CONNECT,
  ACTIVE,
  OPEN_SENT,
  OPEN_CONFIRM,
  ESTABLISHED,
  /** The daemon does not know the peer, or said something the lab does not recognise. */
  UNKNOWN;

  /** Maps "Established", "OpenSent", "BGP_FSM_OPENSENT", "open_confirm" and so on. */
  public static SessionState parse(String text) {
    String t = text.toLowerCase(Locale.ROOT).replace("bgp_fsm_", "").replace("_", "").replace(" ", "");
    return switch (t) {
      case "idle" -> IDLE;
      case "connect" -> CONNECT;
      case "active" -> ACTIVE;
      case "opensent" -> OPEN_SENT;
      case "openconfirm" -> OPEN_CONFIRM;
      case "established" -> ESTABLISHED;
      default -> UNKNOWN;
    };
  }
}
