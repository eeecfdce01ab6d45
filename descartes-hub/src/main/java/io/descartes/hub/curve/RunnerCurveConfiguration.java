package io.descartes.hub.curve;

import static io.descartes.hub.boot.HubProperties.booleanProperty;
import static io.descartes.hub.boot.HubProperties.property;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.descartes.hub.zmq.ClientCurve;
import io.descartes.hub.zmq.ClientKeys;
import io.descartes.hub.zmq.ServerCurve;
import io.descartes.hub.zmq.ZmqComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runner's side of CURVE: it connects to the hub's runner link with its client certificate
 * (hub.runner.curve.certificate) towards the hub's public key (hub.runner.curve.hub-certificate), and its own command
 * endpoint is a CURVE server with the same key pair admitting the hub's key alone. With hub.zmq.curve.enabled=false
 * (as the hub must be too) both addresses must be loopback.
 */
public final class RunnerCurve {

    private static final Logger LOG = LoggerFactory.getLogger(RunnerCurve.class);

    private RunnerCurve() {
    }

    public static void configure(CamelContext context) throws Exception {
        PropertiesComponent props = context.getPropertiesComponent();
        List<String> addresses = List.of(property(props, "hub.runner.command-address"),
                property(props, "hub.zmq.runner.address"));
        if (!booleanProperty(props, "hub.zmq.curve.enabled")) {
            LoopbackOnly.require("hub.zmq.curve.enabled=false (unauthenticated ZeroMQ)", addresses);
            LOG.warn("ZMQ: CURVE is OFF (hub.zmq.curve.enabled=false): any local user can send agent requests to {}",
                    addresses.get(0));
            return;
        }
        CurveCertificate own = CurveCertificate.read(Path.of(property(props, "hub.runner.curve.certificate")));
        if (own.secretKey() == null) {
            throw new IllegalStateException("hub.runner.curve.certificate must be a secret certificate (<name>.key_secret)");
        }
        String hubKey = CurveCertificate.read(Path.of(property(props, "hub.runner.curve.hub-certificate"))).publicKey();
        ZmqComponent zmq = context.getComponent("zmq", ZmqComponent.class);
        zmq.setBindCurve(new ServerCurve(own.publicKey(), own.secretKey(), ClientKeys.of(Set.of(hubKey))));
        zmq.setConnectCurve(new ClientCurve(own.publicKey(), own.secretKey(), address -> hubKey));
        LOG.info("ZMQ: CURVE with the hub, as client {}", own.publicKey());
    }
}
