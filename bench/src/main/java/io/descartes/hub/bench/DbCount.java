package io.descartes.hub.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

/**
 * Durability check: opens the SQLite file with its own connection and prints the log_stream row count, without the
 * rows of the agents the hub spawned (the demo agents of the control-operations runs write their own output events;
 * the load harness's made-up agents send log_stream only, so they have no row in {@code agents}).
 */
public final class DbCount {
    public static void main(String[] args) throws Exception {
        String db = Stats.arg(args, "db", "hub.db");
        boolean pg = db.startsWith("jdbc:postgresql:");
        try (Connection c = DriverManager.getConnection(pg ? db : "jdbc:sqlite:" + db);
             java.sql.PreparedStatement s = c.prepareStatement("SELECT COUNT(*), COUNT(DISTINCT "
                     + (pg ? "(agent_id, content::jsonb->>'stream_type', content::jsonb->>'sequence')" : "id") + ") FROM events"
                     + " WHERE event_type = 'log_stream' AND (agent_id IS NULL OR agent_id NOT IN (SELECT id FROM agents))")) {
            ResultSet rs = s.executeQuery();
            rs.next();
            if (pg) {
                System.out.printf("RESULT pgcount db=%s rows=%d distinct=%d%n", c.getCatalog(), rs.getLong(1), rs.getLong(2));
            } else {
                System.out.printf("RESULT dbcount rows=%d distinct=%d%n", rs.getLong(1), rs.getLong(2));
            }
        }
    }
}
