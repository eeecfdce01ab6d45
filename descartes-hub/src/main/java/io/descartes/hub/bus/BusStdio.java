package io.descartes.hub.bus;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.UUID;

import io.descartes.hub.agents.AgentBus;
import io.descartes.hub.agents.EmbeddedRunner;
import io.descartes.hub.protocol.BusMessage;
import io.descartes.hub.protocol.BusReply;
import io.descartes.hub.protocol.BusSubscription;
import io.descartes.hub.protocol.ProtocolJson;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.store.DeadLetterEntry;
import io.descartes.hub.store.EventJournal;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * The stdio bridge (beans {@code busStdio} and {@code agentBus}, route {@code bus-stdio}): agents the hub runs whose
 * backend sets {@code bus = jsonl} are on the bus under their agent id, with no ZeroMQ library. A marked line on the
 * agent's stdout is a message it sends or a subscription change ({@link BusLine}); deliveries go to its stdin as
 * marked {@code bus_message} lines, and a line the hub refuses comes back as a marked {@code bus_reply} with
 * {@code ok: false}, and is dead-lettered.
 */
public final class BusStdio implements AgentBus {

    /** Header of {@code direct:bus-stdio}: the agent id that printed the line. */
    public static final String AGENT = "BusAgent";
    /** Exchange property: the line, for its refusal and its dead letter. */
    private static final String LINE = "BusLine";
    /** Who holds a stdio agent's address: no ZeroMQ peer can attach it meanwhile. */
    private static final String PRINCIPAL = "stdio";

    private final BusAddresses addresses;
    private final BusMemberships memberships;
    private final BusDispatcher dispatcher;
    private final EmbeddedRunner runner;
    private final ProducerTemplate routes;
    private final int defaultPriority;
    private final int deadLetterBytes;

    public BusStdio(BusAddresses addresses, BusMemberships memberships, BusDispatcher dispatcher,
                    EmbeddedRunner runner, ProducerTemplate routes, int defaultPriority,
                    int deadLetterBytes) {
        this.addresses = addresses;
        this.memberships = memberships;
        this.dispatcher = dispatcher;
        this.runner = runner;
        this.routes = routes;
        this.defaultPriority = defaultPriority;
        this.deadLetterBytes = deadLetterBytes;
    }

    /** Attaches the agent's address as a local one: what waited for it, and what it never acked, goes out now. */
    @Override
    public void joined(UUID agentId) {
        dispatcher.attach(new BusAddresses.Attachment(agentId.toString(), PRINCIPAL, true, null, false,
                BusAddresses.LOCAL));
    }

    @Override
    public void said(UUID agentId, String line) {
        Exchange done = routes.request("direct:bus-stdio", e -> {
            e.getMessage().setBody(line);
            e.getMessage().setHeader(AGENT, agentId.toString());
        });
        if (done.isFailed()) {
            throw new IllegalStateException(done.getException().getMessage(), done.getException());
        }
    }

    @Override
    public void left(UUID agentId) {
        addresses.detach(agentId.toString(), PRINCIPAL);
    }

    /** The line as the agent's {@code bus_message} or {@code bus_subscription} ({@link BusLine}). */
    public ZmqMessage read(Exchange exchange) {
        String line = exchange.getMessage().getBody(String.class);
        exchange.setProperty(LINE, line);
        return BusLine.read(exchange.getMessage().getHeader(AGENT, String.class), line, defaultPriority);
    }

    public void subscription(Exchange exchange) throws SQLException {
        BusSubscription change = exchange.getMessage().getBody(BusSubscription.class);
        memberships.change(change.action(), change.name(), change.address());
    }

    /** {@code direct:bus-deliver-local}: the delivery as a marked line on the recipient agent's stdin. */
    public void deliver(Exchange exchange) {
        BusMessage message = exchange.getMessage().getBody(BusMessage.class);
        String recipient = exchange.getMessage().getHeader(BusDispatcher.RECIPIENT, String.class);
        runner.sendBusLine(UUID.fromString(recipient), ProtocolJson.toJson(message).toString());
    }

    /**
     * A line not taken: the refusal on the agent's stdin (when it still runs) and the line as the dead letter the
     * route then writes.
     */
    public void refused(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String code = cause instanceof BusRefusal refusal ? refusal.code() : "unavailable";
        String reason = cause instanceof BusRefusal ? cause.getMessage()
                : "not stored (" + cause.getMessage() + "); print it again with the same id";
        String agent = exchange.getMessage().getHeader(AGENT, String.class);
        try {
            runner.sendBusLine(UUID.fromString(agent), ProtocolJson.toJson(
                    BusReply.refused(BusLine.idOf(exchange.getProperty(LINE, String.class)), code, reason)).toString());
        } catch (RuntimeException ended) {
            // the agent is gone: the dead letter is all that is left of its line
        }
        byte[] line = exchange.getProperty(LINE, String.class).getBytes(StandardCharsets.UTF_8);
        exchange.setProperty(EventJournal.ENTRY, DeadLetterEntry.of(exchange.getFromRouteId(), agent, code, reason,
                line, deadLetterBytes));
    }
}
