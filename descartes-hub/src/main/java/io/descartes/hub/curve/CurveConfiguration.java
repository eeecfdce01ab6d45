package io.descartes.hub.curve;

import static io.descartes.hub.boot.HubProperties.booleanProperty;
import static io.descartes.hub.boot.HubProperties.intProperty;
import static io.descartes.hub.boot.HubProperties.literalProperty;
import static io.descartes.hub.boot.HubProperties.property;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

import io.descartes.hub.http.JsonApi;
import io.descartes.hub.zmq.ClientCurve;
import io.descartes.hub.zmq.ServerCurve;
import io.descartes.hub.zmq.ZmqComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CURVE on the hub's ZeroMQ endpoints (hub.zmq.curve.*, README "ZeroMQ keys"), on by default: every endpoint the
 * hub binds is a CURVE server admitting {@link ZmqClients}, and every one it connects (to runners, to itself) a
 * CURVE client. The server key pair is configured or read from the key folder (made at first start), where the hub
 * also makes the local client certificate its own user's tools use. Binds {@code zmqClients}, {@code zmqClientsApi},
 * {@code admittedClientGuard} and {@code runnerKeys}. Off: loopback addresses only, with a warning.
 */
public final class CurveBeans {

    private static final Logger LOG = LoggerFactory.getLogger(CurveBeans.class);
    static final String SERVER = "server";
    static final String CLIENT = "client";

    private CurveBeans() {
    }

    public static void bind(CamelContext context) throws Exception {
        PropertiesComponent props = context.getPropertiesComponent();
        Registry registry = context.getRegistry();
        List<String> addresses = List.of(property(props, "hub.zmq.command.address"),
                property(props, "hub.zmq.runner.address"), property(props, "hub.zmq.pub.address"));
        Path keyDir = Path.of(property(props, "hub.zmq.curve.key-dir"));
        CurveCertificate server = serverCertificate(props, keyDir);
        Set<String> fixed = new HashSet<>(ServerCurve.keys(literalProperty(props, "hub.zmq.curve.allowed-clients").orElse("")));
        if (!fixed.stream().allMatch(CurveCertificate::isKey)) {
            throw new IllegalStateException("hub.zmq.curve.allowed-clients must list Z85 public keys of 40 characters");
        }
        fixed.add(server.publicKey()); // the hub's own routes that connect to its endpoints
        ZmqClients clients = new ZmqClients(registry.lookupByNameAndType("ds", DataSource.class), Clock.systemUTC(), fixed);
        clients.registerLocal(CurveCertificate.loadOrCreate(keyDir, CLIENT).publicKey());
        registry.bind("zmqClients", clients);
        registry.bind("zmqClientsApi", new ZmqClientsHttpApi(clients,
                new JsonApi(intProperty(props, "hub.security.max-json-body-bytes")), server.publicKey()));

        if (!booleanProperty(props, "hub.zmq.curve.enabled")) {
            LoopbackOnly.require("hub.zmq.curve.enabled=false (unauthenticated ZeroMQ)", addresses);
            LOG.warn("ZMQ: CURVE is OFF (hub.zmq.curve.enabled=false): any local user can connect to {} and spawn,"
                    + " control and read agents, inject events and read every published event", addresses);
            registry.bind("admittedClientGuard", (Processor) exchange -> { });
            registry.bind("runnerKeys", (Processor) exchange -> { });
            return;
        }
        RunnerKeys runnerKeys = new RunnerKeys(Set.copyOf(addresses), server.publicKey());
        ZmqComponent zmq = context.getComponent("zmq", ZmqComponent.class);
        zmq.setBindCurve(new ServerCurve(server.publicKey(), server.secretKey(), clients));
        zmq.setConnectCurve(new ClientCurve(server.publicKey(), server.secretKey(), runnerKeys));
        registry.bind("admittedClientGuard", new AdmittedClientGuard(clients));
        registry.bind("runnerKeys", runnerKeys);
        LOG.info("ZMQ: CURVE required on every bound endpoint; server and local client certificates in {}",
                keyDir.toAbsolutePath());
    }

    /** hub.zmq.curve.public-key/secret-key when set (both), else the key folder's server certificate. */
    private static CurveCertificate serverCertificate(PropertiesComponent props, Path keyDir) throws Exception {
        String secret = literalProperty(props, "hub.zmq.curve.secret-key").orElse("").trim();
        String publicKey = literalProperty(props, "hub.zmq.curve.public-key").orElse("").trim();
        if (secret.isEmpty() && publicKey.isEmpty()) {
            return CurveCertificate.loadOrCreate(keyDir, SERVER);
        }
        if (!CurveCertificate.isKey(publicKey) || !CurveCertificate.isKey(secret)) {
            throw new IllegalStateException("hub.zmq.curve.public-key and secret-key must both be Z85 keys of 40"
                    + " characters (or both empty: the key folder's server certificate)");
        }
        return new CurveCertificate(publicKey, secret);
    }
}
