package io.descartes.hub.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.LogStream;
import io.descartes.hub.protocol.LogStreamType;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.StatusUpdateType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.OutputCapture;
import io.descartes.hub.testing.Waits;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * YAML routes are the hub's behaviour: a tap route file (zmq:sub on the hub's PUB, forwarding to a test
 * PULL socket) is edited while the hub runs, and the hub forwards other events from then on; route files and
 * route ids taken away take their routes with them. The hub reads a copy of routes/ (plus the example tap) so
 * the shipped files stay untouched.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {
                "hub.http.port={{test-port:LiveRouteReloadTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:LiveRouteReloadTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:LiveRouteReloadTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:LiveRouteReloadTest.runner}}",
                "hub.db.url=jdbc:sqlite:" + LiveRouteReloadTest.DB,
                "camel.main.routes-include-pattern=file:" + LiveRouteReloadTest.ROUTES + "/*.camel.yaml",
                "camel.main.routes-reload-enabled=true",
                "camel.main.routes-reload-directory=" + LiveRouteReloadTest.ROUTES,
                TestAuth.PROPERTY})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveRouteReloadTest {

    @BeanInject
    CamelContext context;

    static final String DB = "target/live-route-reload-test.db";
    static final String ROUTES = "target/live-route-reload/routes";
    private static final String RUNNER_LINK = TestPorts.tcp("LiveRouteReloadTest.runner");
    private static final String TAP_OUT = TestPorts.tcp("LiveRouteReloadTest.tap");
    private static final Path TAP = Path.of(ROUTES, "test-tap.camel.yaml");
    private static final String TAP_ROUTE = """
            - route:
                id: test-tap
                from:
                  uri: "zmq:sub:{{hub.zmq.pub.address}}?topicFrame=false"
                  steps:
                    - unmarshal:
                        custom:
                          ref: descartesPubFrame
                    - filter:
                        simple: "${header.DescartesMessageType} == '%s'"
                        steps:
                          - marshal:
                              custom:
                                ref: descartesMsgpack
                          - to: "zmq:push:%s"
            """;
    private static final DescartesCodec CODEC = new DescartesCodec();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    static {
        TestDatabase.reset(DB);
        copyShippedRoutes();
        writeTap("status_update");
        OutputCapture.start();
    }

    @Test
    void editingATapRouteFileChangesWhatTheHubForwardsWithoutARestart() throws Exception {
        try (ZContext ctx = new ZContext(); DescartesPeer runner = new DescartesPeer(RUNNER_LINK)) {
            ZMQ.Socket tapOut = ctx.createSocket(SocketType.PULL);
            tapOut.bind(TAP_OUT);
            tapOut.setReceiveTimeOut(100);

            UUID before = UUID.randomUUID();
            Waits.await("the tap forwards status updates").until(() -> "status_update".equals(sendPairAndReceive(runner,
                    tapOut, before)));

            writeTap("log_stream");
            Waits.await("the edited tap forwards log streams")
                    .until(() -> "log_stream".equals(sendPairAndReceive(runner, tapOut, before)));

            UUID after = UUID.randomUUID();
            int pairs = 20;
            for (int i = 0; i < pairs; i++) {
                sendPair(runner, after);
            }
            int[] logs = {0};
            Waits.await(pairs + " log lines of the new agent").until(() -> {
                for (byte[] frame = tapOut.recv(); frame != null; frame = tapOut.recv()) {
                    ZmqMessage forwarded = CODEC.decode(frame);
                    if (after.equals(agentOf(forwarded))) {
                        assertEquals("log_stream", forwarded.type(), "the old filter no longer applies");
                        logs[0]++;
                    }
                }
                return logs[0] == pairs;
            });
        }
    }

    @Test
    void removingARouteIdAFileOrItsNameRemovesItsRoutes() throws Exception {
        HubHttp http = new HubHttp(TestPorts.port("LiveRouteReloadTest.http"));
        Path first = Path.of(ROUTES, "reload-removal.camel.yaml");
        edit(first, httpRoute("a") + httpRoute("b"));
        Waits.await("both routes of the new file answer").until(() -> answers(http, "a") && answers(http, "b"));

        edit(first, httpRoute("a"));
        // the route stops (404) before it is removed: wait for both
        Waits.await("the route taken out of the file is gone").until(() -> http.send("GET", "/reload-removal/b",
                null).status() == 404
                && context.getRoute("reload-removal-b") == null);
        // the reload replaces all the file's routes: the one still in it is started again, maybe just after b is gone
        Waits.await("the route still in the file answers").until(() -> answers(http, "a"));

        Path renamed = Files.move(first, Path.of(ROUTES, "reload-renamed.camel.yaml"));
        Waits.await("the route moved with the renamed file").until(() -> answers(http, "a")
                && context.getRoute("reload-removal-a").getSourceResource().getLocation().endsWith("reload-renamed.camel.yaml"));

        Files.delete(renamed);
        Waits.await("the deleted file's route is gone").until(() -> http.send("GET", "/reload-removal/a",
                null).status() == 404
                && context.getRoute("reload-removal-a") == null);
    }

    private static boolean answers(HubHttp http, String name) throws Exception {
        HubHttp.Reply reply = http.send("GET", "/reload-removal/" + name, null);
        return reply.status() == 200 && reply.body().equals(name);
    }

    private static String httpRoute(String name) {
        return """
                - route:
                    id: reload-removal-%1$s
                    from:
                      uri: platform-http:/reload-removal/%1$s
                      parameters:
                        httpMethodRestrict: GET
                      steps:
                        - setBody:
                            constant: "%1$s"
                """.formatted(name);
    }

    @Test
    void theExampleTapWarnsAboutFailedAgents() throws Exception {
        UUID agent = UUID.randomUUID();
        String line = "agent " + agent + " failed: out of memory";
        try (DescartesPeer runner = new DescartesPeer(RUNNER_LINK)) {
            Waits.await("the example tap logs a failed agent").until(() -> {
                runner.call(new StatusUpdate(agent, StatusUpdateType.ERROR, AgentStatus.FAILED, "out of memory", null,
                        WireTime.now()));
                return OutputCapture.text().contains(line);
            });
        }
    }

    /** Sends a status update and a log line for the agent (each acked), then returns the type the tap forwarded, if any. */
    private static String sendPairAndReceive(DescartesPeer runner, ZMQ.Socket tapOut, UUID agent) {
        sendPair(runner, agent);
        String type = null;
        for (byte[] frame = tapOut.recv(); frame != null; frame = tapOut.recv()) {
            type = CODEC.decode(frame).type();
        }
        return type;
    }

    /** Distinct sequence numbers: a log line's natural key includes it, and a re-sent key is not published again. */
    private static void sendPair(DescartesPeer runner, UUID agent) {
        runner.call(new StatusUpdate(agent, StatusUpdateType.HEARTBEAT, AgentStatus.RUNNING, null, null, WireTime.now()));
        runner.call(new LogStream(agent, LogStreamType.STDOUT, "working".getBytes(StandardCharsets.UTF_8),
                WireTime.now(), SEQUENCE.incrementAndGet()));
    }

    private static UUID agentOf(ZmqMessage message) {
        return message instanceof StatusUpdate s ? s.agentId() : ((LogStream) message).agentId();
    }

    private static void writeTap(String eventType) {
        try {
            edit(TAP, TAP_ROUTE.formatted(eventType, TAP_OUT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Saves the route file whole, as editors that write a copy and rename it do: the hub reloads it once. Written in
     * place, the watcher may see the truncated file first and reload twice, and a second reload of the tap, after the
     * test saw the first one work, subscribes again and misses what was published meanwhile.
     */
    private static void edit(Path routeFile, String content) throws IOException {
        Path saved = Path.of(ROUTES).resolveSibling(routeFile.getFileName() + ".saving");
        Files.writeString(saved, content);
        Files.move(saved, routeFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void copy(Path route) throws IOException {
        Files.copy(route, Path.of(ROUTES).resolve(route.getFileName()));
    }

    private static void copyShippedRoutes() {
        try {
            Path target = Path.of(ROUTES);
            Files.createDirectories(target);
            try (DirectoryStream<Path> old = Files.newDirectoryStream(target)) {
                for (Path p : old) {
                    Files.delete(p);
                }
            }
            try (DirectoryStream<Path> shipped = Files.newDirectoryStream(Path.of("routes"), "*.camel.yaml")) {
                for (Path p : shipped) {
                    copy(p);
                }
            }
            copy(Path.of("routes/examples/event-taps.camel.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
