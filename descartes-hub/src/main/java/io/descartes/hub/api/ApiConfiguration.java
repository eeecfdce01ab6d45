package io.descartes.hub.api;

import java.util.concurrent.ExecutorService;

import io.descartes.hub.http.Json;
import io.descartes.hub.metrics.HubMeters;
import io.descartes.hub.store.DeadLetterStore;
import io.descartes.hub.store.EventStore;
import io.vertx.ext.web.Router;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.CamelContextHelper;

/**
 * The HTTP/WebSocket beans ({@code eventsApi}, {@code eventBroadcaster}); mounts {@code /ws/events} and the
 * dashboard once the HTTP server is up.
 */
public class ApiConfiguration implements CamelConfiguration {

    private final EventJson eventJson = new EventJson();

    @PropertyInject("camel.server.port")
    private int port;
    @PropertyInject("hub.ws.catch-up-threads")
    private int catchUpThreads;
    @PropertyInject("hub.ws.max-pending")
    private int maxPending;
    @PropertyInject("hub.ws.catch-up-page-size")
    private int catchUpPageSize;
    @PropertyInject("hub.ws.send-timeout-ms")
    private int sendTimeoutMillis;

    @BindToRegistry(value = "eventsApi", lazy = true)
    public EventsHttpApi eventsApi(@BeanInject("eventStore") EventStore events,
            @BeanInject("deadLetterStore") DeadLetterStore deadLetters,
            @PropertyInject("hub.api.dead-letter-preview-bytes") int previewBytes,
            @PropertyInject("hub.api.default-limit") int defaultLimit, @PropertyInject("hub.api.max-limit") int maxLimit) {
        return new EventsHttpApi(events, deadLetters, eventJson, new DeadLetterJson(previewBytes), Json.MAPPER,
                defaultLimit, maxLimit);
    }

    @BindToRegistry(value = "eventBroadcaster", lazy = true)
    public EventBroadcaster eventBroadcaster() {
        return new EventBroadcaster(eventJson);
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        EventBroadcaster broadcaster = CamelContextHelper.mandatoryLookup(context, "eventBroadcaster", EventBroadcaster.class);
        CamelContextHelper.mandatoryLookup(context, "hubMeters", HubMeters.class).gauge("descartes.websocket.clients",
                "clients connected to /ws/events", broadcaster::connectedClients);
        ExecutorService catchUpPool = context.getExecutorServiceManager()
                .newFixedThreadPool(broadcaster, "ws-catch-up", catchUpThreads);
        EventStreamEndpoint stream = new EventStreamEndpoint(broadcaster,
                CamelContextHelper.mandatoryLookup(context, "eventStore", EventStore.class), eventJson, Json.MAPPER,
                catchUpPool, maxPending, catchUpPageSize, sendTimeoutMillis);
        // platform-http binds its router when its server starts, after the configuration classes ran
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
}
