package io.descartes.hub.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Instant;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

/** descartesJson resolves by name from YAML routes and writes the JSON view, one line, that it reads back. */
class DescartesJsonDataFormatTest extends CamelTestSupport {

    private static final String ROUTES = """
            - route:
                from:
                  uri: direct:encode
                  steps:
                    - marshal:
                        custom:
                          ref: descartesJson
                    - convertBodyTo:
                        type: String
            - route:
                from:
                  uri: direct:decode
                  steps:
                    - unmarshal:
                        custom:
                          ref: descartesJson
            """;

    @Override
    protected void doPostSetup() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("json.camel.yaml", ROUTES));
    }

    @Test
    void resolvesByName() {
        assertInstanceOf(DescartesJsonDataFormat.class, context.resolveDataFormat(DescartesJsonDataFormat.NAME));
    }

    @Test
    void writesTheJsonViewOnOneLineAndReadsItBack() {
        StatusUpdate failed = new StatusUpdate(UUID.randomUUID(), StatusUpdateType.STATUS_CHANGED, AgentStatus.FAILED,
                "exit code 3\nno output", null, WireTime.of(Instant.ofEpochSecond(1_764_000_000L, 5)));
        String json = template.requestBody("direct:encode", failed, String.class);
        assertEquals(ProtocolJson.toJson(failed).toString(), json);
        assertFalse(json.contains("\n"), "a JSON line");

        Exchange out = template.request("direct:decode", e -> e.getMessage().setBody(json));
        assertEquals(failed, out.getMessage().getBody());
        assertEquals("status_update", out.getMessage().getHeader(DescartesHeaders.MESSAGE_TYPE));
    }
}
