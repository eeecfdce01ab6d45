package io.descartes.hub.curve;

import static io.descartes.hub.boot.HubProperties.literalProperty;

import java.io.IOException;
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
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.CamelContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CURVE on the hub's ZeroMQ endpoints (hub.zmq.curve.*, README "ZeroMQ keys"), on by default: every endpoint the
 * hub binds is a CURVE server admitting {@link ZmqClients}, and every one it connects (to runners, to itself) a
 * CURVE client. The server key pair is configured or read from the key folder (made at first start), where the hub
 * also makes the local client certificate its own user's tools use. Binds {@code zmqClients}, {@code zmqClientsApi},
 * {@code admittedClientGuard} and {@code runnerKeys}. Off: loopback addresses only, with a warning.
 */
public class CurveConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CurveConfiguration.class);
    static final String SERVER = "server";
    static final String CLIENT = "client";
    private static final Processor ADMIT_ALL = exchange -> { };

    @PropertyInject("hub.zmq.curve.enabled")
    private boolean enabled;
    @PropertyInject("hub.zmq.curve.key-dir")
    private String keyDir;
    @PropertyInject("hub.zmq.command.address")
    private String commandAddress;
    @PropertyInject("hub.zmq.runner.address")
    private String runnerAddress;
    @PropertyInject("hub.zmq.pub.address")
    private String pubAddress;
    private CurveCertificate server;

    @BindToRegistry(value = "zmqClients", lazy = true)
    public ZmqClients zmqClients(CamelContext context, @BeanInject("ds") DataSource ds) throws Exception {
        PropertiesComponent props = context.getPropertiesComponent();
        Set<String> fixed = new HashSet<>(ServerCurve.keys(literalProperty(props, "hub.zmq.curve.allowed-clients").orElse("")));
        if (!fixed.stream().allMatch(CurveCertificate::isKey)) {
            throw new IllegalStateException("hub.zmq.curve.allowed-clients must list Z85 public keys of 40 characters");
        }
        fixed.add(server(props).publicKey()); // the hub's own routes that connect to its endpoints
        ZmqClients clients = new ZmqClients(ds, Clock.systemUTC(), fixed);
        clients.registerLocal(CurveCertificate.loadOrCreate(Path.of(keyDir), CLIENT).publicKey());
        return clients;
    }

    @BindToRegistry(value = "zmqClientsApi", lazy = true)
    public ZmqClientsHttpApi zmqClientsApi(CamelContext context, @BeanInject("zmqClients") ZmqClients clients,
            @PropertyInject("hub.security.max-json-body-bytes") int maxJsonBodyBytes) throws IOException {
        return new ZmqClientsHttpApi(clients, new JsonApi(maxJsonBodyBytes), server(context.getPropertiesComponent()).publicKey());
    }

    @BindToRegistry(value = "admittedClientGuard", lazy = true)
    public Processor admittedClientGuard(@BeanInject("zmqClients") ZmqClients clients) {
        return enabled ? new AdmittedClientGuard(clients) : ADMIT_ALL;
    }

    @BindToRegistry(value = "runnerKeys", lazy = true)
    public Processor runnerKeys(CamelContext context, @BeanInject("ds") DataSource ds) throws IOException {
        return enabled ? new RunnerKeys(Set.copyOf(addresses()), server(context.getPropertiesComponent()).publicKey(), ds)
                : ADMIT_ALL;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        if (!enabled) {
            LoopbackOnly.require("hub.zmq.curve.enabled=false (unauthenticated ZeroMQ)", addresses());
            LOG.warn("ZMQ: CURVE is OFF (hub.zmq.curve.enabled=false): any local user can connect to {} and spawn,"
                    + " control and read agents, inject events and read every published event", addresses());
            CamelContextHelper.mandatoryLookup(context, "zmqClients", ZmqClients.class); // the key folder, made anyway
            return;
        }
        CurveCertificate own = server(context.getPropertiesComponent());
        ZmqComponent zmq = context.getComponent("zmq", ZmqComponent.class);
        zmq.setBindCurve(new ServerCurve(own.publicKey(), own.secretKey(),
                CamelContextHelper.mandatoryLookup(context, "zmqClients", ZmqClients.class)));
        zmq.setConnectCurve(new ClientCurve(own.publicKey(), own.secretKey(),
                (RunnerKeys) CamelContextHelper.mandatoryLookup(context, "runnerKeys", Processor.class)));
        LOG.info("ZMQ: CURVE required on every bound endpoint; server and local client certificates in {}",
                Path.of(keyDir).toAbsolutePath());
    }

    private List<String> addresses() {
        return List.of(commandAddress, runnerAddress, pubAddress);
    }

    /** Read once: the beans and the component share the one key pair. */
    private synchronized CurveCertificate server(PropertiesComponent props) throws IOException {
        if (server == null) {
            server = serverCertificate(props, Path.of(keyDir));
        }
        return server;
    }

    /** hub.zmq.curve.public-key/secret-key when set (both), else the key folder's server certificate. */
    private static CurveCertificate serverCertificate(PropertiesComponent props, Path keyDir) throws IOException {
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
