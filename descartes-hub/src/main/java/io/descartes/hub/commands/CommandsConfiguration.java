package io.descartes.hub.commands;

import java.time.Clock;

import io.descartes.hub.store.AgentStore;
import io.descartes.hub.store.EventJournal;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/** The hub's identity in responses ({@code hubIdentity}) and the command endpoint's own answers. */
public class CommandsConfiguration implements CamelConfiguration {

    @BindToRegistry(value = "hubIdentity", lazy = true)
    public HubIdentity hubIdentity(@PropertyInject("hub.server-id") String serverId,
            @PropertyInject("hub.protocol-version") String protocolVersion) {
        return HubIdentity.of(serverId, protocolVersion, Clock.systemUTC());
    }

    @BindToRegistry(value = "healthCheckResponder", lazy = true)
    public HealthCheckResponder healthCheckResponder(@BeanInject("hubIdentity") HubIdentity hub,
            @BeanInject("agentStore") AgentStore agents, @BeanInject("eventJournal") EventJournal journal,
            @PropertyInject("hub.zmq.command.address") String endpoint) {
        return new HealthCheckResponder(hub, agents, journal, endpoint);
    }

    @BindToRegistry(value = "unservedRequestReply", lazy = true)
    public UnservedRequestReply unservedRequestReply(@BeanInject("hubIdentity") HubIdentity hub) {
        return new UnservedRequestReply(hub);
    }
}
