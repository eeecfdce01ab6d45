package io.descartes.hub.ingest;

import java.util.UUID;

import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.ControlCommand;
import io.descartes.hub.protocol.CustomActionRequest;
import io.descartes.hub.protocol.LogStream;
import io.descartes.hub.protocol.OutputQueryRequest;
import io.descartes.hub.protocol.OutputQueryResponse;
import io.descartes.hub.protocol.ProtocolErrors;
import io.descartes.hub.protocol.SpawnResponse;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.ZmqMessage;

/** The agent a message is about, for the event's agent_id column and the PUB topic. */
public final class AgentIds {

    private AgentIds() {
    }

    /** The agent id, or null for messages about no single agent (health checks, lists, batches). */
    public static UUID of(ZmqMessage message) {
        UUID id = declared(message);
        return ProtocolErrors.NO_AGENT.equals(id) ? null : id;
    }

    private static UUID declared(ZmqMessage m) {
        if (m instanceof StatusUpdate s) {
            return s.agentId();
        } else if (m instanceof LogStream l) {
            return l.agentId();
        } else if (m instanceof ControlCommand c) {
            return c.agentId();
        } else if (m instanceof CommandResponse c) {
            return c.agentId();
        } else if (m instanceof CustomActionRequest c) {
            return c.agentId();
        } else if (m instanceof OutputQueryRequest o) {
            return o.agentId();
        } else if (m instanceof OutputQueryResponse o) {
            return o.agentId();
        } else if (m instanceof SpawnResponse s && s.agentInfo() != null) {
            return s.agentInfo().id();
        }
        return null;
    }
}
