package io.descartes.hub.protocol;

/** Where to attach to a paused agent; {@code expiresAt} is unix seconds (i64). */
public record AttachInfo(String connectUrl, String token, long expiresAt) {
}
