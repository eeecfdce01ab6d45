package io.descartes.hub.zmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The Freelance selection on its own: times are plain numbers standing for System.nanoTime(). */
class FailoverAddressesTest {

    private static final List<String> HUBS = List.of("tcp://a:1", "tcp://b:2", "tcp://c:3");

    @Test
    void startsWithTheFirstAndMovesToTheNextWhenItIsSilent() {
        FailoverAddresses servers = new FailoverAddresses(HUBS, 0);
        assertEquals("tcp://a:1", servers.current());
        assertTrue(servers.timedOut(10, 100), "nothing heard from a since the request: move");
        assertEquals("tcp://b:2", servers.current());
    }

    @Test
    void aServerThatAnsweredSinceTheRequestIsSlowNotGone() {
        FailoverAddresses servers = new FailoverAddresses(HUBS, 0);
        servers.heard(20);
        assertFalse(servers.timedOut(10, 100));
        assertEquals("tcp://a:1", servers.current());
        assertTrue(servers.timedOut(30, 130), "heard before the request only: silent since");
        assertEquals("tcp://b:2", servers.current());
    }

    @Test
    void requestsSentBeforeAMoveDoNotMoveAgain() {
        FailoverAddresses servers = new FailoverAddresses(HUBS, 0);
        assertTrue(servers.timedOut(10, 100));
        assertTrue(servers.sentBeforeMove(11));
        assertFalse(servers.timedOut(11, 101), "sent to a, which the socket already left");
        assertEquals("tcp://b:2", servers.current());
        assertFalse(servers.sentBeforeMove(100));
        assertTrue(servers.timedOut(150, 300), "sent to b, silent since");
        assertEquals("tcp://c:3", servers.current());
    }

    @Test
    void goesRoundTheListAndStaysOnAServerThatAnswers() {
        FailoverAddresses servers = new FailoverAddresses(HUBS, 0);
        assertTrue(servers.timedOut(1, 10));
        assertTrue(servers.timedOut(11, 20));
        assertTrue(servers.timedOut(21, 30));
        assertEquals("tcp://a:1", servers.current());
        servers.heard(40);
        assertFalse(servers.timedOut(35, 50));
        assertEquals("tcp://a:1", servers.current());
    }

    @Test
    void aSingleAddressNeverMoves() {
        FailoverAddresses one = new FailoverAddresses(List.of("tcp://a:1"), 0);
        assertFalse(one.timedOut(10, 100));
        assertEquals("tcp://a:1", one.current());
    }

    @Test
    void timesWrapAroundLikeNanoTime() {
        FailoverAddresses servers = new FailoverAddresses(HUBS, Long.MAX_VALUE - 5);
        assertTrue(servers.timedOut(Long.MAX_VALUE + 10, Long.MAX_VALUE + 20));
        assertEquals("tcp://b:2", servers.current());
    }
}
