package io.descartes.hub.runner;

import io.descartes.hub.ingest.ErrorReply;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.quota.QuotaExceededException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Step after the hub's answer (bean {@code hubRefusal}): an error reply saying the hub did not record the message for
 * now ({@code rate_limited}: over this runner's ingest quota; {@code unavailable}: the hub could not write) is no
 * acknowledgement. The message sent (property {@value #SENT}) becomes the body again and the exchange fails with
 * {@link NotRecorded}, so the caller re-sends it after hub.runner.resend-delay-ms. That is how the hub's quota slows
 * a runner down instead of losing its events.
 */
public final class HubRefusal implements Processor {

    /** Exchange property: the message as it was before it was sent (set by the hub-send route). */
    public static final String SENT = "DescartesHubMessage";

    @Override
    public void process(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof CommandResponse r && !r.success() && r.data() != null) {
            String code = r.data().path("code").asText();
            if (QuotaExceededException.CODE.equals(code) || ErrorReply.UNAVAILABLE.equals(code)) {
                exchange.getMessage().setBody(exchange.getProperty(SENT));
                throw new NotRecorded(r.error());
            }
        }
    }

    /** The hub answered but did not record the message: re-send it later. */
    public static final class NotRecorded extends RuntimeException {
        NotRecorded(String reason) {
            super(reason, null, false, false);
        }
    }
}
