package io.descartes.hub.ingest;

import java.util.List;
import java.util.UUID;

import io.descartes.hub.agents.ControlResponder;
import io.descartes.hub.http.Json;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.StatusUpdateType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.store.EventJournal;
import io.descartes.hub.store.LeadingEntry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A command's status changes go to the journal ahead of its response, each on an exchange of the command's route. */
class FrameRecorderTest {

    @Test
    void aCommandsStatusChangeLeadsItsResponseOnAnExchangeOfTheCommandsRoute() throws Exception {
        UUID agent = UUID.randomUUID();
        StatusUpdate paused = new StatusUpdate(agent, StatusUpdateType.STATUS_CHANGED, AgentStatus.PAUSED, "paused",
                null, WireTime.now());
        Exchange command = new DefaultExchange(new DefaultCamelContext());
        command.getExchangeExtension().setFromRouteId("agent-requests");
        command.getMessage().setBody(new CommandResponse("r-1", agent, true, AgentStatus.PAUSED, null, null));
        command.setProperty(ControlResponder.STATUS_CHANGES, List.of(paused));

        new FrameRecorder(Json.MAPPER, "hub-1").process(command);

        @SuppressWarnings("unchecked")
        List<LeadingEntry> leading = command.getProperty(EventJournal.LEADING, List.class);
        assertEquals(1, leading.size());
        assertEquals("status_update", leading.get(0).entry().eventType());
        Exchange source = leading.get(0).source();
        assertSame(paused, source.getProperty(IngestProperties.MESSAGE));
        assertEquals("agent-requests", source.getFromRouteId(), "the change names the route that recorded it");
        assertSame(command.getContext(), source.getContext());
    }
}
