package io.descartes.hub.bus;

import java.sql.SQLException;

import io.descartes.hub.protocol.BusMembershipAction;

/** Topic subscriptions and channel membership, persisted; a message reaches those who were in when it was stored. */
public final class BusMemberships {

    private final BusStore store;

    public BusMemberships(BusStore store) {
        this.store = store;
    }

    /** Applies the change; true when it changed anything (subscribing twice changes nothing). */
    public boolean change(BusMembershipAction action, String name, String address) throws SQLException {
        return store.member(action.onChannel(), BusNames.address(action.onChannel() ? "channel" : "topic", name),
                BusNames.address("address", address), action.adds());
    }
}
