package io.descartes.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads the dead-letter table; writes go through the {@link EventJournal}. */
public final class DeadLetterStore {

    private final DataSource dataSource;

    public DeadLetterStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<DeadLetterRow> find(long after, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT id, received_at, endpoint, sender, error_code, reason, raw, raw_size, raw_sha256 FROM dead_letters "
                     + "WHERE id > ? ORDER BY id LIMIT ?")) {
            ps.setLong(1, after);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<DeadLetterRow> rows = new ArrayList<>();
                while (rs.next()) {
                    byte[] head = rs.getBytes(7);
                    String sha256 = rs.getString(9);
                    // a row from before V35 holds the whole frame and no digest
                    rows.add(new DeadLetterRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), head, sha256 == null ? head.length : rs.getLong(8),
                            sha256 == null ? DeadLetterEntry.sha256(head) : sha256));
                }
                return rows;
            }
        }
    }

    public long count() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM dead_letters");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
