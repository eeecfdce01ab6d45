/**
 * Ingest quotas (issue 15, finding 7): how much a ZeroMQ peer may make the hub store. Each ZMQ route that records
 * charges every frame to its sender's token bucket before anything else happens to it; a frame over the limit gets
 * an error reply ({@code rate_limited}) and is neither decoded, recorded nor dead-lettered. A peer is its
 * authenticated CURVE key; unauthenticated peers, who have no identity worth trusting, share one bucket.
 */
package io.descartes.hub.quota;
