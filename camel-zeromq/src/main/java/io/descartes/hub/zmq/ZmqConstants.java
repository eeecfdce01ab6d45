package io.descartes.hub.zmq;

/** Header names set by the consumer and read by the producer. */
public final class ZmqConstants {

    /** byte[]: routing id of the ROUTER peer a message came from; the producer sends to it on a ROUTER. */
    public static final String IDENTITY = "ZmqIdentity";
    /** List&lt;byte[]&gt;: routing frames before the payload (identity first, delimiter excluded). */
    public static final String ENVELOPE = "ZmqEnvelope";
    /** Boolean: whether the envelope ended with an empty delimiter frame (REQ peers) or not (bare DEALER peers). */
    public static final String DELIMITER = "ZmqDelimiter";
    /** List&lt;byte[]&gt;: every payload frame after the envelope; the body is the first one. */
    public static final String FRAMES = "ZmqFrames";
    /** Integer: number of payload frames, so a route can reject messages with extra frames. */
    public static final String FRAME_COUNT = "ZmqFrameCount";
    /**
     * String: the user id the peer authenticated as through ZAP; for a CURVE server with an allow-list, the client's
     * Z85 public key. Absent for unauthenticated peers. Set by the consumer, never taken from the peer's frames.
     */
    public static final String USER_ID = "ZmqUserId";
    /** String: PUB topic, sent as a first frame by the producer; set by a SUB consumer on multipart messages (unless topicFrame=false). */
    public static final String TOPIC = "ZmqTopic";

    private ZmqConstants() {
    }
}
