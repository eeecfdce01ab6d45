package io.descartes.hub.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * What {@link ProtocolJson#text} makes, the same text, from one generator per thread kept open over a reused buffer:
 * creating a generator (its I/O context and buffers) and a StringWriter for each document cost about as much as
 * writing the document, and the ingest path writes two per event. Each document is a root value of that generator,
 * written with no separator between them.
 */
public final class JsonTextWriter {

    /** A buffer larger than this after a document is dropped, so that one large event does not stay in memory. */
    private static final int KEPT_CHARS = 64 * 1024;

    private final JsonFactory factory;
    private final ThreadLocal<Target> targets;

    public JsonTextWriter(JsonFactory factory) {
        this.factory = factory;
        this.targets = ThreadLocal.withInitial(this::target);
    }

    /** What {@code writing} streams, as text. */
    public String text(ProtocolJson.JsonWriting writing) throws IOException {
        Target target = targets.get();
        try {
            writing.writeTo(target.out);
            target.out.flush();
            return target.chars.take();
        } catch (IOException | RuntimeException e) {
            targets.remove(); // the generator may be inside the failed document: the next one starts afresh
            throw e;
        }
    }

    private Target target() {
        try {
            Chars chars = new Chars();
            JsonGenerator out = factory.createGenerator(chars);
            out.setRootValueSeparator(null);
            return new Target(chars, out);
        } catch (IOException e) {
            throw new UncheckedIOException("a JSON generator over memory", e);
        }
    }

    private record Target(Chars chars, JsonGenerator out) {
    }

    /** An unsynchronized in-memory writer whose text is taken once per document. */
    private static final class Chars extends Writer {
        private char[] chars = new char[256];
        private int size;

        @Override
        public void write(char[] source, int offset, int length) {
            room(length);
            System.arraycopy(source, offset, chars, size, length);
            size += length;
        }

        @Override
        public void write(String source, int offset, int length) {
            room(length);
            source.getChars(offset, offset + length, chars, size);
            size += length;
        }

        @Override
        public void write(int c) {
            room(1);
            chars[size++] = (char) c;
        }

        private void room(int length) {
            if (size + length > chars.length) {
                chars = Arrays.copyOf(chars, Math.max(chars.length * 2, size + length));
            }
        }

        String take() {
            String text = new String(chars, 0, size);
            size = 0;
            if (chars.length > KEPT_CHARS) {
                chars = new char[256];
            }
            return text;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
