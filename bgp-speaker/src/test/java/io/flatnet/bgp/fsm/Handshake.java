package io.flatnet.bgp.fsm;

import io.flatnet.bgp.fsm.FsmEvent.KeepaliveReceived;
import io.flatnet.bgp.fsm.FsmEvent.ManualStart;
import io.flatnet.bgp.fsm.FsmEvent.OpenReceived;
import io.flatnet.bgp.fsm.FsmEvent.TcpCrAcked;

/** Drives an FSM along the active handshake to the state a test starts from. */
final class Handshake {

    static final int PEER_ID = 0x0A00_0002; // 10.0.0.2
    static final long PEER_AS = 65002;

    private Handshake() {}

    static OpenReceived open(int holdTimeSeconds) {
        return new OpenReceived(holdTimeSeconds, PEER_ID, PEER_AS);
    }

    static FsmState run(PeerFsm fsm, FsmState from, FsmEvent... events) {
        FsmState s = from;
        for (FsmEvent e : events) {
            s = fsm.step(s, e).state();
        }
        return s;
    }

    static FsmState connect(PeerFsm fsm) {
        return run(fsm, FsmState.initial(), new ManualStart());
    }

    static FsmState openSent(PeerFsm fsm) {
        return run(fsm, connect(fsm), new TcpCrAcked());
    }

    static FsmState openConfirm(PeerFsm fsm, int peerHoldSeconds) {
        return run(fsm, openSent(fsm), open(peerHoldSeconds));
    }

    static FsmState established(PeerFsm fsm, int peerHoldSeconds) {
        return run(fsm, openConfirm(fsm, peerHoldSeconds), new KeepaliveReceived());
    }
}
