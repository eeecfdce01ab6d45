package io.descartes.hub.curve;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

import io.descartes.hub.protocol.RunnerRegister;
import io.descartes.hub.zmq.ZmqConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The CURVE server key of each address the hub connects to: a runner's command endpoint is served with the key the
 * runner authenticated with when it registered (step of routes/runners.camel.yaml, before the registry; for a runner
 * registered through another hub on a shared store, the key stored with it in {@code runners}); the hub's
 * own endpoints (a route tapping its PUB) with the hub's key. Other addresses get a plain connection.
 */
public final class RunnerKeys implements Processor, UnaryOperator<String> {

    private final Map<String, String> keyByAddress = new ConcurrentHashMap<>();
    private final Set<String> ownAddresses;
    private final String ownKey;
    private final DataSource store;

    /** @param store where the key of a runner registered through another hub on a shared store is found */
    public RunnerKeys(Set<String> ownAddresses, String ownKey, DataSource store) {
        this.ownAddresses = Set.copyOf(ownAddresses);
        this.ownKey = ownKey;
        this.store = store;
    }

    @Override
    public void process(Exchange exchange) {
        String key = exchange.getMessage().getHeader(ZmqConstants.USER_ID, String.class);
        if (key != null && exchange.getMessage().getBody() instanceof RunnerRegister register) {
            keyByAddress.put(register.commandAddress(), key);
        }
    }

    @Override
    public String apply(String address) {
        String runner = keyByAddress.computeIfAbsent(address, this::storedKey);
        return runner != null ? runner : ownAddresses.contains(address) ? ownKey : null;
    }

    /** The key a live runner serving this address registered with, through any hub; null when none is stored. */
    private String storedKey(String address) {
        try (Connection c = store.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT peer_key FROM runners"
                + " WHERE command_address = ? AND status = 'live' AND peer_key IS NOT NULL")) {
            ps.setString(1, address);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the CURVE key of runner " + address + " cannot be read: " + e.getMessage(), e);
        }
    }
}
