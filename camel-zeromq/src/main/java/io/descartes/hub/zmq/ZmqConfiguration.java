package io.descartes.hub.zmq;

import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.zeromq.ZMQ;

/**
 * The options of a {@code zmq:} endpoint, each documented where it is declared; the endpoint applies them to its
 * socket. Option checks that need the socket type or the address are the endpoint's.
 */
@UriParams
public class ZmqConfiguration {

    @UriParam(label = "common", defaultValueNote = "by socket type: ROUTER, REP, PUB and PULL bind; DEALER, REQ, SUB"
            + " and PUSH connect", description = "Whether the socket binds (true) or connects (false) its addresses.")
    private Boolean bind;
    @UriParam(label = "common", defaultValue = "1000", description = "ZMQ_SNDHWM: messages queued per peer for"
            + " sending before the socket blocks (DEALER, PUSH, REQ) or drops (PUB, ROUTER); 0 = no limit.")
    private int sendHighWaterMark = 1000;
    @UriParam(label = "common", defaultValue = "1000", description = "ZMQ_RCVHWM: messages queued per peer on"
            + " receipt before ZMQ stops reading that peer's connection, pushing back on it; 0 = no limit.")
    private int receiveHighWaterMark = 1000;
    @UriParam(label = "common", defaultValue = "1000", description = "ZMQ_LINGER: milliseconds pending outbound"
            + " messages are kept after the socket closes; -1 = until sent, 0 = drop them.")
    private int linger = 1000;
    @UriParam(label = "common", defaultValue = "100", description = "ZMQ_RECONNECT_IVL: milliseconds before a"
            + " connecting socket first retries a lost or refused connection.")
    private int reconnectInterval = 100;
    @UriParam(label = "common", defaultValue = "30000", description = "ZMQ_RECONNECT_IVL_MAX: cap in milliseconds of"
            + " the exponential reconnect backoff that starts at reconnectInterval; 0 = no backoff.")
    private int reconnectIntervalMax = 30_000;
    @UriParam(label = "common", defaultValue = "0", description = "ZMQ_HEARTBEAT_IVL: milliseconds between ZMTP PING"
            + " commands on each connection, which detect dead peers; 0 = off.")
    private int heartbeatInterval;
    @UriParam(label = "common", defaultValue = "0", description = "ZMQ_HEARTBEAT_TIMEOUT: milliseconds to wait for"
            + " the PONG before the connection is dropped; 0 = heartbeatInterval.")
    private int heartbeatTimeout;
    @UriParam(label = "common", defaultValue = "0", description = "ZMQ_HEARTBEAT_TTL: milliseconds the peer should"
            + " wait for traffic before it drops the connection, announced in each PING; 0 = none.")
    private int heartbeatTtl;
    @UriParam(label = "common", defaultValue = "5000", description = "ZMQ_HANDSHAKE_IVL: milliseconds a ZMTP"
            + " handshake may take before the connection is dropped and retried; short because JeroMQ 0.6 sometimes"
            + " stalls a fresh connect-side handshake; 0 = no limit.")
    private int handshakeInterval = 5000;
    @UriParam(label = "consumer", defaultValue = "false", description = "ROUTER only (ZMQ_DISCONNECT_MSG): when a"
            + " peer's connection ends, the consumer routes an exchange from that peer with header ZmqDisconnected=true"
            + " and an empty body; it is never answered.")
    private boolean disconnectNotice;
    @UriParam(label = "consumer", description = "SUB only: comma-separated topic prefixes to subscribe to; empty ="
            + " every message.")
    private String topics = "";
    @UriParam(label = "consumer", defaultValue = "true", description = "SUB only: the first frame of a multipart"
            + " message is a topic frame (header ZmqTopic, body = the next frame); false for publishers that put the"
            + " topic inside a single frame (the subscription still matches its prefix).")
    private boolean topicFrame = true;
    @UriParam(label = "common", description = "ZMQ_ROUTING_ID: the routing id this socket announces to ROUTER peers;"
            + " unset = ZMQ picks a random one per connection.")
    private String identity;
    @UriParam(label = "common", defaultValue = "-1", description = "ZMQ_MAXMSGSIZE: bytes above which an inbound"
            + " message drops the sender's connection; -1 = no limit.")
    private long maxMessageSize = -1;
    @UriParam(label = "advanced", defaultValue = "100", description = "Milliseconds the socket thread waits in one"
            + " poll: how late it may notice a request timeout or a stop.")
    private int pollTimeout = 100;
    @UriParam(label = "producer", defaultValue = "30000", description = "DEALER and REQ with exchangePattern=InOut:"
            + " milliseconds to wait for the reply before the exchange fails with ExchangeTimedOutException.")
    private long requestTimeout = 30_000;
    @UriParam(label = "producer", defaultValue = "false", description = "DEALER and REQ with several addresses:"
            + " connect to one at a time, the first to start with, and move to the next (round the list) when a request"
            + " times out with nothing heard from the current one since it was sent; the requests still waiting on it"
            + " then fail with ExchangeTimedOutException, for their senders to re-send (the ZeroMQ guide's Freelance"
            + " pattern). false = connect to all of them, which a DEALER round-robins.")
    private boolean failover;
    @UriParam(label = "consumer", defaultValue = "100", description = "Exchanges the consumer routes at once; at this"
            + " bound the socket stops reading and the high-water marks push back on the senders. REP always uses 1.")
    private int maxInFlight = 100;
    @UriParam(label = "consumer", defaultValue = "false", description = "A consumer that replies (ROUTER, REP, DEALER"
            + " InOut) routes each exchange InOnly and still sends its message as the reply once it completes: Camel"
            + " copies an InOut exchange's message (body and headers) at the end of every pipeline it passes, InOnly"
            + " does not. The reply no longer depends on the exchange's pattern at completion.")
    private boolean routeInOnly;
    @UriParam(label = "producer", defaultValue = "1000", description = "Messages the producers may queue for the"
            + " socket thread.")
    private int sendQueueSize = 1000;
    @UriParam(label = "producer", defaultValue = "5000", description = "Milliseconds a send waits for room in the"
            + " send queue (REQ: for its turn) before it fails with ZmqSendTimeoutException; 0 = fail at once.")
    private long sendTimeout = 5000;
    @UriParam(label = "security", defaultValue = "false", description = "Makes this socket a CURVE server: clients"
            + " must know its public key; needs curveSecretKey.")
    private boolean curveServer;
    @UriParam(label = "security", description = "Z85 CURVE public key (40 characters) of this socket.")
    private String curvePublicKey;
    @UriParam(label = "security", secret = true, description = "Z85 CURVE secret key (40 characters) of this"
            + " socket.")
    private String curveSecretKey;
    @UriParam(label = "security", description = "CURVE client: the Z85 public key of the server it connects to;"
            + " needs curvePublicKey and curveSecretKey.")
    private String curveServerKey;
    @UriParam(label = "security", description = "CURVE server: comma-separated Z85 public keys of the only clients"
            + " admitted (checked by the component's ZAP handler); empty = any client that knows the server key.")
    private String curveAllowedClients;

    /** Checks each option's own range and form; an error names the option. */
    void validate() {
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
        if (curveServerKey != null && (curvePublicKey == null || curveSecretKey == null)) {
            throw new IllegalArgumentException("Option curveServerKey (CURVE client) needs curvePublicKey and curveSecretKey");
        }
    }

    private static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException("Option " + option + " must be >= " + min + " but was " + value);
        }
    }

    /** Whether any per-endpoint CURVE key is set, which overrides the component's bind and connect curves. */
    boolean hasOwnCurveKeys() {
        return curvePublicKey != null || curveSecretKey != null || curveServerKey != null;
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

    public boolean isDisconnectNotice() {
        return disconnectNotice;
    }

    public void setDisconnectNotice(boolean disconnectNotice) {
        this.disconnectNotice = disconnectNotice;
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

    public boolean isFailover() {
        return failover;
    }

    public void setFailover(boolean failover) {
        this.failover = failover;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public boolean isRouteInOnly() {
        return routeInOnly;
    }

    public void setRouteInOnly(boolean routeInOnly) {
        this.routeInOnly = routeInOnly;
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

    public String getCurveServerKey() {
        return curveServerKey;
    }

    public void setCurveServerKey(String curveServerKey) {
        this.curveServerKey = curveServerKey;
    }

    public String getCurveAllowedClients() {
        return curveAllowedClients;
    }

    public void setCurveAllowedClients(String curveAllowedClients) {
        this.curveAllowedClients = curveAllowedClients;
    }
}
