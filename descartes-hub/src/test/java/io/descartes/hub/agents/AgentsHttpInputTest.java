package io.descartes.hub.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.descartes.hub.app.HubApplication;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A spawn body with a wrong type, an unbounded or control-laden name is a 400 and starts nothing, like the lease and secret APIs. */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {"hub.http.port={{test-port:AgentsHttpInputTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:AgentsHttpInputTest.command}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:AgentsHttpInputTest.runner}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:AgentsHttpInputTest.pub}}",
                "hub.db.url=jdbc:sqlite:" + AgentsHttpInputTest.DB,
                "hub.agents.workspace-root=target/agents-http-input-test-workspaces",
                "camel.main.routes-reload-enabled=false", TestAuth.PROPERTY})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentsHttpInputTest {

    static final String DB = "target/agents-http-input-test.db";
    /** Stands for a name one character over the limit (annotation values must be constants). */
    private static final String LONG = "@LONG@";

    static {
        TestDatabase.reset(DB);
    }

    private final HubHttp http = new HubHttp(TestPorts.port("AgentsHttpInputTest.http"));

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"name\": 5, \"model_backend\": \"demo\", \"task\": \"steps=1\"}",
            "{\"name\": [\"a\"], \"model_backend\": \"demo\", \"task\": \"steps=1\"}",
            "{\"name\": \"@LONG@\", \"model_backend\": \"demo\", \"task\": \"steps=1\"}",
            "{\"name\": \"a\\u0000b\", \"model_backend\": \"demo\", \"task\": \"steps=1\"}",
            "{\"name\": \"a\\r\\nb\", \"model_backend\": \"demo\", \"task\": \"steps=1\"}",
            "{\"name\": \"a\", \"model_backend\": {\"x\": 1}, \"task\": \"steps=1\"}",
            "{\"name\": \"a\", \"model_backend\": \"demo\", \"task\": 7}",
            "{\"name\": \"a\", \"model_backend\": \"demo\", \"task\": \"steps=1\", \"environment\": {\"A\": 5}}",
            "{\"name\": \"a\", \"model_backend\": \"demo\", \"task\": \"steps=1\", \"environment\": {\"@LONG@\": \"v\"}}",
            "{\"name\": \"a\", \"model_backend\": \"demo\", \"task\": \"steps=1\", \"metadata\": {\"@LONG@\": \"v\"}}",
            "{\"name\": \"a\", \"model_backend\": \"demo\", \"task\": \"steps=1\", \"metadata\": {\"k\": 1}}"})
    void aMalformedSpawnIs400AndStartsNothing(String body) throws Exception {
        int before = http.send("GET", "/api/agents", null).json().get("agents").size();
        HubHttp.Reply reply = http.send("POST", "/api/agents", body.replace(LONG, "n".repeat(129)));
        assertEquals(400, reply.status(), body + " -> " + reply.body());
        assertTrue(reply.json().get("error").isTextual(), reply.body());
        assertEquals(before, http.send("GET", "/api/agents", null).json().get("agents").size(), "no agent started");
    }
}
