package io.descartes.hub.api;

import static io.descartes.hub.boot.HubProperties.intProperty;

import java.util.concurrent.ExecutorService;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.http.Json;
import io.descartes.hub.store.DeadLetterStore;
import io.descartes.hub.store.EventStore;
import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Binds the HTTP/WebSocket beans ({@code eventsApi}, {@code eventBroadcaster}) and mounts
 * {@code /ws/events} and the dashboard once the HTTP server is up. Needs {@code eventStore} and {@code deadLetterStore}.
 */
public final class ApiBeans {

    private ApiBeans() {
    }

    public static void bind(CamelContext context) throws Exception {
        PropertiesComponent props = context.getPropertiesComponent();
        EventStore events = required(context, "eventStore", EventStore.class);
        ObjectMapper mapper = Json.MAPPER;
        EventJson eventJson = new EventJson();

        context.getRegistry().bind("eventsApi", new EventsHttpApi(events,
                required(context, "deadLetterStore", DeadLetterStore.class), eventJson,
                new DeadLetterJson(intProperty(props, "hub.api.dead-letter-preview-bytes")), mapper,
                intProperty(props, "hub.api.default-limit"), intProperty(props, "hub.api.max-limit")));

        EventBroadcaster broadcaster = new EventBroadcaster(eventJson);
        context.getRegistry().bind("eventBroadcaster", broadcaster);
        ExecutorService catchUpPool = context.getExecutorServiceManager()
                .newFixedThreadPool(broadcaster, "ws-catch-up", intProperty(props, "hub.ws.catch-up-threads"));
        EventStreamEndpoint stream = new EventStreamEndpoint(broadcaster, events, eventJson, mapper, catchUpPool,
                intProperty(props, "hub.ws.max-pending"), intProperty(props, "hub.ws.catch-up-page-size"),
                intProperty(props, "hub.ws.send-timeout-ms"));
        // platform-http binds its router when its server starts, after the configuration classes ran
        int port = intProperty(props, "camel.server.port");
        context.addStartupListener((ctx, alreadyStarted) -> {
            Router router = VertxPlatformHttpRouter.lookup(ctx, VertxPlatformHttpRouter.getRouterNameFromPort(port));
            if (router == null) {
                throw new IllegalStateException("no platform-http router for port " + port + ": "
                        + EventStreamEndpoint.PATH + " and the dashboard need camel.server.enabled=true");
            }
            stream.mount(router);
            new DashboardEndpoint().mount(router);
        });
    }

    private static <T> T required(CamelContext context, String name, Class<T> type) {
        T bean = context.getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("no bean '" + name + "' of type " + type.getSimpleName() + " in the registry");
        }
        return bean;
    }
}
