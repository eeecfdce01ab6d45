package io.descartes.hub.curve;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import io.descartes.hub.protocol.RunnerRegister;
import io.descartes.hub.zmq.ZmqConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The CURVE server key of each address the hub connects to: a runner's command endpoint is served with the key the
 * runner authenticated with when it registered (step of routes/runners.camel.yaml, before the registry); the hub's
 * own endpoints (a route tapping its PUB) with the hub's key. Other addresses get a plain connection.
 */
public final class RunnerKeys implements Processor, UnaryOperator<String> {

    private final Map<String, String> keyByAddress = new ConcurrentHashMap<>();
    private final Set<String> ownAddresses;
    private final String ownKey;

    public RunnerKeys(Set<String> ownAddresses, String ownKey) {
        this.ownAddresses = Set.copyOf(ownAddresses);
        this.ownKey = ownKey;
    }

    @Override
    public void process(Exchange exchange) {
        String key = exchange.getMessage().getHeader(ZmqConstants.USER_ID, String.class);
        if (key != null && exchange.getMessage().getBody() instanceof RunnerRegister register) {
            keyByAddress.put(register.commandAddress(), key);
        }
    }

    @Override
    public String apply(String address) {
        String runner = keyByAddress.get(address);
        return runner != null ? runner : ownAddresses.contains(address) ? ownKey : null;
    }
}
