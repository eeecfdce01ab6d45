package io.descartes.hub.http;

import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The check every JSON request body goes through: a field the endpoint does not know is a 400 naming it, so a
 * misspelt field (say {@code "lables"}) fails loudly instead of silently taking its default.
 */
public final class KnownFields {

    private KnownFields() {
    }

    /** @param where where the object sits in the request, for the message, e.g. "the body" */
    public static void check(JsonNode object, Set<String> known, String where) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw ApiException.badRequest("unknown field \"" + name + "\" in " + where + "; known: "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
    }
}
