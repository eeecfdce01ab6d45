/**
 * The message bus (seeds 001 and 003): agents, people and systems send each other messages through the hub, stored
 * once with their per-recipient delivery state, routed by routes/bus.camel.yaml (direct, topic and channel fan-out,
 * request/response, priority, TTL, acks and redelivery, dead letters) and delivered on each recipient's transport:
 * a ZeroMQ connection that attached the address, or {@code direct:bus-deliver-local} for agents the hub runs. Wired by
 * {@link io.descartes.hub.bus.BusConfiguration}; README "Message bus".
 */
package io.descartes.hub.bus;
