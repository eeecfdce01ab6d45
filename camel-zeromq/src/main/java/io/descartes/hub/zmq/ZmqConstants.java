package io.descartes.hub.zmq;

import org.apache.camel.spi.Metadata;

/** Header names set by the consumer and read by the producer, described for tooling where they are declared. */
public final class ZmqConstants {

    @Metadata(description = "Routing id of the ROUTER peer a message came from; a ROUTER producer sends to the peer it"
            + " names.", javaType = "byte[]")
    public static final String IDENTITY = "ZmqIdentity";
    @Metadata(label = "consumer", description = "ROUTER and DEALER: the routing frames before the payload, identity"
            + " first, empty delimiter excluded. A reply goes out inside the request's envelope.",
              javaType = "java.util.List<byte[]>")
    public static final String ENVELOPE = "ZmqEnvelope";
    @Metadata(label = "consumer", description = "Whether the envelope ended with an empty delimiter frame (REQ peers)"
            + " or not (bare DEALER peers).", javaType = "Boolean")
    public static final String DELIMITER = "ZmqDelimiter";
    @Metadata(label = "consumer", description = "Every payload frame after the envelope; the body is the first one."
            + " (A producer sends a List body as one multipart message.)", javaType = "java.util.List<byte[]>")
    public static final String FRAMES = "ZmqFrames";
    @Metadata(label = "consumer", description = "Number of payload frames, so a route can reject messages with extra"
            + " frames.", javaType = "Integer")
    public static final String FRAME_COUNT = "ZmqFrameCount";
    @Metadata(label = "consumer", description = "The user id the peer authenticated as through ZAP; for a CURVE server"
            + " with an allow-list, the client's Z85 public key. Absent for unauthenticated peers. Set by the consumer,"
            + " never taken from the peer's frames.", javaType = "String")
    public static final String USER_ID = "ZmqUserId";
    @Metadata(label = "consumer", description = "ROUTER with disconnectNotice=true: the exchange tells that the"
            + " peer (ZmqIdentity) disconnected; set by the consumer, never taken from the peer's frames.",
            javaType = "Boolean")
    public static final String DISCONNECTED = "ZmqDisconnected";
    @Metadata(description = "PUB topic: a PUB producer sends it as the first frame; a SUB consumer sets it from the"
            + " first frame of a multipart message (unless topicFrame=false).", javaType = "String")
    public static final String TOPIC = "ZmqTopic";
    @Metadata(label = "producer", description = "true: the body is a List of messages, each sent as its own message"
            + " (itself a List of frames, or one frame), in order; for sockets that only send (PUSH, PUB, ROUTER,"
            + " DEALER InOnly). One exchange for many messages, e.g. a batch of broadcasts.", javaType = "Boolean")
    public static final String BATCH = "ZmqBatch";

    private ZmqConstants() {
    }
}
