package io.descartes.hub.runner;

import io.descartes.hub.agents.EmbeddedRunner;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.RunnerAck;
import io.descartes.hub.protocol.RunnerHeartbeat;
import io.descartes.hub.protocol.RunnerRegister;
import io.descartes.hub.protocol.RunnerUnregister;
import io.descartes.hub.protocol.ZmqMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the runner tells the hub on each heartbeat tick (bean {@code runnerLink}): runner_register until the hub
 * acknowledged it, then runner_heartbeat. A hub that answers a heartbeat with known=false (it restarted, or marked
 * this runner lost) gets a runner_register on the next tick.
 */
public final class RunnerLink {

    private static final Logger LOG = LoggerFactory.getLogger(RunnerLink.class);

    private final RunnerRegister registration;
    private final EmbeddedRunner runner;
    private volatile boolean registered;

    public RunnerLink(RunnerRegister registration, EmbeddedRunner runner) {
        this.registration = registration;
        this.runner = runner;
    }

    public ZmqMessage nextBeat() {
        if (!registered) {
            return registration;
        }
        return new RunnerHeartbeat(registration.runnerId(),
                runner.agents().stream().filter(a -> !a.status().isTerminal()).count());
    }

    /**
     * The hub's answer to a beat: a runner_ack, or an error reply when the hub refused it (e.g. this runner id is live
     * under another key): then this runner counts as not registered and registers again on the next tick.
     */
    public void acknowledged(ZmqMessage reply) {
        if (reply instanceof RunnerAck ack) {
            if (ack.known() != registered) {
                LOG.info("runner {} {} by the hub", registration.runnerId(), ack.known() ? "registered" : "not known");
            }
            registered = ack.known();
            return;
        }
        LOG.warn("runner {}: the hub refused {}: {}", registration.runnerId(), registered ? "a heartbeat" : "to register",
                reply instanceof CommandResponse r ? r.error() : reply.type());
        registered = false;
    }

    public RunnerUnregister unregistration() {
        return new RunnerUnregister(registration.runnerId());
    }
}
