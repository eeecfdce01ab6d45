package io.descartes.hub.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.descartes.hub.protocol.BusAttach;
import io.descartes.hub.protocol.BusKind;
import io.descartes.hub.protocol.BusMessage;
import io.descartes.hub.protocol.BusReply;
import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.ZmqMessage;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Hand-written baseline for the bus's durable direct messages: a plain JeroMQ ROUTER, one thread, no Camel. It drains
 * what the socket holds (up to {@code --max-batch}); in one transaction on one long-lived SQLite connection (WAL,
 * synchronous=NORMAL) it stores each message with its delivery row and marks the acked deliveries; commits; answers
 * each frame; forwards each message to its attached recipient; then records those deliveries as delivered in a second
 * transaction, as the hub records a delivery after it went out. Attachments live in memory, as in the hub.
 * {@code java -cp benchmarks.jar io.descartes.hub.bench.BaselineBusRelay --bind=tcp://... --db=file}.
 */
public final class BaselineBusRelay {

    private static final String SCHEMA = "CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, sender TEXT "
            + "NOT NULL, msg_id TEXT NOT NULL, recipient TEXT NOT NULL, content BLOB NOT NULL, UNIQUE (sender, msg_id));"
            + "CREATE TABLE IF NOT EXISTS deliveries (message_id INTEGER NOT NULL, recipient TEXT NOT NULL, "
            + "state TEXT NOT NULL, PRIMARY KEY (message_id, recipient)) WITHOUT ROWID";

    private record Pending(RouterRequest request, BusMessage message) {
    }

    public static void main(String[] args) throws Exception {
        BenchCurve.use(args);
        String bind = Stats.arg(args, "bind", "tcp://127.0.0.1:19074");
        String db = Stats.arg(args, "db", "baseline-bus.db");
        int maxBatch = Integer.parseInt(Stats.arg(args, "max-batch", "512"));
        DescartesCodec codec = new DescartesCodec();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); ZContext ctx = new ZContext()) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                for (String statement : SCHEMA.split(";")) {
                    s.execute(statement);
                }
            }
            c.setAutoCommit(false);
            PreparedStatement insertMessage = c.prepareStatement(
                    "INSERT INTO messages (sender, msg_id, recipient, content) VALUES (?, ?, ?, ?)");
            PreparedStatement insertDelivery = c.prepareStatement(
                    "INSERT INTO deliveries (message_id, recipient, state) VALUES (?, ?, 'pending')");
            PreparedStatement lastId = c.prepareStatement("SELECT last_insert_rowid()");
            PreparedStatement ack = c.prepareStatement("UPDATE deliveries SET state = 'acked' WHERE recipient = ? "
                    + "AND message_id = (SELECT id FROM messages WHERE sender = ? AND msg_id = ?)");
            PreparedStatement delivered = c.prepareStatement(
                    "UPDATE deliveries SET state = 'delivered' WHERE message_id = ? AND recipient = ? AND state = 'pending'");

            ZMQ.Socket router = RouterRequest.bind(ctx, bind);
            System.out.println("baseline bus relay ready on " + bind);
            Map<String, RouterRequest> attached = new HashMap<>();
            List<Pending> messages = new ArrayList<>(maxBatch);
            List<Pending> acks = new ArrayList<>();
            ZMQ.Poller poller = ctx.createPoller(1);
            poller.register(router, ZMQ.Poller.POLLIN);
            while (!Thread.currentThread().isInterrupted()) {
                if (poller.poll(1000) <= 0) {
                    continue;
                }
                for (int read = 0; read < maxBatch; read++) {
                    RouterRequest request = RouterRequest.receive(router, ZMQ.DONTWAIT);
                    if (request == null) {
                        break;
                    }
                    ZmqMessage decoded = codec.decode(request.payload());
                    if (decoded instanceof BusAttach a) {
                        attached.put(a.address(), request);
                        request.reply(router, codec.encode(BusReply.done(a.address())));
                    } else if (decoded instanceof BusMessage m) {
                        (m.kind() == BusKind.ACK ? acks : messages).add(new Pending(request, m));
                    }
                }
                if (messages.isEmpty() && acks.isEmpty()) {
                    continue;
                }
                for (Pending p : messages) {
                    insertMessage.setString(1, p.message().sender());
                    insertMessage.setString(2, p.message().id());
                    insertMessage.setString(3, p.message().recipient());
                    insertMessage.setBytes(4, p.request().payload());
                    insertMessage.addBatch();
                }
                insertMessage.executeBatch();
                long first;
                try (ResultSet rs = lastId.executeQuery()) {
                    rs.next();
                    first = rs.getLong(1) - messages.size() + 1; // one writer, one transaction: consecutive ids
                }
                for (int i = 0; i < messages.size(); i++) {
                    insertDelivery.setLong(1, first + i);
                    insertDelivery.setString(2, messages.get(i).message().recipient());
                    insertDelivery.addBatch();
                }
                insertDelivery.executeBatch();
                for (Pending p : acks) {
                    ack.setString(1, p.message().sender());
                    ack.setString(2, p.message().recipient());
                    ack.setString(3, p.message().replyTo());
                    ack.addBatch();
                }
                ack.executeBatch();
                c.commit();
                for (Pending p : acks) {
                    p.request().reply(router, codec.encode(BusReply.done(p.message().id())));
                }
                for (int i = 0; i < messages.size(); i++) {
                    Pending p = messages.get(i);
                    p.request().reply(router, codec.encode(BusReply.stored(p.message().id(), first + i, false)));
                    RouterRequest recipient = attached.get(p.message().recipient());
                    if (recipient != null) {
                        recipient.reply(router, codec.encode(p.message().asAttempt(1)));
                        delivered.setLong(1, first + i);
                        delivered.setString(2, p.message().recipient());
                        delivered.addBatch();
                    }
                }
                delivered.executeBatch();
                c.commit();
                messages.clear();
                acks.clear();
            }
        }
    }
}
