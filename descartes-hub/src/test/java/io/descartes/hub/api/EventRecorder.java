package io.descartes.hub.api;

import io.descartes.hub.store.DeadLetterEntry;
import io.descartes.hub.store.EventEntry;
import io.descartes.hub.store.EventJournal;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

/**
 * Records events the way an ingest route does: the journal, whose committed batches go out through the event feed
 * and the broadcaster (route committed-batch).
 * Added per test class (not a scanned RouteBuilder, so other test classes never see it).
 */
final class EventRecorder {

    private static final String EVENTS = "direct:test-record-event";
    private static final String DEAD_LETTERS = "direct:test-record-dead-letter";

    private final ProducerTemplate template;

    private EventRecorder(ProducerTemplate template) {
        this.template = template;
    }

    static EventRecorder install(CamelContext context) throws Exception {
        RouteBuilder.addRoutes(context, rb -> {
            rb.from(EVENTS).routeId("test-record-event")
                    .process(ex -> ex.setProperty(EventJournal.ENTRY, ex.getMessage().getBody(EventEntry.class)))
                    .process("eventJournal")
                    .setBody(rb.header(EventJournal.EVENT_ID));
            rb.from(DEAD_LETTERS).routeId("test-record-dead-letter")
                    .process(ex -> ex.setProperty(EventJournal.ENTRY, ex.getMessage().getBody(DeadLetterEntry.class)))
                    .process("eventJournal")
                    .setBody(rb.header(EventJournal.EVENT_ID));
        });
        return new EventRecorder(context.createProducerTemplate());
    }

    long event(String agentId, String eventType, String sessionId, String content) {
        return template.requestBody(EVENTS,
                new EventEntry(eventType, agentId, sessionId, content, "{\"source\":\"test\"}", null, null), Long.class);
    }

    long event(String agentId, String eventType) {
        return event(agentId, eventType, null, "{\"n\":1}");
    }

    long deadLetter(byte[] raw) {
        return template.requestBody(DEAD_LETTERS,
                DeadLetterEntry.of("tcp://test", "peer-1", "MALFORMED", "truncated msgpack", raw, 4096), Long.class);
    }
}
