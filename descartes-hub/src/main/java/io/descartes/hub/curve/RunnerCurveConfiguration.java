package io.descartes.hub.curve;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.descartes.hub.zmq.ClientCurve;
import io.descartes.hub.zmq.ClientKeys;
import io.descartes.hub.zmq.ServerCurve;
import io.descartes.hub.zmq.ZmqComponent;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runner's side of CURVE: it connects to the hub's runner link with its client certificate
 * (hub.runner.curve.certificate) towards the hub's public key (hub.runner.curve.hub-certificate), and its own command
 * endpoint is a CURVE server with the same key pair admitting the hub's key alone. The hubs a runner may fail over
 * to (hub.runner.hub-addresses) are one deployment sharing one server certificate (README "Failover"), so one key
 * serves them all. With hub.zmq.curve.enabled=false
 * (as the hub must be too) both addresses must be loopback.
 */
public class RunnerCurveConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RunnerCurveConfiguration.class);

    @PropertyInject("hub.zmq.curve.enabled")
    private boolean enabled;
    @PropertyInject("hub.runner.command-address")
    private String commandAddress;
    @PropertyInject("hub.runner.hub-addresses")
    private String hubAddresses;
    @PropertyInject("hub.runner.curve.certificate")
    private String certificate;
    @PropertyInject("hub.runner.curve.hub-certificate")
    private String hubCertificate;

    @Override
    public void configure(CamelContext context) throws Exception {
        List<String> addresses = List.of(commandAddress, hubAddresses);
        if (!enabled) {
            LoopbackOnly.require("hub.zmq.curve.enabled=false (unauthenticated ZeroMQ)", addresses);
            LOG.warn("ZMQ: CURVE is OFF (hub.zmq.curve.enabled=false): any local user can send agent requests to {}",
                    addresses.get(0));
            return;
        }
        CurveCertificate own = CurveCertificate.read(Path.of(certificate));
        if (own.secretKey() == null) {
            throw new IllegalStateException("hub.runner.curve.certificate must be a secret certificate (<name>.key_secret)");
        }
        String hubKey = CurveCertificate.read(Path.of(hubCertificate)).publicKey();
        ZmqComponent zmq = context.getComponent("zmq", ZmqComponent.class);
        zmq.setBindCurve(new ServerCurve(own.publicKey(), own.secretKey(), ClientKeys.of(Set.of(hubKey))));
        zmq.setConnectCurve(new ClientCurve(own.publicKey(), own.secretKey(), address -> hubKey));
        LOG.info("ZMQ: CURVE with the hub, as client {}", own.publicKey());
    }
}
