package io.descartes.hub.curve;

import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.http.ApiException;
import io.descartes.hub.http.JsonApi;
import io.descartes.hub.http.JsonApi.Reply;
import io.descartes.hub.protocol.ViewTime;
import io.descartes.hub.security.Names;
import org.apache.camel.Exchange;
import org.zeromq.ZMQ;

/**
 * {@code /api/zmq/clients} (bean {@code zmqClientsApi}, routes/http-zmq-clients.camel.yaml): the CURVE client keys
 * the hub admits. Issuing without a public key makes a key pair and answers its secret key once, with the hub's
 * public key (and as a ZeroMQ certificate file); the hub keeps only the public key. Rotation is a new name, then a revoke of the old one. Changes are
 * recorded as events ({@code zmq_client_issued}, {@code zmq_client_revoked}) with names and public keys.
 */
public final class ZmqClientsHttpApi {

    private static final Set<String> ISSUE_FIELDS = Set.of("name", "public_key");

    private final ZmqClients clients;
    private final JsonApi api;
    private final String serverPublicKey;

    public ZmqClientsHttpApi(ZmqClients clients, JsonApi api, String serverPublicKey) {
        this.clients = clients;
        this.api = api;
        this.serverPublicKey = serverPublicKey;
    }

    /** {@code GET /api/zmq/clients} -> {@code {"clients": [...], "server_public_key"}}. */
    public void list(Exchange exchange) {
        api.respond(exchange, "zmq client list", () -> {
            ObjectNode body = JsonApi.object().put("server_public_key", serverPublicKey);
            ArrayNode list = body.putArray("clients");
            clients.list().forEach(c -> list.add(json(c)));
            return Reply.ok(body);
        });
    }

    /** {@code POST /api/zmq/clients {name, public_key?}} -> 201; 409 when the name or the key is known. */
    public void issue(Exchange exchange) {
        api.respond(exchange, "zmq client issue", () -> {
            ObjectNode request = api.body(exchange, ISSUE_FIELDS);
            String name = Names.require("name", JsonApi.text(request, "name"), Names.IDENTIFIER);
            CurveCertificate pair = request.has("public_key")
                    ? new CurveCertificate(publicKey(JsonApi.text(request, "public_key")), null)
                    : CurveCertificate.generate();
            ZmqClient issued = clients.issue(name, pair.publicKey()).orElseThrow(() -> new ApiException(409,
                    "a ZMQ client named '" + name + "' or with this public key exists (revoked ones count)"));
            ObjectNode body = json(issued).put("server_public_key", serverPublicKey);
            if (pair.secretKey() != null) {
                // answered once, never stored: also as a certificate file for the CLI or a runner (zmq.auth reads it)
                body.put("secret_key", pair.secretKey()).put("certificate", pair.secretFile());
            }
            return new Reply(201, body, api.event("zmq_client_issued", event(issued)));
        });
    }

    /** {@code DELETE /api/zmq/clients/{name}} -> the revoked client; 404 when unknown. */
    public void revoke(Exchange exchange) {
        api.respond(exchange, "zmq client revoke", () -> {
            String name = Names.require("name", JsonApi.parameter(exchange, "name"), Names.IDENTIFIER);
            Optional<ZmqClient> before = clients.list().stream().filter(c -> c.name().equals(name)).findFirst();
            ZmqClient revoked = clients.revoke(name).orElseThrow(() -> new ApiException(404, "no ZMQ client '" + name + "'"));
            boolean changed = before.isPresent() && before.get().active();
            return new Reply(200, json(revoked), changed ? api.event("zmq_client_revoked", event(revoked)) : null);
        });
    }

    private static String publicKey(String key) {
        if (CurveCertificate.isKey(key)) {
            return key;
        }
        throw ApiException.badRequest("'public_key' must be a Z85 CURVE public key of " + ZMQ.Curve.KEY_SIZE_Z85 + " characters");
    }

    private static ObjectNode event(ZmqClient client) {
        return JsonApi.object().put("name", client.name()).put("public_key", client.publicKey());
    }

    private static ObjectNode json(ZmqClient client) {
        ObjectNode node = JsonApi.object().put("name", client.name()).put("public_key", client.publicKey())
                .put("created_at", ViewTime.ofEpochMilli(client.createdAt()));
        return node.put("revoked_at", client.revokedAt() == null ? null : ViewTime.ofEpochMilli(client.revokedAt()));
    }
}
