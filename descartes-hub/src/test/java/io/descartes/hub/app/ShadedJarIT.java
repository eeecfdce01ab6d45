package io.descartes.hub.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestPorts;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The components the jar ships (README "Integrate") resolve in the shaded jar itself, where the shade plugin has
 * merged every module's META-INF/services: the jar lists each one, and `java -jar` starts the hub with a route file
 * that has an endpoint of each (its producers start lazily and the route not at all, so no broker is needed; a component
 * that does not resolve fails the start, naming its scheme).
 */
class ShadedJarIT {

    static final Path JAR = Path.of("descartes-hub/target/descartes-hub.jar");
    /** The schemes the README promises, each with an endpoint the route below creates. */
    private static final List<String> SCHEMES = List.of("file", "http", "https", "nats", "paho-mqtt5", "spring-rabbitmq",
            "sql", "timer", "scheduler", "log", "kamelet", "zmq", "direct", "seda", "platform-http");
    private static final String ROUTES = """
            - beans:
                - name: componentsRabbit
                  type: org.springframework.amqp.rabbit.connection.CachingConnectionFactory
            - routeTemplate:
                id: components-kamelet
                from:
                  uri: kamelet:source
                  steps:
                    - to: log:components-kamelet
            - route:
                id: components-producers
                autoStartup: false
                from:
                  uri: timer:components
                  steps:
                    - to: file:target/shaded-jar-it/out?lazyStartProducer=true
                    - to: http://127.0.0.1:9/components?lazyStartProducer=true
                    - to: nats:components?servers=nats://127.0.0.1:9&lazyStartProducer=true
                    - to: paho-mqtt5:components?brokerUrl=tcp://127.0.0.1:9&lazyStartProducer=true
                    - to: spring-rabbitmq:components?connectionFactory=#componentsRabbit&lazyStartProducer=true
                    - to: sql:SELECT 1?dataSource=#ds&lazyStartProducer=true
                    - to: seda:components
                    - to: kamelet:components-kamelet
                    - marshal:
                        json:
                          library: Jackson
                    - to: log:components
            - route:
                id: components-scheduler
                autoStartup: false
                from:
                  uri: scheduler:components
                  steps:
                    - to: direct:components
            """;

    @Test
    void theJarListsEveryShippedComponent() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (String scheme : SCHEMES) {
                assertNotNull(jar.getEntry("META-INF/services/org/apache/camel/component/" + scheme),
                        "component " + scheme + " in " + JAR);
            }
        }
    }

    @Test
    void javaMinusJarResolvesAnEndpointOfEachComponent() throws Exception {
        Path routes = Path.of("target/shaded-jar-it/components.camel.yaml");
        Files.createDirectories(routes.getParent());
        Files.writeString(routes, ROUTES);
        Path log = HubProcess.logFile("shaded-jar-it");
        Files.deleteIfExists(log);
        List<String> command = new ArrayList<>(List.of(HubProcess.java(), "-Xmx512m"));
        command.addAll(HubProcess.systemProperties(Map.of(
                "hub.http.port", String.valueOf(TestPorts.port("ShadedJarIT.http")),
                "hub.zmq.command.address", TestPorts.tcp("ShadedJarIT.command"),
                "hub.zmq.pub.address", TestPorts.tcp("ShadedJarIT.pub"),
                "hub.zmq.runner.address", TestPorts.tcp("ShadedJarIT.runner"),
                "hub.db.url", "jdbc:sqlite:target/shaded-jar-it.db",
                "hub.security.token", TestAuth.TOKEN,
                "camel.main.routes-reload-enabled", "false",
                "camel.main.routes-include-pattern", "file:routes/*.camel.yaml,file:" + routes)));
        command.addAll(List.of("-jar", JAR.toString()));
        try (HubProcess hub = HubProcess.start(command, Map.of(), TestPorts.tcp("ShadedJarIT.command"), log)) {
            String text = Files.readString(log);
            assertTrue(text.contains("components-producers (timer://components)"), "the route was created: " + text);
        }
    }
}
