package io.descartes.hub.security;

/**
 * What may be shown about a secret: never its value.
 *
 * @param createdAt epoch milliseconds
 * @param rotatedAt epoch milliseconds of the latest rotation, null if never rotated
 */
public record SecretMetadata(String name, int version, long createdAt, Long rotatedAt) {
}
