/**
 * The Descartes ZeroMQ wire protocol (see PROTOCOL.md): message records ({@link io.descartes.hub.protocol.ZmqMessage}
 * and its variants), the msgpack {@link io.descartes.hub.protocol.DescartesCodec}, the JSON view
 * {@link io.descartes.hub.protocol.ProtocolJson}, error replies {@link io.descartes.hub.protocol.ProtocolErrors},
 * the PUB frame {@link io.descartes.hub.protocol.LogTopicFrame}, the Camel data format {@code descartesMsgpack} and,
 * for the replies of server endpoints, {@code descartesReply} (every reply within the frame limit,
 * {@link io.descartes.hub.protocol.ReplyFit}).
 *
 * <p>Every struct's field order, names and defaults live in one place, {@code Schemas}; the codec and the JSON view
 * are both driven by it, so the two forms cannot drift apart.
 */
package io.descartes.hub.protocol;
