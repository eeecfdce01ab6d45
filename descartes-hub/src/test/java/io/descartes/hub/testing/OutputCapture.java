package io.descartes.hub.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps a copy of everything written to System.out and System.err from {@link #start()} on, while still
 * writing it through: logback's console appender looks System.err up on every write, so the hub's log is in here.
 */
public final class OutputCapture {

    private static final ByteArrayOutputStream COPY = new ByteArrayOutputStream();
    private static boolean started;

    private OutputCapture() {
    }

    public static synchronized void start() {
        if (!started) {
            System.setOut(tee(System.out));
            System.setErr(tee(System.err));
            started = true;
        }
    }

    public static String text() {
        synchronized (COPY) {
            return COPY.toString(StandardCharsets.UTF_8);
        }
    }

    private static PrintStream tee(PrintStream original) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (COPY) {
                    COPY.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (COPY) {
                    COPY.write(b, off, len);
                }
            }
        }, true, StandardCharsets.UTF_8);
    }
}
