package io.descartes.hub.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import io.descartes.hub.protocol.AgentConfig;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.ControlCommand;
import io.descartes.hub.protocol.ControlCommandType;
import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.HealthCheckRequest;
import io.descartes.hub.protocol.HealthCheckResponse;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.SpawnResponse;
import io.descartes.hub.protocol.ZmqMessage;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Control operations per second over ZMQ against running agents: spawns them with {@code spawn_request}s (the
 * {@code demo} backend, a long task), then for each run {@code K:W} of {@code --runs} starts K DEALER clients (one
 * thread and socket each), each keeping up to W {@code control_command} requests in flight (upstream framing: empty
 * delimiter + msgpack; replies correlated by request_id) for {@code --secs}; finally stops the agents with a
 * {@code stop} control_command each. A warm-up run (K=1, the largest W) comes first and is not reported.
 * <p>
 * A run {@code K@R} is paced instead (open loop): the K clients together send R requests per second on a fixed
 * schedule, however many are in flight, and each latency is counted from the request's intended send time, so a
 * stall delays the requests due meanwhile and counts for each of them (no coordinated omission).
 * <p>
 * The requests are {@code get_status}, except with {@code --mix=N}: then every N-th request of a client is a
 * {@code pause} or {@code resume} (alternating) of the client's own agent, one such request in flight at a time (a
 * second would race the first and get a 409). Without a mix all clients ask about one agent; with one, one agent is
 * spawned per client of the largest run.
 * <p>
 * Prints per run {@code RESULT ctlops target=.. k=.. window=.. mix=.. ops=.. errors=.. secs=.. ops_s=.. p50_us=..
 * p99_us=.. ctl_ops=.. ctl_p50_us=.. ctl_p99_us=..} (ctl_*: the pause/resume requests alone; a paced run has
 * window=0 and rate=R) and per agent
 * {@code RESULT ctlstop target=.. agent=<id> success=.. status=.. ms=..}.
 */
public final class ControlOpsHarness {

    private static final byte[] EMPTY = new byte[0];

    public static void main(String[] args) throws Exception {
        BenchCurve.use(args);
        String connect = Stats.arg(args, "connect", "tcp://127.0.0.1:19055");
        String name = Stats.arg(args, "name", "target");
        String runs = Stats.arg(args, "runs", "1:1,1:16,4:16");
        double secs = Double.parseDouble(Stats.arg(args, "secs", "5"));
        double warmupSecs = Double.parseDouble(Stats.arg(args, "warmup-secs", "2"));
        String backend = Stats.arg(args, "backend", "demo");
        String task = Stats.arg(args, "task", "steps=100000 step-ms=100");
        int mix = Integer.parseInt(Stats.arg(args, "mix", "0"));
        DescartesCodec codec = new DescartesCodec();
        String prefix = UUID.randomUUID().toString();
        int maxK = 1;
        int maxWindow = 1;
        List<int[]> plan = new ArrayList<>(); // {K, W, R}: W = 0 for a paced run of R requests/s
        for (String r : runs.split(",")) {
            String[] kw = r.trim().split("[:@]");
            boolean paced = r.contains("@");
            plan.add(new int[] {Integer.parseInt(kw[0]), paced ? 0 : Integer.parseInt(kw[1]), paced ? Integer.parseInt(kw[1]) : 0});
            maxK = Math.max(maxK, Integer.parseInt(kw[0]));
            maxWindow = Math.max(maxWindow, paced ? 1 : Integer.parseInt(kw[1]));
        }

        try (ZContext ctx = new ZContext()) {
            ZMQ.Socket admin = connected(ctx, connect, codec, HealthCheckRequest::new, prefix + "-admin");
            List<UUID> agents = new ArrayList<>();
            Set<UUID> paused = ConcurrentHashMap.newKeySet();
            try {
                for (int i = 0; i < (mix > 0 ? maxK : 1); i++) {
                    SpawnResponse spawned = (SpawnResponse) call(admin, codec, new SpawnRequest(prefix + "-spawn" + i,
                            AgentConfig.of("bench-ctlops-" + i, backend, task), 30L, Map.of()), name + " spawn");
                    if (!spawned.success() || spawned.agentInfo() == null) {
                        throw new IllegalStateException(name + ": spawn failed: " + spawned.error());
                    }
                    agents.add(spawned.agentInfo().id());
                    System.out.println(name + ": spawned agent " + spawned.agentInfo().id() + " ("
                            + spawned.agentInfo().status().wire() + ")");
                }
                if (warmupSecs > 0) {
                    run(ctx, connect, codec, agents, paused, mix, prefix + "-w", 1, maxWindow, 0, warmupSecs);
                }
                for (int[] kw : plan) {
                    Result r = run(ctx, connect, codec, agents, paused, mix, prefix + "-" + kw[0] + "x" + kw[1] + "r" + kw[2],
                            kw[0], kw[1], kw[2], secs);
                    System.out.printf("RESULT ctlops target=%s k=%d window=%d%s mix=%d ops=%d errors=%d secs=%.2f ops_s=%.0f p50_us=%.0f p99_us=%.0f ctl_ops=%d ctl_p50_us=%.0f ctl_p99_us=%.0f%s%n",
                            name, kw[0], kw[1], kw[2] > 0 ? " rate=" + kw[2] : "", mix, r.ops, r.errors, r.secs, r.ops / r.secs,
                            Stats.percentileMicros(r.latencies, r.ops, 50), Stats.percentileMicros(r.latencies, r.ops, 99),
                            r.control.ops, Stats.percentileMicros(r.control.latencies, r.control.ops, 50),
                            Stats.percentileMicros(r.control.latencies, r.control.ops, 99),
                            r.failure == null ? "" : " failure=\"" + r.failure + "\"");
                }
            } finally {
                for (UUID agent : agents) {
                    long t0 = System.nanoTime();
                    CommandResponse stop = (CommandResponse) call(admin, codec,
                            new ControlCommand(prefix + "-stop-" + agent, agent, ControlCommandType.STOP, null), name + " stop");
                    System.out.printf("RESULT ctlstop target=%s agent=%s success=%s status=%s ms=%.0f%s%n", name, agent,
                            stop.success(), stop.status() == null ? "-" : stop.status().wire(), (System.nanoTime() - t0) / 1e6,
                            stop.error() == null ? "" : " error=\"" + stop.error() + "\"");
                }
            }
        }
    }

    static ZMQ.Socket socket(ZContext ctx, String connect) {
        ZMQ.Socket s = ctx.createSocket(SocketType.DEALER);
        s.setLinger(0);
        s.setReceiveTimeOut(30_000);
        s.setSndHWM(100_000);
        s.setRcvHWM(100_000);
        BenchCurve.client(s);
        s.connect(connect);
        return s;
    }

    /**
     * A DEALER that has answered one probe request in the thread that made it, before it is handed to a client thread.
     * Seen here with JeroMQ 0.6.0: a fresh connection now and then never gets a reply (the server's ZMTP greeting sat
     * unread in the client's TCP receive queue); such a socket is dropped after 2 s and a new one made (printed), so
     * the timed part only starts on working connections.
     */
    static ZMQ.Socket connected(ZContext ctx, String connect, DescartesCodec codec, UUID agent, String id) {
        return connected(ctx, connect, codec, rid -> new ControlCommand(rid, agent, ControlCommandType.GET_STATUS, null), id);
    }

    static ZMQ.Socket connected(ZContext ctx, String connect, DescartesCodec codec,
                                java.util.function.Function<String, ZmqMessage> probe, String id) {
        for (int attempt = 1; ; attempt++) {
            ZMQ.Socket s = socket(ctx, connect);
            s.setReceiveTimeOut(attempt < 10 ? 2_000 : 30_000);
            try {
                String rid = id + "-" + attempt;
                s.sendMore(EMPTY);
                s.send(codec.encode(probe.apply(rid)));
                while (true) {
                    byte[] payload = recvPayload(s);
                    if (payload == null) {
                        break;
                    }
                    if (rid.equals(requestId(codec.decode(payload)))) {
                        s.setReceiveTimeOut(30_000);
                        if (attempt > 1) {
                            System.out.println("(connection needed " + attempt + " attempts)");
                        }
                        return s;
                    }
                }
            } catch (RuntimeException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
            if (attempt >= 10) {
                throw new IllegalStateException("no reply to get_status on a new connection, 10 attempts");
            }
            ctx.destroySocket(s);
        }
    }

    /** One request, one reply (skipping stale replies of earlier runs on this socket). */
    static ZmqMessage call(ZMQ.Socket s, DescartesCodec codec, ZmqMessage request, String what) {
        String id = requestId(request);
        s.sendMore(EMPTY);
        s.send(codec.encode(request));
        while (true) {
            byte[] payload = recvPayload(s);
            if (payload == null) {
                throw new IllegalStateException(what + ": no reply within 30 s");
            }
            ZmqMessage m = codec.decode(payload);
            if (id.equals(requestId(m))) {
                return m;
            }
        }
    }

    static String requestId(ZmqMessage m) {
        if (m instanceof SpawnRequest r) {
            return r.requestId();
        } else if (m instanceof SpawnResponse r) {
            return r.requestId();
        } else if (m instanceof ControlCommand r) {
            return r.requestId();
        } else if (m instanceof CommandResponse r) {
            return r.requestId();
        } else if (m instanceof HealthCheckResponse r) {
            return r.requestId();
        }
        return "";
    }

    /** Reads one message (["", payload] or [payload]); returns its last frame, or null on timeout. */
    static byte[] recvPayload(ZMQ.Socket s) {
        byte[] frame = s.recv(0);
        if (frame == null) {
            return null;
        }
        while (s.hasReceiveMore()) {
            frame = s.recv(0);
        }
        return frame;
    }

    static final class Result {
        long[] latencies = new long[1 << 16];
        int ops;
        int errors;
        double secs;
        String failure;
        /** The pause/resume requests alone (also counted in the totals above). */
        Result control;

        void add(long nanos) {
            if (ops == latencies.length) {
                latencies = java.util.Arrays.copyOf(latencies, ops * 2);
            }
            latencies[ops++] = nanos;
        }
    }

    /**
     * {@code paused}: the agents paused now, kept across runs (a run may end between a pause and its resume);
     * {@code rate} > 0: paced, the clients' schedules interleaved evenly.
     */
    static Result run(ZContext ctx, String connect, DescartesCodec codec, List<UUID> agents, Set<UUID> paused, int mix,
                      String prefix, int k, int window, int rate, double secs) throws InterruptedException {
        Client[] clients = new Client[k];
        long interval = rate > 0 ? (long) (1e9 * k / rate) : 0;
        for (int i = 0; i < k; i++) {
            UUID agent = agents.get(i % agents.size());
            clients[i] = new Client(connected(ctx, connect, codec, agent, prefix + "-c" + i + "-hello"), new DescartesCodec(),
                    agent, prefix + "-c" + i, window, mix, paused, interval, interval * i / k);
        }
        double elapsed = StartTogether.run("ctl-client",
                Arrays.stream(clients).map(c -> (Consumer<CountDownLatch>) go -> c.run(go, secs)).toList());
        Result all = new Result();
        all.control = new Result();
        for (Client c : clients) {
            for (int i = 0; i < c.result.ops; i++) {
                all.add(c.result.latencies[i]);
            }
            for (int i = 0; i < c.control.ops; i++) {
                all.control.add(c.control.latencies[i]);
            }
            all.errors += c.result.errors;
            if (c.result.failure != null) {
                all.failure = c.result.failure;
            }
            ctx.destroySocket(c.socket);
        }
        // ops are counted over the whole run, including the drain of the last window after the send deadline
        all.secs = elapsed;
        return all;
    }

    /**
     * One client: its own socket; sends requests while its window has room (paced: when they are due), reads replies
     * between.
     */
    static final class Client {
        final ZMQ.Socket socket;
        final DescartesCodec codec;
        final UUID agent;
        final String prefix;
        final int window;
        final int mix;
        final Set<UUID> paused;
        final Map<String, Long> inFlight = new HashMap<>();
        final Result result = new Result();
        final Result control = new Result();
        /** Paced: the time between two of this client's requests, and its first one's offset from the start; else 0. */
        final long interval;
        final long offset;
        /** The pause or resume in flight, if any. */
        String controlInFlight;

        Client(ZMQ.Socket socket, DescartesCodec codec, UUID agent, String prefix, int window, int mix, Set<UUID> paused,
               long interval, long offset) {
            this.socket = socket;
            this.codec = codec;
            this.agent = agent;
            this.prefix = prefix;
            this.window = window;
            this.mix = mix;
            this.paused = paused;
            this.interval = interval;
            this.offset = offset;
        }

        ControlCommandType next(long seq, String id) {
            if (mix <= 0 || seq % mix != mix - 1 || controlInFlight != null) {
                return ControlCommandType.GET_STATUS;
            }
            controlInFlight = id;
            return paused.contains(agent) ? ControlCommandType.RESUME : ControlCommandType.PAUSE;
        }

        void run(CountDownLatch go, double secs) {
            try {
                go.await();
                long start = System.nanoTime();
                long deadline = start + (long) (secs * 1e9);
                long due = start + offset; // paced: the intended send time of the next request
                long seq = 0;
                while (true) {
                    long now = System.nanoTime();
                    boolean sending = now < deadline && (interval == 0 || due < deadline);
                    if (!sending && inFlight.isEmpty()) {
                        break;
                    }
                    if (interval > 0) {
                        // every request due by now goes, each timed from when it was due
                        for (; sending && due <= now && due < deadline; due += interval) {
                            send(seq++, due);
                        }
                    } else {
                        while (sending && inFlight.size() < window) {
                            send(seq++, System.nanoTime());
                        }
                    }
                    // wait for the next reply (paced: at most until the next request is due); then take whatever
                    // else is already there without blocking
                    boolean waitsForSchedule = interval > 0 && sending;
                    socket.setReceiveTimeOut(waitsForSchedule
                            ? (int) Math.max(1, (due - System.nanoTime() + 999_999) / 1_000_000) : 30_000);
                    byte[] reply = recvPayload(socket);
                    if (reply == null && waitsForSchedule) {
                        continue;
                    }
                    if (reply == null) {
                        result.failure = "no reply within 30 s, " + inFlight.size() + " in flight";
                        return;
                    }
                    handle(reply);
                    while (true) {
                        byte[] more = socket.recv(ZMQ.DONTWAIT);
                        if (more == null) {
                            break;
                        }
                        while (socket.hasReceiveMore()) {
                            more = socket.recv(0);
                        }
                        handle(more);
                    }
                }
            } catch (Exception e) {
                result.failure = e.toString();
            }
        }

        void send(long seq, long sentAt) {
            String id = prefix + "-" + seq;
            byte[] payload = codec.encode(new ControlCommand(id, agent, next(seq, id), null));
            inFlight.put(id, sentAt);
            socket.sendMore(EMPTY);
            socket.send(payload);
        }

        void handle(byte[] payload) {
            long now = System.nanoTime();
            ZmqMessage m = codec.decode(payload);
            if (!(m instanceof CommandResponse r)) {
                throw new IllegalStateException("unexpected reply " + m);
            }
            Long sent = inFlight.remove(r.requestId());
            if (sent == null) {
                return; // not ours (a stale reply)
            }
            boolean isControl = r.requestId().equals(controlInFlight);
            if (isControl) {
                controlInFlight = null;
            }
            if (r.success() && (isControl || r.data() != null && r.data().has("status"))) {
                result.add(now - sent);
                if (isControl) {
                    control.add(now - sent);
                    if (!paused.remove(agent)) {
                        paused.add(agent);
                    }
                }
            } else {
                result.errors++;
                if (result.failure == null) {
                    result.failure = "error reply: " + r.error();
                }
            }
        }
    }
}
