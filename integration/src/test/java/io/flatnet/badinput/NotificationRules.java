package io.flatnet.badinput;

import io.flatnet.badinput.RawPeer.Notification;
import java.util.Set;

/**
 * Which NOTIFICATIONs a speaker may answer a bad message with, judged from the RFCs alone (not
 * from flatnet's code): RFC 4271 §4.5 and §6 for the codes and the data of header errors, RFC
 * 7606 (no 3/7, deprecated), RFC 5492 (2/7), RFC 6608 (FSM subcodes), RFC 4486 (Cease), RFC
 * 7313 (7/1). The phase matters: OPEN errors only answer an OPEN, UPDATE errors only a message
 * received in Established.
 */
final class NotificationRules {
    private static final Set<Integer> HEADER = Set.of(1, 2, 3);
    private static final Set<Integer> OPEN = Set.of(0, 1, 2, 3, 4, 6, 7);
    private static final Set<Integer> UPDATE = Set.of(0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11);

    private NotificationRules() {}

    /**
     * Why {@code n} is not a correct answer to a bad message, or null when it is.
     *
     * @param established whether the session was Established when the bad message arrived
     */
    static String problem(Notification n, boolean established) {
        int code = n.code();
        int sub = n.subcode();
        boolean ok = switch (code) {
            case 1 -> HEADER.contains(sub);
            case 2 -> !established && OPEN.contains(sub);
            case 3 -> established && UPDATE.contains(sub);
            case 5 -> sub >= 0 && sub <= 3;
            case 6 -> sub >= 1 && sub <= 10;
            case 7 -> sub == 1; // a ROUTE-REFRESH of the wrong length, whatever the state (its own check)
            default -> false;
        };
        if (!ok) {
            return "NOTIFICATION " + n + " is not an answer to a bad " + (established ? "message in Established" : "OPEN");
        }
        // RFC 4271 §6.1: the data of a header error is the offending field.
        if (code == 1 && sub == 2 && n.data().length != 2) {
            return "Bad Message Length " + n + " does not carry the 2-octet length";
        }
        if (code == 1 && sub == 3 && n.data().length != 1) {
            return "Bad Message Type " + n + " does not carry the type";
        }
        // RFC 4271 §6.2: Unsupported Version Number carries the largest version supported.
        if (code == 2 && sub == 1 && (n.data().length != 2 || n.data()[1] != 4)) {
            return "Unsupported Version Number " + n + " does not carry version 4";
        }
        return null;
    }
}
