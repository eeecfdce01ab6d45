package io.descartes.hub.examples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.sun.net.httpserver.HttpServer;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.LogStream;
import io.descartes.hub.protocol.LogStreamType;
import io.descartes.hub.protocol.ProtocolJson;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.StatusUpdateType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.Waits;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example routes of routes/examples/, loaded as the README says (camel.main.routes-include-pattern), each against
 * its real server on 127.0.0.1: NATS with JetStream (4222), Mosquitto (1883), RabbitMQ (5672, guest), an HTTP server
 * of the test's own, a file. Agent events come in as a runner sends them, on the hub's runner link. Every name on a
 * broker (stream, subject, topic, exchange, queues) carries this run's id, so runs on one machine do not meet, and is
 * removed at the end. A tap sees what the PUB socket sends once it has subscribed: each test first sends probes until
 * one arrives.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY,
                "hub.http.port={{test-port:BrokerExamplesTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:BrokerExamplesTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:BrokerExamplesTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:BrokerExamplesTest.runner}}",
                "hub.db.url=jdbc:sqlite:" + BrokerExamplesTest.DB,
                "hub.agents.workspace-root=target/broker-examples-test-workspaces",
                "camel.main.routes-reload-enabled=false",
                "camel.main.routes-include-pattern=file:routes/*.camel.yaml,"
                        + "file:routes/examples/nats-events.camel.yaml,file:routes/examples/mqtt-status.camel.yaml,"
                        + "file:routes/examples/rabbitmq-spawn.camel.yaml,file:routes/examples/webhook-failures.camel.yaml,"
                        + "file:routes/examples/events-jsonl.camel.yaml",
                "hub.examples.nats.stream=descartes-test-{{sys:" + BrokerExamplesTest.RUN_PROPERTY + "}}",
                "hub.examples.nats.subject=descartes.test.{{sys:" + BrokerExamplesTest.RUN_PROPERTY + "}}",
                "hub.examples.mqtt.topic-prefix=descartes-test/{{sys:" + BrokerExamplesTest.RUN_PROPERTY + "}}",
                "hub.examples.rabbitmq.exchange=descartes-test-{{sys:" + BrokerExamplesTest.RUN_PROPERTY + "}}",
                "hub.examples.rabbitmq.spawn-queue=descartes-test-{{sys:" + BrokerExamplesTest.RUN_PROPERTY + "}}.spawn",
                "hub.examples.rabbitmq.reply-queue=descartes-test-{{sys:" + BrokerExamplesTest.RUN_PROPERTY + "}}.replies",
                "hub.examples.webhook.url=http://127.0.0.1:{{test-port:BrokerExamplesTest.webhook}}/agent-failed",
                "hub.examples.events-file.directory=target/broker-examples-test/{{sys:" + BrokerExamplesTest.RUN_PROPERTY + "}}"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerExamplesTest {

    static final String DB = "target/broker-examples-test.db";
    static final String RUN_PROPERTY = "broker-examples-test.run";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String RUNNER_LINK = TestPorts.tcp("BrokerExamplesTest.runner");
    private static final String STREAM = "descartes-test-" + RUN;
    private static final String SUBJECT = "descartes.test." + RUN;
    private static final String TOPICS = "descartes-test/" + RUN;
    private static final String EXCHANGE = "descartes-test-" + RUN;
    private static final Path EVENTS_FILE = Path.of("target/broker-examples-test", RUN, "events.jsonl");
    private static final AtomicLong SEQUENCE = new AtomicLong();

    static {
        System.setProperty(RUN_PROPERTY, RUN);
        TestDatabase.reset(DB);
    }

    @Test
    void agentEventsGoToANatsJetStreamStream() throws Exception {
        UUID agent = UUID.randomUUID();
        try (Connection nats = Nats.connect("nats://127.0.0.1:4222"); DescartesPeer runner = new DescartesPeer(RUNNER_LINK)) {
            JetStreamManagement streams = nats.jetStreamManagement();
            // what an operator does once (`nats stream add`): the route publishes into the stream, it does not make it
            streams.addStream(StreamConfiguration.builder().name(STREAM).subjects(SUBJECT)
                    .storageType(StorageType.Memory).build());
            Waits.await("an agent event stored in the JetStream stream " + STREAM).until(() -> {
                runner.call(status(agent, StatusUpdateType.HEARTBEAT, AgentStatus.RUNNING));
                return storedMessages(streams) > 0;
            });
            JsonNode first = ProtocolJson.MAPPER.readTree(streams.getLastMessage(STREAM, SUBJECT).getData());
            assertEquals("status_update", first.path("type").asText(), first.toString());
            assertEquals(agent.toString(), first.path("agent_id").asText(), first.toString());

            long before = storedMessages(streams);
            runner.call(output(agent, "to the stream"));
            Waits.await("the log line stored after the status").until(() -> storedMessages(streams) > before);
            JsonNode line = ProtocolJson.MAPPER.readTree(streams.getLastMessage(STREAM, SUBJECT).getData());
            assertEquals("log_stream", line.path("type").asText(), line.toString());
            assertEquals("to the stream", line.path("data").asText(), line.toString());
        }
    }

    @Test
    void statusChangesGoToMqttRetainedPerAgent() throws Exception {
        UUID agent = UUID.randomUUID();
        String topic = TOPICS + "/" + agent + "/status";
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        MqttClient subscriber = mqttClient(received);
        try (DescartesPeer runner = new DescartesPeer(RUNNER_LINK)) {
            subscriber.subscribe(TOPICS + "/+/status", 1);
            Waits.await("a status change on " + topic).until(() -> {
                runner.call(status(agent, StatusUpdateType.STATUS_CHANGED, AgentStatus.RUNNING));
                return received.poll(200, TimeUnit.MILLISECONDS) != null;
            });
            runner.call(status(agent, StatusUpdateType.HEARTBEAT, AgentStatus.RUNNING));
            runner.call(status(agent, StatusUpdateType.STATUS_CHANGED, AgentStatus.FAILED));
            String next;
            do { // the probes' late copies, then the change: never the heartbeat between them
                next = received.poll(30, TimeUnit.SECONDS);
                assertNotNull(next, "the status change to failed reached the broker");
                assertEquals(StatusUpdateType.STATUS_CHANGED.wire(), json(next).path("update_type").asText(), next);
            } while (!"failed".equals(json(next).path("status").asText()));

            BlockingQueue<String> late = new LinkedBlockingQueue<>();
            MqttClient lateSubscriber = mqttClient(late);
            lateSubscriber.subscribe(topic, 1);
            String retained = late.poll(30, TimeUnit.SECONDS);
            assertNotNull(retained, "a subscriber that comes later gets the agent's latest status");
            assertEquals("failed", json(retained).path("status").asText(), retained);
            lateSubscriber.disconnect();
            subscriber.publish(topic, new byte[0], 1, true); // clears the retained message
        } finally {
            subscriber.disconnect();
        }
    }

    @Test
    void spawnRequestsFromARabbitMqQueueAreAnsweredOnAnother() throws Exception {
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        String requests = EXCHANGE + ".spawn";
        String replies = EXCHANGE + ".replies";
        try (com.rabbitmq.client.Connection rabbit = factory.newConnection(); Channel channel = rabbit.createChannel()) {
            channel.queueDeclarePassive(requests); // the route declared it as it started
            channel.queueDeclarePassive(replies);

            publish(channel, requests, "spawn-1", "{\"name\": \"from-rabbit\", \"model_backend\": \"echo\", \"task\": \"hi\"}");
            GetResponse spawned = reply(channel, replies);
            assertEquals("spawn-1", spawned.getProps().getCorrelationId());
            assertEquals(201, ((Number) spawned.getProps().getHeaders().get("status")).intValue());
            JsonNode answer = ProtocolJson.MAPPER.readTree(spawned.getBody());
            assertEquals("spawn_response", answer.path("type").asText(), answer.toString());
            assertTrue(answer.path("success").asBoolean(), answer.toString());
            assertEquals("from-rabbit", answer.path("agent_info").path("name").asText(), answer.toString());

            publish(channel, requests, "spawn-2", "{\"name\": \"typo\", \"model_backend\": \"echo\", \"taks\": \"hi\"}");
            GetResponse refused = reply(channel, replies);
            assertEquals("spawn-2", refused.getProps().getCorrelationId());
            assertEquals(400, ((Number) refused.getProps().getHeaders().get("status")).intValue());
            JsonNode error = ProtocolJson.MAPPER.readTree(refused.getBody());
            assertTrue(error.path("error").asText().startsWith("unknown field \"taks\""), error.toString());
            assertEquals(0, channel.queueDeclarePassive(requests).getMessageCount(), "both requests acknowledged");
        }
    }

    @Test
    void aFailedAgentCallsTheWebhook() throws Exception {
        BlockingQueue<String[]> calls = new LinkedBlockingQueue<>();
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1",
                TestPorts.port("BrokerExamplesTest.webhook")), 0);
        webhook.createContext("/agent-failed", exchange -> {
            calls.add(new String[] {exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("X-Descartes-Agent-Id"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        UUID agent = UUID.randomUUID();
        try (DescartesPeer runner = new DescartesPeer(RUNNER_LINK)) {
            Waits.await("the webhook called").until(() -> {
                runner.call(status(agent, StatusUpdateType.STATUS_CHANGED, AgentStatus.RUNNING)); // not a failure
                runner.call(status(agent, StatusUpdateType.ERROR, AgentStatus.FAILED));
                return calls.poll(200, TimeUnit.MILLISECONDS) != null;
            });
            calls.clear();
            UUID failed = UUID.randomUUID();
            runner.call(status(failed, StatusUpdateType.ERROR, AgentStatus.FAILED));
            String[] call;
            do { // late copies of the probes
                call = calls.poll(30, TimeUnit.SECONDS);
                assertNotNull(call, "the webhook called for the failed agent");
            } while (!failed.toString().equals(call[1]));
            assertEquals("POST", call[0]);
            assertEquals("application/json", call[2]);
            JsonNode body = json(call[3]);
            assertEquals("failed", body.path("status").asText(), call[3]);
            assertEquals(failed.toString(), body.path("agent_id").asText(), call[3]);
        } finally {
            webhook.stop(0);
        }
    }

    @Test
    void everyAgentEventIsAppendedToAJsonLinesFile() throws Exception {
        UUID agent = UUID.randomUUID();
        try (DescartesPeer runner = new DescartesPeer(RUNNER_LINK)) {
            Waits.await("an event in " + EVENTS_FILE).until(() -> {
                runner.call(status(agent, StatusUpdateType.HEARTBEAT, AgentStatus.RUNNING));
                return Files.exists(EVENTS_FILE) && !Files.readAllLines(EVENTS_FILE).isEmpty();
            });
            UUID later = UUID.randomUUID();
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sent.add("line " + i);
                runner.call(output(later, "line " + i));
            }
            runner.call(status(later, StatusUpdateType.COMPLETED, AgentStatus.COMPLETED));
            List<JsonNode> events = new ArrayList<>();
            Waits.await("the later agent's 6 events in the file").until(() -> {
                events.clear();
                for (String line : Files.readAllLines(EVENTS_FILE)) {
                    JsonNode event = json(line); // every line is one JSON object
                    if (later.toString().equals(event.path("agent_id").asText())) {
                        events.add(event);
                    }
                }
                return events.size() == 6;
            });
            assertEquals(sent, events.subList(0, 5).stream().map(e -> e.path("data").asText()).toList(),
                    "the log lines, in the order they were recorded");
            assertEquals("completed", events.get(5).path("status").asText());
        }
    }

    @AfterAll
    void removeWhatTheRunPutOnTheBrokers() throws Exception {
        try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            nats.jetStreamManagement().deleteStream(STREAM);
        } catch (JetStreamApiException e) {
            // never created
        }
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setHost("127.0.0.1");
        try (com.rabbitmq.client.Connection rabbit = factory.newConnection(); Channel channel = rabbit.createChannel()) {
            channel.queueDelete(EXCHANGE + ".spawn");
            channel.queueDelete(EXCHANGE + ".replies");
            channel.exchangeDelete(EXCHANGE);
        }
    }

    private static long storedMessages(JetStreamManagement streams) throws IOException {
        try {
            return streams.getStreamInfo(STREAM).getStreamState().getMsgCount();
        } catch (JetStreamApiException e) {
            return 0; // not created yet
        }
    }

    private static MqttClient mqttClient(BlockingQueue<String> received) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:1883", "descartes-test-" + UUID.randomUUID(),
                new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                if (message.getPayload().length > 0) {
                    received.add(new String(message.getPayload(), StandardCharsets.UTF_8));
                }
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        client.connect(new MqttConnectionOptions());
        return client;
    }

    private static void publish(Channel channel, String queue, String correlationId, String json) throws IOException {
        channel.basicPublish(EXCHANGE, queue, new AMQP.BasicProperties.Builder().contentType("application/json")
                .correlationId(correlationId).build(), json.getBytes(StandardCharsets.UTF_8));
    }

    private static GetResponse reply(Channel channel, String queue) {
        GetResponse[] got = {null};
        Waits.await("an answer on " + queue).until(() -> (got[0] = channel.basicGet(queue, true)) != null);
        return got[0];
    }

    private static StatusUpdate status(UUID agent, StatusUpdateType type, AgentStatus status) {
        return new StatusUpdate(agent, type, status, "from the test", null, WireTime.now());
    }

    /** Distinct sequence numbers: a log line's natural key includes it, and a re-sent key is not published again. */
    private static LogStream output(UUID agent, String text) {
        return new LogStream(agent, LogStreamType.STDOUT, text.getBytes(StandardCharsets.UTF_8), WireTime.now(),
                SEQUENCE.incrementAndGet());
    }

    private static JsonNode json(String text) throws IOException {
        return ProtocolJson.MAPPER.readTree(text);
    }
}
