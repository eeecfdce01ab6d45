package io.descartes.hub.bus;

import java.io.IOException;
import java.time.Clock;

import com.fasterxml.jackson.core.JsonFactory;
import io.descartes.hub.protocol.BusAttach;
import io.descartes.hub.protocol.BusKind;
import io.descartes.hub.protocol.BusMessage;
import io.descartes.hub.protocol.BusReply;
import io.descartes.hub.protocol.BusSubscription;
import io.descartes.hub.protocol.JsonTextWriter;
import io.descartes.hub.protocol.ProtocolJson;
import io.descartes.hub.protocol.ViewTime;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.store.BusMessageEntry;
import io.descartes.hub.store.BusMessageEntry.Audience;
import io.descartes.hub.store.EventEntry;
import io.descartes.hub.store.EventJournal;
import org.apache.camel.Exchange;

/**
 * The steps of {@code direct:bus-send} around the journal (bean {@code busMessages}): check a message, turn it into
 * what the journal stores for the audience the route chose, and answer once it is committed.
 */
public final class BusMessages {

    /** The hub's own bus address: the sender of the errors it answers overdue requests with. */
    public static final String HUB = "hub";
    /** Exchange property the route sets: RECIPIENT, TOPIC or CHANNEL. */
    public static final String AUDIENCE = "BusAudience";
    public static final String EVENT_TYPE = "bus_message";
    /** Headers the route decides by (routes/bus.camel.yaml): the kind's wire name, the recipient, topic and channel. */
    public static final String KIND = "BusKind";
    public static final String TO = "BusTo";
    public static final String TOPIC = "BusTopic";
    public static final String CHANNEL = "BusChannel";

    private static final int MAX_PRIORITY = 100;

    private final JsonTextWriter json;
    private final BusSettings settings;
    private final BusMeters meters;
    private final BusDispatcher dispatcher;
    private final Clock clock;

    public BusMessages(JsonFactory json, BusSettings settings, BusMeters meters, BusDispatcher dispatcher, Clock clock) {
        this.json = new JsonTextWriter(json);
        this.settings = settings;
        this.meters = meters;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /** The fields each kind needs, names and priority in range; {@code invalid_field} otherwise. */
    public void check(Exchange exchange) {
        BusMessage m = exchange.getMessage().getBody(BusMessage.class);
        BusNames.id("id", m.id());
        BusNames.address("sender", m.sender());
        BusNames.optional("recipient", m.recipient());
        BusNames.optional("topic", m.topic());
        BusNames.optional("channel", m.channel());
        if (m.replyTo() != null) {
            BusNames.id("request_id", m.replyTo());
        }
        if (m.correlationId() != null) {
            BusNames.id("correlation_id", m.correlationId());
        }
        try {
            m.timestamp().toInstant().toEpochMilli();
        } catch (ArithmeticException | java.time.DateTimeException e) {
            throw BusRefusal.invalid("'timestamp' is out of range");
        }
        if (m.priority() > MAX_PRIORITY) {
            throw BusRefusal.invalid("'priority' must be 0 to " + MAX_PRIORITY + ", got " + m.priority());
        }
        boolean needsRecipient = m.kind() == BusKind.DIRECT || m.kind() == BusKind.REQUEST || m.kind() == BusKind.ACK;
        if (needsRecipient && m.recipient() == null) {
            throw BusRefusal.invalid("a " + m.kind().wire() + " message needs a 'recipient'");
        }
        boolean answers = m.kind() == BusKind.RESPONSE || m.kind() == BusKind.ERROR || m.kind() == BusKind.ACK;
        if (answers && m.replyTo() == null) {
            throw BusRefusal.invalid("a " + m.kind().wire() + " message needs the 'request_id' of what it answers");
        }
        if (m.kind() == BusKind.PUBLISH && m.topic() == null && m.channel() == null) {
            throw BusRefusal.invalid("a publish message needs a 'topic' or a 'channel'");
        }
        exchange.getMessage().setHeader(KIND, m.kind().wire());
    }

    /** The message's addressing as headers, after an answer was addressed to its requester. */
    public void addressing(Exchange exchange) {
        BusMessage m = exchange.getMessage().getBody(BusMessage.class);
        exchange.getMessage().setHeader(TO, m.recipient());
        exchange.getMessage().setHeader(TOPIC, m.topic());
        exchange.getMessage().setHeader(CHANNEL, m.channel());
    }

    /** The journal entry for the message and the audience the route chose: the event, its index row, its deliveries. */
    public void entry(Exchange exchange) throws IOException {
        BusMessage m = exchange.getMessage().getBody(BusMessage.class);
        Audience audience = Audience.valueOf(exchange.getProperty(AUDIENCE, String.class));
        String content = json.text(out -> ProtocolJson.write(out, m));
        String metadata = json.text(out -> {
            out.writeStartObject();
            out.writeStringField("endpoint", exchange.getFromRouteId());
            out.writeStringField("received_at", ViewTime.ofEpochMilli(exchange.getClock().getCreated()));
            out.writeEndObject();
        });
        long now = clock.millis();
        boolean answers = m.kind() == BusKind.RESPONSE || m.kind() == BusKind.ERROR;
        exchange.setProperty(EventJournal.ENTRY, new BusMessageEntry(
                new EventEntry(EVENT_TYPE, null, null, content, metadata, m.naturalKey(), null),
                m.id(), m.kind().wire(), m.sender(), m.recipient(), m.topic(), m.channel(), m.replyTo(),
                m.correlationId(), (int) m.priority(), m.requiresAck(), audience, expiresAt(m),
                m.kind() == BusKind.REQUEST ? now + settings.requestTimeoutMillis() : null,
                answers ? m.replyTo() : null));
    }

    /** After the commit: the reply with the stored id; a new message is counted and its delivery begins. */
    public void stored(Exchange exchange) {
        BusMessage m = exchange.getMessage().getBody(BusMessage.class);
        long eventId = exchange.getMessage().getHeader(EventJournal.EVENT_ID, Long.class);
        boolean duplicate = Boolean.TRUE.equals(exchange.getMessage().getHeader(EventJournal.DUPLICATE, Boolean.class));
        if (!duplicate) {
            meters.count(BusMeters.SENT, m.topic(), m.sender());
            dispatcher.wake();
        }
        exchange.getMessage().setBody(BusReply.stored(m.id(), eventId, duplicate));
    }

    /** A refusal as the reply: nothing was stored. */
    public void refused(Exchange exchange) {
        BusRefusal refusal = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, BusRefusal.class);
        ZmqMessage refused = exchange.getMessage().getBody(ZmqMessage.class);
        String ref = refused instanceof BusAttach a ? a.address()
                : refused instanceof BusSubscription s ? s.address() : refused.requestId();
        exchange.getMessage().setBody(BusReply.refused(ref, refusal.code(), refusal.getMessage()));
    }

    /** Epoch ms when the message expires: its timestamp plus its ttl; null without a ttl. */
    private static Long expiresAt(BusMessage m) {
        if (m.ttlSecs() == null) {
            return null;
        }
        long sent = m.timestamp().toInstant().toEpochMilli();
        return m.ttlSecs() > (Long.MAX_VALUE - sent) / 1000 ? null : sent + m.ttlSecs() * 1000;
    }
}
