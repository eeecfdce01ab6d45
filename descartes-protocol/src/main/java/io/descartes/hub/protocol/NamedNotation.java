package io.descartes.hub.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;

/**
 * A generator that writes PROTOCOL.md's named form (rmp_serde::to_vec_named as JSON, the notation of its test
 * vectors) instead of the hub's JSON view: the two differ only in bytes (a sequence of integers, not text) and
 * SystemTime ({@code {secs_since_epoch, nanos_since_epoch}}, not RFC 3339).
 */
final class NamedNotation extends JsonGeneratorDelegate {

    NamedNotation(JsonGenerator out) {
        super(out, false);
    }
}
