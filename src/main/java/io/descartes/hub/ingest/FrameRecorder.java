package io.descartes.hub.ingest;

import java.io.IOException;
import java.util.HexFormat;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.agents.RunningAgent;
import io.descartes.hub.protocol.MessageType;
import io.descartes.hub.protocol.ProtocolJson;
import io.descartes.hub.protocol.SpawnResponse;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.store.AgentChange;
import io.descartes.hub.store.EventEntry;
import io.descartes.hub.store.EventJournal;
import io.descartes.hub.zmq.ZmqConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Turns a decoded frame into the {@code events} row it becomes: event_type = the message tag,
 * content = the message as JSON (PROTOCOL.md's named form), metadata = who sent it, its id, the
 * endpoint and when it arrived; plus the registry change it implies. Runs on the consumer thread,
 * so the JSON work stays off the single journal writer; both documents are streamed, never built as trees.
 */
public final class FrameRecorder implements Processor {

    private final ObjectMapper json;

    public FrameRecorder(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ZmqMessage message = exchange.getMessage().getMandatoryBody(ZmqMessage.class);
        exchange.setProperty(IngestProperties.MESSAGE, message);
        exchange.setProperty(IngestProperties.AGENT_EVENT, message.messageType().kind() == MessageType.Kind.EVENT);
        UUID agent = AgentIds.of(message);
        String agentId = agent == null ? null : agent.toString();
        EventEntry entry = new EventEntry(message.type(), agentId, null,
                ProtocolJson.text(json.getFactory(), 256, out -> ProtocolJson.write(out, message)),
                ProtocolJson.text(json.getFactory(), 128, out -> metadata(out, exchange, message)),
                message.naturalKey(), registryChange(exchange, message, agentId));
        exchange.setProperty(EventJournal.ENTRY, entry);
        exchange.getMessage().setHeader(IngestProperties.AGENT_ID, agentId);
    }

    private static void metadata(JsonGenerator out, Exchange exchange, ZmqMessage message) throws IOException {
        out.writeStartObject();
        byte[] identity = exchange.getMessage().getHeader(ZmqConstants.IDENTITY, byte[].class);
        if (identity != null) {
            out.writeStringField("sender", HexFormat.of().formatHex(identity));
        }
        out.writeStringField("message_id", message.naturalKey());
        out.writeStringField("endpoint", exchange.getFromRouteId());
        out.writeNumberField("received_at_ms", exchange.getClock().getCreated());
        out.writeEndObject();
    }

    /**
     * Status updates that carry a status move the agent's registry row; a successful spawn creates it
     * with its name. The embedded runner leaves the row's metadata on the exchange.
     */
    private static AgentChange registryChange(Exchange exchange, ZmqMessage message, String agentId) {
        String metadata = exchange.getProperty(RunningAgent.REGISTRY_METADATA, String.class);
        if (message instanceof StatusUpdate s && s.status() != null) {
            return new AgentChange(agentId, null, s.status().wire(), null, metadata);
        }
        if (message instanceof SpawnResponse s && s.success() && s.agentInfo() != null) {
            return new AgentChange(agentId, s.agentInfo().name(), s.agentInfo().status().wire(), null, metadata);
        }
        return null;
    }
}
