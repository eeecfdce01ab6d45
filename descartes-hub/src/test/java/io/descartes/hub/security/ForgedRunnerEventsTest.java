package io.descartes.hub.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.AgentInfo;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.EventAck;
import io.descartes.hub.protocol.LogStream;
import io.descartes.hub.protocol.LogStreamType;
import io.descartes.hub.protocol.RunnerAck;
import io.descartes.hub.protocol.RunnerHeartbeat;
import io.descartes.hub.protocol.RunnerRegister;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.SpawnResponse;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.StatusUpdateType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.LibzmqPeer;
import io.descartes.hub.testing.Waits;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Issue #15, finding 3: a local user other than the hub's (uid nobody), holding a valid CURVE client key of its own,
 * forges status_update completed and log_stream on the runner link for an agent of a registered runner and for an
 * embedded one, and tries to take the runner's id over. Each frame gets a {@code forbidden} error reply and a dead
 * letter, the registry and the API still say running, and the real runner's events still go through.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {"hub.http.port={{test-port:ForgedRunnerEventsTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:ForgedRunnerEventsTest.command}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:ForgedRunnerEventsTest.runner}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:ForgedRunnerEventsTest.pub}}",
                "hub.db.url={{test-db:" + ForgedRunnerEventsTest.DB + "}}", "camel.main.routes-reload-enabled=false",
                "hub.agents.workspace-root=target/forged-runner-events-test-workspaces",
                TestAuth.PROPERTY, "hub.zmq.curve.enabled=true",
                "hub.zmq.curve.public-key=" + ForgedRunnerEventsTest.SERVER_PUBLIC,
                "hub.zmq.curve.secret-key=" + ForgedRunnerEventsTest.SERVER_SECRET,
                "hub.zmq.curve.allowed-clients=" + ForgedRunnerEventsTest.RUNNER_PUBLIC + ","
                        + ForgedRunnerEventsTest.FORGER_PUBLIC})
class ForgedRunnerEventsTest {

    static final String DB = "target/forged-runner-events-test.db";
    static final String RUNNER_LINK = TestPorts.tcp("ForgedRunnerEventsTest.runner");
    private static final String RUNNER_COMMANDS = TestPorts.tcp("ForgedRunnerEventsTest.runner-command");
    // test-only key pairs (Z85), generated with pyzmq's zmq.curve_keypair()
    static final String SERVER_PUBLIC = "j<7s=Y9xrT:W7I7Q*7oC(&kxw?4dd-ICypq:bKIS";
    static final String SERVER_SECRET = "P-LyRE.Jx^tY2lqAmmfk9*fw.K.uTmk}[Rcr9iKQ";
    static final String RUNNER_PUBLIC = ")rqBbEJ?n$Db0$b@wg<50:mvsRs=#Y>NzK4N7cBB";
    private static final String RUNNER_SECRET = "?I&6U8-)%fa>3-B&>SsjN[o}dWX9-Z0x}8G@P>f*";
    static final String FORGER_PUBLIC = "BrS)2ZjKH6rG:S?Az]<?qXm1r@2dq[i]5.)M!!3T";
    private static final String FORGER_SECRET = "x}}1<](cEwx^mm0:Tpa{s:27#{as[>f2AS4dkIS#";

    static {
        TestDatabase.reset(DB);
    }

    private static final DescartesCodec CODEC = new DescartesCodec();
    private final HubHttp http = new HubHttp(TestPorts.port("ForgedRunnerEventsTest.http"));

    @Test
    void forgedEventsFromAnotherUsersKeyAreRefusedAndTheRealRunnersGoThrough() throws Exception {
        LibzmqPeer.assumeAvailable();
        try (DescartesPeer runner = new DescartesPeer(RUNNER_LINK, SERVER_PUBLIC, RUNNER_PUBLIC, RUNNER_SECRET);
             ZContext context = new ZContext()) {
            RunnerAck registered = assertInstanceOf(RunnerAck.class, runner.call(new RunnerRegister("runner-far",
                    RUNNER_COMMANDS, 4, Map.of("site", "far"), List.of())));
            assertTrue(registered.known());

            // (a) an agent placed on runner-far: the hub asks the runner's command endpoint, which answers from here
            // a CURVE server with the runner's key pair, as a runner's command endpoint is: the hub connects to the key
            // the runner registered with
            ZMQ.Socket commands = context.createSocket(SocketType.ROUTER);
            commands.setCurveServer(true);
            commands.setCurveSecretKey(ZMQ.Curve.z85Decode(RUNNER_SECRET));
            commands.bind(RUNNER_COMMANDS);
            UUID remote = UUID.randomUUID();
            Thread fakeRunner = new Thread(() -> answerSpawn(commands, remote), "fake-runner-commands");
            fakeRunner.start();
            JsonNode spawned = http.send("POST", "/api/agents", HubHttp.json(Map.of("name", "far", "model_backend",
                    "demo", "task", "steps=100000", "metadata", Map.of("label.site", "far")))).json();
            assertEquals(remote.toString(), spawned.get("agent_info").get("id").asText(), spawned.toString());
            fakeRunner.join();
            assertInstanceOf(EventAck.class, runner.call(status(remote, StatusUpdateType.STATUS_CHANGED,
                    AgentStatus.RUNNING)));

            // (b) an embedded agent, spawned over HTTP
            JsonNode home = http.send("POST", "/api/agents", HubHttp.json(Map.of("name", "home", "model_backend", "demo",
                    "task", "steps=100000 step-ms=200"))).json();
            UUID embedded = UUID.fromString(home.get("agent_info").get("id").asText());
            Waits.await("the embedded agent runs").until(() -> "running".equals(apiStatus(embedded)));

            // an upstream agent reporting directly: the runner's key reports it first and owns it
            UUID upstream = UUID.randomUUID();
            assertInstanceOf(EventAck.class, runner.call(status(upstream, StatusUpdateType.STATUS_CHANGED,
                    AgentStatus.RUNNING)));

            UUID forgersOwn = UUID.randomUUID();
            List<ZmqMessage> replies = forge(
                    new RunnerRegister("runner-far", TestPorts.tcp("ForgedRunnerEventsTest.far-runner-command"), 4,
                            Map.of("site", "far"), List.of()),
                    new RunnerHeartbeat("runner-far", 0),
                    forged(remote), forgedLog(remote), forged(embedded), forgedLog(embedded), forged(upstream),
                    // an agent nobody reported yet is the forger's to report: upstream agents keep working
                    status(forgersOwn, StatusUpdateType.STATUS_CHANGED, AgentStatus.RUNNING));

            for (ZmqMessage reply : replies.subList(0, 7)) {
                CommandResponse refused = assertInstanceOf(CommandResponse.class, reply);
                assertFalse(refused.success());
                assertEquals("forbidden", refused.data().get("code").asText(), refused.toString());
            }
            assertInstanceOf(EventAck.class, replies.get(7));
            assertEquals(7, TestDatabase.queryLong(DB, "SELECT count(*) FROM dead_letters WHERE error_code = 'forbidden'"
                    + " AND endpoint = 'zmq-agent-events'"));
            assertEquals(0, TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE content LIKE '%forged%'"),
                    "nothing forged recorded");
            for (UUID agent : List.of(remote, embedded, upstream)) {
                assertEquals("running", apiStatus(agent), "API, agent " + agent);
                assertEquals("running", TestDatabase.queryString(DB, "SELECT status FROM agents WHERE id = '"
                        + agent + "'"), "registry, agent " + agent);
            }
            assertEquals("live", TestDatabase.queryString(DB, "SELECT status FROM runners WHERE id = 'runner-far'"));
            assertEquals(RUNNER_COMMANDS, TestDatabase.queryString(DB,
                    "SELECT command_address FROM runners WHERE id = 'runner-far'"), "the runner was not taken over");
            assertEquals(RUNNER_PUBLIC, TestDatabase.queryString(DB,
                    "SELECT peer_key FROM runners WHERE id = 'runner-far'"));

            // the real runner's events still go through
            assertInstanceOf(EventAck.class, runner.call(log(remote, 1, "real line")));
            assertInstanceOf(EventAck.class, runner.call(status(remote, StatusUpdateType.COMPLETED,
                    AgentStatus.COMPLETED)));
            Waits.await("the runner's own completion reaches the API")
                    .until(() -> "completed".equals(apiStatus(remote)));
            assertTrue(assertInstanceOf(RunnerAck.class, runner.call(new RunnerHeartbeat("runner-far", 0))).known());
        }
    }

    /** Sends the frames as uid nobody with the forger's key (libzmq), and decodes the replies. */
    private static List<ZmqMessage> forge(ZmqMessage... frames) throws Exception {
        List<String> args = new ArrayList<>(List.of(RUNNER_LINK, SERVER_PUBLIC, FORGER_PUBLIC, FORGER_SECRET));
        for (ZmqMessage frame : frames) {
            args.add(HexFormat.of().formatHex(CODEC.encode(frame)));
        }
        List<ZmqMessage> replies = new ArrayList<>();
        for (JsonNode line : LibzmqPeer.runScriptAsNobody("/peers/runner_link_peer.py", args.toArray(String[]::new))) {
            replies.add(CODEC.decode(HexFormat.of().parseHex(line.get("reply").asText())));
        }
        assertEquals(frames.length, replies.size(), "one reply per forged frame");
        return replies;
    }

    /** Serves the one spawn_request the hub places on runner-far: the agent runs, with the given id. */
    private static void answerSpawn(ZMQ.Socket commands, UUID id) {
        commands.setReceiveTimeOut(30_000);
        List<byte[]> envelope = new ArrayList<>();
        byte[] frame = commands.recv();
        while (commands.hasReceiveMore()) {
            envelope.add(frame);
            frame = commands.recv();
        }
        SpawnRequest request = (SpawnRequest) CODEC.decode(frame);
        SpawnResponse response = new SpawnResponse(request.requestId(), true, new AgentInfo(id, request.config().name(),
                AgentStatus.RUNNING, "demo", WireTime.now(), request.config().task(), null, null, null), null, "runner-far");
        for (byte[] part : envelope) {
            commands.sendMore(part);
        }
        commands.send(CODEC.encode(response));
    }

    private static StatusUpdate status(UUID agent, StatusUpdateType type, AgentStatus status) {
        return new StatusUpdate(agent, type, status, String.valueOf(status), null, WireTime.now());
    }

    private static StatusUpdate forged(UUID agent) {
        return new StatusUpdate(agent, StatusUpdateType.COMPLETED, AgentStatus.COMPLETED, "forged", null, WireTime.now());
    }

    private static LogStream forgedLog(UUID agent) {
        return log(agent, 1_000_000, "forged line");
    }

    private static LogStream log(UUID agent, long sequence, String line) {
        return new LogStream(agent, LogStreamType.STDOUT, (line + "\n").getBytes(StandardCharsets.UTF_8),
                WireTime.now(), sequence);
    }

    private String apiStatus(UUID agent) throws Exception {
        HubHttp.Reply reply = http.send("GET", "/api/agents/" + agent, null);
        assertEquals(200, reply.status(), reply.body());
        return reply.json().get("status").asText();
    }
}
