package io.descartes.hub.http;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One page of a listing, as every paged HTTP API answers it: the rows, a cursor and {@code has_more}. */
public final class Page {

    private Page() {
    }

    /** A page read forwards from {@code after}; the cursor is {@code next_after}. */
    public static <T> ObjectNode after(String field, List<T> rows, long after, int limit, ToLongFunction<T> id,
                                       Function<T, JsonNode> json) {
        return of(field, "next_after", rows, after, limit, id, json);
    }

    /**
     * A page of at most {@code limit} rows (one more was read to tell has_more); its cursor is the last row's id,
     * or the request's cursor (null: none) when the page is empty.
     */
    public static <T> ObjectNode of(String field, String cursorField, List<T> rows, Long cursor, int limit,
                                    ToLongFunction<T> id, Function<T, JsonNode> json) {
        boolean hasMore = rows.size() > limit;
        List<T> shown = hasMore ? rows.subList(0, limit) : rows;
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode items = body.putArray(field);
        shown.forEach(row -> items.add(json.apply(row)));
        body.put(cursorField, shown.isEmpty() ? cursor : Long.valueOf(id.applyAsLong(shown.get(shown.size() - 1))));
        body.put("has_more", hasMore);
        return body;
    }
}
