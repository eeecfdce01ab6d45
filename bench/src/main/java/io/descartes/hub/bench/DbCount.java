package io.descartes.hub.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** Durability check: opens the SQLite file with its own connection and prints the log_stream row count. */
public final class DbCount {
    public static void main(String[] args) throws Exception {
        String db = Stats.arg(args, "db", "hub.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT id) FROM events WHERE event_type = 'log_stream'")) {
            rs.next();
            System.out.printf("RESULT dbcount rows=%d distinct=%d%n", rs.getLong(1), rs.getLong(2));
        }
    }
}
