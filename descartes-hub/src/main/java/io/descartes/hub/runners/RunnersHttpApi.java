package io.descartes.hub.runners;

import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.http.JsonResponse;
import io.descartes.hub.http.QueryParameters;
import io.descartes.hub.protocol.ViewTime;
import org.apache.camel.Exchange;

/**
 * {@code GET /api/runners} (bean {@code runnersApi}, routes/http-runners.camel.yaml): every remote runner the
 * store knows, live or not, as {@code {"runners": [{id, address, labels, capacity, load, state, backends,
 * registered_at, last_heartbeat, hub}]}}; {@code load} counts its assigned agents that are still active, {@code hub}
 * is the server id of the hub it last registered or heartbeat through (null if unknown).
 */
public final class RunnersHttpApi {

    private final RunnerStore store;
    private final ObjectMapper mapper;

    public RunnersHttpApi(RunnerStore store, ObjectMapper mapper) {
        this.store = store;
        this.mapper = mapper;
    }

    public void listRunners(Exchange exchange) {
        JsonResponse.send(exchange, mapper, () -> {
            QueryParameters.parse(exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class), Set.of());
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            ArrayNode runners = body.putArray("runners");
            for (RunnerRow row : store.list()) {
                runners.add(view(row));
            }
            return body;
        });
    }

    private ObjectNode view(RunnerRow row) throws JsonProcessingException {
        ObjectNode runner = JsonNodeFactory.instance.objectNode();
        runner.put("id", row.id());
        runner.put("address", row.commandAddress());
        runner.set("labels", mapper.readTree(row.labels()));
        runner.put("capacity", row.capacity());
        runner.put("load", row.load());
        runner.put("state", row.status());
        runner.set("backends", mapper.readTree(row.backends()));
        runner.put("registered_at", ViewTime.ofEpochMilli(row.registeredAt()));
        runner.put("last_heartbeat", ViewTime.ofEpochMilli(row.lastHeartbeatAt()));
        runner.put("hub", row.hub());
        return runner;
    }
}
