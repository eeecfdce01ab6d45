package io.descartes.hub.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayInputStream;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

/** The data format resolves by name from YAML routes, with no bean registered. */
class DescartesMsgpackDataFormatTest extends CamelTestSupport {

    private static final String ROUTES = """
            - route:
                from:
                  uri: direct:decode
                  steps:
                    - unmarshal:
                        custom:
                          ref: descartesMsgpack
            - route:
                from:
                  uri: direct:encode
                  steps:
                    - marshal:
                        custom:
                          ref: descartesMsgpack
            """;
    private static final byte[] HEALTH = TestPack.hex("92b46865616c74685f636865636b5f72657175657374a86865616c74682d31");

    @Override
    protected void doPostSetup() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("protocol.camel.yaml", ROUTES));
    }

    @Test
    void resolvesByName() {
        assertInstanceOf(DescartesMsgpackDataFormat.class, context.resolveDataFormat(DescartesMsgpackDataFormat.NAME));
    }

    @Test
    void unmarshalSetsTheTypeHeader() {
        for (Object body : new Object[] {HEALTH, new ByteArrayInputStream(HEALTH)}) {
            Exchange out = template.request("direct:decode", e -> e.getMessage().setBody(body));
            assertEquals(new HealthCheckRequest("health-1"), out.getMessage().getBody());
            assertEquals("health_check_request", out.getMessage().getHeader(DescartesHeaders.MESSAGE_TYPE));
        }
    }

    @Test
    void marshalWritesCanonicalBytes() {
        byte[] bytes = template.requestBody("direct:encode", new HealthCheckRequest("health-1"), byte[].class);
        assertArrayEquals(HEALTH, bytes);
    }

    @Test
    void badFramesFailTheExchangeWithProtocolException() {
        CamelExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(CamelExecutionException.class,
                () -> template.requestBody("direct:decode", new byte[] {(byte) 0xc1}));
        ProtocolException cause = assertInstanceOf(ProtocolException.class, e.getCause());
        assertEquals(ErrorCode.MALFORMED, cause.code());
    }
}
