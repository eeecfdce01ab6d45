package io.descartes.hub.leases;

/**
 * A granted lease. {@code token} is the fencing token: it grows with every grant of the resource,
 * so a resource guarded by leases can refuse work carrying an older token than one it has seen.
 *
 * @param expiresAt epoch milliseconds
 */
public record Lease(String resource, String holder, long token, long expiresAt) {
}
