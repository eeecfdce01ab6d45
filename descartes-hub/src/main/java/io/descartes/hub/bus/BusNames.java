package io.descartes.hub.bus;

import java.util.regex.Pattern;

/** The names the bus accepts: addresses, topics and channels like lease holders; ids of up to 128 printable characters. */
final class BusNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern ID = Pattern.compile("[^\\p{Cntrl}]{1,128}");

    private BusNames() {
    }

    /** The address, topic or channel name; invalid_field when malformed. */
    static String address(String field, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw BusRefusal.invalid("'" + field + "' must match " + NAME.pattern());
        }
        return value;
    }

    /** Null stays null; anything else must be a name. */
    static String optional(String field, String value) {
        return value == null ? null : address(field, value);
    }

    static String id(String field, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw BusRefusal.invalid("'" + field + "' must be 1 to 128 characters without control characters");
        }
        return value;
    }
}
