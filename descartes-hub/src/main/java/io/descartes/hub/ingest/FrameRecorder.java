package io.descartes.hub.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.agents.ControlResponder;
import io.descartes.hub.agents.RunningAgent;
import io.descartes.hub.protocol.AgentInfo;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.DescartesHeaders;
import io.descartes.hub.protocol.JsonTextWriter;
import io.descartes.hub.protocol.MessageType;
import io.descartes.hub.protocol.ProtocolJson;
import io.descartes.hub.protocol.SpawnResponse;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.ViewTime;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.store.AgentChange;
import io.descartes.hub.store.EventEntry;
import io.descartes.hub.store.EventJournal;
import io.descartes.hub.store.LeadingEntry;
import io.descartes.hub.zmq.ZmqConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultExchange;

/**
 * Turns a decoded frame into the {@code events} row it becomes: event_type = the message tag,
 * content = the message in the JSON view (ProtocolJson), metadata = who sent it, its id, the
 * endpoint and when it arrived; plus the registry change it implies. Runs on the consumer thread,
 * so the JSON work stays off the single journal writer; both documents are streamed, never built as trees.
 */
public final class FrameRecorder implements Processor {

    private final ObjectMapper json;
    private final JsonTextWriter text;
    private final String hub;

    /** @param hub this hub's instance ({@code store.HubPresence}), recorded with every agent it spawns */
    public FrameRecorder(ObjectMapper json, String hub) {
        this.json = json;
        this.text = new JsonTextWriter(json.getFactory());
        this.hub = hub;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ZmqMessage message = exchange.getMessage().getMandatoryBody(ZmqMessage.class);
        exchange.setProperty(IngestProperties.MESSAGE, message);
        exchange.setProperty(IngestProperties.AGENT_EVENT, message.messageType().kind() == MessageType.Kind.EVENT);
        EventEntry entry = entry(exchange, message);
        exchange.setProperty(EventJournal.ENTRY, entry);
        exchange.getMessage().setHeader(DescartesHeaders.AGENT_ID, entry.agentId());
        // a request answered before it was recorded: its response joins its commit
        if (exchange.getProperty(ControlResponder.ANSWER) instanceof ZmqMessage answer) {
            exchange.setProperty(EventJournal.JOINED, entry(exchange, answer));
        }
        // the status changes a command made (a pause's status_update) go right before its response, in its commit; the
        // command's endpoint and sender in their metadata, their own message for the post-commit work (PUB, snapshots)
        // on an exchange of the command's route (its endpoint, route id, unit of work), which only carries them
        if (exchange.removeProperty(ControlResponder.STATUS_CHANGES) instanceof List<?> changes) {
            List<LeadingEntry> leading = new ArrayList<>(changes.size());
            for (Object change : changes) {
                ZmqMessage event = (ZmqMessage) change;
                Exchange source = new DefaultExchange(exchange);
                source.setProperty(IngestProperties.MESSAGE, event);
                source.setProperty(IngestProperties.AGENT_EVENT, event.messageType().kind() == MessageType.Kind.EVENT);
                leading.add(new LeadingEntry(source, entry(exchange, event)));
            }
            exchange.setProperty(EventJournal.LEADING, leading);
        }
    }

    private EventEntry entry(Exchange exchange, ZmqMessage message) throws IOException {
        UUID agent = AgentIds.of(message);
        String agentId = agent == null ? null : agent.toString();
        return new EventEntry(message.type(), agentId, null,
                text.text(out -> ProtocolJson.write(out, message)),
                text.text(out -> metadata(out, exchange, message)),
                message.naturalKey(), registryChange(exchange, message, agentId));
    }

    private static void metadata(JsonGenerator out, Exchange exchange, ZmqMessage message) throws IOException {
        out.writeStartObject();
        byte[] identity = exchange.getMessage().getHeader(ZmqConstants.IDENTITY, byte[].class);
        if (identity != null) {
            out.writeStringField("sender", HexFormat.of().formatHex(identity));
        }
        out.writeStringField("message_id", message.naturalKey());
        out.writeStringField("endpoint", exchange.getFromRouteId());
        out.writeStringField("received_at", ViewTime.ofEpochMilli(exchange.getClock().getCreated()));
        out.writeEndObject();
    }

    /**
     * Status updates that carry a status move the agent's registry row; a successful spawn creates it
     * with its name. The metadata patch holds what the frame itself says (times in the views' form, exit code,
     * pause mode, why a status is what it is), so remote agents' rows are as complete as embedded ones';
     * the embedded runner adds what only it knows (workspace, pid) as a property of the exchange.
     */
    private AgentChange registryChange(Exchange exchange, ZmqMessage message, String agentId) throws IOException {
        if (message instanceof StatusUpdate s && s.status() != null) {
            ObjectNode patch = patch(exchange);
            JsonNode data = s.data() == null ? NullNode.getInstance() : s.data();
            boolean paused = s.status() == AgentStatus.PAUSED;
            patch.put("status_reason", data.path("reason").isTextual() ? data.get("reason").textValue() : null);
            patch.put("paused_at", paused ? ViewTime.of(s.timestamp()) : null);
            patch.put("pause_mode", paused && data.path("pause_mode").isTextual() ? data.get("pause_mode").textValue() : null);
            patch.put("ended_at", s.status().isTerminal() ? ViewTime.of(s.timestamp()) : null);
            if (data.path("exit_code").isIntegralNumber()) {
                patch.put("exit_code", data.get("exit_code").longValue());
            }
            return new AgentChange(agentId, null, s.status().wire(), null, patch.toString());
        }
        if (message instanceof SpawnResponse s && s.success() && s.agentInfo() != null) {
            AgentInfo info = s.agentInfo();
            ObjectNode patch = patch(exchange).put("backend", info.modelBackend()).put("task", info.task())
                    .put("started_at", ViewTime.of(info.startedAt())).put("hub", hub);
            return new AgentChange(agentId, info.name(), info.status().wire(), null, patch.toString(), true);
        }
        return null;
    }

    private ObjectNode patch(Exchange exchange) throws IOException {
        String metadata = exchange.getProperty(RunningAgent.REGISTRY_METADATA, String.class);
        return metadata == null ? json.createObjectNode() : (ObjectNode) json.readTree(metadata);
    }
}
