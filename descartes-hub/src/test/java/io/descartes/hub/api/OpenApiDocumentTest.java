package io.descartes.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.RestRegistry;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * /api/openapi.json is generated from the rest: blocks of routes/*.camel.yaml: it lists every operation the hub
 * serves (read from the CamelContext's RestRegistry, not counted here), each with its JSON bodies and the bearer
 * token, and is itself behind the token.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY, "hub.http.port={{test-port:OpenApiDocumentTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:OpenApiDocumentTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:OpenApiDocumentTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:OpenApiDocumentTest.runner}}",
                "hub.db.url=jdbc:sqlite:" + OpenApiDocumentTest.DB,
                "hub.agents.workspace-root=target/openapi-document-test-workspaces",
                "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest {

    static final int PORT = TestPorts.port("OpenApiDocumentTest.http");
    static final String DB = "target/openapi-document-test.db";
    private static final String DOCUMENT = "/api/openapi.json";

    static {
        TestDatabase.reset(DB);
    }

    @BeanInject
    CamelContext context;

    private final HubHttp http = new HubHttp(PORT);

    @Test
    void everyServedOperationIsDescribed() throws Exception {
        JsonNode paths = document().get("paths");
        Set<String> served = new TreeSet<>();
        for (RestRegistry.RestService service : context.getRestRegistry().listAllRestServices()) {
            if (service.getUriTemplate() == null && service.getBasePath().equals(DOCUMENT)) {
                continue; // the document itself
            }
            served.add(service.getMethod().toUpperCase(Locale.ROOT) + " " + service.getBasePath()
                    + (service.getUriTemplate() == null ? "" : service.getUriTemplate()));
        }
        Set<String> described = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            path.getValue().fieldNames().forEachRemaining(verb -> described.add(verb.toUpperCase(Locale.ROOT) + " " + path.getKey()));
        }
        assertTrue(served.contains("GET /api/agents") && served.contains("DELETE /api/secrets/{name}"), served.toString());
        assertEquals(served, described);
    }

    @Test
    void operationsCarryTheirParametersBodiesAndTheToken() throws Exception {
        JsonNode doc = document();
        assertTrue(doc.get("openapi").asText().startsWith("3.0."), "the schemas use 3.0's nullable: " + doc.get("openapi"));
        assertEquals("Descartes hub HTTP API", doc.get("info").get("title").asText());
        assertEquals("bearer", doc.at("/components/securitySchemes/bearer/scheme").asText(), doc.get("components").toString());

        JsonNode spawn = doc.at("/paths/~1api~1agents/post");
        assertEquals("spawnAgent", spawn.get("operationId").asText(), spawn.toString());
        assertEquals("#/components/schemas/SpawnRequest", spawn.at("/requestBody/content/application~1json/schema/$ref").asText(),
                spawn.toString());
        assertEquals("#/components/schemas/SpawnResponse", spawn.at("/responses/201/content/application~1json/schema/$ref").asText(),
                spawn.toString());
        assertEquals("string", spawn.at("/responses/201/headers/Location/schema/type").asText(), spawn.toString());
        assertEquals("#/components/schemas/Error", spawn.at("/responses/401/content/application~1json/schema/$ref").asText(),
                "the token's refusal: " + spawn);
        assertTrue(spawn.get("security").toString().contains("bearer"), spawn.toString());

        JsonNode output = doc.at("/paths/~1api~1agents~1{id}~1output/get");
        Set<String> parameters = new TreeSet<>();
        output.get("parameters").forEach(p -> parameters.add(p.get("in").asText() + ":" + p.get("name").asText()));
        assertEquals(Set.of("path:id", "query:stream", "query:offset", "query:limit", "query:filter"), parameters);
        output.get("parameters").forEach(p -> assertFalse(p.get("description").asText().isBlank(), p.toString()));

        assertFalse(doc.at("/paths/~1health/get").has("security"), "/health needs no token");
    }

    @Test
    void everyBodyIsASchemaOfTheDocument() throws Exception {
        JsonNode doc = document();
        List<String> bodies = new ArrayList<>();
        doc.get("paths").forEach(path -> path.forEach(operation -> {
            bodies.add(operation.path("requestBody").path("content").path("application/json").path("schema").path("$ref").asText(
                    operation.has("requestBody") ? "" : "#/components/schemas/Error"));
            operation.get("responses").forEach(response -> bodies.add(response.at("/content/application~1json/schema/$ref").asText()));
        }));
        assertTrue(bodies.size() > 100, bodies.toString());
        for (String body : bodies) {
            assertTrue(body.startsWith("#/components/schemas/") && doc.at(body.substring(1)).isObject(), "no schema " + body);
        }
        doc.at("/components/schemas").forEach(OpenApiDocumentTest::onlyCheckedKeywords);
    }

    /** Every keyword the schemas use is one SchemaCheck checks (OpenApiSchemaTest), or it would pass unchecked. */
    private static void onlyCheckedKeywords(JsonNode schema) {
        schema.fieldNames().forEachRemaining(keyword -> assertTrue(SchemaCheck.KEYWORDS.contains(keyword), keyword + " in " + schema));
        schema.path("properties").forEach(OpenApiDocumentTest::onlyCheckedKeywords);
        List.of("items", "additionalProperties").forEach(inner -> {
            if (schema.path(inner).isObject()) {
                onlyCheckedKeywords(schema.get(inner));
            }
        });
        List.of("allOf", "oneOf").forEach(parts -> schema.path(parts).forEach(OpenApiDocumentTest::onlyCheckedKeywords));
    }

    @Test
    void theDocumentNeedsTheToken() throws Exception {
        assertEquals(401, http.send("GET", DOCUMENT, null, null).status());
    }

    private JsonNode document() throws Exception {
        HubHttp.Reply reply = http.send("GET", DOCUMENT, null);
        assertEquals(200, reply.status(), reply.body());
        assertTrue(reply.response().headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                reply.response().headers().map().toString());
        return reply.json();
    }
}
