package io.descartes.hub.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

/**
 * Durability check: opens the SQLite file with its own connection and prints the log_stream row count, without the
 * rows of {@code --exclude-agent=<id>} (the demo agent of the control-operations run writes its own output events).
 */
public final class DbCount {
    public static void main(String[] args) throws Exception {
        String db = Stats.arg(args, "db", "hub.db");
        String exclude = Stats.arg(args, "exclude-agent", "");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             java.sql.PreparedStatement s = c.prepareStatement("SELECT COUNT(*), COUNT(DISTINCT id) FROM events"
                     + " WHERE event_type = 'log_stream' AND (agent_id IS NULL OR agent_id <> ?)")) {
            s.setString(1, exclude);
            ResultSet rs = s.executeQuery();
            rs.next();
            System.out.printf("RESULT dbcount rows=%d distinct=%d%n", rs.getLong(1), rs.getLong(2));
        }
    }
}
