package io.descartes.hub.quota;

/**
 * What one peer (or all unauthenticated peers together) may make the hub store on an endpoint: sustained rates, and
 * bursts of {@code burstSeconds} of them.
 */
public record Limits(long framesPerSecond, long bytesPerSecond, long burstSeconds) {

    public Limits {
        if (framesPerSecond < 1 || bytesPerSecond < 1 || burstSeconds < 1) {
            throw new IllegalArgumentException("quota rates and the burst must be at least 1 (frame, byte, second)");
        }
    }

    long burstFrames() {
        return framesPerSecond * burstSeconds;
    }

    long burstBytes() {
        return bytesPerSecond * burstSeconds;
    }
}
