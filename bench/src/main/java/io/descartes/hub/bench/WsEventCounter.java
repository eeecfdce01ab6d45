package io.descartes.hub.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@code /ws/events} client for the fan-out run that counts the recorded events it receives and checks their ids
 * rise: RFC 6455 over one blocking socket and thread, reading frames straight from a large buffer. The JDK's
 * WebSocket client spent ~24 µs of CPU per message here (profiled: 0.85 of a core for 10 clients at 10,000 events/s,
 * on the 2 cores the hub and the senders share); this one reads whatever the socket holds at once and looks at
 * each message's first bytes only ({@code {"id":N,}}, how the hub writes every event).
 */
final class WsEventCounter implements Runnable {

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final byte[] ID_PREFIX = "{\"id\":".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final AtomicLong events = new AtomicLong();
    private volatile boolean closed;
    /** Why the stream is not what the hub promises (an id out of order, a bad frame), or null. */
    private volatile String failure;
    private long lastId;

    private WsEventCounter(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static List<WsEventCounter> connect(String url, String token, int clients) throws IOException {
        List<WsEventCounter> list = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            WsEventCounter c = open(URI.create(url), token);
            Thread t = new Thread(c, "ws-client-" + i);
            t.setDaemon(true);
            t.start();
            list.add(c);
        }
        return list;
    }

    private static WsEventCounter open(URI uri, String token) throws IOException {
        Socket s = new Socket(uri.getHost(), uri.getPort());
        s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(30));
        s.setReceiveBufferSize(1 << 20);
        WsEventCounter c = new WsEventCounter(s);
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String request = "GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + (token.isEmpty() ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
        c.out.write(request.getBytes(StandardCharsets.US_ASCII));
        c.out.flush();
        String head = c.readHead();
        String expected = "Sec-WebSocket-Accept: " + accept(key);
        if (!head.startsWith("HTTP/1.1 101") || !head.toLowerCase().contains(expected.toLowerCase())) {
            s.close();
            throw new IOException("WebSocket handshake refused by " + uri + ": " + head.strip());
        }
        return c;
    }

    /** The response head, byte by byte up to its blank line, so no frame byte after it is taken. */
    private String readHead() throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the WebSocket handshake: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void run() {
        try {
            readFrames();
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                failure = e.toString();
            }
        } finally {
            closed = true;
        }
    }

    /** Frames from a buffer refilled with whatever the socket holds; a fragmented message is gathered first. */
    private void readFrames() throws IOException {
        Frames frames = new Frames(in);
        ByteArrayOutputStream fragments = new ByteArrayOutputStream();
        while (!closed) {
            int b0 = frames.next(2);
            int opcode = frames.buf[b0] & 0x0f;
            boolean fin = (frames.buf[b0] & 0x80) != 0;
            if ((frames.buf[b0 + 1] & 0x80) != 0) {
                throw new IOException("a server frame is masked (RFC 6455 §5.1)");
            }
            long length = frames.buf[b0 + 1] & 0x7f;
            if (length == 126) {
                int at = frames.next(2);
                length = ((frames.buf[at] & 0xff) << 8) | (frames.buf[at + 1] & 0xff);
            } else if (length == 127) {
                int at = frames.next(8);
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | (frames.buf[at + i] & 0xff);
                }
            }
            if (length > frames.buf.length) {
                throw new IOException("frame of " + length + " bytes: more than this client reads");
            }
            int at = frames.next((int) length);
            switch (opcode) {
                case 0x1, 0x0 -> {
                    if (fin && fragments.size() == 0) {
                        message(frames.buf, at, (int) length);
                    } else {
                        fragments.write(frames.buf, at, (int) length);
                        if (fin) {
                            byte[] whole = fragments.toByteArray();
                            fragments.reset();
                            message(whole, 0, whole.length);
                        }
                    }
                }
                case 0x8 -> closed = true;
                case 0x9 -> pong(frames.buf, at, (int) length);
                default -> {
                    // pong or binary: not part of the event stream
                }
            }
        }
    }

    /** One text message: counted when it is a recorded event ({@code {"id":N,...}}), whose id must rise. */
    private void message(byte[] b, int at, int length) {
        if (length <= ID_PREFIX.length || !startsWith(b, at, ID_PREFIX)) {
            return;
        }
        long id = 0;
        for (int i = at + ID_PREFIX.length; i < at + length && b[i] >= '0' && b[i] <= '9'; i++) {
            id = id * 10 + (b[i] - '0');
        }
        if (id <= lastId && failure == null) {
            failure = "event " + id + " after event " + lastId;
        }
        lastId = id;
        events.incrementAndGet();
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** A client's frames are masked (RFC 6455 §5.3); a zero mask leaves the payload as it is. */
    private void pong(byte[] b, int at, int length) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(length + 6);
        frame.write(0x8a);
        frame.write(0x80 | length); // control frames carry at most 125 bytes
        frame.write(new byte[4]);
        frame.write(b, at, length);
        synchronized (out) {
            frame.writeTo(out);
            out.flush();
        }
    }

    static void closeAll(List<WsEventCounter> list) {
        list.forEach(WsEventCounter::close);
    }

    private void close() {
        try {
            synchronized (out) {
                out.write(new byte[] {(byte) 0x88, (byte) 0x80, 0, 0, 0, 0}); // close, masked, no payload
                out.flush();
            }
        } catch (IOException ignored) {
            // the hub closed it first
        }
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    static long total(List<WsEventCounter> list) {
        return list.stream().mapToLong(c -> c.events.get()).sum();
    }

    static long min(List<WsEventCounter> list) {
        return list.stream().mapToLong(c -> c.events.get()).min().orElse(0);
    }

    static long closedCount(List<WsEventCounter> list) {
        return list.stream().filter(c -> c.closed).count();
    }

    /** The first client's failure (ids out of order, a bad frame), or "" when every stream was as promised. */
    static String failures(List<WsEventCounter> list) {
        return list.stream().map(c -> c.failure).filter(f -> f != null).findFirst().orElse("");
    }

    /** A read buffer: {@link #next} makes {@code n} more bytes available and returns where they start. */
    private static final class Frames {
        final byte[] buf = new byte[1 << 20];
        private final InputStream in;
        private int pos;
        private int limit;

        Frames(InputStream in) {
            this.in = in;
        }

        int next(int n) throws IOException {
            if (limit - pos < n) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
                while (limit < n) {
                    int read = in.read(buf, limit, buf.length - limit);
                    if (read < 0) {
                        throw new IOException("connection closed mid-frame");
                    }
                    limit += read;
                }
            }
            int at = pos;
            pos += n;
            return at;
        }
    }
}
