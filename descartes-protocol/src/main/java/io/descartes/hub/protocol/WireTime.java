package io.descartes.hub.protocol;

import java.time.Instant;

/** Rust {@code SystemTime} as serde sends it: {@code [secs_since_epoch u64, nanos_since_epoch u32]}. */
public record WireTime(long secs, int nanos) {

    static final long NANOS_PER_SEC = 1_000_000_000L;

    public WireTime {
        if (secs < 0 || nanos < 0 || nanos >= NANOS_PER_SEC) {
            throw new IllegalArgumentException("not a time after the epoch: " + secs + "s " + nanos + "ns");
        }
    }

    /** Like serde: nanos of a second or more carry into the seconds. */
    static WireTime carrying(long secs, long nanos) {
        long total = secs + nanos / NANOS_PER_SEC;
        if (total < secs) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "overflow deserializing SystemTime");
        }
        return new WireTime(total, (int) (nanos % NANOS_PER_SEC));
    }

    public static WireTime of(Instant instant) {
        return new WireTime(instant.getEpochSecond(), instant.getNano());
    }

    public static WireTime now() {
        return of(Instant.now());
    }

    public Instant toInstant() {
        return Instant.ofEpochSecond(secs, nanos);
    }

    /** {@code <secs>.<nanos, 9 digits>}, the time part of a status_update's natural key. */
    public String toKeyText() {
        String n = Integer.toString(nanos);
        return secs + "." + "0".repeat(9 - n.length()) + n;
    }
}
