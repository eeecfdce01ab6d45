package io.descartes.hub.quota;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.descartes.hub.metrics.HubMeters;
import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.zmq.ZmqConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The first step of a recording ZMQ route: charges the frame to its peer's allowance, or refuses it with
 * {@link QuotaExceededException} before it is decoded, recorded or dead-lettered.
 *
 * <p>A peer is the CURVE key it authenticated with ({@link ZmqConstants#USER_ID}): the hub issued or allowed that key,
 * and a peer cannot take another's. Unauthenticated peers (the opt-in mode, loopback only) all share ONE allowance:
 * their routing ids are per connection (a flooder reconnects for a fresh one) and they all come from 127.0.0.1, so
 * nothing tells them apart. A flood then holds back every unauthenticated client, never an authenticated one or HTTP.
 *
 * <p>A frame counts once against the frames, which bound the rows, and with what it can make the hub store against the
 * bytes: its size (recorded whole as an event), or the dead-letter head for a frame over the frame limit.
 */
public final class IngestQuota implements Processor {

    private final String endpoint;
    private final Limits peer;
    private final Limits unauthenticated;
    private final int maxMessageSize;
    private final int deadLetterBytes;
    private final HubMeters meters;
    private final LongSupplier nanoTime;
    private final Allowance shared;
    private final Map<String, Allowance> keys = new ConcurrentHashMap<>();

    /**
     * @param endpoint        the settings' name, in errors and the meter (command, runner)
     * @param peer            each authenticated key's limits
     * @param unauthenticated the limits all unauthenticated peers share
     * @param deadLetterBytes what a dead letter keeps of a frame over {@code maxMessageSize}
     */
    public IngestQuota(String endpoint, Limits peer, Limits unauthenticated, int maxMessageSize, int deadLetterBytes,
                       HubMeters meters, LongSupplier nanoTime) {
        for (Limits limits : new Limits[] {peer, unauthenticated}) {
            if (limits.burstBytes() < maxMessageSize) {
                throw new IllegalArgumentException("the " + endpoint + " quota holds " + limits.burstBytes() + " bytes "
                        + "(bytes per second × burst seconds), below hub.protocol.max-message-size (" + maxMessageSize
                        + "): a frame at the limit could never pass");
            }
        }
        this.endpoint = endpoint;
        this.peer = peer;
        this.unauthenticated = unauthenticated;
        this.maxMessageSize = maxMessageSize;
        this.deadLetterBytes = deadLetterBytes;
        this.meters = meters;
        this.nanoTime = nanoTime;
        this.shared = new Allowance(unauthenticated, nanoTime);
    }

    @Override
    public void process(Exchange exchange) {
        byte[] frame = exchange.getMessage().getBody(byte[].class);
        int size = frame == null ? 0 : frame.length;
        String userId = exchange.getMessage().getHeader(ZmqConstants.USER_ID, String.class);
        String key = userId == null || userId.isEmpty() ? null : userId;
        Allowance allowance = key == null ? shared : keys.computeIfAbsent(key, k -> new Allowance(peer, nanoTime));
        if (!allowance.take(size > maxMessageSize ? deadLetterBytes : size)) {
            meters.overQuota(endpoint, key == null ? "unauthenticated" : "authenticated");
            Limits limits = key == null ? unauthenticated : peer;
            throw new QuotaExceededException((key == null
                    ? "over the quota all unauthenticated peers share on the " + endpoint + " endpoint ("
                    : "over this key's quota on the " + endpoint + " endpoint (")
                    + limits.framesPerSecond() + " frames and " + limits.bytesPerSecond()
                    + " bytes per second): not recorded, re-send it later",
                    frame == null ? "" : DescartesCodec.requestIdOf(frame));
        }
    }
}
