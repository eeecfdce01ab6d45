/**
 * The {@code zmq:} Camel component on JeroMQ: {@code zmq:<socketType>:<address>[,<address>...]?options}.
 * <p>
 * Each consumer and each endpoint's producer side owns one ZMQ socket on one thread ({@link
 * io.descartes.hub.zmq.ZmqSocketLoop}); other threads only enqueue messages and wake it. ROUTER consumers reply with
 * the request's envelope exactly as it came; failed exchanges get no reply unless the route turns the error into one
 * with {@code onException(...).handled(true)}. Header names are in {@link io.descartes.hub.zmq.ZmqConstants}, options
 * with their defaults in {@link io.descartes.hub.zmq.ZmqConfiguration}; the docs page is src/main/docs/zmq-component.adoc.
 */
package io.descartes.hub.zmq;
