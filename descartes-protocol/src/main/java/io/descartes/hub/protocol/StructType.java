package io.descartes.hub.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.msgpack.value.ValueType;

/**
 * A serde struct: written as an array in field order (rmp_serde::to_vec); read from an array (a defaulted tail may be
 * missing) or from a map keyed by field name (unknown keys ignored), exactly like serde's derived visitors.
 */
final class StructType<R> implements WireType<R> {

    /**
     * @param type the field's wire type, as written in the schema
     * @param nullable true when {@code type} is an {@code Option}: nil on the wire, null in the record
     * @param value {@code type} without its {@code Option}, the type of the values that are present
     */
    private record Field<R>(String name, WireType<Object> type, boolean nullable, WireType<Object> value,
                            Function<R, ?> getter, boolean hasDefault, Object defaultValue) {

        /**
         * {@code type.read(in)}, with the types most fields are made of called directly: through the interface each
         * value cost a megamorphic (itable) call that nothing could be inlined into, the largest item in the
         * decoder's profile. The same methods run, so leniency and errors are the same.
         */
        Object read(WireReader in) {
            if (nullable && in.nil()) {
                return null;
            }
            WireType<?> t = value;
            if (t instanceof WireTypes.StringType s) {
                return s.read(in);
            }
            if (t instanceof WireTypes.IntegerType i) {
                return i.read(in);
            }
            if (t instanceof StructType<?> struct) {
                return struct.read(in);
            }
            return t.read(in);
        }

        /** {@code type.write(out, v)} for a non-null {@code v}, called directly like {@link #read}. */
        @SuppressWarnings("unchecked")
        void write(WireWriter out, Object v) {
            WireType<?> t = value;
            if (t instanceof WireTypes.StringType s) {
                s.write(out, (String) v);
            } else if (t instanceof WireTypes.IntegerType i) {
                i.write(out, (Long) v);
            } else if (t instanceof StructType<?> struct) {
                ((StructType<Object>) struct).write(out, v);
            } else {
                value.write(out, v);
            }
        }
    }

    /**
     * A JSON view other than the struct's fields (SystemTime: one RFC 3339 text). It is written except in the
     * {@link NamedNotation}, and read when it {@link #reads} the node; any other node is read as the fields.
     */
    interface JsonView<R> {
        /** Writes the value's view and returns true, or writes nothing and returns false: then the fields are written. */
        boolean write(JsonGenerator out, R value) throws IOException;

        boolean reads(JsonNode node);

        R read(JsonNode node);
    }

    private final String name;
    private final Field<R>[] fields;
    private final Function<Object[], R> constructor;
    private final JsonView<R> view;
    private final Map<String, Integer> indexByName = new HashMap<>();

    @SuppressWarnings("unchecked")
    private StructType(String name, List<Field<R>> fields, Function<Object[], R> constructor, JsonView<R> view) {
        this.name = name;
        this.fields = fields.toArray(new Field[0]); // an array: List.get was an interface call per field too
        this.constructor = constructor;
        this.view = view;
        for (int i = 0; i < this.fields.length; i++) {
            indexByName.put(this.fields[i].name(), i);
        }
    }

    /** Starts a struct whose record is built from the field values in declaration order. */
    static <R> Builder<R> struct(String rustName, Function<Object[], R> constructor) {
        return new Builder<>(rustName, constructor);
    }

    static final class Builder<R> {
        private final String name;
        private final Function<Object[], R> constructor;
        private final List<Field<R>> fields = new ArrayList<>();
        private JsonView<R> view;

        private Builder(String name, Function<Object[], R> constructor) {
            this.name = name;
            this.constructor = constructor;
        }

        Builder<R> field(String fieldName, WireType<?> type, Function<R, ?> getter) {
            return add(fieldName, type, getter, false, null);
        }

        /** {@code Option<T>} with {@code #[serde(default)]}, as every Option in the protocol is: nil or absent is null. */
        Builder<R> option(String fieldName, WireType<?> type, Function<R, ?> getter) {
            return add(fieldName, WireTypes.optional(type), getter, true, null);
        }

        /** A {@code #[serde(default)]} field. */
        Builder<R> defaulted(String fieldName, WireType<?> type, Function<R, ?> getter, Object defaultValue) {
            return add(fieldName, type, getter, true, defaultValue);
        }

        @SuppressWarnings("unchecked")
        private Builder<R> add(String fieldName, WireType<?> type, Function<R, ?> getter, boolean hasDefault,
                               Object defaultValue) {
            WireType<Object> wire = (WireType<Object>) type;
            WireType<Object> value = wire instanceof WireTypes.OptionalType<Object> o ? o.inner() : wire;
            fields.add(new Field<>(fieldName, wire, value != wire, value, getter, hasDefault, defaultValue));
            return this;
        }

        Builder<R> jsonView(JsonView<R> jsonView) {
            this.view = jsonView;
            return this;
        }

        StructType<R> build() {
            return new StructType<>(name, fields, constructor, view);
        }
    }

    int size() {
        return fields.length;
    }

    @Override
    public void write(WireWriter out, R value) {
        out.arrayHeader(fields.length);
        writeFields(out, value);
    }

    /** Refuses what upstream could not have sent: null in a non-Option field, a number outside its Rust type. */
    void writeFields(WireWriter out, R value) {
        for (Field<R> f : fields) {
            Object v = f.getter().apply(value);
            if (v == null) {
                if (!f.nullable()) {
                    throw new ProtocolException(ErrorCode.INVALID_FIELD, "missing field `" + f.name() + "`");
                }
                out.nil();
                continue;
            }
            try {
                f.write(out, v);
            } catch (ProtocolException e) {
                throw e.inField(f.name());
            }
        }
    }

    @Override
    public R read(WireReader in) {
        ValueType next = in.peek();
        if (next == ValueType.ARRAY) {
            return readPositional(in, in.arrayHeader());
        }
        if (next == ValueType.MAP) {
            return readNamed(in, in.mapHeader());
        }
        throw in.invalidType("struct " + name);
    }

    /** The fields of an array whose header announced {@code count} elements. */
    R readPositional(WireReader in, int count) {
        int n = fields.length;
        if (count > n) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "invalid length " + count + ", expected " + n + (n == 1 ? " element" : " elements") + " in sequence");
        }
        Object[] values = new Object[n];
        for (int i = 0; i < count; i++) {
            values[i] = readField(fields[i], in);
        }
        for (int i = count; i < n; i++) {
            Field<R> f = fields[i];
            if (!f.hasDefault()) {
                // like serde's derived visit_seq: the length reported is the index of the first mandatory field missing
                throw new ProtocolException(ErrorCode.INVALID_FIELD,
                        "invalid length " + i + ", expected struct " + name + " with " + n + " elements");
            }
            values[i] = f.defaultValue();
        }
        return constructor.apply(values);
    }

    /** The fields of a map whose header announced {@code count} entries. */
    R readNamed(WireReader in, int count) {
        Object[] values = new Object[fields.length];
        boolean[] seen = new boolean[fields.length];
        for (int k = 0; k < count; k++) {
            Integer i = indexByName.get(in.string("a field identifier"));
            if (i == null) {
                in.skip();
            } else {
                values[i] = readField(fields[i], in);
                seen[i] = true;
            }
        }
        fillMissing(values, seen);
        return constructor.apply(values);
    }

    private Object readField(Field<R> f, WireReader in) {
        try {
            return f.read(in);
        } catch (ProtocolException e) {
            throw e.inField(f.name());
        }
    }

    private void fillMissing(Object[] values, boolean[] seen) {
        for (int i = 0; i < values.length; i++) {
            Field<R> f = fields[i];
            if (seen[i]) {
                continue;
            }
            if (!f.hasDefault()) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "missing field `" + f.name() + "`");
            }
            values[i] = f.defaultValue();
        }
    }

    Set<String> fieldNames() {
        return Set.copyOf(indexByName.keySet());
    }

    @Override
    public void writeJson(JsonGenerator out, R value) throws IOException {
        if (view != null && !(out instanceof NamedNotation) && view.write(out, value)) {
            return;
        }
        out.writeStartObject(value);
        writeJsonFields(out, value);
        out.writeEndObject();
    }

    /** The fields as JSON object members, in declaration order; the caller opens and closes the object. */
    void writeJsonFields(JsonGenerator out, R value) throws IOException {
        for (Field<R> f : fields) {
            out.writeFieldName(f.name());
            f.type().writeJson(out, f.getter().apply(value));
        }
    }

    @Override
    public R fromJson(JsonNode node) {
        if (view != null && view.reads(node)) {
            return view.read(node);
        }
        if (node == null || !node.isObject()) {
            throw WireTypes.jsonInvalidType(node, "struct " + name);
        }
        Object[] values = new Object[fields.length];
        boolean[] seen = new boolean[fields.length];
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Integer i = indexByName.get(e.getKey());
            if (i != null) {
                Field<R> f = fields[i];
                try {
                    values[i] = f.type().fromJson(e.getValue());
                } catch (ProtocolException ex) {
                    throw ex.inField(f.name());
                }
                seen[i] = true;
            }
        }
        fillMissing(values, seen);
        return constructor.apply(values);
    }
}
