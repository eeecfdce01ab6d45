package io.descartes.hub.leases;

import java.sql.SQLException;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.http.ApiException;
import io.descartes.hub.http.JsonApi;
import io.descartes.hub.http.JsonApi.Reply;
import io.descartes.hub.http.QueryParameters;
import io.descartes.hub.protocol.ViewTime;
import io.descartes.hub.security.Names;
import io.descartes.hub.store.EventJournal;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/leases} (bean {@code leasesApi}, routes/http-leases.camel.yaml). Each grant, renewal
 * and release is answered with the lease and recorded as an event
 * ({@code lease_acquired}, {@code lease_renewed}, {@code lease_released}); a refusal is a 409.
 */
public final class LeasesHttpApi {

    private static final Set<String> ACQUIRE_FIELDS = Set.of("resource", "holder", "ttl_ms");
    private static final Set<String> RENEW_FIELDS = Set.of("holder", "token", "ttl_ms");
    private static final Set<String> RELEASE_PARAMETERS = Set.of("holder", "token");
    /** Exchange property: the lease {@link #acquire} granted, withdrawn when its event cannot be recorded. */
    private static final String GRANTED = "DescartesLeaseGranted";
    private static final Logger LOG = LoggerFactory.getLogger(LeasesHttpApi.class);

    private final LeaseStore store;
    private final JsonApi api;
    private final long maxTtlMillis;

    public LeasesHttpApi(LeaseStore store, JsonApi api, long maxTtlMillis) {
        if (maxTtlMillis < 1) {
            throw new IllegalArgumentException("lease max TTL must be >= 1 ms");
        }
        this.store = store;
        this.api = api;
        this.maxTtlMillis = maxTtlMillis;
    }

    /** {@code POST /api/leases {resource, holder, ttl_ms}} -> 201 lease, 409 when held by another. */
    public void acquire(Exchange exchange) {
        api.respond(exchange, "lease acquire", () -> {
            ObjectNode body = api.body(exchange, ACQUIRE_FIELDS);
            String resource = Names.require("resource", JsonApi.text(body, "resource"), Names.IDENTIFIER);
            String holder = Names.require("holder", JsonApi.text(body, "holder"), Names.IDENTIFIER);
            long ttl = JsonApi.number(body, "ttl_ms", 1, maxTtlMillis);
            Lease lease = store.acquire(resource, holder, ttl)
                    .orElseThrow(() -> new ApiException(409, "lease on '" + resource + "' is held by another holder"));
            exchange.setProperty(GRANTED, lease);
            return changed(201, "lease_acquired", lease);
        });
    }

    /**
     * The grant's event could not be recorded (the database refuses writes): the grant is withdrawn, its
     * token spent, and answered 503, so nobody holds a lease its caller was never told of. Should the
     * withdrawal fail too, the lease stays held and the caller gets it, the token being needed to release it.
     */
    public void withdrawGrant(Exchange exchange) {
        Lease lease = exchange.getProperty(GRANTED, Lease.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        exchange.getMessage().removeHeaders("Descartes*");
        exchange.removeProperty(EventJournal.ENTRY);
        api.respond(exchange, "lease grant withdrawal", () -> {
            try {
                store.release(lease.resource(), lease.holder(), lease.token());
            } catch (SQLException e) {
                LOG.error("lease on '{}' granted (token {}) but neither recorded ({}) nor withdrawn ({}): answered as granted",
                        lease.resource(), lease.token(), cause == null ? "?" : cause.getMessage(), e.getMessage());
                return new Reply(201, json(lease), null);
            }
            LOG.warn("lease on '{}' withdrawn (token {} spent): its event could not be recorded: {}",
                    lease.resource(), lease.token(), cause == null ? "?" : cause.getMessage());
            throw new ApiException(503, "lease on '" + lease.resource()
                    + "' not granted: the database refused to record it; retry later");
        });
    }

    /** {@code POST /api/leases/{resource}/renew {holder, token, ttl_ms}} -> 200 lease, 409 when no longer held. */
    public void renew(Exchange exchange) {
        api.respond(exchange, "lease renew", () -> {
            String resource = Names.require("resource", JsonApi.parameter(exchange, "resource"), Names.IDENTIFIER);
            ObjectNode body = api.body(exchange, RENEW_FIELDS);
            String holder = Names.require("holder", JsonApi.text(body, "holder"), Names.IDENTIFIER);
            long token = JsonApi.number(body, "token", 1, Long.MAX_VALUE);
            long ttl = JsonApi.number(body, "ttl_ms", 1, maxTtlMillis);
            return changed(200, "lease_renewed", store.renew(resource, holder, token, ttl).orElseThrow(() -> notHeld(resource)));
        });
    }

    /** {@code DELETE /api/leases/{resource}?holder=&token=} -> 200, 409 when not held by that holder and token. */
    public void release(Exchange exchange) {
        api.respond(exchange, "lease release", () -> {
            String resource = Names.require("resource", JsonApi.parameter(exchange, "resource"), Names.IDENTIFIER);
            QueryParameters query = QueryParameters.parse(
                    exchange.getMessage().getHeader(Exchange.HTTP_RAW_QUERY, String.class), RELEASE_PARAMETERS);
            String holder = Names.require("holder", query.text("holder"), Names.IDENTIFIER);
            long token = parseToken(query.text("token"));
            return changed(200, "lease_released", store.release(resource, holder, token).orElseThrow(() -> notHeld(resource)));
        });
    }

    /** {@code GET /api/leases} -> {@code {"leases": [...]}}, the leases held now. */
    public void list(Exchange exchange) {
        api.respond(exchange, "lease list", () -> {
            ObjectNode body = JsonApi.object();
            ArrayNode leases = body.putArray("leases");
            store.live().forEach(lease -> leases.add(json(lease)));
            return Reply.ok(body);
        });
    }

    private Reply changed(int status, String eventType, Lease lease) {
        ObjectNode json = json(lease);
        return new Reply(status, json, api.event(eventType, json));
    }

    static ObjectNode json(Lease lease) {
        return JsonApi.object().put("resource", lease.resource()).put("holder", lease.holder())
                .put("token", lease.token()).put("expires_at", ViewTime.ofEpochMilli(lease.expiresAt()))
                .put("expires_at_epoch_ms", lease.expiresAt());
    }

    private static ApiException notHeld(String resource) {
        return new ApiException(409, "lease on '" + resource + "' is not held with this holder and token (expired, released or taken)");
    }

    private static long parseToken(String value) {
        try {
            long token = Long.parseLong(value == null ? "" : value);
            if (token >= 1) {
                return token;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("'token' is required and must be a positive integer");
    }
}
