package io.descartes.hub.api;

import java.io.InputStream;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.descartes.hub.http.Json;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.openapi.OpenApiRestApiProcessorFactory;
import org.apache.camel.spi.RestApiProcessorFactory;
import org.apache.camel.spi.RestConfiguration;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The OpenAPI document of camel-openapi-java (/api/openapi.json, {@code apiContextPath} in
 * routes/http-api.camel.yaml), with every body described by field. camel-openapi-java derives schemas only from
 * Java classes, and the hub's bodies are JSON trees its beans write, not classes; so each verb names its bodies in
 * the REST DSL ("AgentPage: {...}" in a {@code responseMessage}, "SpawnRequest: {...}" in the body {@code param}),
 * and the schemas by those names are one OpenAPI fragment ({@link #setSchemas}, routes/http-api.schemas.yaml),
 * merged in here as {@code components/schemas} and referenced from each body. OpenApiSchemaTest checks real answers
 * against it. The bearer token is checked in front of the router, not by the verbs, so its 401 is added here to
 * every operation that needs the token.
 * Bound as a bean in routes/http-api.camel.yaml: the rest-api endpoint takes the one factory in the registry.
 */
public final class JsonBodiesOpenApi implements RestApiProcessorFactory {

    private static final String JSON = "application/json";
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String UNAUTHORIZED = "Error: no token or a wrong one";

    private final ObjectMapper mapper = Json.MAPPER;
    private String schemas;

    /** Where the schemas are (a Camel resource: {@code file:}, {@code classpath:}): a map of name to schema. */
    public void setSchemas(String schemas) {
        this.schemas = schemas;
    }

    @Override
    public Processor createApiProcessor(CamelContext camelContext, String contextPath, RestConfiguration configuration,
            Map<String, Object> parameters) throws Exception {
        JsonNode components;
        try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(camelContext, schemas)) {
            components = new YAMLMapper().readTree(in);
        }
        return new Document(new OpenApiRestApiProcessorFactory().createApiProcessor(camelContext, contextPath,
                configuration, parameters), components);
    }

    /** camel-openapi-java's processor, started and stopped with the endpoint's, its answer rewritten. */
    private final class Document extends ServiceSupport implements Processor {

        private final Processor generated;
        private final JsonNode schemas;

        Document(Processor generated, JsonNode schemas) {
            this.generated = generated;
            this.schemas = schemas;
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            generated.process(exchange);
            if (exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class) == 200) {
                ObjectNode openApi = (ObjectNode) mapper.readTree(exchange.getMessage().getMandatoryBody(String.class));
                openApi.withObjectProperty("components").set("schemas", schemas);
                openApi.path("paths").forEach(path -> path.forEach(operation -> typeBodies((ObjectNode) operation)));
                exchange.getMessage().setBody(mapper.writeValueAsString(openApi));
                exchange.getMessage().removeHeader("Content-Length"); // the generated document's, not this one's
            }
        }

        @Override
        protected void doStart() {
            ServiceHelper.startService(generated);
        }

        @Override
        protected void doStop() {
            ServiceHelper.stopService(generated);
        }
    }

    private static void typeBodies(ObjectNode operation) {
        if (operation.has("requestBody")) {
            named((ObjectNode) operation.get("requestBody"));
        }
        ObjectNode responses = operation.withObjectProperty("responses");
        if (operation.has("security")) {
            responses.putObject("401").put("description", UNAUTHORIZED);
        }
        responses.forEach(response -> named((ObjectNode) response));
    }

    /** The body the description names ("Lease: the released lease" names Lease) as JSON of that schema. */
    private static void named(ObjectNode body) {
        String name = body.path("description").asText().split(":", 2)[0].strip();
        body.putObject("content").putObject(JSON).putObject("schema").put("$ref", SCHEMAS + name);
    }
}
