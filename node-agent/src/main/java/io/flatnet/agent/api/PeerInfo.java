package io.flatnet.agent.api;

import io.flatnet.bgp.fsm.SessionState;
import io.flatnet.bgp.session.PeerStatus;
import java.util.regex.Pattern;

/**
 * The INFO column: one short line on where a session stands, in the words BIRD (and so
 * {@code calicoctl node status}) uses: "Established"; otherwise the state and the last error,
 * "Active Socket: Connection refused", "Idle Received: 6/2 administrative shutdown". Java
 * exception class names and socket addresses are left out: the peer's address is in its own
 * column.
 */
final class PeerInfo {
    /** Leading exception class names, "io.netty...AnnotatedConnectException: " and the like. */
    private static final Pattern EXCEPTION_PREFIX = Pattern.compile("^(?:[\\w.$]+(?:Exception|Error): )+");
    /** The epoll transport's "finishConnect(..) failed with error(-111): ". */
    private static final Pattern NATIVE_CALL = Pattern.compile("^\\w+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: ");
    /** netty's trailing ": /127.0.0.2:179". */
    private static final Pattern ADDRESS_SUFFIX = Pattern.compile(": /?[\\w.:\\[\\]%-]*:\\d+$");

    private PeerInfo() {}

    static String of(PeerStatus p) {
        String state = V1.stateName(p.state());
        if (p.state() == SessionState.ESTABLISHED) {
            return state;
        }
        String error = p.lastError();
        if (error == null || error.isBlank()) {
            return state;
        }
        return state + " " + describe(error);
    }

    static String describe(String error) {
        for (String socketPrefix : new String[] {"connect failed: ", "I/O error: "}) {
            if (error.startsWith(socketPrefix)) {
                return "Socket: " + socketCause(error.substring(socketPrefix.length()));
            }
        }
        if (error.startsWith("NOTIFICATION received: ")) {
            return "Received: " + error.substring("NOTIFICATION received: ".length());
        }
        return error;
    }

    private static String socketCause(String text) {
        String s = EXCEPTION_PREFIX.matcher(text.strip()).replaceFirst("");
        s = NATIVE_CALL.matcher(s).replaceFirst("");
        s = ADDRESS_SUFFIX.matcher(s).replaceFirst("");
        return s.isEmpty() ? text.strip() : s;
    }
}
