package io.descartes.hub.quota;

import java.util.function.LongSupplier;

/**
 * One peer's token buckets on one endpoint: frames and bytes, each holding up to its rate times the burst and
 * refilling at its rate. An endpoint's frames are charged on its one socket thread, so the lock is never contended
 * across peers.
 */
final class Allowance {

    private final Limits limits;
    private final double frameCapacity;
    private final double byteCapacity;
    private final LongSupplier nanoTime;
    private double frames;
    private double bytes;
    private long refilledAt;

    Allowance(Limits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.frameCapacity = limits.burstFrames();
        this.byteCapacity = limits.burstBytes();
        this.nanoTime = nanoTime;
        this.frames = frameCapacity;
        this.bytes = byteCapacity;
        this.refilledAt = nanoTime.getAsLong();
    }

    /** Takes one frame of {@code cost} bytes if both buckets hold it; a refused frame takes nothing. */
    synchronized boolean take(long cost) {
        long now = nanoTime.getAsLong();
        double seconds = (now - refilledAt) / 1e9;
        refilledAt = now;
        frames = Math.min(frameCapacity, frames + seconds * limits.framesPerSecond());
        bytes = Math.min(byteCapacity, bytes + seconds * limits.bytesPerSecond());
        if (frames < 1 || bytes < cost) {
            return false;
        }
        frames -= 1;
        bytes -= cost;
        return true;
    }
}
