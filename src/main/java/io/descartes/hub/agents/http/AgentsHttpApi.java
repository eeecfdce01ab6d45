package io.descartes.hub.agents.http;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.agents.AgentFailure;
import io.descartes.hub.api.ApiException;
import io.descartes.hub.api.KnownFields;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.BatchControlCommand;
import io.descartes.hub.protocol.ControlCommand;
import io.descartes.hub.protocol.ControlCommandType;
import io.descartes.hub.protocol.DescartesMsgpackDataFormat;
import io.descartes.hub.protocol.ListAgentsRequest;
import io.descartes.hub.protocol.OutputQueryRequest;
import io.descartes.hub.protocol.ProtocolException;
import io.descartes.hub.protocol.ProtocolJson;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.protocol.ZmqOutputStream;
import org.apache.camel.Exchange;

/**
 * The HTTP face of the agent routes (bean {@code agentsHttp}, routes/http-agents.camel.yaml):
 * {@link #request} turns a call into the protocol request the ZMQ clients send, the shared route
 * records and dispatches it, and {@link #response} maps the protocol response to JSON and a status.
 */
public final class AgentsHttpApi {

    /** Which call the route serves: spawn, list, get, control, output, batch. */
    public static final String CALL_HEADER = "DescartesHttpCall";

    private static final Set<String> SPAWN_FIELDS = Stream.concat(ProtocolJson.agentConfigFields().stream(),
            Stream.of("metadata")).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> CONTROL_FIELDS = Set.of("command", "payload");
    private static final Set<String> BATCH_FIELDS = Set.of("agent_ids", "command", "payload", "fail_fast");

    private final ObjectMapper json;

    public AgentsHttpApi(ObjectMapper json) {
        this.json = json;
    }

    public void request(Exchange exchange) {
        exchange.getMessage().removeHeaders("Descartes*", CALL_HEADER);
        exchange.getMessage().removeHeaders("Zmq*");
        String call = exchange.getMessage().getHeader(CALL_HEADER, String.class);
        String requestId = "http-" + UUID.randomUUID();
        ZmqMessage request;
        try {
            request = switch (call) {
                case "spawn" -> {
                    JsonNode body = body(exchange, SPAWN_FIELDS);
                    yield new SpawnRequest(requestId, ProtocolJson.agentConfigFromJson(body), null, metadata(body));
                }
                case "list" -> new ListAgentsRequest(requestId,
                        query(exchange, "status") == null ? null : AgentStatus.fromWire(query(exchange, "status")),
                        number(exchange, "limit"));
                case "get" -> new ControlCommand(requestId, agentId(exchange), ControlCommandType.GET_STATUS, null);
                case "control" -> {
                    JsonNode body = body(exchange, CONTROL_FIELDS);
                    yield new ControlCommand(requestId, agentId(exchange), command(body), body.get("payload"));
                }
                case "output" -> new OutputQueryRequest(requestId, agentId(exchange),
                        query(exchange, "stream") == null ? ZmqOutputStream.BOTH
                                : ZmqOutputStream.fromWire(query(exchange, "stream")),
                        query(exchange, "filter"), number(exchange, "limit"), number(exchange, "offset"));
                case "batch" -> {
                    JsonNode body = body(exchange, BATCH_FIELDS);
                    yield new BatchControlCommand(requestId, agentIds(body), command(body), body.get("payload"),
                            failFast(body));
                }
                default -> throw new IllegalStateException("route sets no known " + CALL_HEADER + ": " + call);
            };
        } catch (ProtocolException | IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        exchange.getMessage().setHeader(DescartesMsgpackDataFormat.TYPE_HEADER, request.type());
        exchange.getMessage().setBody(request);
    }

    /** 201 for a spawn, 200 otherwise; a failure by its kind: 404, 400, 409, 504 (500 for the hub's own errors). */
    public void response(Exchange exchange) throws Exception {
        ZmqMessage response = exchange.getMessage().getMandatoryBody(ZmqMessage.class);
        String failure = exchange.getMessage().getHeader(AgentFailure.HEADER, String.class);
        int status = failure == null ? ("spawn".equals(exchange.getMessage().getHeader(CALL_HEADER)) ? 201 : 200)
                : switch (AgentFailure.Kind.valueOf(failure.toUpperCase(Locale.ROOT))) {
                    case NOT_FOUND -> 404;
                    case INVALID -> 400;
                    case CONFLICT -> 409;
                    case TIMEOUT -> 504;
                    case ERROR -> 500;
                };
        reply(exchange, status, json.writeValueAsString(ProtocolJson.toJson(response)));
    }

    /** A call refused before it became a protocol request. */
    public void rejected(Exchange exchange) throws JsonProcessingException {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int status = e instanceof ApiException a ? a.status() : 500;
        reply(exchange, status, json.writeValueAsString(json.createObjectNode().put("error", e.getMessage())));
    }

    private static void reply(Exchange exchange, int status, String body) {
        exchange.getMessage().removeHeaders("Descartes*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(body);
    }

    private JsonNode body(Exchange exchange, Set<String> known) {
        String text = exchange.getMessage().getBody(String.class);
        try {
            JsonNode node = text == null || text.isBlank() ? null : json.readTree(text);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("the body must be a JSON object (Content-Type: application/json)");
            }
            KnownFields.check(node, known, "the body");
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid JSON: " + e.getOriginalMessage());
        }
    }

    /** The spawn's metadata, e.g. {@code {"secrets": "A,B", "label.gpu": "true"}}: string values only, like the wire's. */
    private static Map<String, String> metadata(JsonNode body) {
        JsonNode metadata = body.get("metadata");
        if (metadata == null || metadata.isNull()) {
            return null;
        }
        if (!metadata.isObject()) {
            throw ApiException.badRequest("`metadata` must be a JSON object of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw ApiException.badRequest("`metadata` values must be strings");
            }
            map.put(entry.getKey(), entry.getValue().textValue());
        }
        return map;
    }

    private static List<UUID> agentIds(JsonNode body) {
        JsonNode ids = body.get("agent_ids");
        if (ids == null || !ids.isArray()) {
            throw ApiException.badRequest("`agent_ids` must be an array of agent ids");
        }
        List<UUID> list = new ArrayList<>();
        for (JsonNode id : ids) {
            list.add(uuid(id.textValue()));
        }
        return list;
    }

    private static boolean failFast(JsonNode body) {
        JsonNode failFast = body.get("fail_fast");
        if (failFast != null && !failFast.isNull() && !failFast.isBoolean()) {
            throw ApiException.badRequest("`fail_fast` must be true or false");
        }
        return failFast != null && failFast.booleanValue();
    }

    private static ControlCommandType command(JsonNode body) {
        JsonNode command = body.get("command");
        if (command == null || !command.isTextual()) {
            throw ApiException.badRequest("missing field `command`");
        }
        return ControlCommandType.fromWire(command.textValue());
    }

    private static UUID agentId(Exchange exchange) {
        return uuid(exchange.getMessage().getHeader("id", String.class));
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.badRequest("not an agent id: " + text);
        }
    }

    private static String query(Exchange exchange, String name) {
        String value = exchange.getMessage().getHeader(name, String.class);
        return value == null || value.isEmpty() ? null : value;
    }

    private static Long number(Exchange exchange, String name) {
        String value = query(exchange, name);
        if (value == null) {
            return null;
        }
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number, got '" + value + "'");
        }
        if (n < 0) {
            throw ApiException.badRequest(name + " must not be negative");
        }
        return n;
    }
}
