package io.descartes.hub.boot;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import io.descartes.hub.agents.AgentBackends;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which hub.* keys a start accepts: whatever a properties file declares, so new keys need no code. */
class DeclaredKeysTest {

    private static final Path FILE = Path.of("target", "declared-keys-test.properties");

    private DefaultCamelContext context;
    private PropertiesComponent props;

    @BeforeEach
    void declare() throws Exception {
        Files.writeString(FILE, """
                hub.http.port = 8080
                # a key set another part of the hub adds, declared only here
                hub.events.retention.max-age-days = 30
                hub.server-id =
                hub.events.retention.enabled = false
                hub.events.retention.max-age = P30D
                camel.main.name = test
                """);
        context = new DefaultCamelContext();
        props = context.getPropertiesComponent();
        props.setLocation("file:" + FILE);
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void declaredKeysAndBackendKeysPassFromEverySource() {
        props.addOverrideProperty("hub.events.retention.max-age-days", "7");
        Properties system = new Properties();
        system.setProperty("hub.http.port", "9090");
        system.setProperty("hub.agents.backends.claude.argv", "claude,-p,{task}");
        system.setProperty("java.version", "17");
        Map<String, String> environment = Map.of(
                "HUB_EVENTS_RETENTION_MAX_AGE_DAYS", "7",
                "HUB_SERVER_ID", "hub-1",
                "HUB_VERBOSE", "1", // GitHub's hub CLI: not a section of the hub's keys
                "HUB_JAVA_OPTS", "-Xmx1g");
        assertDoesNotThrow(() -> DeclaredKeys.of(props, AgentBackends.PREFIX).requireKnown(props, system, environment));
    }

    @Test
    void undeclaredKeysAreNamedWhereverTheyCameFrom() {
        props.addOverrideProperty("hub.events.retention.max-age-dayz", "7");
        Properties system = new Properties();
        system.setProperty("hub.http.prot", "9090");
        Map<String, String> environment = Map.of("HUB_EVENTS_RETENTION_MAXAGE_DAYS", "7");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DeclaredKeys.of(props, AgentBackends.PREFIX).requireKnown(props, system, environment));
        assertEquals("unknown setting HUB_EVENTS_RETENTION_MAXAGE_DAYS, hub.events.retention.max-age-dayz, hub.http.prot:"
                + " not declared in application.properties (misspelt?)", e.getMessage());
    }

    @Test
    void aSettingOfAnotherKindThanItsDeclaredDefaultIsNamed() {
        DeclaredKeys declared = DeclaredKeys.of(props, AgentBackends.PREFIX);
        props.addOverrideProperty("hub.http.port", " 9090 ");
        props.addOverrideProperty("hub.events.retention.max-age", "PT12H");
        props.addOverrideProperty("hub.server-id", "hub-1");
        assertDoesNotThrow(() -> declared.requireDeclaredKinds(props));

        props.addOverrideProperty("hub.http.port", "80a");
        props.addOverrideProperty("hub.events.retention.enabled", "yes");
        props.addOverrideProperty("hub.events.retention.max-age", "30 days");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> declared.requireDeclaredKinds(props));
        assertEquals("setting hub.events.retention.enabled must be true or false, got 'yes'; hub.events.retention.max-age"
                + " must be an ISO-8601 duration such as P30D or PT12H, got '30 days'; hub.http.port must be an integer,"
                + " got '80a'", e.getMessage());
    }
}
