package io.descartes.hub.bench;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.descartes.hub.protocol.AgentInfo;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.ControlCommand;
import io.descartes.hub.protocol.ControlCommandType;
import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.ProtocolJson;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.SpawnResponse;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.protocol.HealthCheckRequest;
import io.descartes.hub.protocol.HealthCheckResponse;
import io.descartes.hub.protocol.ZmqMessage;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Hand-written baseline for the command-endpoint latency: a plain JeroMQ ROUTER, one thread, that decodes each
 * request with DescartesCodec and answers a health_check_response on the same envelope. No Camel, no database.
 * It is also the baseline of the control-operations row ({@link ControlOpsHarness}): a {@code spawn_request} is
 * answered with a spawn_response for a made-up running agent (no process), a {@code control_command} with a
 * command_response (get_status: the same data keys as the hub's: status, agent_info, pid, workspace; stop: terminated).
 * Runs as its own process: {@code java -cp benchmarks.jar io.descartes.hub.bench.EchoServer --bind=tcp://...}.
 */
public final class EchoServer {

    public static void main(String[] args) {
        BenchCurve.use(args);
        String bind = Stats.arg(args, "bind", "tcp://127.0.0.1:19065");
        DescartesCodec codec = new DescartesCodec();
        long started = System.currentTimeMillis();
        Map<UUID, AgentInfo> agents = new java.util.HashMap<>();
        try (ZContext ctx = new ZContext()) {
            ZMQ.Socket router = ctx.createSocket(SocketType.ROUTER);
            router.setLinger(0);
            BenchCurve.server(router);
            router.bind(bind);
            System.out.println("echo server ready on " + bind);
            while (!Thread.currentThread().isInterrupted()) {
                RouterRequest received = RouterRequest.receive(router, 0);
                if (received == null) {
                    break;
                }
                ZmqMessage request = codec.decode(received.payload());
                byte[] reply;
                if (request instanceof ControlCommand c) {
                    reply = codec.encode(control(c, agents));
                } else if (request instanceof SpawnRequest sp) {
                    AgentInfo info = new AgentInfo(UUID.randomUUID(), sp.config().name(), AgentStatus.RUNNING,
                            sp.config().modelBackend(), WireTime.now(), sp.config().task(), null, null, null);
                    agents.put(info.id(), info);
                    reply = codec.encode(new SpawnResponse(sp.requestId(), true, info, null, "echo"));
                } else {
                    String id = request instanceof HealthCheckRequest h ? h.requestId() : "";
                    reply = codec.encode(new HealthCheckResponse(id, true, "1.0.0",
                            (System.currentTimeMillis() - started) / 1000, 0L, Map.of("server_id", "echo")));
                }
                received.reply(router, reply);
            }
        }
    }

    private static CommandResponse control(ControlCommand c, Map<UUID, AgentInfo> agents) {
        AgentInfo info = agents.get(c.agentId());
        if (info == null) {
            return new CommandResponse(c.requestId(), c.agentId(), false, null, null, "Agent not found: " + c.agentId());
        }
        if (c.commandType() == ControlCommandType.STOP || c.commandType() == ControlCommandType.KILL) {
            agents.remove(c.agentId());
            return new CommandResponse(c.requestId(), c.agentId(), true, AgentStatus.TERMINATED, null, null);
        }
        ObjectNode data = null;
        if (c.commandType() == ControlCommandType.GET_STATUS) {
            data = JsonNodeFactory.instance.objectNode().put("status", info.status().wire());
            data.set("agent_info", ProtocolJson.toSerdeJson(info));
            data.put("pid", ProcessHandle.current().pid());
            data.put("workspace", "data/workspaces/" + info.id());
        }
        return new CommandResponse(c.requestId(), c.agentId(), true, info.status(), data, null);
    }
}
