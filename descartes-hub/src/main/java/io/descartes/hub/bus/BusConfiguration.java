package io.descartes.hub.bus;

import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

import io.descartes.hub.agents.AgentBus;
import io.descartes.hub.agents.EmbeddedRunner;
import io.descartes.hub.http.Json;
import io.descartes.hub.http.JsonApi;
import io.descartes.hub.metrics.HubMeters;
import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.runners.RunnerRegistry;
import io.vertx.ext.web.Router;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.CamelContextHelper;

/**
 * The bus's beans, found by camel-main's package scan. Each is bound lazily: made when a route first looks it up,
 * after every configuration ran, so the data source, the journal and the hub's meters exist by then. The WebSocket
 * streams are mounted on the HTTP port's router once it is up.
 */
public class BusConfiguration implements CamelConfiguration {

    /** The route of the command endpoint (routes/commands.camel.yaml), whose socket carries ZeroMQ deliveries. */
    static final String COMMAND_ROUTE = "zmq-commands";

    @PropertyInject("camel.server.port")
    private int port;

    @BindToRegistry(value = "busSettings", lazy = true)
    public BusSettings settings(@PropertyInject("hub.bus.ack-timeout-ms") long ackTimeout,
                                @PropertyInject("hub.bus.max-attempts") int maxAttempts,
                                @PropertyInject("hub.bus.request-timeout-ms") long requestTimeout,
                                @PropertyInject("hub.bus.delivery-batch") int deliveryBatch,
                                @PropertyInject("hub.bus.default-priority") int defaultPriority) {
        return new BusSettings(ackTimeout, maxAttempts, requestTimeout, deliveryBatch, defaultPriority);
    }

    /** With the gauge of attached addresses. */
    @BindToRegistry(value = "busAddresses", lazy = true)
    public BusAddresses addresses(@BeanInject("hubMeters") HubMeters meters) {
        BusAddresses addresses = new BusAddresses();
        meters.gauge("descartes.bus.attached.addresses", "bus addresses attached now", addresses::size);
        return addresses;
    }

    @BindToRegistry(value = "busStore", lazy = true)
    public BusStore store(@BeanInject("ds") DataSource ds) {
        return new BusStore(ds, Clock.systemUTC());
    }

    @BindToRegistry(value = "busRetention", lazy = true)
    public BusRetention retention(@BeanInject("ds") DataSource ds,
                                  @PropertyInject("hub.bus.retention.max-age") Duration maxAge,
                                  @PropertyInject("hub.bus.retention.batch-size") int batchSize) {
        return new BusRetention(ds, maxAge, batchSize, Clock.systemUTC());
    }

    @BindToRegistry(value = "busMeters", lazy = true)
    public BusMeters meters(@BeanInject("hubMeters") HubMeters meters) {
        return new BusMeters(meters);
    }

    @BindToRegistry(value = "busMemberships", lazy = true)
    public BusMemberships memberships(@BeanInject("busStore") BusStore store) {
        return new BusMemberships(store);
    }

    @BindToRegistry(value = "busRequests", lazy = true)
    public BusRequests requests(@BeanInject("busStore") BusStore store, @BeanInject("busSettings") BusSettings settings) {
        return new BusRequests(store, settings);
    }

    @BindToRegistry(value = "busAcks", lazy = true)
    public BusAcks acks() {
        return new BusAcks();
    }

    /** A service of the context: stopping it ends its thread, then closes its database connection. */
    @BindToRegistry(value = "busDispatcher", lazy = true)
    public BusDispatcher dispatcher(CamelContext context, @BeanInject("ds") DataSource ds,
                                    @BeanInject("busAddresses") BusAddresses addresses,
                                    @BeanInject("busRequests") BusRequests requests,
                                    @BeanInject("busSettings") BusSettings settings,
                                    @BeanInject("busMeters") BusMeters meters,
                                    @PropertyInject("hub.dead-letters.max-raw-bytes") int deadLetterBytes)
            throws Exception {
        BusDispatcher dispatcher = new BusDispatcher(new BusDeliveryLog(ds, deadLetterBytes), addresses, requests,
                settings, meters, context.createProducerTemplate(),
                context.getExecutorServiceManager().newSingleThreadExecutor(this, "bus-dispatcher"), Json.MAPPER,
                Clock.systemUTC());
        context.addService(dispatcher, true, true);
        return dispatcher;
    }

    @BindToRegistry(value = "busMessages", lazy = true)
    public BusMessages messages(@BeanInject("busSettings") BusSettings settings, @BeanInject("busMeters") BusMeters meters,
                                @BeanInject("busDispatcher") BusDispatcher dispatcher) {
        return new BusMessages(Json.MAPPER.getFactory(), settings, meters, dispatcher, Clock.systemUTC());
    }

    @BindToRegistry(value = "busZmqPeers", lazy = true)
    public BusZmqPeers zmqPeers(@BeanInject("busAddresses") BusAddresses addresses,
                                @BeanInject("busMemberships") BusMemberships memberships,
                                @BeanInject("busDispatcher") BusDispatcher dispatcher) {
        return new BusZmqPeers(addresses, memberships, dispatcher);
    }

    @BindToRegistry(value = "busZmqDelivery", lazy = true)
    public BusZmqDelivery zmqDelivery(CamelContext context, @BeanInject("busAddresses") BusAddresses addresses,
                                      @BeanInject("descartesCodec") DescartesCodec codec) {
        return new BusZmqDelivery(addresses, codec, context, COMMAND_ROUTE);
    }

    @BindToRegistry(value = "busStdio", lazy = true)
    public BusStdio stdio(CamelContext context, @BeanInject("busAddresses") BusAddresses addresses,
                          @BeanInject("busMemberships") BusMemberships memberships,
                          @BeanInject("busDispatcher") BusDispatcher dispatcher,
                          @BeanInject("agentRunner") EmbeddedRunner runner, @BeanInject("busSettings") BusSettings settings,
                          @PropertyInject("hub.dead-letters.max-raw-bytes") int deadLetterBytes) {
        return new BusStdio(addresses, memberships, dispatcher, runner, context.createProducerTemplate(),
                settings.defaultPriority(), deadLetterBytes);
    }

    /** The embedded runner's agents whose backend sets {@code bus = jsonl} reach the bus through the stdio bridge. */
    @BindToRegistry(value = "agentBus", lazy = true)
    public AgentBus agentBus(@BeanInject("busStdio") BusStdio stdio) {
        return stdio;
    }

    @BindToRegistry(value = "busRunnerPeers", lazy = true)
    public BusRunnerPeers runnerPeers(@BeanInject("busMemberships") BusMemberships memberships,
                                      @BeanInject("busDispatcher") BusDispatcher dispatcher,
                                      @BeanInject("runnerRegistry") RunnerRegistry runners) {
        return new BusRunnerPeers(memberships, dispatcher, runners);
    }

    @BindToRegistry(value = "busRunnerDelivery", lazy = true)
    public BusRunnerDelivery runnerDelivery(@BeanInject("runnerRegistry") RunnerRegistry runners) {
        return new BusRunnerDelivery(runners);
    }

    @BindToRegistry(value = "busHttpApi", lazy = true)
    public BusHttpApi httpApi(CamelContext context, @BeanInject("busStore") BusStore store,
                              @BeanInject("busMemberships") BusMemberships memberships,
                              @BeanInject("busSettings") BusSettings settings,
                              @PropertyInject("hub.security.max-json-body-bytes") int maxBodyBytes,
                              @PropertyInject("hub.api.default-limit") int defaultLimit,
                              @PropertyInject("hub.api.max-limit") int maxLimit) {
        return new BusHttpApi(new JsonApi(maxBodyBytes), store, memberships, context.createProducerTemplate(),
                Json.MAPPER, settings, defaultLimit, maxLimit);
    }

    @BindToRegistry(value = "busStreams", lazy = true)
    public BusStreams streams() {
        return new BusStreams();
    }

    /** The streams follow the settings of /ws/events; catch-up and clients' sends run on a pool, never the event loop. */
    @BindToRegistry(value = "busStreamEndpoint", lazy = true)
    public BusStreamEndpoint streamEndpoint(CamelContext context, @BeanInject("busStreams") BusStreams streams,
                                            @BeanInject("busStore") BusStore store,
                                            @BeanInject("busSettings") BusSettings settings,
                                            @PropertyInject("hub.ws.catch-up-threads") int threads,
                                            @PropertyInject("hub.ws.max-pending") int maxPending,
                                            @PropertyInject("hub.ws.catch-up-page-size") int catchUpPageSize,
                                            @PropertyInject("hub.ws.send-timeout-ms") long sendTimeoutMillis) {
        return new BusStreamEndpoint(streams, store, new BusSubmissions(context.createProducerTemplate(), settings),
                Json.MAPPER, context.getExecutorServiceManager().newFixedThreadPool(streams, "bus-ws", threads),
                maxPending, catchUpPageSize, sendTimeoutMillis);
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        // platform-http binds its router when its server starts, after the configuration classes ran
        context.addStartupListener((ctx, alreadyStarted) -> {
            Router router = VertxPlatformHttpRouter.lookup(ctx, VertxPlatformHttpRouter.getRouterNameFromPort(port));
            if (router != null) {
                CamelContextHelper.mandatoryLookup(ctx, "busStreamEndpoint", BusStreamEndpoint.class).mount(router);
            }
        });
    }
}
