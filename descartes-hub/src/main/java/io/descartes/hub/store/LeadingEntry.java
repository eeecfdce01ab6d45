package io.descartes.hub.store;

import org.apache.camel.Exchange;

/**
 * An event committed in the same transaction right before an exchange's own entry ({@link EventJournal#LEADING}): a
 * status change a command made, before its response. {@code source} stands for it in the batch's post-commit work
 * (its message, whether it is an agent event: what PUB and the snapshot trigger read); it never replies.
 */
public record LeadingEntry(Exchange source, EventEntry entry) {
}
