package io.descartes.hub.runner;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import io.descartes.hub.agents.AgentBus;
import io.descartes.hub.agents.EmbeddedRunner;
import io.descartes.hub.agents.RunningAgent;
import io.descartes.hub.bus.BusLine;
import io.descartes.hub.bus.BusRefusal;
import io.descartes.hub.protocol.BusAttach;
import io.descartes.hub.protocol.BusMessage;
import io.descartes.hub.protocol.BusReply;
import io.descartes.hub.protocol.ProtocolJson;
import io.descartes.hub.protocol.RunnerAck;
import io.descartes.hub.protocol.ZmqMessage;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's stdio agents on the hub's bus (beans {@code runnerBus} and {@code agentBus}), carried over the runner
 * link: their lines go to the hub as {@code bus_message}/{@code bus_subscription} frames, re-sent until answered, and
 * the hub's deliveries come as requests on the runner's command endpoint. Each agent's address is attached with a
 * {@code bus_attach} on the heartbeat after it started (the hub accepts it once it has recorded the placement), and
 * all of them again after the hub forgot this runner (a hub restart), so what waited for them is delivered then.
 * A line the runner cannot read is answered on the agent's stdin and logged here; the hub never sees it.
 */
public final class RunnerBus implements AgentBus {

    private static final Logger LOG = LoggerFactory.getLogger(RunnerBus.class);

    private final EmbeddedRunner runner;
    private final ProducerTemplate routes;
    private final int defaultPriority;
    private final ExecutorService attacher;
    private final Set<UUID> unattached = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean attaching = new AtomicBoolean();

    /** @param attacher one thread for the attaches: the heartbeat's answer comes on the link socket's own thread */
    public RunnerBus(EmbeddedRunner runner, ProducerTemplate routes, int defaultPriority, ExecutorService attacher) {
        this.runner = runner;
        this.routes = routes;
        this.defaultPriority = defaultPriority;
        this.attacher = attacher;
    }

    @Override
    public void joined(UUID agentId) {
        unattached.add(agentId);
    }

    @Override
    public void said(UUID agentId, String line) {
        ZmqMessage message;
        try {
            message = BusLine.read(agentId.toString(), line, defaultPriority);
        } catch (BusRefusal refusal) {
            LOG.warn("agent {}: bus line refused: {}", agentId, refusal.getMessage());
            answer(agentId, BusReply.refused(BusLine.idOf(line), refusal.code(), refusal.getMessage()));
            return;
        }
        if (routes.requestBody("direct:hub-link", message) instanceof BusReply reply && !reply.ok()) {
            answer(agentId, reply);
        }
    }

    @Override
    public void left(UUID agentId) {
        unattached.remove(agentId);
    }

    /** A delivery from the hub, for the agent it names: a line on its stdin; refused when the agent is gone. */
    public BusReply deliver(Exchange exchange) {
        BusMessage message = exchange.getMessage().getBody(BusMessage.class);
        try {
            runner.sendBusLine(UUID.fromString(message.recipient()), ProtocolJson.toJson(message).toString());
            return BusReply.done(message.id());
        } catch (RuntimeException e) {
            return BusReply.refused(message.id(), "no_recipient", e.getMessage());
        }
    }

    /**
     * After each heartbeat (body: the hub's answer): a hub that does not know this runner has lost its attachments, so
     * all running agents are attached again once it does; then each agent not yet attached is, on the attacher thread.
     */
    public void attach(Exchange exchange) {
        if (!(exchange.getMessage().getBody() instanceof RunnerAck ack) || !ack.known()) {
            runner.agents().stream().filter(a -> a.onBus() && !a.status().isTerminal()).map(RunningAgent::id)
                    .forEach(unattached::add);
        } else if (!unattached.isEmpty() && attaching.compareAndSet(false, true)) {
            try {
                attacher.execute(this::attachAll);
            } catch (RuntimeException stopping) {
                attaching.set(false);
            }
        }
    }

    private void attachAll() {
        try {
            attachEach();
        } finally {
            attaching.set(false);
        }
    }

    private void attachEach() {
        for (UUID agent : unattached) {
            try {
                if (routes.requestBody("direct:hub-send", new BusAttach(agent.toString())) instanceof BusReply r && r.ok()) {
                    unattached.remove(agent);
                } else {
                    LOG.debug("agent {}: bus_attach not taken yet", agent);
                }
            } catch (RuntimeException e) {
                LOG.debug("agent {}: bus_attach not answered: {}", agent, e.getMessage());
                return;
            }
        }
    }

    private void answer(UUID agentId, BusReply refusal) {
        try {
            runner.sendBusLine(agentId, ProtocolJson.toJson(refusal).toString());
        } catch (RuntimeException ended) {
            LOG.debug("agent {} ended before its refusal: {}", agentId, refusal.error());
        }
    }
}
