package io.descartes.hub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns the run's outputs into one markdown table set: JMH's JSON (codec) and the RESULT lines of the harnesses.
 * {@code java -cp benchmarks.jar io.descartes.hub.bench.Report <codec.json> <results.txt> [note ...]}
 */
public final class Report {

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--hubs") || args[0].equals("--control")) { // run.sh's ONLY=hubs (section 7), ONLY=control (5)
            StringBuilder out = new StringBuilder();
            List<Map<String, String>> results = parse(Files.readAllLines(Path.of(args[1])));
            if (args[0].equals("--hubs")) {
                hubs(out, results);
            } else {
                control(out, results);
            }
            for (int i = 2; i < args.length; i++) {
                out.append("\n").append(args[i]).append("\n");
            }
            System.out.print(out);
            return;
        }
        Path codecJson = Path.of(args[0]);
        List<Map<String, String>> results = parse(Files.readAllLines(Path.of(args[1])));
        StringBuilder out = new StringBuilder();
        codec(out, codecJson);
        latency(out, results);
        load(out, results);
        control(out, results);
        out.append("\n");
        for (int i = 2; i < args.length; i++) {
            out.append(args[i]).append("\n");
        }
        System.out.print(out);
    }

    static List<Map<String, String>> parse(List<String> lines) {
        List<Map<String, String>> list = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith("RESULT ")) {
                continue;
            }
            Map<String, String> m = new LinkedHashMap<>();
            String[] parts = line.substring(7).split(" ", 2);
            m.put("kind", parts[0]);
            if (parts.length > 1) {
                for (String kv : parts[1].split(" (?=[a-z_0-9]+=)")) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        m.put(kv.substring(0, eq), kv.substring(eq + 1).replace("\"", ""));
                    }
                }
            }
            list.add(m);
        }
        return list;
    }

    static void codec(StringBuilder out, Path json) throws Exception {
        out.append("### 1. Codec (JMH, AverageTime) — DescartesCodec vs hand-written msgpack-core\n\n");
        if (!Files.exists(json)) {
            out.append("(no JMH results)\n\n");
            return;
        }
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        // name -> {codec, raw, codecErr, rawErr, codecCpu, rawCpu, codecCpuErr, rawCpuErr}
        Map<String, double[]> rows = new TreeMap<>();
        String unit = "ns/op";
        for (JsonNode b : root) {
            String method = b.get("benchmark").asText().replaceAll(".*\\.", "");
            String size = b.path("params").path("size").asText("");
            boolean raw = method.endsWith("_raw");
            String name = method.replaceFirst("_(codec|raw)$", "") + (size.isEmpty() ? "" : " " + size + " B");
            unit = b.get("primaryMetric").get("scoreUnit").asText();
            double[] r = rows.computeIfAbsent(name, n -> {
                double[] row = new double[8];
                Arrays.fill(row, Double.NaN); // a side that was not run stays NaN, not 0
                return row;
            });
            int side = raw ? 1 : 0;
            medianAndSpread(b.get("primaryMetric").get("rawData"), r, side);
            medianAndSpread(b.path("secondaryMetrics").path("cpu.norm").path("rawData"), r, 4 + side);
        }
        out.append("Median of the measurement iterations; ± is the spread (max − min) of those iterations. CPU: the ")
                .append("benchmark thread's CPU time per op (`CpuTimeProfiler`), which leaves out the time spent waiting ")
                .append("for a core on a loaded machine; the target is judged on it when it was measured.\n\n");
        out.append("| benchmark | codec (").append(unit).append(") | raw msgpack-core (").append(unit)
                .append(") | codec/raw | codec CPU | raw CPU | CPU codec/raw | target |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Map.Entry<String, double[]> e : rows.entrySet()) {
            double[] r = e.getValue();
            double ratio = r[0] / r[1];
            double cpuRatio = r[4] / r[5];
            String target = "≤ 1.5x " + ((Double.isNaN(cpuRatio) ? ratio : cpuRatio) <= 1.5 ? "✅" : "❌");
            if (e.getKey().contains("serialize") && !e.getKey().contains("deserialize")) {
                target += r[0] < 1_000_000 ? "; < 1 ms ✅" : "; < 1 ms ❌";
            } else if (e.getKey().contains("roundtrip")) {
                target += r[0] < 2_000_000 ? "; < 2 ms ✅" : "; < 2 ms ❌";
            }
            out.append(String.format(Locale.ROOT,
                    "| %s | %,.0f ± %,.0f | %,.0f ± %,.0f | %.2f | %,.0f ± %,.0f | %,.0f ± %,.0f | %.2f | %s |%n",
                    e.getKey(), r[0], nz(r[2]), r[1], nz(r[3]), ratio, r[4], nz(r[6]), r[5], nz(r[7]), cpuRatio,
                    target));
        }
        out.append("\n");
    }

    /**
     * Median of the measurement iterations into {@code r[at]}, their spread into {@code r[at + 2]} (NaN when absent):
     * the median, so that one iteration hit by a neighbour's build does not decide the row.
     */
    static void medianAndSpread(JsonNode rawData, double[] r, int at) {
        List<Double> its = new ArrayList<>();
        for (JsonNode fork : rawData) {
            for (JsonNode it : fork) {
                its.add(it.asDouble());
            }
        }
        its.sort(null);
        int n = its.size();
        r[at] = n == 0 ? Double.NaN : n % 2 == 1 ? its.get(n / 2) : (its.get(n / 2 - 1) + its.get(n / 2)) / 2;
        r[at + 2] = n == 0 ? Double.NaN : its.get(n - 1) - its.get(0);
    }

    static double nz(double d) {
        return Double.isNaN(d) ? 0 : d;
    }

    static Map<String, String> find(List<Map<String, String>> results, String kind, String... kv) {
        outer:
        for (Map<String, String> m : results) {
            if (!kind.equals(m.get("kind"))) {
                continue;
            }
            for (int i = 0; i < kv.length; i += 2) {
                if (!kv[i + 1].equals(m.get(kv[i]))) {
                    continue outer;
                }
            }
            return m;
        }
        return null;
    }

    static double d(Map<String, String> m, String key) {
        return m == null || m.get(key) == null ? Double.NaN : Double.parseDouble(m.get(key));
    }

    static void latency(StringBuilder out, List<Map<String, String>> results) {
        out.append("### 2. Command round trip (health_check_request, sequential DEALER, separate processes)\n\n");
        Map<String, String> echo = find(results, "latency", "target", "echo");
        Map<String, String> hub = find(results, "latency", "target", "hub");
        out.append("| target | samples | p50 (µs) | p99 (µs) | mean (µs) |\n|---|---:|---:|---:|---:|\n");
        for (Map<String, String> m : new Map[] {echo, hub}) {
            if (m != null) {
                out.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f |%n",
                        m.get("target").equals("echo") ? "baseline: JeroMQ ROUTER echo (DescartesCodec, no Camel, no DB)" : "hub command ROUTER (Camel route, records the request)",
                        m.get("n"), d(m, "p50_us"), d(m, "p99_us"), d(m, "mean_us")));
            }
        }
        if (echo != null && hub != null) {
            out.append(String.format(Locale.ROOT, "| **hub added overhead** | | +%.0f (%.1fx) | +%.0f (%.1fx) | |%n",
                    d(hub, "p50_us") - d(echo, "p50_us"), d(hub, "p50_us") / d(echo, "p50_us"),
                    d(hub, "p99_us") - d(echo, "p99_us"), d(hub, "p99_us") / d(echo, "p99_us")));
            out.append(String.format(Locale.ROOT, "%nSeed target roundtrip < 2 ms: baseline %s, hub %s (p50).%n%n",
                    d(echo, "p50_us") < 2000 ? "✅" : "❌", d(hub, "p50_us") < 2000 ? "✅" : "❌"));
        }
    }

    /** The same two servers without CURVE (run.sh with CURVE=1): what the encryption itself costs each side. */
    static void curveCost(StringBuilder out, List<Map<String, String>> results) {
        if (find(results, "load", "target", "hub-plain") == null) {
            return;
        }
        out.append("\n**CURVE's own cost** (the rows above with CURVE on every socket, as shipped; the same servers without it)\n\n");
        out.append("| K | baseline plain / CURVE events/s | CURVE/plain | hub plain / CURVE events/s | CURVE/plain | hub/baseline plain | hub/baseline CURVE | server CPU µs/event hub plain / CURVE |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String k : new String[] {"1", "4", "16"}) {
            double bp = d(find(results, "load", "target", "baseline-plain", "k", k, "rate", "0"), "eps");
            double bc = d(find(results, "load", "target", "baseline", "k", k, "rate", "0"), "eps");
            double hp = d(find(results, "load", "target", "hub-plain", "k", k, "rate", "0"), "eps");
            double hc = d(find(results, "load", "target", "hub", "k", k, "rate", "0"), "eps");
            out.append(String.format(Locale.ROOT, "| %s | %,.0f / %,.0f | %.2f | %,.0f / %,.0f | %.2f | %.2f | %.2f | %.0f / %.0f |%n", k,
                    bp, bc, bc / bp, hp, hc, hc / hp, hp / bp, hc / bc,
                    d(find(results, "cpu", "target", "hub-plain", "k", k, "rate", "0"), "cpu_us_per_event"),
                    d(find(results, "cpu", "target", "hub", "k", k, "rate", "0"), "cpu_us_per_event")));
        }
    }

    static void load(StringBuilder out, List<Map<String, String>> results) {
        out.append("### 3. Agent-event ingest, durable and acked (log_stream → event_ack, window 256/sender)\n\n");
        out.append("| K senders | baseline events/s | hub events/s | hub/baseline | baseline p50/p99 ack (ms) | hub p50/p99 ack (ms) | server CPU µs/event baseline / hub | target |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (String k : new String[] {"1", "4", "16"}) {
            Map<String, String> b = find(results, "load", "target", "baseline", "k", k, "rate", "0");
            Map<String, String> h = find(results, "load", "target", "hub", "k", k, "rate", "0");
            if (b == null && h == null) {
                continue;
            }
            double ratio = d(h, "eps") / d(b, "eps");
            Map<String, String> bc = find(results, "cpu", "target", "baseline", "k", k, "rate", "0");
            Map<String, String> hc = find(results, "cpu", "target", "hub", "k", k, "rate", "0");
            out.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %.1f / %.1f | %.1f / %.1f | %.0f / %.0f | ≥ 0.6 %s |%n", k,
                    d(b, "eps"), d(h, "eps"), ratio, d(b, "p50_us") / 1000, d(b, "p99_us") / 1000,
                    d(h, "p50_us") / 1000, d(h, "p99_us") / 1000, d(bc, "cpu_us_per_event"), d(hc, "cpu_us_per_event"),
                    ratio >= 0.6 ? "✅" : "❌"));
        }
        curveCost(out, results);
        out.append("\n**Single-event commit (K=1, window 1: every event is its own transaction)**\n\n");
        out.append("| server | events/s | p50 ack (ms) | p99 ack (ms) |\n|---|---:|---:|---:|\n");
        for (String[] t : new String[][] {{"commit-baseline", "baseline (one long-lived connection)"},
                {"commit-baseline-conn-per-batch", "baseline, new connection per transaction (as the hub's JournalWriter did before it kept one open)"},
                {"commit-hub", "hub"}}) {
            Map<String, String> m = find(results, "load", "target", t[0]);
            if (m != null) {
                out.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f |%n", t[1], d(m, "eps"),
                        d(m, "p50_us") / 1000, d(m, "p99_us") / 1000));
            }
        }
        out.append("\n**Rate-limited: 10,000 events/s offered, K=4** (latency from the scheduled send time)\n\n");
        out.append("| server | offered/s | achieved acked/s | p50 ack (ms) | p99 ack (ms) | target p99 < 5 ms |\n|---|---:|---:|---:|---:|---|\n");
        for (String[] t : new String[][] {{"baseline", "baseline"}, {"hub", "hub"}, {"hub-ws", "hub, 10 WebSocket clients connected"},
                {"floor-in-memory", "floor: the baseline on an in-memory database (no disk), what harness and JeroMQ leave"},
                {"floor-ws", "floor with the 10 WebSocket clients: the same, fanning the same JSON out to them (Vert.x)"}}) {
            Map<String, String> m = rated(results, t[0]);
            if (m != null) {
                out.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %.2f | %s |%n", t[1], d(m, "rate"),
                        d(m, "eps"), d(m, "p50_us") / 1000, d(m, "p99_us") / 1000, d(m, "p99_us") < 5000 ? "✅" : "❌"));
            }
        }
        againstFloor(out, results, "hub", "floor-in-memory", "hub p99 against the floor");
        againstFloor(out, results, "hub-ws", "floor-ws", "with the 10 WebSocket clients, against the floor with them");
        long acked = 0;
        for (Map<String, String> m : results) {
            // the killed hub's events only: hub-plain is another process with its own database
            if ("load".equals(m.get("kind")) && m.get("target").contains("hub") && !m.get("target").contains("plain")) {
                acked += (long) (d(m, "acked") - d(m, "dup"));
            }
        }
        Map<String, String> db = find(results, "dbcount");
        out.append("\n**Durability** (hub killed with SIGKILL after the runs, its SQLite file then read with a new connection)\n\n");
        if (db != null) {
            long rows = (long) d(db, "rows");
            out.append(String.format(Locale.ROOT, "| acked (new) log_stream events | rows in `events` | |%n|---:|---:|---|%n| %,d | %,d | %s |%n",
                    acked, rows, rows == acked ? "✅ exact" : "❌ mismatch"));
        } else {
            out.append("(not run)\n");
        }
        out.append("\n**WebSocket fan-out during the 10k/s run**\n\n");
        Map<String, String> ws = find(results, "ws", "target", "hub-ws", "rate", "10000");
        if (ws != null) {
            out.append("| server | clients | deliveries | expected | min per client | closed by the server | ids in order | |\n"
                    + "|---|---:|---:|---:|---:|---:|---|---|\n");
            for (String target : new String[] {"hub-ws", "floor-ws"}) {
                Map<String, String> w = find(results, "ws", "target", target, "rate", "10000");
                if (w != null) {
                    out.append("| ").append(target).append(" ").append(deliveries(w)).append("\n");
                }
            }
        } else {
            out.append("(not run: WS=0)\n");
        }
        wsFlood(out, results);
        memory(out, results);
    }

    /** The 10k/s run of a target (K=4). */
    static Map<String, String> rated(List<Map<String, String>> results, String target) {
        return find(results, "load", "target", target, "k", "4", "rate", "10000");
    }

    /** Issue #18: the hub's p99 at 10k/s at most the floor's of the same run, with and without the WebSocket clients. */
    static void againstFloor(StringBuilder out, List<Map<String, String>> results, String hub, String floor, String what) {
        Map<String, String> h = rated(results, hub);
        Map<String, String> f = rated(results, floor);
        if (h != null && f != null) {
            double hp = d(h, "p99_us") / 1000;
            double fp = d(f, "p99_us") / 1000;
            out.append(String.format(Locale.ROOT, "%n%s: %.1f ms against %.1f ms (target ≤ the floor %s)%n", what, hp, fp,
                    hp <= fp ? "✅" : "❌"));
        }
    }

    /** One {@code RESULT ws} line as the cells "clients | deliveries | expected | min | closed | in order | ✅". */
    static String deliveries(Map<String, String> ws) {
        String failure = ws.get("failure");
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |", ws.get("clients"), ws.get("deliveries"),
                ws.get("expected"), ws.get("min_per_client"), ws.get("closed"), failure == null ? "yes" : "no: " + failure,
                ws.get("deliveries").equals(ws.get("expected")) && failure == null ? "✅" : "❌");
    }

    /** Unthrottled K=4 with 10 WebSocket clients: the hub against BaselineEventServer --ws-port (the same JSON by hand). */
    static void wsFlood(StringBuilder out, List<Map<String, String>> results) {
        Map<String, String> b = find(results, "load", "target", "baseline-ws", "k", "4", "rate", "0");
        Map<String, String> h = find(results, "load", "target", "hub-ws", "k", "4", "rate", "0");
        if (b == null && h == null) {
            return;
        }
        out.append("\n**WebSocket fan-out, unthrottled: K=4 senders, 10 clients on `/ws/events`** (baseline: "
                + "`BaselineEventServer --ws-port`, the same JSON to the same clients from a lean Vert.x server)\n\n");
        out.append("| server | acked events/s | p50 / p99 ack (ms) | server CPU µs/event | clients | deliveries | expected "
                + "| min per client | closed by the server | ids in order | every client got every event |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (Map<String, String> m : Arrays.asList(b, h)) {
            if (m == null) {
                continue;
            }
            String target = m.get("target");
            Map<String, String> ws = find(results, "ws", "target", target, "rate", "0");
            out.append(String.format(Locale.ROOT, "| %s | %,.0f | %.1f / %.1f | %.0f ", target, d(m, "eps"),
                    d(m, "p50_us") / 1000, d(m, "p99_us") / 1000,
                    d(find(results, "cpu", "target", target, "k", "4", "rate", "0"), "cpu_us_per_event")))
                    .append(ws == null ? "| | | | | | | |" : deliveries(ws)).append("\n");
        }
        double ratio = d(h, "eps") / d(b, "eps");
        out.append(String.format(Locale.ROOT, "%nhub/baseline: **%.2f** (target ≥ 0.75 %s)%n", ratio, ratio >= 0.75 ? "✅" : "❌"));
    }

    /** Peak RSS and GC pauses of each server over the runs LoadHarness watched (--server-pid, --server-gc-log). */
    static void memory(StringBuilder out, List<Map<String, String>> results) {
        List<Map<String, String>> rows = results.stream().filter(m -> "mem".equals(m.get("kind"))).toList();
        if (rows.isEmpty()) {
            return;
        }
        out.append("\n**Memory** (the server's highest VmRSS sampled every 100 ms over the run, VmHWM = its peak since it "
                + "started; GC pauses from its `-Xlog:gc` log during the run)\n\n");
        out.append("| server | run | peak RSS (MB) | VmHWM (MB) | GC pauses | total pause (ms) | max pause (ms) |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Map<String, String> m : rows) {
            String run = "K=" + m.get("k") + ("0".equals(m.get("rate")) ? " unthrottled" : ", " + m.get("rate") + "/s offered")
                    + (m.get("target").endsWith("-ws") ? ", 10 WebSocket clients" : "");
            out.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %s | %.1f | %.1f |%n", m.get("target"), run,
                    d(m, "peak_rss_kb") / 1024, d(m, "hwm_kb") / 1024, m.get("gc_pauses"), d(m, "gc_pause_total_ms"),
                    d(m, "gc_pause_max_ms")));
        }
    }

    static void control(StringBuilder out, List<Map<String, String>> results) {
        out.append("\n### 5. Control operations over ZMQ (control_command → command_response on running demo agents)\n\n");
        if (find(results, "ctlops") == null) {
            out.append("(not run)\n");
            return;
        }
        out.append("K DEALER clients, each with up to W requests in flight (upstream framing, correlated by request_id); "
                + "a paced row: K clients sending R requests/s together on a fixed schedule (open loop), each latency from "
                + "the request's intended send time. "
                + "Requests: get_status of one agent, or with a mix of 1/N every N-th request of a client is a pause or resume "
                + "of its own agent (SIGSTOP/SIGCONT, one in flight per client). The hub records every request and every "
                + "response (and each pause/resume's status_update) as an event, committed before the reply; the baseline "
                + "(`EchoServer`: plain JeroMQ ROUTER, DescartesCodec, no Camel) records nothing and runs no process.\n\n");
        out.append("| requests | K × W | hub ops/s | baseline ops/s | hub/baseline | hub p50 / p99 (ms) | baseline p50 / p99 (ms) "
                + "| p99 hub/baseline | hub pause/resume p50 / p99 (ms) | target 1,000+ ops/s, p50 < 10 ms (p99) |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        List<String> onTarget = new ArrayList<>();
        for (Map<String, String> h : results) {
            if (!"ctlops".equals(h.get("kind")) || !"hub".equals(h.get("target"))) {
                continue;
            }
            String mix = h.getOrDefault("mix", "0");
            String rate = h.get("rate");
            Map<String, String> b = rate == null
                    ? find(results, "ctlops", "target", "baseline", "k", h.get("k"), "window", h.get("window"), "mix", mix)
                    : find(results, "ctlops", "target", "baseline", "k", h.get("k"), "rate", rate, "mix", mix);
            // a paced row: K clients offering R requests/s together, latency from each request's intended send time
            String shape = rate == null ? h.get("k") + " × " + h.get("window")
                    : h.get("k") + " paced, " + String.format(Locale.ROOT, "%,d", Integer.parseInt(rate)) + "/s offered";
            double ops = d(h, "ops_s");
            double p50 = d(h, "p50_us") / 1000;
            double p99 = d(h, "p99_us") / 1000;
            String requests = "0".equals(mix) ? "get_status" : "mix, 1/" + mix + " pause/resume";
            String control = d(h, "ctl_ops") > 0
                    ? String.format(Locale.ROOT, "%.2f / %.2f", d(h, "ctl_p50_us") / 1000, d(h, "ctl_p99_us") / 1000) : "–";
            boolean errors = h.containsKey("failure") || d(h, "errors") > 0;
            out.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %.3f | %.2f / %.2f | %.2f / %.2f | %.1f | %s | %s ops/s, %s p50 (%s p99)%s |%n",
                    requests, shape, ops, d(b, "ops_s"), ops / d(b, "ops_s"), p50, p99,
                    d(b, "p50_us") / 1000, d(b, "p99_us") / 1000, d(h, "p99_us") / d(b, "p99_us"), control, ops >= 1000 ? "✅" : "❌", p50 < 10 ? "✅" : "❌",
                    p99 < 10 ? "✅" : "❌", errors ? " (errors " + h.get("errors") + ")" : ""));
            if (ops >= 1000 && p50 < 10 && !errors) {
                onTarget.add(String.format(Locale.ROOT, "%s %s (%,.0f ops/s, p50 %.2f ms)", requests, shape, ops, p50));
            }
        }
        out.append(onTarget.isEmpty() ? "\nNo configuration met 1,000+ ops/s with p50 < 10 ms in this run.\n"
                : "\nConfigurations meeting 1,000+ ops/s with p50 < 10 ms in this run: " + String.join("; ", onTarget) + ".\n");
        Map<String, String> tcp = find(results, "floor", "transport", "tcp");
        Map<String, String> zmq = find(results, "floor", "transport", "zmq");
        if (tcp != null && zmq != null) {
            out.append(String.format(Locale.ROOT, "%nThe machine's floor at %s/s paced (`TransportFloor`: one client, one "
                    + "request in flight, %s round trips, nothing behind the socket): TCP echo p50 / p90 / p99 %.2f / %.2f / "
                    + "%.2f ms; JeroMQ DEALER → ROUTER echo (CURVE as the hub) %.2f / %.2f / %.2f ms.%n", zmq.get("rate"),
                    zmq.get("ops"), d(tcp, "p50_us") / 1000, d(tcp, "p90_us") / 1000, d(tcp, "p99_us") / 1000,
                    d(zmq, "p50_us") / 1000, d(zmq, "p90_us") / 1000, d(zmq, "p99_us") / 1000));
        }
        for (Map<String, String> c : results) {
            if ("ctlcpu".equals(c.get("kind")) && "hub".equals(c.get("target"))) {
                out.append(String.format(Locale.ROOT, "%nHub CPU per answered request (its utime+stime over the harness call, "
                        + "warm-up requests not counted), %s: %s µs.%n", "0".equals(c.get("mix")) ? "get_status runs"
                        : "mix 1/" + c.get("mix") + " runs", c.get("cpu_us_per_op")));
            }
        }
        List<Map<String, String>> stops = results.stream()
                .filter(m -> "ctlstop".equals(m.get("kind")) && "hub".equals(m.get("target"))).toList();
        List<Map<String, String>> failed = stops.stream().filter(m -> !"true".equals(m.get("success"))).toList();
        if (!stops.isEmpty()) {
            out.append(String.format(Locale.ROOT, "%nAgents stopped at the end with a `stop` control_command: %d of %d succeeded%s.%n",
                    stops.size() - failed.size(), stops.size(), failed.isEmpty() ? "" : " (" + failed.get(0).get("error") + ")"));
        }
    }

    /** Section 7: ingest with 1, 2, 3 hubs on one PostgreSQL, its baseline, pgbench, the model's inputs. */
    static void hubs(StringBuilder out, List<Map<String, String>> results) {
        if (find(results, "hubscpu") == null) {
            return;
        }
        Map<String, String> oneHub = find(results, "load", "target", "pg-hubs-1");
        Map<String, String> baseline = find(results, "load", "target", "pg-baseline-1");
        out.append("\n### 7. Several hubs on one PostgreSQL (log_stream → event_ack, durable and acked; ")
                .append(oneHub == null ? "?" : oneHub.get("k")).append(" senders in all, spread over the servers)\n\n");
        out.append("Each hub is its own JVM on one fresh PostgreSQL database; the baseline (`BaselineEventServer` on PostgreSQL: "
                + "JeroMQ ROUTER, advisory lock, unnest INSERTs, one pg_notify, COMMIT, then the acks) on another. CPU per "
                + "acked event: the servers' processes (/proc), the database's PostgreSQL backends, and the server's "
                + "background writers (whole server). Batches: the hubs' `descartes_journal_batch_size` count; NOTIFYs: "
                + "received by a LISTENing connection (`NotifyCounter`); the baseline NOTIFYs once per batch.\n\n");
        out.append("| servers | events/s | vs 1 hub | vs baseline ×1 | p50 / p99 ack (ms) | server CPU µs/event | servers' CPU "
                + "before the run, no load (cores) | PG backends µs/event | PG background µs/event | batches | events/batch | NOTIFYs | NOTIFY/batch |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String[] t : new String[][] {{"pg-baseline-1", "baseline ×1"}, {"pg-baseline-3", "baseline ×3"},
                {"pg-hubs-1", "1 hub"}, {"pg-hubs-2", "2 hubs"}, {"pg-hubs-3", "3 hubs"}}) {
            Map<String, String> m = find(results, "load", "target", t[0]);
            Map<String, String> c = find(results, "hubscpu", "target", t[0]);
            if (m == null || c == null) {
                continue;
            }
            boolean hub = t[0].startsWith("pg-hubs");
            double batches = hub ? d(c, "batches") : d(c, "notifications");
            out.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %.2f | %.1f / %.1f | %.0f | %.2f | %.0f | %.0f | %,.0f | %.1f | %,.0f | %s |%n",
                    t[1], d(m, "eps"), hub ? String.format(Locale.ROOT, "%.2f", d(m, "eps") / d(oneHub, "eps")) : "",
                    d(m, "eps") / d(baseline, "eps"), d(m, "p50_us") / 1000, d(m, "p99_us") / 1000,
                    d(c, "server_cpu_us_per_event"), d(c, "server_idle_cores"), d(c, "pg_backend_us_per_event"), d(c, "pg_background_us_per_event"),
                    batches, d(c, "acked") / batches, d(c, "notifications"),
                    hub ? String.format(Locale.ROOT, "%.2f", d(c, "notifications") / batches) : "1 (by construction)"));
        }
        out.append("\n**Exactly once** (servers killed with SIGKILL, then `COUNT(*)` and `COUNT(DISTINCT (agent, stream, "
                + "sequence))` of the log_stream rows)\n\n| database | acked (new) events | rows | distinct | |\n|---|---:|---:|---:|---|\n");
        for (Map<String, String> count : results) {
            if (!"pgcount".equals(count.get("kind"))) {
                continue;
            }
            boolean baselineDb = count.get("db").endsWith("_baseline");
            long acked = 0;
            for (Map<String, String> m : results) {
                String target = m.getOrDefault("target", "");
                if ("load".equals(m.get("kind")) && (baselineDb ? target.matches("(warmup-)?pg-baseline-.*")
                        : target.matches("(warmup-)?pg-hubs?-.*"))) {
                    acked += (long) (d(m, "acked") - d(m, "dup"));
                }
            }
            long rows = (long) d(count, "rows");
            out.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %s |%n", count.get("db"), acked, rows,
                    (long) d(count, "distinct"), rows == acked && d(count, "distinct") == rows ? "✅ exact" : "❌ mismatch"));
        }
        Map<String, String> ceiling = find(results, "pgbench", "target", "insert-ceiling");
        Map<String, String> shape = find(results, "pgbench", "target", "hub-shape");
        if (ceiling != null) {
            out.append("\n**pgbench on the same server and table** (rows shaped like the hubs' log_stream rows, each with its "
                    + "idempotency key, generated by the server; as many per transaction as the hubs' mean batch)\n\n"
                    + "| script | clients | rows/txn | txn/s | rows/s | PG backends µs/row | 3 hubs / this |\n|---|---:|---:|---:|---:|---:|---:|\n");
            Map<String, String> threeHubs = find(results, "load", "target", "pg-hubs-3");
            for (Map<String, String> p : new Map[] {ceiling, shape}) {
                if (p != null) {
                    out.append(String.format(Locale.ROOT, "| %s | %s | %s | %,.0f | %,.0f | %.0f | %.2f |%n",
                            p == ceiling ? "insert ceiling: one INSERT (events + keys) per transaction"
                                    : "the hubs' shape: BEGIN, advisory lock, the INSERT, pg_notify, COMMIT",
                            p.get("clients"), p.get("rows_per_txn"), d(p, "tps"), d(p, "rows_s"),
                            d(p, "pg_backend_us_per_txn") / d(p, "rows_per_txn"), d(threeHubs, "eps") / d(p, "rows_s")));
                }
            }
        }
        double[] plain = medians(results, "notify-cost-plain");
        double[] notify = medians(results, "notify-cost-notify");
        if (!Double.isNaN(plain[0]) && !Double.isNaN(notify[0])) {
            out.append(String.format(Locale.ROOT, "%n**NOTIFY's cost** (pgbench, 1 client, one-row transactions with `pg_notify` "
                            + "or `SELECT 1` in its place, synchronous_commit=off, 1 LISTENer; median of alternating rounds): "
                            + "latency %.0f → %.0f µs per transaction (+%.0f µs), PG backend CPU %.0f → %.0f µs (+%.0f µs) per NOTIFY.%n",
                    plain[0] * 1000, notify[0] * 1000, (notify[0] - plain[0]) * 1000, plain[1], notify[1], notify[1] - plain[1]));
        }
        Map<String, String> oneHubCpu = find(results, "hubscpu", "target", "pg-hubs-1");
        if (oneHubCpu != null) {
            double hubRate = 1e6 / d(oneHubCpu, "server_cpu_us_per_event");
            double pgRate = 1e6 / d(oneHubCpu, "pg_backend_us_per_event");
            out.append(String.format(Locale.ROOT, "%n**Model inputs** (1-hub run): one hub core ≈ %,.0f events/s (%.0f µs/event), one "
                            + "PostgreSQL core ≈ %,.0f events/s (%.0f µs/event of backend CPU)%s. N hubs on a K-core "
                            + "PostgreSQL: min(N × cores per hub × %,.0f, K × %,.0f, the lock-serialised rate).%n",
                    hubRate, d(oneHubCpu, "server_cpu_us_per_event"), pgRate, d(oneHubCpu, "pg_backend_us_per_event"),
                    shape == null ? "" : String.format(Locale.ROOT, "; the lock-serialised rate at %s rows per batch (pgbench, "
                            + "the hubs' shape) ≈ %,.0f rows/s", shape.get("rows_per_txn"), d(shape, "rows_s")),
                    hubRate, pgRate));
        }
        for (Map<String, String> feed : results) {
            if ("hubfeed".equals(feed.get("kind"))) {
                out.append(String.format(Locale.ROOT, "Following another hub's events (%s: the %s hub(s) already running, "
                                + "while only the new one is loaded; CPU beyond their idle %s ticks/s): %.0f µs per followed "
                                + "event per following hub.%n", feed.get("target"), feed.get("followers"),
                        feed.get("idle_ticks_per_s"), d(feed, "feed_cpu_us_per_event_per_hub")));
            }
        }
    }

    /** Median latency (ms) and PG CPU per transaction (µs) over the pgbench rounds of one target. */
    private static double[] medians(List<Map<String, String>> results, String target) {
        List<Double> latency = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (Map<String, String> m : results) {
            if ("pgbench".equals(m.get("kind")) && target.equals(m.get("target"))) {
                latency.add(d(m, "latency_ms"));
                cpu.add(d(m, "pg_backend_us_per_txn"));
            }
        }
        return new double[] {Stats.median(latency), Stats.median(cpu)};
    }
}
