package io.descartes.hub.security;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.http.ApiException;
import io.descartes.hub.http.JsonApi;
import io.descartes.hub.http.JsonApi.Reply;
import io.descartes.hub.protocol.ViewTime;
import org.apache.camel.Exchange;

/**
 * {@code /api/secrets} (bean {@code secretsApi}, routes/http-secrets.camel.yaml). Answers and events
 * ({@code secret_created}, {@code secret_rotated}, {@code secret_deleted}) carry names, versions and
 * times only. The one call that returns a value, {@code POST /api/secrets/{name}/reveal}, is refused
 * with 403 unless {@code hub.security.allow-reveal=true}, and is written to the access log.
 */
public final class SecretsHttpApi {

    private static final Set<String> CREATE_FIELDS = Set.of("name", "value");
    private static final Set<String> ROTATE_FIELDS = Set.of("value");
    private static final String VIA = "http";

    private final SecretVault vault;
    private final JsonApi api;
    private final int maxValueBytes;
    private final boolean allowReveal;

    public SecretsHttpApi(SecretVault vault, JsonApi api, int maxValueBytes, boolean allowReveal) {
        if (maxValueBytes < 1) {
            throw new IllegalArgumentException("secret max value size must be >= 1");
        }
        this.vault = vault;
        this.api = api;
        this.maxValueBytes = maxValueBytes;
        this.allowReveal = allowReveal;
    }

    /** {@code GET /api/secrets} -> {@code {"secrets": [metadata]}}. */
    public void list(Exchange exchange) {
        api.respond(exchange, "secret list", () -> {
            ObjectNode body = JsonApi.object();
            ArrayNode secrets = body.putArray("secrets");
            vault.list().forEach(s -> secrets.add(json(s)));
            return Reply.ok(body);
        });
    }

    /** {@code POST /api/secrets {name, value}} -> 201 metadata, 409 when the name exists. */
    public void create(Exchange exchange) {
        api.respond(exchange, "secret create", () -> {
            ObjectNode body = api.body(exchange, CREATE_FIELDS);
            String name = Names.require("name", JsonApi.text(body, "name"), Names.SECRET);
            SecretMetadata created = vault.create(name, value(body), VIA)
                    .orElseThrow(() -> new ApiException(409, "secret '" + name + "' exists: rotate it with PUT"));
            return changed(201, "secret_created", created);
        });
    }

    /** {@code GET /api/secrets/{name}} -> metadata. */
    public void get(Exchange exchange) {
        api.respond(exchange, "secret get", () -> {
            String name = name(exchange);
            return Reply.ok(json(vault.find(name).orElseThrow(() -> unknown(name))));
        });
    }

    /** {@code PUT /api/secrets/{name} {value}} -> metadata with the new version. */
    public void rotate(Exchange exchange) {
        api.respond(exchange, "secret rotate", () -> {
            String name = name(exchange);
            String value = value(api.body(exchange, ROTATE_FIELDS));
            return changed(200, "secret_rotated", vault.rotate(name, value, VIA).orElseThrow(() -> unknown(name)));
        });
    }

    /** {@code DELETE /api/secrets/{name}} -> {@code {"name", "deleted": true}}; every version goes. */
    public void delete(Exchange exchange) {
        api.respond(exchange, "secret delete", () -> {
            String name = name(exchange);
            if (!vault.delete(name, VIA)) {
                throw unknown(name);
            }
            ObjectNode body = JsonApi.object().put("name", name).put("deleted", true);
            return new Reply(200, body, api.event("secret_deleted", JsonApi.object().put("name", name)));
        });
    }

    /** {@code POST /api/secrets/{name}/reveal} -> {@code {"name", "value"}}; 403 unless reveal is allowed. */
    public void reveal(Exchange exchange) {
        api.respond(exchange, "secret reveal", () -> {
            String name = name(exchange);
            if (!allowReveal) {
                throw new ApiException(403, "revealing secret values is disabled (hub.security.allow-reveal=false)");
            }
            String value = vault.reveal(name, VIA).orElseThrow(() -> unknown(name));
            return Reply.ok(JsonApi.object().put("name", name).put("value", value));
        });
    }

    private Reply changed(int status, String eventType, SecretMetadata secret) {
        ObjectNode body = json(secret);
        return new Reply(status, body, api.event(eventType, JsonApi.object().put("name", secret.name())
                .put("version", secret.version())));
    }

    private String value(ObjectNode body) {
        String value = JsonApi.text(body, "value");
        if (value.isEmpty() || value.getBytes(StandardCharsets.UTF_8).length > maxValueBytes) {
            throw ApiException.badRequest("'value' must be 1 to " + maxValueBytes + " bytes");
        }
        if (value.indexOf('\0') >= 0) {
            // a value goes into agents' environments, where the OS ends it at the first NUL
            throw ApiException.badRequest("'value' must not contain a NUL character");
        }
        return value;
    }

    private static String name(Exchange exchange) {
        return Names.require("name", JsonApi.parameter(exchange, "name"), Names.SECRET);
    }

    private static ApiException unknown(String name) {
        return new ApiException(404, "no secret '" + name + "'");
    }

    private static ObjectNode json(SecretMetadata secret) {
        ObjectNode node = JsonApi.object().put("name", secret.name()).put("version", secret.version())
                .put("created_at", ViewTime.ofEpochMilli(secret.createdAt()));
        return node.put("rotated_at", secret.rotatedAt() == null ? null : ViewTime.ofEpochMilli(secret.rotatedAt()));
    }
}
