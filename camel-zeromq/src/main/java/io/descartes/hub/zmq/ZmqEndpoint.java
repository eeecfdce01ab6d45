package io.descartes.hub.zmq;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.MultipleConsumersSupport;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import zmq.ZError;

/**
 * Send and receive messages over ZeroMQ sockets (ROUTER, DEALER, REQ, REP, PUB, SUB, PUSH, PULL) with JeroMQ, with
 * CURVE encryption and a ZAP allow-list of client keys.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "zmq", title = "ZeroMQ", syntax = "zmq:socketType:address",
             category = { Category.MESSAGING }, headersClass = ZmqConstants.class)
public class ZmqEndpoint extends DefaultEndpoint implements MultipleConsumersSupport {

    private static final long BIND_RETRY_MS = 2000;
    private static final Pattern TCP = Pattern.compile("tcp://(\\*|\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+):(\\*|\\d{1,5})");

    @UriPath(enums = "ROUTER,DEALER,PUB,SUB,PUSH,PULL,REQ,REP", description = "The ZMQ socket type (case-insensitive):"
            + " ROUTER, REP, DEALER, PULL and SUB receive in a consumer; ROUTER, DEALER, PUB, PUSH and REQ send in a"
            + " producer.")
    @Metadata(required = true)
    private final ZmqSocketType socketType;
    @UriPath(description = "Comma-separated addresses: tcp://host:port, inproc://name or ipc://path. When binding,"
            + " an asterisk as the host means every interface, and as the port a free port the OS picks.")
    @Metadata(required = true)
    private final String address;
    private final List<String> addresses;

    @UriParam
    private final ZmqConfiguration configuration;

    // The consumer and the producer side each own one socket on one thread; every producer of the endpoint shares
    // the producer socket, so a bound PUB is bound once.
    private final List<ZmqSocketLoop> sockets = new CopyOnWriteArrayList<>();
    /** What a ROUTER with disconnectNotice receives from a peer that disconnected: random, so no peer sends it. */
    private final byte[] disconnectMessage = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
    private ZmqProducerSocket producerSocket;
    private int producerUsers;

    ZmqEndpoint(String uri, ZmqComponent component, ZmqSocketType socketType, String address,
                ZmqConfiguration configuration) {
        super(uri, component);
        this.socketType = socketType;
        this.configuration = configuration;
        this.address = address;
        this.addresses = Arrays.stream(address.split(",")).map(String::trim).toList();
        setExchangePattern(socketType.defaultPattern());
    }

    @Override
    public ZmqComponent getComponent() {
        return (ZmqComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        if (!socketType.isProducible()) {
            throw new IllegalArgumentException("A " + socketType + " socket cannot send from a producer (to): " + getEndpointUri());
        }
        return new ZmqProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (!socketType.isConsumable()) {
            throw new IllegalArgumentException("A " + socketType + " socket cannot receive in a consumer (from): " + getEndpointUri());
        }
        ZmqConsumer consumer = new ZmqConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** True when at least one socket of this endpoint is open and all of them are (for the hub's /health JSON). */
    public boolean isSocketReady() {
        return !sockets.isEmpty() && sockets.stream().allMatch(ZmqSocketLoop::isReady);
    }

    void attach(ZmqSocketLoop loop) {
        sockets.add(loop);
    }

    void detach(ZmqSocketLoop loop) {
        sockets.remove(loop);
    }

    synchronized ZmqProducerSocket acquireProducerSocket() throws Exception {
        if (producerSocket == null) {
            ZmqProducerSocket socket = new ZmqProducerSocket(this);
            socket.start();
            producerSocket = socket;
        }
        producerUsers++;
        return producerSocket;
    }

    synchronized void releaseProducerSocket() {
        if (producerSocket != null && --producerUsers == 0) {
            producerSocket.stop();
            producerSocket = null;
        }
    }

    /** Checks option values so a bad URI fails when the endpoint is created, naming the option. */
    void validate() {
        for (String a : addresses) {
            validateAddress(a);
        }
        configuration.validate();
        if ((!configuration.getTopics().isEmpty() || !configuration.isTopicFrame()) && socketType != ZmqSocketType.SUB) {
            throw new IllegalArgumentException("Options topics and topicFrame only apply to SUB sockets, not " + socketType);
        }
        if (socketType == ZmqSocketType.REP && !getExchangePattern().isOutCapable()) {
            throw new IllegalArgumentException("Option exchangePattern: a REP socket must reply, so it cannot be InOnly");
        }
        if (configuration.isFailover() && (isBind() || socketType != ZmqSocketType.DEALER && socketType != ZmqSocketType.REQ)) {
            throw new IllegalArgumentException("Option failover applies to DEALER and REQ sockets that connect, not to a "
                    + (isBind() ? "bound " : "") + socketType);
        }
        if (configuration.isCurveServer()) {
            serverCurve(); // validates the allowed keys
        }
    }

    private void validateAddress(String a) {
        if (a.startsWith("inproc://") || a.startsWith("ipc://")) {
            if (a.substring(a.indexOf("://") + 3).isEmpty()) {
                throw new IllegalArgumentException("Invalid ZMQ address '" + a + "': name/path missing");
            }
            return;
        }
        Matcher m = TCP.matcher(a);
        if (!m.matches()) {
            throw new IllegalArgumentException("Invalid ZMQ address '" + a
                    + "': expected tcp://host:port, inproc://name or ipc://path");
        }
        String port = m.group(2);
        if (port.equals("*") ? !isBind() : Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("Invalid ZMQ address '" + a + "': port must be 1-65535 (or * to bind)");
        }
    }

    /** Whether a ROUTER consumer's payload is the notice that its peer disconnected (disconnectNotice). */
    boolean isDisconnectNotice(List<byte[]> payload) {
        return configuration.isDisconnectNotice() && payload.size() == 1
                && Arrays.equals(payload.get(0), disconnectMessage);
    }

    /**
     * Called on the socket thread only: creates, configures and binds/connects the socket to {@code addresses} (all
     * the endpoint's, or the one a failover producer uses now), adding the address each bind really took
     * (tcp://127.0.0.1:* becomes the port the OS chose) to {@code bound}.
     */
    ZMQ.Socket openSocket(ZMQ.Context context, List<String> addresses, List<String> bound) {
        ZMQ.Socket socket = context.socket(socketType.zmqType());
        try {
            ZmqConfiguration c = configuration;
            socket.setLinger(c.getLinger());
            socket.setSndHWM(c.getSendHighWaterMark());
            socket.setRcvHWM(c.getReceiveHighWaterMark());
            socket.setReconnectIVL(c.getReconnectInterval());
            socket.setReconnectIVLMax(c.getReconnectIntervalMax());
            if (c.getHeartbeatInterval() > 0) {
                socket.setHeartbeatIvl(c.getHeartbeatInterval());
                socket.setHeartbeatTimeout(c.getHeartbeatTimeout() > 0 ? c.getHeartbeatTimeout() : c.getHeartbeatInterval());
                socket.setHeartbeatTtl(c.getHeartbeatTtl());
            }
            socket.setHandshakeIvl(c.getHandshakeInterval());
            socket.setMaxMsgSize(c.getMaxMessageSize());
            if (c.isDisconnectNotice() && socketType == ZmqSocketType.ROUTER) {
                socket.base().setSocketOpt(zmq.ZMQ.ZMQ_DISCONNECT_MSG, disconnectMessage);
            }
            if (c.getIdentity() != null) {
                socket.setIdentity(c.getIdentity().getBytes(StandardCharsets.UTF_8));
            }
            applyCurve(socket, addresses.get(0));
            if (socketType == ZmqSocketType.SUB) {
                String topics = c.getTopics();
                for (String topic : topics.isEmpty() ? List.of("") : Arrays.asList(topics.split(","))) {
                    socket.subscribe(topic.getBytes(StandardCharsets.UTF_8));
                }
            }
            for (String a : addresses) {
                attachAddress(socket, a);
                if (isBind()) {
                    bound.add(socket.getLastEndpoint());
                }
            }
            return socket;
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * A CURVE server with an allow-list gets a ZAP domain of its own, registered with the component's ZAP
     * handler, which then admits only the keys the list admits on this socket. A socket that connects takes its
     * keys from its options, else from the component's client curve.
     */
    private void applyCurve(ZMQ.Socket socket, String firstAddress) {
        ServerCurve server = serverCurve();
        if (server != null) {
            socket.setCurveServer(true);
            socket.setCurveSecretKey(ZMQ.Curve.z85Decode(server.secretKey()));
            if (server.publicKey() != null) {
                socket.setCurvePublicKey(ZMQ.Curve.z85Decode(server.publicKey()));
            }
            if (server.allowedClients() != null) {
                String domain = "zmq-endpoint-" + System.identityHashCode(this);
                getComponent().zapAllowList().allow(domain, server.allowedClients());
                socket.setZapDomain(domain);
            }
            return;
        }
        ClientCurve client = getComponent().getConnectCurve();
        if (!isBind() && !configuration.hasOwnCurveKeys() && client != null) {
            // one server key per socket: that of the first address it connects
            String serverKey = client.serverKeyOf().apply(firstAddress);
            if (serverKey != null) {
                socket.setCurvePublicKey(ZMQ.Curve.z85Decode(client.publicKey()));
                socket.setCurveSecretKey(ZMQ.Curve.z85Decode(client.secretKey()));
                socket.setCurveServerKey(ZMQ.Curve.z85Decode(serverKey));
            }
            return;
        }
        if (configuration.getCurvePublicKey() != null) {
            socket.setCurvePublicKey(ZMQ.Curve.z85Decode(configuration.getCurvePublicKey()));
        }
        if (configuration.getCurveSecretKey() != null) {
            socket.setCurveSecretKey(ZMQ.Curve.z85Decode(configuration.getCurveSecretKey()));
        }
        if (configuration.getCurveServerKey() != null) {
            socket.setCurveServerKey(ZMQ.Curve.z85Decode(configuration.getCurveServerKey()));
        }
    }

    /** This endpoint's CURVE server settings, or the component's for a bound endpoint without CURVE options; null = not a CURVE server. */
    private ServerCurve serverCurve() {
        if (configuration.isCurveServer()) {
            return new ServerCurve(configuration.getCurvePublicKey(), configuration.getCurveSecretKey(),
                    ServerCurve.keys(configuration.getCurveAllowedClients()));
        }
        return isBind() && !configuration.hasOwnCurveKeys() ? getComponent().getBindCurve() : null;
    }

    private void attachAddress(ZMQ.Socket socket, String a) {
        String verb = isBind() ? "bind" : "connect";
        long giveUp = System.currentTimeMillis() + BIND_RETRY_MS;
        while (true) {
            try {
                if (!(isBind() ? socket.bind(a) : socket.connect(a))) {
                    throw new IllegalStateException(reason(socket.errno()) + ": " + a + " (" + verb + ")");
                }
                return;
            } catch (ZMQException e) {
                // ZMQ closes a listener asynchronously: a route restarted right after its stop may meet its own port
                if (e.getErrorCode() != ZError.EADDRINUSE || System.currentTimeMillis() > giveUp) {
                    throw new IllegalStateException(reason(e.getErrorCode()) + ": " + a + " (" + verb + ")", e);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }

    /** JeroMQ reports BSD errno numbers ("Errno 48", whatever the OS); say what they mean instead. */
    private static String reason(int errno) {
        try {
            return ZError.toString(errno).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException unknown) {
            return "errno " + errno;
        }
    }

    public ZmqSocketType getSocketType() {
        return socketType;
    }

    public String getAddress() {
        return address;
    }

    /** The comma-separated addresses, one by one. */
    List<String> getAddresses() {
        return addresses;
    }

    public boolean isBind() {
        return configuration.getBind() != null ? configuration.getBind() : socketType.bindByDefault();
    }

    /**
     * Each consumer owns its socket, so several routes may subscribe to the same publisher (e.g. YAML
     * taps on the hub's PUB); a bound address can have one consumer only.
     */
    @Override
    public boolean isMultipleConsumersSupported() {
        return socketType == ZmqSocketType.SUB && !isBind();
    }

    public ZmqConfiguration getConfiguration() {
        return configuration;
    }
}
