package io.descartes.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** Statements prepared once per held connection and reused by every transaction on it (one thread uses it). */
public final class StatementCache implements AutoCloseable {

    private final Connection c;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    public StatementCache(Connection c) {
        this.c = c;
    }

    public PreparedStatement get(String sql) throws SQLException {
        PreparedStatement ps = prepared.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            prepared.put(sql, ps);
        }
        return ps;
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement ps : prepared.values()) {
            ps.close();
        }
        prepared.clear();
    }
}
