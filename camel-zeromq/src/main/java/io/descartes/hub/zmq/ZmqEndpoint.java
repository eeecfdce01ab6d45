package io.descartes.hub.zmq;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
 * A ZMQ socket of one type on one or more addresses. The consumer and the producer of an endpoint each own one socket
 * on one thread; every producer of the endpoint shares the producer socket, so a bound PUB is bound once.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "zmq", title = "ZeroMQ", syntax = "zmq:socketType:address",
             category = { Category.MESSAGING })
public class ZmqEndpoint extends DefaultEndpoint implements MultipleConsumersSupport {

    private static final long BIND_RETRY_MS = 2000;
    private static final Pattern TCP = Pattern.compile("tcp://(\\*|\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+):(\\*|\\d{1,5})");

    @UriPath(enums = "ROUTER,DEALER,PUB,SUB,PUSH,PULL,REQ,REP") @Metadata(required = true)
    private final ZmqSocketType socketType;
    @UriPath(description = "Comma separated tcp://host:port, inproc://name or ipc://path") @Metadata(required = true)
    private final String address;
    private final List<String> addresses;

    @UriParam(description = "Bind (true) or connect (false); default: ROUTER, REP, PUB and PULL bind, the others connect")
    private Boolean bind;
    @UriParam(defaultValue = "1000") private int sendHighWaterMark = 1000;
    @UriParam(defaultValue = "1000") private int receiveHighWaterMark = 1000;
    @UriParam(defaultValue = "1000", description = "ms pending messages are kept after close; -1 forever")
    private int linger = 1000;
    @UriParam(defaultValue = "100") private int reconnectInterval = 100;
    @UriParam(defaultValue = "30000", description = "Cap of the exponential reconnect backoff (ms); 0 = no backoff")
    private int reconnectIntervalMax = 30_000;
    @UriParam(defaultValue = "0", description = "ZMTP PING interval (ms); 0 = off") private int heartbeatInterval;
    @UriParam(defaultValue = "0", description = "ZMTP PONG wait (ms); 0 = heartbeatInterval") private int heartbeatTimeout;
    @UriParam(defaultValue = "0", description = "TTL announced to the peer (ms); 0 = none") private int heartbeatTtl;
    @UriParam(defaultValue = "5000", description = "ms a ZMTP handshake may take before the connection is dropped and"
            + " retried; short because JeroMQ 0.6 sometimes stalls a fresh connect-side handshake; 0 = no limit")
    private int handshakeInterval = 5000;
    @UriParam(description = "SUB only: comma separated topic prefixes; empty = everything") private String topics = "";
    @UriParam(defaultValue = "true", description = "SUB only: the first frame of a multipart message is a topic frame"
            + " (header ZmqTopic, body = the next frame); false for publishers that prefix the topic inside the first"
            + " frame, as Descartes does (<agent uuid> 0x00 <msgpack>)")
    private boolean topicFrame = true;
    @UriParam(description = "Routing id announced to ROUTER peers") private String identity;
    @UriParam(defaultValue = "-1", description = "Larger inbound messages drop the connection; -1 = no limit")
    private long maxMessageSize = -1;
    @UriParam(defaultValue = "100", description = "Socket thread poll timeout (ms): request timeout resolution")
    private int pollTimeout = 100;
    @UriParam(label = "producer", defaultValue = "30000", description = "DEALER/REQ InOut reply timeout (ms)")
    private long requestTimeout = 30_000;
    @UriParam(label = "consumer", defaultValue = "100", description = "Exchanges in flight before the socket stops reading")
    private int maxInFlight = 100;
    @UriParam(label = "producer", defaultValue = "1000", description = "Messages queued for the socket thread")
    private int sendQueueSize = 1000;
    @UriParam(label = "producer", defaultValue = "5000", description = "ms a send waits for room in the queue")
    private long sendTimeout = 5000;
    @UriParam(label = "security") private boolean curveServer;
    @UriParam(label = "security", description = "Z85, 40 chars") private String curvePublicKey;
    @UriParam(label = "security", secret = true, description = "Z85, 40 chars") private String curveSecretKey;
    @UriParam(label = "security", description = "Z85 public key of the server (clients)") private String curveServerKey;
    @UriParam(label = "security", description = "CURVE server: comma-separated Z85 public keys of the only clients "
            + "admitted (checked by the component's ZAP handler); empty = any client knowing the server key")
    private String curveAllowedClients;

    private final List<ZmqSocketLoop> sockets = new CopyOnWriteArrayList<>();
    private ZmqProducerSocket producerSocket;
    private int producerUsers;

    ZmqEndpoint(String uri, ZmqComponent component, ZmqSocketType socketType, String address) {
        super(uri, component);
        this.socketType = socketType;
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
        atLeast("sendHighWaterMark", sendHighWaterMark, 0);
        atLeast("receiveHighWaterMark", receiveHighWaterMark, 0);
        atLeast("linger", linger, -1);
        atLeast("reconnectInterval", reconnectInterval, 0);
        atLeast("reconnectIntervalMax", reconnectIntervalMax, 0);
        atLeast("heartbeatInterval", heartbeatInterval, 0);
        atLeast("heartbeatTimeout", heartbeatTimeout, 0);
        atLeast("heartbeatTtl", heartbeatTtl, 0);
        atLeast("handshakeInterval", handshakeInterval, 0);
        atLeast("maxMessageSize", maxMessageSize, -1);
        atLeast("pollTimeout", pollTimeout, 1);
        atLeast("requestTimeout", requestTimeout, 1);
        atLeast("maxInFlight", maxInFlight, 1);
        atLeast("sendQueueSize", sendQueueSize, 1);
        atLeast("sendTimeout", sendTimeout, 0);
        if ((!topics.isEmpty() || !topicFrame) && socketType != ZmqSocketType.SUB) {
            throw new IllegalArgumentException("Options topics and topicFrame only apply to SUB sockets, not " + socketType);
        }
        if (socketType == ZmqSocketType.REP && !getExchangePattern().isOutCapable()) {
            throw new IllegalArgumentException("Option exchangePattern: a REP socket must reply, so it cannot be InOnly");
        }
        validateCurve();
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

    private void validateCurve() {
        for (String[] key : new String[][] {
                {"curvePublicKey", curvePublicKey}, {"curveSecretKey", curveSecretKey}, {"curveServerKey", curveServerKey}}) {
            if (key[1] != null && key[1].length() != ZMQ.Curve.KEY_SIZE_Z85) {
                throw new IllegalArgumentException("Option " + key[0] + " must be a Z85 key of "
                        + ZMQ.Curve.KEY_SIZE_Z85 + " characters");
            }
        }
        if (curveServer && curveSecretKey == null) {
            throw new IllegalArgumentException("Option curveServer needs curveSecretKey");
        }
        if (curveAllowedClients != null && !curveServer) {
            throw new IllegalArgumentException("Option curveAllowedClients needs curveServer=true");
        }
        if (curveServer) {
            serverCurve(); // validates the allowed keys
        }
        if (curveServerKey != null && (curvePublicKey == null || curveSecretKey == null)) {
            throw new IllegalArgumentException("Option curveServerKey (CURVE client) needs curvePublicKey and curveSecretKey");
        }
    }

    private static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException("Option " + option + " must be >= " + min + " but was " + value);
        }
    }

    /**
     * Called on the socket thread only: creates, configures and binds/connects the socket, adding the address each
     * bind really took (tcp://127.0.0.1:* becomes the port the OS chose) to {@code bound}.
     */
    ZMQ.Socket openSocket(ZMQ.Context context, List<String> bound) {
        ZMQ.Socket socket = context.socket(socketType.zmqType());
        try {
            socket.setLinger(linger);
            socket.setSndHWM(sendHighWaterMark);
            socket.setRcvHWM(receiveHighWaterMark);
            socket.setReconnectIVL(reconnectInterval);
            socket.setReconnectIVLMax(reconnectIntervalMax);
            if (heartbeatInterval > 0) {
                socket.setHeartbeatIvl(heartbeatInterval);
                socket.setHeartbeatTimeout(heartbeatTimeout > 0 ? heartbeatTimeout : heartbeatInterval);
                socket.setHeartbeatTtl(heartbeatTtl);
            }
            socket.setHandshakeIvl(handshakeInterval);
            socket.setMaxMsgSize(maxMessageSize);
            if (identity != null) {
                socket.setIdentity(identity.getBytes(StandardCharsets.UTF_8));
            }
            applyCurve(socket);
            if (socketType == ZmqSocketType.SUB) {
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
    private void applyCurve(ZMQ.Socket socket) {
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
        if (!isBind() && !hasOwnCurveOptions() && client != null) {
            // one server key per socket: that of the first address
            String serverKey = client.serverKeyOf().apply(addresses.get(0));
            if (serverKey != null) {
                socket.setCurvePublicKey(ZMQ.Curve.z85Decode(client.publicKey()));
                socket.setCurveSecretKey(ZMQ.Curve.z85Decode(client.secretKey()));
                socket.setCurveServerKey(ZMQ.Curve.z85Decode(serverKey));
            }
            return;
        }
        if (curvePublicKey != null) {
            socket.setCurvePublicKey(ZMQ.Curve.z85Decode(curvePublicKey));
        }
        if (curveSecretKey != null) {
            socket.setCurveSecretKey(ZMQ.Curve.z85Decode(curveSecretKey));
        }
        if (curveServerKey != null) {
            socket.setCurveServerKey(ZMQ.Curve.z85Decode(curveServerKey));
        }
    }

    /** This endpoint's CURVE server settings, or the component's for a bound endpoint without CURVE options; null = not a CURVE server. */
    private ServerCurve serverCurve() {
        if (curveServer) {
            return new ServerCurve(curvePublicKey, curveSecretKey, ServerCurve.keys(curveAllowedClients));
        }
        return isBind() && !hasOwnCurveOptions() ? getComponent().getBindCurve() : null;
    }

    private boolean hasOwnCurveOptions() {
        return curvePublicKey != null || curveSecretKey != null || curveServerKey != null;
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

    public boolean isBind() {
        return bind != null ? bind : socketType.bindByDefault();
    }

    /**
     * Each consumer owns its socket, so several routes may subscribe to the same publisher (e.g. YAML
     * taps on the hub's PUB); a bound address can have one consumer only.
     */
    @Override
    public boolean isMultipleConsumersSupported() {
        return socketType == ZmqSocketType.SUB && !isBind();
    }

    public Boolean getBind() {
        return bind;
    }

    public void setBind(Boolean bind) {
        this.bind = bind;
    }

    public int getSendHighWaterMark() {
        return sendHighWaterMark;
    }

    public void setSendHighWaterMark(int sendHighWaterMark) {
        this.sendHighWaterMark = sendHighWaterMark;
    }

    public int getReceiveHighWaterMark() {
        return receiveHighWaterMark;
    }

    public void setReceiveHighWaterMark(int receiveHighWaterMark) {
        this.receiveHighWaterMark = receiveHighWaterMark;
    }

    public int getLinger() {
        return linger;
    }

    public void setLinger(int linger) {
        this.linger = linger;
    }

    public int getReconnectInterval() {
        return reconnectInterval;
    }

    public void setReconnectInterval(int reconnectInterval) {
        this.reconnectInterval = reconnectInterval;
    }

    public int getReconnectIntervalMax() {
        return reconnectIntervalMax;
    }

    public void setReconnectIntervalMax(int reconnectIntervalMax) {
        this.reconnectIntervalMax = reconnectIntervalMax;
    }

    public int getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(int heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    public int getHeartbeatTimeout() {
        return heartbeatTimeout;
    }

    public void setHeartbeatTimeout(int heartbeatTimeout) {
        this.heartbeatTimeout = heartbeatTimeout;
    }

    public int getHeartbeatTtl() {
        return heartbeatTtl;
    }

    public void setHeartbeatTtl(int heartbeatTtl) {
        this.heartbeatTtl = heartbeatTtl;
    }

    public int getHandshakeInterval() {
        return handshakeInterval;
    }

    public void setHandshakeInterval(int handshakeInterval) {
        this.handshakeInterval = handshakeInterval;
    }

    public String getTopics() {
        return topics;
    }

    public void setTopics(String topics) {
        this.topics = topics == null ? "" : topics;
    }

    public boolean isTopicFrame() {
        return topicFrame;
    }

    public void setTopicFrame(boolean topicFrame) {
        this.topicFrame = topicFrame;
    }

    public String getIdentity() {
        return identity;
    }

    public void setIdentity(String identity) {
        this.identity = identity;
    }

    public long getMaxMessageSize() {
        return maxMessageSize;
    }

    public void setMaxMessageSize(long maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    public int getPollTimeout() {
        return pollTimeout;
    }

    public void setPollTimeout(int pollTimeout) {
        this.pollTimeout = pollTimeout;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public int getSendQueueSize() {
        return sendQueueSize;
    }

    public void setSendQueueSize(int sendQueueSize) {
        this.sendQueueSize = sendQueueSize;
    }

    public long getSendTimeout() {
        return sendTimeout;
    }

    public void setSendTimeout(long sendTimeout) {
        this.sendTimeout = sendTimeout;
    }

    public boolean isCurveServer() {
        return curveServer;
    }

    public void setCurveServer(boolean curveServer) {
        this.curveServer = curveServer;
    }

    public String getCurvePublicKey() {
        return curvePublicKey;
    }

    public void setCurvePublicKey(String curvePublicKey) {
        this.curvePublicKey = curvePublicKey;
    }

    public String getCurveSecretKey() {
        return curveSecretKey;
    }

    public void setCurveSecretKey(String curveSecretKey) {
        this.curveSecretKey = curveSecretKey;
    }

    public String getCurveAllowedClients() {
        return curveAllowedClients;
    }

    public void setCurveAllowedClients(String curveAllowedClients) {
        this.curveAllowedClients = curveAllowedClients;
    }

    public String getCurveServerKey() {
        return curveServerKey;
    }

    public void setCurveServerKey(String curveServerKey) {
        this.curveServerKey = curveServerKey;
    }
}
