#!/usr/bin/env bash
# Builds the hub and the benchmarks, runs every benchmark against its hand-written baseline, prints one
# markdown report (also written to bench/results/latest.md).
#   bash bench/run.sh              full run (~13 min on 2 cores, builds included)
#   QUICK=1 bash bench/run.sh      short run (~2 min + builds)
#   SKIP_BUILD=1 ...               reuse descartes-hub/target/descartes-hub.jar and bench/target/benchmarks.jar
#   WS=1 / WS=0                    force the WebSocket fan-out check on/off (default: on when the hub has /ws/events)
#   WS_TOKEN=...                   bearer token the bench hub is started with (default: bench-token)
#   ONLY=ingest                    only the agent-event ingest runs, the 10k/s run and its WebSocket check (no codec,
#                                  command round trip or control operations): the quick loop when working on ingest
#   ONLY=bus                       only the message bus (~1.5 min): durable direct messages between two agents over the
#                                  hub against BaselineBusRelay, a JeroMQ ROUTER + SQLite relay written by hand
#   CURVE=1 / CURVE=0              the hub as shipped (CURVE on every ZeroMQ socket, keys made by the hub in
#                                  bench/results/zmq, which the harnesses and hand-written servers use too), plus a
#                                  plain pair (a hub with hub.zmq.curve.enabled=false and a plain baseline) that
#                                  measures CURVE's own cost; or everything plain (default 1)
#   PORT_BASE=19000                ports are PORT_BASE+55..57, +65, +67..75, +80..82: move them when someone else benches
# Ports used: 19055-19057, 19065, 19067-19075, 19080-19082 (127.0.0.1 only). Agent workspaces: bench/results/workspaces.
# Every hub and the baselines log their GC pauses to bench/results/gc-<name>.log; the K=16 and WebSocket runs report
# the server's peak RSS and GC pauses (ServerMemory).
# Control operations (ControlOpsHarness) run right after the command round trip; the report prints them as section 5.
set -euo pipefail
WS_TOKEN=${WS_TOKEN:-bench-token}
cd "$(dirname "$0")/.."
ROOT=$(pwd)
R=bench/results
J=bench/target/benchmarks.jar
QUICK=${QUICK:-0}
ONLY=${ONLY:-all}
PB=${PORT_BASE:-19000}
CURVE=${CURVE:-1}
KEYS=$ROOT/$R/zmq
mkdir -p "$R"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== build: hub modules (mvn install) and benchmarks" >&2
  mvn -q -o install -DskipTests 2>/dev/null || mvn -q install -DskipTests
  (cd bench && { mvn -q -o package 2>/dev/null || mvn -q package; })
fi

if [ "$QUICK" = 1 ]; then
  JMH_ARGS=(-f 1 -wi 2 -i 3 -w 500ms -r 300ms)
  LAT_N=5000; LAT_WARM=1000; LAT_SECS=5; CTL_SECS=3; CTL_WARM=1
  LOAD_N=20000; LOAD_SECS=4; COMMIT_SECS=3; RATE_SECS=4; WARM_SECS=3; RATE_WARM=2
else
  JMH_ARGS=(-f 2 -wi 3 -i 5 -w 1s -r 500ms)
  LAT_N=20000; LAT_WARM=5000; LAT_SECS=15; CTL_SECS=6; CTL_WARM=2
  LOAD_N=1000000; LOAD_SECS=12; COMMIT_SECS=5; RATE_SECS=10; WARM_SECS=30; RATE_WARM=3
fi

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

RES=$R/results.txt
: > "$RES"
run() { # run a harness main, keep its RESULT lines
  java -cp "$J" "$@" | tee -a "$RES" | grep '^RESULT' >&2 || true
}
TCK=$(getconf CLK_TCK)
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
load() { # load <server pid> <harness args...>: also records the server's CPU time per acked event
  local pid=$1; shift
  local before before_lines; before=$(ticks "$pid")
  before_lines=$(grep -c "^RESULT load" "$RES" || true)
  run io.descartes.hub.bench.LoadHarness "$@"
  local after acked name
  after=$(ticks "$pid")
  # every phase of this call (a --warmup-secs phase too) used the CPU: divide by all their acks
  acked=$(grep "^RESULT load" "$RES" | tail -n +$((before_lines + 1)) | sed -n 's/.* acked=\([0-9]*\).*/\1/p' | awk '{s += $1} END {print s + 0}')
  name=$(grep "^RESULT load" "$RES" | tail -1 | sed -n 's/.* target=\([^ ]*\) k=\([0-9]*\).* rate=\([0-9]*\).*/\1 k=\2 rate=\3/p')
  if [ -n "$acked" ] && [ "$acked" -gt 0 ]; then
    echo "RESULT cpu target=$name cpu_us_per_event=$(( (after - before) * 1000000 / TCK / acked ))" | tee -a "$RES" >&2
  fi
}

rm -f "$R/codec.json"
if [ "$ONLY" = all ]; then
echo "== 1. codec (JMH)" >&2
java -jar "$J" CodecBenchmark "${JMH_ARGS[@]}" -prof io.descartes.hub.bench.CpuTimeProfiler -rf json -rff "$R/codec.json" > "$R/jmh.log" 2>&1 \
  || { echo "JMH failed, see $R/jmh.log" >&2; }
fi

echo "== start servers (separate processes)" >&2
rm -f "$R"/*.db "$R"/*.db-wal "$R"/*.db-shm
rm -rf "$R/workspaces" "$R/zmq" "$R/zmq-plain"
rm -f "$R"/gc-*.log
gc_log() { echo "-Xlog:gc:file=$R/gc-$1.log::filecount=0"; } # gc_log <name>: the JVM option, one log file per server
mem() { echo "--server-pid=$1" "--server-gc-log=$R/gc-$2.log"; } # mem <pid> <name>: LoadHarness reports RSS and GC pauses
start_hub() { # start_hub <name> <http port> <command port; pub and runner link the next two> <-D...>: sets HUB_PID
  local name=$1 http=$2 zmq=$3; shift 3
  # HUB_JAVA_OPTS: extra JVM options for the hub, e.g. -XX:StartFlightRecording=filename=bench/results/hub.jfr
  java ${HUB_JAVA_OPTS:-} "$(gc_log "$name")" -Dhub.http.port=$http -Dhub.zmq.command.address=tcp://127.0.0.1:$zmq \
    -Dhub.zmq.pub.address=tcp://127.0.0.1:$((zmq + 1)) -Dhub.zmq.runner.address=tcp://127.0.0.1:$((zmq + 2)) \
    -Dhub.db.url=jdbc:sqlite:"$R/$name.db" -Dcamel.main.routes-reload-enabled=false \
    -Dhub.security.token="$WS_TOKEN" -Dhub.agents.workspace-root="$ROOT/$R/workspaces" "$@" \
    -jar "$ROOT/descartes-hub/target/descartes-hub.jar" > "$R/$name.log" 2>&1 & HUB_PID=$!; PIDS+=($HUB_PID)
  for _ in $(seq 90); do
    code=$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$http/health || true)
    [ "$code" = 200 ] && break
    sleep 1
  done
  echo "$name /health: $code" >&2
}
if [ "$ONLY" = bus ]; then
  # README "Message bus": agent bench-a sends direct messages that need an ack to bench-b, over the hub's command
  # endpoint and over BaselineBusRelay (the same durable store-and-forward by hand); window 1 is the unloaded latency,
  # window 64 the throughput. Each run after its own warm-up (BusHarness --warmup, not reported).
  echo "== 6. message bus: durable direct messages between two agents" >&2
  BUS_SECS=15; [ "$QUICK" = 1 ] && BUS_SECS=5
  if [ "$CURVE" = 1 ]; then
    start_hub hub $((PB+80)) $((PB+55)) -Dhub.zmq.curve.key-dir="$KEYS"; SEC=(--curve-dir="$KEYS")
  else
    start_hub hub $((PB+80)) $((PB+55)) -Dhub.zmq.curve.enabled=false -Dhub.zmq.curve.key-dir="$KEYS"; SEC=()
  fi
  java -cp "$J" io.descartes.hub.bench.BaselineBusRelay --bind=tcp://127.0.0.1:$((PB+74)) --db="$R/baseline-bus.db" \
    "${SEC[@]}" > "$R/baseline-bus.log" 2>&1 & PIDS+=($!)
  sleep 2 # the relay binds within a second
  for W in 1 64; do
    for target in baseline:$((PB+74)) hub:$((PB+55)); do
      run io.descartes.hub.bench.BusHarness --connect=tcp://127.0.0.1:${target#*:} --name=${target%:*} --window=$W \
        --n=1000000 --warmup=3000 --max-secs=$BUS_SECS "${SEC[@]}"
    done
  done
  {
    echo "| target | window | delivered | messages/s | p50 µs | p99 µs | max µs |"
    echo "|---|---|---|---|---|---|---|"
    grep '^RESULT bus' "$RES" | sed -E 's/^RESULT bus target=([^ ]*) window=([^ ]*) delivered=([^ ]*) secs=[^ ]* rate=([^ ]*) p50_us=([^ ]*) p99_us=([^ ]*) max_us=([^ ]*)$/| \1 | \2 | \3 | \4 | \5 | \6 | \7 |/'
    echo
    echo "Run $(date -u +%Y-%m-%dT%H:%MZ), QUICK=$QUICK, CURVE=$CURVE, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)."
  } | tee "$R/latest-bus.md"
  exit 0
fi
# the hub first: with CURVE it makes the key folder every other process reads
if [ "$CURVE" = 1 ]; then
  start_hub hub $((PB+80)) $((PB+55)) -Dhub.zmq.curve.key-dir="$KEYS"; HUB=$HUB_PID
  SEC=(--curve-dir="$KEYS")
  start_hub hub-plain $((PB+81)) $((PB+71)) -Dhub.zmq.curve.enabled=false -Dhub.zmq.curve.key-dir="$ROOT/$R/zmq-plain"
  HUB_PLAIN=$HUB_PID
  java -cp "$J" io.descartes.hub.bench.BaselineEventServer --bind=tcp://127.0.0.1:$((PB+70)) --db="$R/baseline-plain.db" \
    > "$R/baseline-plain.log" 2>&1 & BASE_PLAIN=$!; PIDS+=($BASE_PLAIN)
else
  start_hub hub $((PB+80)) $((PB+55)) -Dhub.zmq.curve.enabled=false -Dhub.zmq.curve.key-dir="$KEYS"; HUB=$HUB_PID
  SEC=()
fi
java -cp "$J" io.descartes.hub.bench.EchoServer --bind=tcp://127.0.0.1:$((PB+65)) "${SEC[@]}" > "$R/echo.log" 2>&1 & PIDS+=($!)
java "$(gc_log baseline)" -cp "$J" io.descartes.hub.bench.BaselineEventServer --bind=tcp://127.0.0.1:$((PB+67)) --db="$R/baseline.db" "${SEC[@]}" \
  > "$R/baseline.log" 2>&1 & BASE=$!; PIDS+=($BASE)
java -cp "$J" io.descartes.hub.bench.BaselineEventServer --bind=tcp://127.0.0.1:$((PB+68)) --db="$R/baseline-cpb.db" \
  --connection-per-batch=true "${SEC[@]}" > "$R/baseline-cpb.log" 2>&1 & CPB=$!; PIDS+=($CPB)
# the floor of the 10k/s latency: the baseline with no disk at all (SQLite in memory), same harness, same JeroMQ
java -cp "$J" io.descartes.hub.bench.BaselineEventServer --bind=tcp://127.0.0.1:$((PB+69)) --db=:memory: "${SEC[@]}" \
  > "$R/floor.log" 2>&1 & FLOOR=$!; PIDS+=($FLOOR)
WS=${WS:-auto}
if [ "$WS" = auto ]; then
  if grep -rqs '/ws/events' descartes-hub/src/main/java routes; then WS=1; else WS=0; fi
fi
WS_ARGS=()
if [ "$WS" = 1 ]; then # the WebSocket baseline: the same server, which also sends each event's JSON to its clients
  java "$(gc_log baseline-ws)" -cp "$J" io.descartes.hub.bench.BaselineEventServer --bind=tcp://127.0.0.1:$((PB+75)) \
    --db="$R/baseline-ws.db" --ws-port=$((PB+82)) "${SEC[@]}" > "$R/baseline-ws.log" 2>&1 & BASE_WS=$!; PIDS+=($BASE_WS)
fi
sleep 2 # the hand-written servers bind within a second

if [ "$ONLY" != ingest ]; then
echo "== 2. command round trip" >&2
run io.descartes.hub.bench.LatencyClient --connect=tcp://127.0.0.1:$((PB+65)) --name=echo --warmup=$LAT_WARM --n=$LAT_N --max-secs=$LAT_SECS "${SEC[@]}"
run io.descartes.hub.bench.LatencyClient --connect=tcp://127.0.0.1:$((PB+55)) --name=hub --warmup=$LAT_WARM --n=$LAT_N --max-secs=$LAT_SECS "${SEC[@]}"

echo "== 5. control operations (running demo agents; K clients x window)" >&2
# absolute jar path above: the demo backend runs {java} -cp {classpath} in the agent's workspace.
# 1x1 is the unloaded latency, 4x16 the throughput; 8x1, 4x2 and 4x4 keep few enough requests in flight
# (Little's law: p50 ~ in flight / ops/s) to show 1,000+ ops/s and p50 < 10 ms at once. The mix adds
# pause/resume (SIGSTOP/SIGCONT, one in flight per client, each on its own agent) to get_status.
CTL_ARGS=(--secs=$CTL_SECS --warmup-secs=$CTL_WARM --backend=demo --task="steps=100000 step-ms=100" "${SEC[@]}")
for target in baseline:$((PB+65)) hub:$((PB+55)); do
  run io.descartes.hub.bench.ControlOpsHarness --connect=tcp://127.0.0.1:${target#*:} --name=${target%:*} \
    --runs=1:1,8:1,4:2,4:4,4:16 "${CTL_ARGS[@]}"
  run io.descartes.hub.bench.ControlOpsHarness --connect=tcp://127.0.0.1:${target#*:} --name=${target%:*} \
    --runs=4:2,4:4 --mix=10 "${CTL_ARGS[@]}"
done
fi

echo "== 3. agent-event ingest" >&2
# warm-up (JIT) of both ingest paths, not reported; its rows count in the durability check. 30 s in a full run: the
# hub's C2 compiler is busy for ~25 s of full load (PrintCompilation: ~3,600 compilations per 5 s at first, ~20 per
# 5 s after 30 s), and a shorter warm-up charges that compiling to whichever measured run comes first (K=1)
load "$BASE" --connect=tcp://127.0.0.1:$((PB+67)) --name=warmup-baseline --k=4 --n=$LOAD_N --max-secs=$WARM_SECS "${SEC[@]}"
load "$HUB" --connect=tcp://127.0.0.1:$((PB+57)) --name=warmup-hub --k=4 --n=$LOAD_N --max-secs=$WARM_SECS "${SEC[@]}"
load "$FLOOR" --connect=tcp://127.0.0.1:$((PB+69)) --name=warmup-floor --k=4 --n=$LOAD_N --max-secs=$((WARM_SECS / 3)) "${SEC[@]}"
# the WebSocket baseline's ingest path (its fan-out warms up with its clients, in its own run below)
[ "$WS" = 1 ] && load "$BASE_WS" --connect=tcp://127.0.0.1:$((PB+75)) --name=warmup-baseline-ws --k=4 --n=$LOAD_N --max-secs=$((WARM_SECS / 3)) "${SEC[@]}"
if [ "$CURVE" = 1 ]; then
  load "$BASE_PLAIN" --connect=tcp://127.0.0.1:$((PB+70)) --name=warmup-baseline-plain --k=4 --n=$LOAD_N --max-secs=$((WARM_SECS / 3))
  load "$HUB_PLAIN" --connect=tcp://127.0.0.1:$((PB+73)) --name=warmup-hub-plain --k=4 --n=$LOAD_N --max-secs=$WARM_SECS
fi
for K in 1 4 16; do
  MEM_BASE=(); MEM_HUB=()
  [ "$K" = 16 ] && MEM_BASE=($(mem "$BASE" baseline)) && MEM_HUB=($(mem "$HUB" hub)) # the flood's memory
  load "$BASE" --connect=tcp://127.0.0.1:$((PB+67)) --name=baseline --k=$K --n=$LOAD_N --max-secs=$LOAD_SECS "${MEM_BASE[@]}" "${SEC[@]}"
  load "$HUB" --connect=tcp://127.0.0.1:$((PB+57)) --name=hub --k=$K --n=$LOAD_N --max-secs=$LOAD_SECS "${MEM_HUB[@]}" "${SEC[@]}"
  if [ "$CURVE" = 1 ]; then # CURVE's own cost: the same pair, plain
    load "$BASE_PLAIN" --connect=tcp://127.0.0.1:$((PB+70)) --name=baseline-plain --k=$K --n=$LOAD_N --max-secs=$LOAD_SECS
    load "$HUB_PLAIN" --connect=tcp://127.0.0.1:$((PB+73)) --name=hub-plain --k=$K --n=$LOAD_N --max-secs=$LOAD_SECS
  fi
done
if [ "$CURVE" = 1 ]; then kill "$HUB_PLAIN" "$BASE_PLAIN" 2>/dev/null || true; fi
load "$BASE" --connect=tcp://127.0.0.1:$((PB+67)) --name=commit-baseline --k=1 --window=1 --n=$LOAD_N --max-secs=$COMMIT_SECS "${SEC[@]}"
load "$CPB" --connect=tcp://127.0.0.1:$((PB+68)) --name=commit-baseline-conn-per-batch --k=1 --window=1 --n=$LOAD_N --max-secs=$COMMIT_SECS "${SEC[@]}"
load "$HUB" --connect=tcp://127.0.0.1:$((PB+57)) --name=commit-hub --k=1 --window=1 --n=$LOAD_N --max-secs=$COMMIT_SECS "${SEC[@]}"

[ "$WS" = 1 ] && WS_ARGS=(--ws=ws://127.0.0.1:$((PB+80))/ws/events --ws-clients=10 --ws-token="$WS_TOKEN")
RATE_N=$((10000 * RATE_SECS))
# each after a warm-up at the same rate (LoadHarness --warmup-secs): the harness JVM's own start-up is not measured;
# the hub once alone (comparable with the baseline), once with the WebSocket clients in the harness process
RATE_ARGS=(--k=4 --rate=10000 --n=$RATE_N --max-secs=$RATE_SECS --warmup-secs=$RATE_WARM)
load "$BASE" --connect=tcp://127.0.0.1:$((PB+67)) --name=baseline "${RATE_ARGS[@]}" "${SEC[@]}"
load "$HUB" --connect=tcp://127.0.0.1:$((PB+57)) --name=hub "${RATE_ARGS[@]}" "${SEC[@]}"
load "$FLOOR" --connect=tcp://127.0.0.1:$((PB+69)) --name=floor-in-memory "${RATE_ARGS[@]}" "${SEC[@]}"
if [ "$WS" = 1 ]; then
  load "$HUB" --connect=tcp://127.0.0.1:$((PB+57)) --name=hub-ws "${RATE_ARGS[@]}" "${WS_ARGS[@]}" $(mem "$HUB" hub) "${SEC[@]}"
  # unthrottled K=4 with the 10 clients, against the baseline that fans the same JSON out by hand (BaselineWsFanout);
  # each with a warm-up of its own, the clients connected throughout (they must get the warm-up's events too)
  FLOOD_WS=(--k=4 --n=$LOAD_N --max-secs=$LOAD_SECS --warmup-secs=$((WARM_SECS / 3)) --ws-clients=10 --ws-token="$WS_TOKEN")
  load "$BASE_WS" --connect=tcp://127.0.0.1:$((PB+75)) --name=baseline-ws --ws=ws://127.0.0.1:$((PB+82))/ws/events \
    "${FLOOD_WS[@]}" $(mem "$BASE_WS" baseline-ws) "${SEC[@]}"
  load "$HUB" --connect=tcp://127.0.0.1:$((PB+57)) --name=hub-ws --ws=ws://127.0.0.1:$((PB+80))/ws/events \
    "${FLOOD_WS[@]}" $(mem "$HUB" hub) "${SEC[@]}"
fi

echo "== durability: SIGKILL the hub, count its rows with a new connection" >&2
kill -9 "$HUB"; wait "$HUB" 2>/dev/null || true
run io.descartes.hub.bench.DbCount --db="$R/hub.db"

NOTE="Run $(date -u +%Y-%m-%dT%H:%MZ), QUICK=$QUICK, CURVE=$CURVE, $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)."
java -cp "$J" io.descartes.hub.bench.Report "$R/codec.json" "$RES" "$NOTE" | tee "$R/latest.md"
