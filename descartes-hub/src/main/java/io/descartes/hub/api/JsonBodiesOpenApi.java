package io.descartes.hub.api;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.http.Json;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.openapi.OpenApiRestApiProcessorFactory;
import org.apache.camel.spi.RestApiProcessorFactory;
import org.apache.camel.spi.RestConfiguration;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The OpenAPI document of camel-openapi-java (/api/openapi.json, {@code apiContextPath} in
 * routes/http-api.camel.yaml), with the bodies typed as the hub sends and takes them. The REST DSL names each body
 * in its description ("SpawnRequest: {...}"); camel-openapi-java would give a body that is no Java class a string
 * schema, and a response without a model no content at all. Every body of this API is a JSON object, so here each
 * request body and each response says {@code application/json} with an object schema.
 * Bound as a bean in routes/http-api.camel.yaml: the rest-api endpoint takes the one factory in the registry.
 */
public final class JsonBodiesOpenApi implements RestApiProcessorFactory {

    private static final String JSON = "application/json";

    private final ObjectMapper mapper = Json.MAPPER;

    @Override
    public Processor createApiProcessor(CamelContext camelContext, String contextPath, RestConfiguration configuration,
            Map<String, Object> parameters) throws Exception {
        return new Document(new OpenApiRestApiProcessorFactory().createApiProcessor(camelContext, contextPath,
                configuration, parameters));
    }

    /** camel-openapi-java's processor, started and stopped with the endpoint's, its answer rewritten. */
    private final class Document extends ServiceSupport implements Processor {

        private final Processor generated;

        Document(Processor generated) {
            this.generated = generated;
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            generated.process(exchange);
            if (exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class) == 200) {
                JsonNode openApi = mapper.readTree(exchange.getMessage().getMandatoryBody(String.class));
                openApi.path("paths").forEach(path -> path.forEach(JsonBodiesOpenApi::typeBodies));
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

    private static void typeBodies(JsonNode operation) {
        if (operation.has("requestBody")) {
            jsonObject((ObjectNode) operation.get("requestBody"));
        }
        operation.path("responses").forEach(response -> jsonObject((ObjectNode) response));
    }

    private static void jsonObject(ObjectNode body) {
        body.putObject("content").putObject(JSON).putObject("schema").put("type", "object");
    }
}
