package io.descartes.hub.agents.http;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.agents.AgentFailure;
import io.descartes.hub.agents.AgentRegistry;
import io.descartes.hub.agents.OutputFilter;
import io.descartes.hub.agents.RecordedOutput;
import io.descartes.hub.agents.RegisteredAgent;
import io.descartes.hub.http.ApiException;
import io.descartes.hub.http.JsonResponse;
import io.descartes.hub.http.KnownFields;
import io.descartes.hub.http.QueryParameters;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.BatchControlCommand;
import io.descartes.hub.protocol.ControlCommand;
import io.descartes.hub.protocol.ControlCommandType;
import io.descartes.hub.protocol.DescartesHeaders;
import io.descartes.hub.protocol.ProtocolException;
import io.descartes.hub.protocol.ProtocolJson;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.SpawnResponse;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.protocol.ZmqOutputStream;
import org.apache.camel.Exchange;

/**
 * The HTTP face of the agent routes (bean {@code agentsHttp}, routes/http-agents.camel.yaml). Calls that change
 * something: {@link #spawnRequest}, {@link #controlRequest} and {@link #batchRequest} turn the call into the
 * protocol request the ZMQ clients send, the shared route records and dispatches it, and {@link #response} maps
 * the protocol response to JSON and a status. Reads ({@link #list}, {@link #get}, {@link #output}) are answered from the store and not recorded.
 */
public final class AgentsHttpApi {

    private static final Set<String> LIST_PARAMETERS = Set.of("status", "limit", "after");
    private static final Set<String> OUTPUT_PARAMETERS = Set.of("stream", "offset", "limit", "filter");

    private static final Set<String> SPAWN_FIELDS = Stream.concat(ProtocolJson.agentConfigFields().stream(),
            Stream.of("metadata")).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> CONTROL_FIELDS = Set.of("command", "payload");
    private static final int MAX_NAME_LENGTH = 128;
    private static final Set<String> BATCH_FIELDS = Set.of("agent_ids", "command", "payload", "fail_fast");

    private final ObjectMapper json;
    private final AgentRegistry registry;
    private final RecordedOutput output;
    private final int defaultLimit;
    private final int maxLimit;
    private final int outputDefaultLimit;

    public AgentsHttpApi(ObjectMapper json, AgentRegistry registry, RecordedOutput output, int defaultLimit,
                         int maxLimit, int outputDefaultLimit) {
        this.json = json;
        this.registry = registry;
        this.output = output;
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
        this.outputDefaultLimit = outputDefaultLimit;
    }

    /** {@code GET /api/agents?status=&limit=&after=}: cursor pages, oldest first; {@code after} = an agent id. */
    public void list(Exchange exchange) {
        JsonResponse.send(exchange, json, () -> {
            QueryParameters q = QueryParameters.parse(rawQuery(exchange), LIST_PARAMETERS);
            AgentStatus status = q.has("status") ? parse("status", q.text("status"), AgentStatus::fromWire) : null;
            UUID after = q.has("after") ? uuid(q.text("after")) : null;
            AgentRegistry.Page page;
            try {
                page = registry.page(status, after, q.limit("limit", defaultLimit, maxLimit));
            } catch (AgentFailure e) {
                throw ApiException.badRequest("parameter 'after' is no agent's id: " + after);
            }
            ObjectNode body = json.createObjectNode();
            ArrayNode agents = body.putArray("agents");
            page.agents().forEach(agent -> agents.add(agent.toView()));
            body.put("next_after", page.agents().isEmpty() ? q.text("after")
                    : page.agents().get(page.agents().size() - 1).id().toString());
            body.put("has_more", page.hasMore());
            return body;
        });
    }

    /** {@code GET /api/agents/{id}}: the agent's view, 404 when the registry has no such agent. */
    public void get(Exchange exchange) {
        JsonResponse.send(exchange, json, () -> {
            QueryParameters.parse(rawQuery(exchange), Set.of());
            return registered(agentId(exchange)).toView();
        });
    }

    /**
     * {@code GET /api/agents/{id}/output?stream=stdout|stderr|both&offset=&limit=&filter=<regex>}: the agent's
     * recorded output lines that the regex finds something in, then the page {@code offset} (lines skipped) and
     * {@code limit}; {@code total_lines} counts every line that passed the filter.
     */
    public void output(Exchange exchange) {
        JsonResponse.send(exchange, json, () -> {
            QueryParameters q = QueryParameters.parse(rawQuery(exchange), OUTPUT_PARAMETERS);
            UUID id = agentId(exchange);
            ZmqOutputStream stream = q.has("stream") ? parse("stream", q.text("stream"), ZmqOutputStream::fromWire)
                    : ZmqOutputStream.BOTH;
            OutputFilter filter = q.has("filter") ? parse("filter", q.text("filter"), OutputFilter::of) : null;
            long offset = q.has("offset") ? QueryParameters.nonNegative("offset", q.text("offset")) : 0;
            int limit = q.limit("limit", outputDefaultLimit, maxLimit);
            RegisteredAgent agent = registered(id);
            List<String> lines = output.lines(agent.id(), stream, l -> filter == null || filter.test(l));
            int from = (int) Math.min(lines.size(), offset);
            int to = (int) Math.min(lines.size(), from + (long) limit);
            ObjectNode body = json.createObjectNode().put("agent_id", agent.id().toString());
            ArrayNode shown = body.putArray("lines");
            lines.subList(from, to).forEach(shown::add);
            return body.put("total_lines", lines.size()).put("has_more", to < lines.size());
        });
    }

    /** {@code POST /api/agents}: the body becomes a spawn request. */
    public void spawnRequest(Exchange exchange) {
        JsonNode body = body(exchange, SPAWN_FIELDS);
        requireNames(body);
        request(exchange, id -> new SpawnRequest(id, ProtocolJson.agentConfigFromJson(body), null, metadata(body)));
    }

    /** {@code POST /api/agents/{id}/control}: the body becomes a control command for that agent. */
    public void controlRequest(Exchange exchange) {
        JsonNode body = body(exchange, CONTROL_FIELDS);
        UUID agent = agentId(exchange);
        request(exchange, id -> new ControlCommand(id, agent, command(body), body.get("payload")));
    }

    /** {@code POST /api/agents/batch}: the body becomes a batch control command. */
    public void batchRequest(Exchange exchange) {
        JsonNode body = body(exchange, BATCH_FIELDS);
        request(exchange, id -> new BatchControlCommand(id, agentIds(body), command(body), body.get("payload"),
                failFast(body)));
    }

    /** The protocol request as the exchange's body, with only the headers the shared routes read. */
    private static void request(Exchange exchange, Function<String, ZmqMessage> build) {
        exchange.getMessage().removeHeaders("Descartes*");
        exchange.getMessage().removeHeaders("Zmq*");
        ZmqMessage request;
        try {
            request = build.apply("http-" + UUID.randomUUID());
        } catch (ProtocolException | IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        exchange.getMessage().setHeader(DescartesHeaders.MESSAGE_TYPE, request.type());
        exchange.getMessage().setBody(request);
    }

    /**
     * The protocol response as JSON: {@code success} (201 for a spawn, with the agent's {@code Location}, 200
     * otherwise) or the failure by its kind: 404, 400, 409, 504 (500 for the hub's own errors).
     */
    public void response(Exchange exchange, int success) throws Exception {
        ZmqMessage response = exchange.getMessage().getMandatoryBody(ZmqMessage.class);
        String failure = exchange.getMessage().getHeader(AgentFailure.HEADER, String.class);
        int status = failure == null ? success
                : switch (AgentFailure.Kind.valueOf(failure.toUpperCase(Locale.ROOT))) {
                    case NOT_FOUND -> 404;
                    case INVALID -> 400;
                    case CONFLICT -> 409;
                    case TIMEOUT -> 504;
                    case ERROR -> 500;
                };
        reply(exchange, status, json.writeValueAsString(ProtocolJson.toJson(response)));
        if (response instanceof SpawnResponse spawned && spawned.agentInfo() != null) {
            exchange.getMessage().setHeader("Location", "/api/agents/" + spawned.agentInfo().id()); // the new resource
        }
    }

    /** A call refused before it became a protocol request: {@code {"error", "status"}}, as every other refusal. */
    public void rejected(Exchange exchange) throws JsonProcessingException {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int status = e instanceof ApiException a ? a.status() : 500;
        reply(exchange, status, json.writeValueAsString(JsonResponse.error(status, e.getMessage())));
    }

    private static void reply(Exchange exchange, int status, String body) {
        // every message header becomes an HTTP response header: the hub's own and a runner call's ZeroMQ
        // transport headers (ZmqFrames holds binary frames, which failed the reply with a 500) must not
        exchange.getMessage().removeHeaders("Descartes*");
        exchange.getMessage().removeHeaders("Zmq*");
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

    /**
     * The names a spawn brings (the agent's and its backend's, its environment and metadata keys) are stored,
     * shown and logged: 1 to {@value #MAX_NAME_LENGTH} characters, no control characters. Types are the
     * schema's to check.
     */
    private static void requireNames(JsonNode body) {
        for (String field : List.of("name", "model_backend")) {
            JsonNode value = body.get(field);
            if (value != null && value.isTextual()) {
                requireName("`" + field + "`", value.textValue());
            }
        }
        for (String field : List.of("environment", "metadata")) {
            JsonNode map = body.get(field);
            if (map != null && map.isObject()) {
                map.fieldNames().forEachRemaining(key -> requireName("`" + field + "` keys", key));
            }
        }
    }

    private static void requireName(String what, String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest(what + " must be 1 to " + MAX_NAME_LENGTH + " characters, none a control character");
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

    private RegisteredAgent registered(UUID id) throws SQLException {
        return registry.get(id).orElseThrow(() -> new ApiException(404, AgentFailure.notFound(id).getMessage()));
    }

    private static <T> T parse(String name, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (ProtocolException | IllegalArgumentException e) {
            throw ApiException.badRequest("parameter '" + name + "': " + e.getMessage());
        }
    }

    private static String rawQuery(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
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
}
