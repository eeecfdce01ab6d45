package io.descartes.hub.leases;

import java.sql.SQLException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.agents.AgentFailure;
import io.descartes.hub.http.ApiException;
import io.descartes.hub.http.JsonApi;
import io.descartes.hub.protocol.DescartesHeaders;
import io.descartes.hub.security.Names;
import io.descartes.hub.store.EventEntry;
import io.descartes.hub.store.EventJournal;
import org.apache.camel.Exchange;

/**
 * Leases as ZMQ custom actions (bean {@code leaseActions}, routes/lease-actions.camel.yaml): an agent
 * acquires, renews and releases leases for itself, so the holder is always the agent the
 * {@code control_command} names. Same store and the same events as {@code /api/leases}; a change
 * leaves its event in the journal-entry property for the route to record.
 */
public final class LeaseActions {

    private final LeaseStore store;
    private final ObjectMapper json;
    private final long maxTtlMillis;

    public LeaseActions(LeaseStore store, ObjectMapper json, long maxTtlMillis) {
        this.store = store;
        this.json = json;
        this.maxTtlMillis = maxTtlMillis;
    }

    /** params {"resource", "ttl_ms"} -> the lease; refused while another holder's lease is live. */
    public JsonNode acquire(Exchange exchange) throws SQLException {
        ObjectNode params = params(exchange);
        String resource = resource(params);
        long ttl = checked(() -> JsonApi.number(params, "ttl_ms", 1, maxTtlMillis));
        return changed(exchange, "lease_acquired", store.acquire(resource, holder(exchange), ttl),
                "lease on '" + resource + "' is held by another holder");
    }

    /** params {"resource", "token", "ttl_ms"} -> the renewed lease; refused once it expired, was released or taken. */
    public JsonNode renew(Exchange exchange) throws SQLException {
        ObjectNode params = params(exchange);
        String resource = resource(params);
        long token = checked(() -> JsonApi.number(params, "token", 1, Long.MAX_VALUE));
        long ttl = checked(() -> JsonApi.number(params, "ttl_ms", 1, maxTtlMillis));
        return changed(exchange, "lease_renewed", store.renew(resource, holder(exchange), token, ttl), notHeld(resource));
    }

    /** params {"resource", "token"} -> the released lease. */
    public JsonNode release(Exchange exchange) throws SQLException {
        ObjectNode params = params(exchange);
        String resource = resource(params);
        long token = checked(() -> JsonApi.number(params, "token", 1, Long.MAX_VALUE));
        return changed(exchange, "lease_released", store.release(resource, holder(exchange), token), notHeld(resource));
    }

    /** The leases held now, by any holder. */
    public JsonNode list(Exchange exchange) throws SQLException {
        ObjectNode result = json.createObjectNode();
        ArrayNode leases = result.putArray("leases");
        store.live().forEach(lease -> leases.add(wireJson(lease)));
        return result;
    }

    /** The event records the lease in its JSON view, like /api/leases; the agent gets it in {@link #wireJson}. */
    private JsonNode changed(Exchange exchange, String eventType, Optional<Lease> lease, String refusal) {
        Lease changed = lease.orElseThrow(() -> AgentFailure.conflict(refusal));
        String holder = holder(exchange);
        exchange.setProperty(EventJournal.ENTRY, new EventEntry(eventType, holder, null,
                LeasesHttpApi.json(changed).toString(), "{\"source\":\"zmq\"}", null, null));
        return wireJson(changed);
    }

    /** A lease as a custom action's result: data on the wire, so its expiry stays epoch milliseconds (no view time). */
    private ObjectNode wireJson(Lease lease) {
        return json.createObjectNode().put("resource", lease.resource()).put("holder", lease.holder())
                .put("token", lease.token()).put("expires_at", lease.expiresAt());
    }

    private ObjectNode params(Exchange exchange) {
        try {
            JsonNode node = json.readTree(exchange.getMessage().getBody(String.class));
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (Exception e) {
            // reported below
        }
        throw AgentFailure.invalid("lease actions take a JSON object as params");
    }

    private static String resource(ObjectNode params) {
        return checked(() -> Names.require("resource", JsonApi.text(params, "resource"), Names.IDENTIFIER));
    }

    private static String holder(Exchange exchange) {
        return exchange.getMessage().getHeader(DescartesHeaders.AGENT_ID, String.class);
    }

    private static String notHeld(String resource) {
        return "lease on '" + resource + "' is not held with this token (expired, released or taken)";
    }

    private interface Check<T> {
        T get();
    }

    /** The HTTP API's validation, reported as a protocol failure of the invalid kind. */
    private static <T> T checked(Check<T> check) {
        try {
            return check.get();
        } catch (ApiException e) {
            throw AgentFailure.invalid(e.getMessage());
        }
    }
}
