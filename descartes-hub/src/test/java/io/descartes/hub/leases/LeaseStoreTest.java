package io.descartes.hub.leases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javax.sql.DataSource;

import io.descartes.hub.testing.ManualClock;
import io.descartes.hub.testing.MigratedDatabase;
import org.junit.jupiter.api.Test;

/** Expiry and fencing decided by the store, on a clock the test moves. */
class LeaseStoreTest {

    private static final String DB = "target/lease-store-test.db";

    private final ManualClock clock = new ManualClock();

    @Test
    void anExpiredLeaseGoesToTheNextHolderWithAHigherTokenAndTheOldHolderCannotRenew() throws Exception {
        LeaseStore store = new LeaseStore(MigratedDatabase.fresh(DB), clock);
        Lease first = store.acquire("repo", "alice", 1000).orElseThrow();
        assertEquals(1, first.token());
        assertEquals(clock.millis() + 1000, first.expiresAt());

        clock.advance(999);
        assertTrue(store.acquire("repo", "bob", 1000).isEmpty(), "still held one ms before expiry");
        Lease renewed = store.renew("repo", "alice", 1, 1000).orElseThrow();
        assertEquals(1, renewed.token(), "a renewal keeps the token");

        clock.advance(1000);
        Lease second = store.acquire("repo", "bob", 1000).orElseThrow();
        assertEquals(2, second.token());
        assertTrue(store.renew("repo", "alice", 1, 1000).isEmpty(), "a late renew fails");
        assertTrue(store.release("repo", "alice", 1).isEmpty(), "so does a late release");
        assertTrue(store.renew("repo", "bob", 1, 1000).isEmpty(), "the token must be the current one");
        assertEquals(List.of(second), store.live());
    }

    @Test
    void aReleasedLeaseIsFreeAndTheTokenStillGrows() throws Exception {
        LeaseStore store = new LeaseStore(MigratedDatabase.fresh(DB), clock);
        Lease a = store.acquire("build", "alice", 60_000).orElseThrow();
        assertTrue(store.release("build", "bob", a.token()).isEmpty(), "only the holder releases");
        assertTrue(store.release("build", "alice", a.token()).isPresent());
        assertTrue(store.live().isEmpty());
        assertTrue(store.renew("build", "alice", a.token(), 1000).isEmpty(), "a released lease cannot be renewed");
        assertEquals(a.token() + 1, store.acquire("build", "alice", 60_000).orElseThrow().token());
    }

    @Test
    void liveLeasesSurviveARestart() throws Exception {
        DataSource ds = MigratedDatabase.fresh(DB);
        Lease held = new LeaseStore(ds, clock).acquire("deploy", "alice", 60_000).orElseThrow();
        LeaseStore reopened = new LeaseStore(MigratedDatabase.open(DB), clock);
        assertEquals(List.of(held), reopened.live());
        assertTrue(reopened.acquire("deploy", "bob", 1000).isEmpty());
        assertTrue(reopened.renew("deploy", "alice", held.token(), 1000).isPresent());
    }
}
