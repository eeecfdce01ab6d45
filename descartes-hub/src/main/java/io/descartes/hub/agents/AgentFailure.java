package io.descartes.hub.agents;

import java.util.Locale;

import org.apache.camel.Exchange;

/**
 * A request about agents that cannot be carried out; its message is the response's error text and
 * its kind goes in the {@value #HEADER} header, so HTTP maps it to a status without parsing texts.
 */
public final class AgentFailure extends RuntimeException {

    public static final String HEADER = "DescartesFailure";

    /** Header values: not_found → 404, invalid → 400, conflict → 409, timeout → 504 (remote runners). */
    public enum Kind {
        NOT_FOUND, INVALID, CONFLICT, TIMEOUT, ERROR;

        public String header() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Kind kind;

    private AgentFailure(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public static AgentFailure notFound(Object agentId) {
        return new AgentFailure(Kind.NOT_FOUND, "Agent not found: " + agentId);
    }

    public static AgentFailure invalid(String message) {
        return new AgentFailure(Kind.INVALID, message);
    }

    public static AgentFailure conflict(String message) {
        return new AgentFailure(Kind.CONFLICT, message);
    }

    public static AgentFailure error(String message) {
        return new AgentFailure(Kind.ERROR, message);
    }

    public Kind kind() {
        return kind;
    }

    /** Tags the exchange whose failure response is being built. */
    public void mark(Exchange exchange) {
        exchange.getMessage().setHeader(HEADER, kind.header());
    }

    /** Anything that is not an AgentFailure is an error of the hub, reported with its text. */
    public static AgentFailure of(Exception e) {
        return e instanceof AgentFailure f ? f : error(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
}
