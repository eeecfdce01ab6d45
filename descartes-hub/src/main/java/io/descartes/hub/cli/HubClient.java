package io.descartes.hub.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.protocol.ProtocolJson;

/**
 * The hub's HTTP API as the CLI uses it: JSON in and out with the bearer token, each failure turned into a
 * {@link CliFailure} that says what happened and what to do.
 */
final class HubClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    // longer than the hub's own limits on a request (hub.runner.request-timeout-ms, a rewind's pause)
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    private final HttpClient http;
    private final URI hub;
    private final String token;
    private final String tokenSource;

    /** @param token null to send none; tokenSource where it came from, for the 401 explanation */
    HubClient(URI hub, String token, String tokenSource) {
        // HTTP/1.1: the JDK client otherwise tries an h2c upgrade, which Vert.x 4.5 sometimes botches
        // (README "HTTP API")
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .build();
        this.hub = URI.create(hub.toString().replaceAll("/+$", ""));
        this.token = token;
        this.tokenSource = tokenSource;
    }

    /** A 2xx answer's JSON; any other status is a failure carrying the hub's reason. */
    JsonNode get(String pathAndQuery) {
        return ok(send("GET", pathAndQuery, null));
    }

    JsonNode post(String path, JsonNode body) {
        return ok(send("POST", path, body));
    }

    /**
     * Every item of a paged list ({@code items}, {@code next_after}, {@code has_more}) in the hub's order, from the
     * start or after the cursor {@code after} (null: from the start).
     */
    List<JsonNode> all(String path, String query, String items, String after) {
        List<JsonNode> found = new ArrayList<>();
        do {
            JsonNode page = get(path + "?" + query + (after == null ? "" : (query.isEmpty() ? "" : "&") + "after="
                    + encode(after)));
            page.get(items).forEach(found::add);
            after = page.path("has_more").asBoolean() ? page.get("next_after").asText() : null;
        } while (after != null);
        return found;
    }

    record Answer(int status, JsonNode body) {
    }

    /** The answer whatever its status (for /health, whose 503 is an answer too); unreachable hub: a failure. */
    Answer send(String method, String pathAndQuery, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub + pathAndQuery)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(DescartesCli.UNREACHABLE, "interrupted while waiting for the hub at " + hub);
        }
        if (response.statusCode() == 401) {
            throw unauthorized();
        }
        try {
            return new Answer(response.statusCode(), ProtocolJson.MAPPER.readTree(response.body()));
        } catch (JsonProcessingException e) {
            throw new CliFailure(DescartesCli.HUB_ERROR, "the answer of " + hub + " to " + method + " " + pathAndQuery
                    + " (" + response.statusCode() + ") is not JSON: is " + hub + " the hub's HTTP address?");
        }
    }

    /** Opens {@code /ws/events} with the query (cursor included) and the token in the upgrade's header. */
    CompletableFuture<WebSocket> webSocket(String query, WebSocket.Listener listener) {
        URI uri = URI.create(("https".equals(hub.getScheme()) ? "wss" : "ws") + hub.toString()
                .substring(hub.getScheme().length()) + "/ws/events?" + query);
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.buildAsync(uri, listener);
    }

    URI hub() {
        return hub;
    }

    CliFailure unreachable(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return new CliFailure(DescartesCli.UNREACHABLE,
                    "the hub at " + hub + " did not answer in time (" + e.getMessage() + ")");
        }
        String why = e instanceof ConnectException ? "connection refused" : String.valueOf(e.getMessage());
        return new CliFailure(DescartesCli.UNREACHABLE, "cannot reach the hub at " + hub + ": " + why
                + " (is it running? --hub or DESCARTES_HUB give its address)");
    }

    CliFailure unauthorized() {
        return new CliFailure(DescartesCli.HUB_ERROR, "the hub refused the token (401 unauthorized): " + (token == null
                ? "none was given; pass --token, set DESCARTES_TOKEN or give --token-file (the hub writes its token to "
                        + "data/hub-token in the folder it runs in)"
                : "the one from " + tokenSource + " is not the hub's (hub.security.token, or the hub's token file)"));
    }

    private JsonNode ok(Answer answer) {
        if (answer.status() / 100 == 2) {
            return answer.body();
        }
        String reason = answer.body().path("error").asText("");
        throw new CliFailure(DescartesCli.HUB_ERROR, (reason.isEmpty() ? answer.body().toString() : reason)
                + " (" + answer.status() + ")");
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
