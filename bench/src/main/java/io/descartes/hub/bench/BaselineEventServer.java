package io.descartes.hub.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.EventAck;
import io.descartes.hub.protocol.LogStream;
import org.sqlite.SQLiteDataSource;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Hand-written baseline for the agent-event ingest: a plain JeroMQ ROUTER, one thread, no Camel. It drains what the
 * socket holds (up to {@code --max-batch}), decodes each frame with DescartesCodec, inserts the rows with JDBC
 * batches (events + processed_messages, the hub's schema from db/migration) in one transaction on one long-lived
 * SQLite connection (WAL, synchronous=NORMAL), commits, then sends one event_ack per frame. Separate process:
 * {@code java -cp benchmarks.jar io.descartes.hub.bench.BaselineEventServer --bind=tcp://... --db=file}.
 * With {@code --db=jdbc:postgresql:...} the batch goes to PostgreSQL instead ({@link PgBaselineStore}); with
 * {@code --ws-port=P} it also sends every committed event's JSON to WebSocket clients ({@link BaselineWsFanout}).
 */
public final class BaselineEventServer {

    private record Pending(RouterRequest request, LogStream event) {
    }

    /** An event to store: its frame and the JSON columns, written once for the row and the WebSocket fan-out. */
    record StoredEvent(LogStream event, String content, String metadata) {
    }

    public static void main(String[] args) throws Exception {
        BenchCurve.use(args);
        String bind = Stats.arg(args, "bind", "tcp://127.0.0.1:19067");
        String db = Stats.arg(args, "db", "baseline.db");
        int maxBatch = Integer.parseInt(Stats.arg(args, "max-batch", "512"));
        // diagnostic variant: a new connection per batch, as the hub's JournalWriter once took one from SQLiteDataSource
        boolean connectionPerBatch = Boolean.parseBoolean(Stats.arg(args, "connection-per-batch", "false"));
        // the WebSocket fan-out baseline: every committed event's JSON to every client on ws://127.0.0.1:P/ws/events
        int wsPort = Integer.parseInt(Stats.arg(args, "ws-port", "0"));
        BaselineWsFanout fanout = wsPort > 0 ? BaselineWsFanout.listen(wsPort) : null;
        StringBuilder json = new StringBuilder(512);
        DescartesCodec codec = new DescartesCodec();
        try (BaselineStore store = db.startsWith("jdbc:postgresql:") ? new PgBaselineStore(db)
                : new SqliteBaselineStore(db, connectionPerBatch); ZContext ctx = new ZContext()) {
            ZMQ.Socket router = RouterRequest.bind(ctx, bind);
            System.out.println("baseline event server ready on " + bind);
            List<Pending> batch = new ArrayList<>(maxBatch);
            List<StoredEvent> events = new ArrayList<>(maxBatch);
            ZMQ.Poller poller = ctx.createPoller(1);
            poller.register(router, ZMQ.Poller.POLLIN);
            while (!Thread.currentThread().isInterrupted()) {
                if (poller.poll(1000) <= 0) {
                    continue;
                }
                while (batch.size() < maxBatch) {
                    RouterRequest request = RouterRequest.receive(router, ZMQ.DONTWAIT);
                    if (request == null) {
                        break;
                    }
                    if (codec.decode(request.payload()) instanceof LogStream l) {
                        batch.add(new Pending(request, l));
                    }
                }
                if (batch.isEmpty()) {
                    continue;
                }
                long now = System.currentTimeMillis();
                for (Pending p : batch) {
                    events.add(new StoredEvent(p.event(), content(json, p.event()), metadata(p.event(), now)));
                }
                long first = store.commit(events, now);
                if (fanout != null) { // after the commit, before the acks, as the hub broadcasts
                    for (int i = 0; i < events.size(); i++) {
                        StoredEvent e = events.get(i);
                        fanout.add(first + i, now / 1000, e.event().agentId().toString(), e.content(), e.metadata());
                    }
                    fanout.send();
                }
                for (int i = 0; i < batch.size(); i++) {
                    Pending p = batch.get(i);
                    p.request().reply(router, codec.encode(new EventAck(p.event().naturalKey(), first + i, false)));
                }
                batch.clear();
                events.clear();
            }
        }
    }

    /** Where the server commits a drained batch of events, each with its idempotency key. */
    interface BaselineStore extends AutoCloseable {
        /** Stores the events in one transaction and returns the first one's id: a batch's ids are consecutive. */
        long commit(List<StoredEvent> events, long nowMillis) throws SQLException;
    }

    /** One long-lived SQLite connection (WAL, synchronous=NORMAL), JDBC batches, the hub's db/migration schema. */
    private static final class SqliteBaselineStore implements BaselineStore {
        private final SQLiteDataSource ds = new SQLiteDataSource();
        private final boolean connectionPerBatch;
        private Connection c;

        SqliteBaselineStore(String db, boolean connectionPerBatch) throws IOException, SQLException {
            this.connectionPerBatch = connectionPerBatch;
            ds.setUrl("jdbc:sqlite:" + db);
            ds.setJournalMode("WAL");
            ds.setSynchronous("NORMAL");
            c = DriverManager.getConnection("jdbc:sqlite:" + db);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA busy_timeout=5000");
            }
            migrate(c);
            if (connectionPerBatch) {
                c.close(); // no connection stays open between batches
            }
        }

        @Override
        public long commit(List<StoredEvent> batch, long now) throws SQLException {
            if (connectionPerBatch) {
                c = ds.getConnection();
            }
            c.setAutoCommit(false);
            PreparedStatement insertEvent = c.prepareStatement(
                    "INSERT INTO events (event_type, timestamp, agent_id, session_id, content, metadata) VALUES (?, ?, ?, NULL, ?, ?)");
            PreparedStatement insertKey = c.prepareStatement("INSERT INTO processed_messages (message_key, event_id) VALUES (?, ?)");
            PreparedStatement lastId = c.prepareStatement("SELECT last_insert_rowid()");
            for (StoredEvent e : batch) {
                insertEvent.setString(1, "log_stream");
                insertEvent.setLong(2, now / 1000);
                insertEvent.setString(3, e.event().agentId().toString());
                insertEvent.setString(4, e.content());
                insertEvent.setString(5, e.metadata());
                insertEvent.addBatch();
            }
            insertEvent.executeBatch();
            long last;
            try (ResultSet rs = lastId.executeQuery()) {
                rs.next();
                last = rs.getLong(1);
            }
            long first = last - batch.size() + 1; // one writer, one transaction: the ids are consecutive
            for (int i = 0; i < batch.size(); i++) {
                insertKey.setString(1, batch.get(i).event().naturalKey());
                insertKey.setLong(2, first + i);
                insertKey.addBatch();
            }
            insertKey.executeBatch();
            c.commit();
            insertEvent.close();
            insertKey.close();
            lastId.close();
            if (connectionPerBatch) {
                c.close();
            }
            return first;
        }

        @Override
        public void close() throws SQLException {
            c.close();
        }
    }

    /** The event's metadata column: its idempotency key and arrival time. */
    static String metadata(LogStream l, long now) {
        return "{\"message_id\":\"" + l.naturalKey() + "\",\"received_at_ms\":" + now + "}";
    }

    /** The event as JSON, written by hand (same fields as the hub's named form). */
    static String content(StringBuilder b, LogStream l) {
        b.setLength(0);
        b.append("{\"type\":\"log_stream\",\"agent_id\":\"").append(l.agentId())
                .append("\",\"stream_type\":\"").append(l.streamType().wire()).append("\",\"data\":[");
        byte[] data = l.data();
        for (int i = 0; i < data.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(data[i] & 0xff);
        }
        b.append("],\"timestamp\":[").append(l.timestamp().secs()).append(',').append(l.timestamp().nanos())
                .append("],\"sequence\":").append(l.sequence()).append('}');
        return b.toString();
    }

    /** Runs the hub's own migration files (shipped in its jar as db/migration/V*.sql), in order. */
    static void migrate(Connection c) throws IOException, SQLException {
        for (String file : new String[] {"db/migration/V1__seed_schema.sql", "db/migration/V2__ingest_tables.sql",
                "db/migration/V21__processed_messages_without_rowid.sql"}) {
            String sql;
            try (InputStream in = BaselineEventServer.class.getClassLoader().getResourceAsStream(file)) {
                if (in == null) {
                    throw new IllegalStateException("migration " + file + " not on the classpath");
                }
                sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            StringBuilder clean = new StringBuilder();
            for (String line : sql.split("\n")) {
                if (!line.strip().startsWith("--")) {
                    clean.append(line).append('\n');
                }
            }
            try (Statement s = c.createStatement()) {
                for (String statement : clean.toString().split(";")) {
                    if (!statement.isBlank()) {
                        s.execute(statement);
                    }
                }
            }
        }
    }
}
