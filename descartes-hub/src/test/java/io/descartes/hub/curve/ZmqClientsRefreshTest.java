package io.descartes.hub.curve;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.Set;
import javax.sql.DataSource;

import io.descartes.hub.testing.MigratedDatabase;
import org.junit.jupiter.api.Test;

/**
 * Two hubs' client lists on one store (README "Failover"): a key issued or revoked through one hub takes effect on the
 * other at its next refresh (the zmq-clients-refresh route), so a runner's issued certificate works on every hub.
 */
class ZmqClientsRefreshTest {

    private static final String DB = "target/zmq-clients-refresh-test.db";
    private static final String KEY = "r".repeat(40);

    @Test
    void aKeyIssuedOrRevokedThroughOneHubReachesTheOtherAtItsRefresh() throws Exception {
        DataSource store = MigratedDatabase.fresh(DB);
        ZmqClients hubA = new ZmqClients(store, Clock.systemUTC(), Set.of());
        ZmqClients hubB = new ZmqClients(store, Clock.systemUTC(), Set.of());

        assertTrue(hubA.issue("runner-7", KEY).isPresent());
        assertTrue(hubA.admits(KEY));
        assertFalse(hubB.admits(KEY), "hub-b has not re-read the table yet");
        hubB.refresh();
        assertTrue(hubB.admits(KEY));

        hubA.revoke("runner-7");
        assertTrue(hubB.admits(KEY), "hub-b has not re-read the table yet");
        hubB.refresh();
        assertFalse(hubB.admits(KEY));
    }
}
