package io.descartes.hub.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Spelling and strict parsing of {@link WireEnum}s. */
final class WireEnums {

    private static final ClassValue<Map<String, Object>> BY_WIRE = new ClassValue<>() {
        @Override
        protected Map<String, Object> computeValue(Class<?> type) {
            return Arrays.stream(type.getEnumConstants())
                    .collect(Collectors.toUnmodifiableMap(e -> ((WireEnum) e).wire(), Function.identity()));
        }
    };

    private WireEnums() {
    }

    static String spell(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** The constant spelled {@code wire}; case-sensitive like serde, unknown spellings raise INVALID_FIELD. */
    static <E extends Enum<E> & WireEnum> E parse(Class<E> type, String wire) {
        Object found = BY_WIRE.get(type).get(wire);
        if (found == null) {
            List<String> names = Arrays.stream(type.getEnumConstants()).map(WireEnum::wire).toList();
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "unknown variant `" + wire + "`, expected " + expectedOneOf(names));
        }
        return type.cast(found);
    }

    /** serde's wording for a closed set of names. */
    static String expectedOneOf(List<String> names) {
        return names.size() == 1 ? "`" + names.get(0) + "`"
                : "one of " + names.stream().map(n -> "`" + n + "`").collect(Collectors.joining(", "));
    }
}
