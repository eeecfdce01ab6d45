#!/usr/bin/env bash
# Builds the hub and the benchmarks, runs every benchmark against its hand-written baseline, prints one
# markdown report (also written to bench/results/latest.md).
#   bash bench/run.sh              full run (~18 min on 2 cores, builds included; the several-hubs bench last)
#   QUICK=1 bash bench/run.sh      short run (~2 min + builds)
#   SKIP_BUILD=1 ...               reuse descartes-hub/target/descartes-hub.jar and bench/target/benchmarks.jar
#   WS=1 / WS=0                    force the WebSocket fan-out check on/off (default: on when the hub has /ws/events)
#   WS_TOKEN=...                   bearer token the bench hub is started with (default: bench-token)
#   ONLY=ingest                    only the agent-event ingest runs, the 10k/s run and its WebSocket check (no codec,
#                                  command round trip or control operations): the quick loop when working on ingest
#   ONLY=bus                       only the message bus (~1.5 min): durable direct messages between two agents over the
#                                  hub against BaselineBusRelay, a JeroMQ ROUTER + SQLite relay written by hand
#   ONLY=control                   only the control operations (section 5, ~7 min): the hub and EchoServer, each
#                                  warmed up first (windows of CTL_WARMUP_SECS, default 10, until its JIT compiler is
#                                  quiet, at most WARM_WINDOWS, default 12), the hub's CPU per request too
#   ONLY=hubs                      only the several-hubs bench (~5 min): ingest with 1, 2, 3 hubs on one PostgreSQL
#                                  database against BaselineEventServer on PostgreSQL (1 and 3 instances), pgbench's
#                                  insert ceiling and NOTIFY's cost on the same server; PG=127.0.0.1:5432, PG_USER=postgres
#                                  (trust auth), HUBS_DB=bench_hubs (made fresh and dropped), HUBS_K=6 senders in all
#   CURVE=1 / CURVE=0              the hub as shipped (CURVE on every ZeroMQ socket, keys made by the hub in
#                                  bench/results/zmq, which the harnesses and hand-written servers use too), plus a
#                                  plain pair (a hub with hub.zmq.curve.enabled=false and a plain baseline) that
#                                  measures CURVE's own cost; or everything plain (default 1)
#   HUB_JAR=...                    the hub's jar (default descartes-hub/target/descartes-hub.jar): A/B of two builds
#   PORT_BASE=19000                ports are PORT_BASE+55..57, +64..76, +80..83 (several hubs: +91..93, +110..143):
#                                  move them when someone else benches
# Ports used: 19055-19057, 19064-19076, 19080-19083, 19091-19093, 19110-19143 (127.0.0.1 only). Agent
# workspaces: bench/results/workspaces. Every hub and the baselines log their GC pauses to bench/results/gc-<name>.log;
# the K=16 and WebSocket runs report the server's peak RSS and GC pauses (ServerMemory).
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
HUB_JAR=$(realpath "${HUB_JAR:-descartes-hub/target/descartes-hub.jar}")
mkdir -p "$R"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== build: hub modules (mvn install) and benchmarks" >&2
  mvn -q -o install -DskipTests 2>/dev/null || mvn -q install -DskipTests
  (cd bench && { mvn -q -o package 2>/dev/null || mvn -q package; })
fi

if [ "$QUICK" = 1 ]; then
  JMH_ARGS=(-f 1 -wi 2 -i 3 -w 500ms -r 300ms)
  LAT_N=5000; LAT_WARM=1000; LAT_SECS=5; CTL_SECS=3; CTL_WARM=1; CTL_WARMUP_SECS=${CTL_WARMUP_SECS:-5}; WARM_WINDOWS=${WARM_WINDOWS:-1}
  LOAD_N=20000; LOAD_SECS=4; COMMIT_SECS=3; RATE_SECS=4; WARM_SECS=3; RATE_WARM=2
else
  JMH_ARGS=(-f 2 -wi 3 -i 5 -w 1s -r 500ms)
  LAT_N=20000; LAT_WARM=5000; LAT_SECS=15; CTL_SECS=6; CTL_WARM=2; CTL_WARMUP_SECS=${CTL_WARMUP_SECS:-10}; WARM_WINDOWS=${WARM_WINDOWS:-12}
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
server_cpu() { # server_cpu <pid> <its ticks before> <RESULT load lines before> <target>: the server's CPU time per
  # event it acked in the harness call since then; every phase of the call (a --warmup-secs phase too) used the CPU,
  # so it divides by all their acks
  local pid=$1 before=$2 before_lines=$3 name=$4 acked line
  acked=$(grep "^RESULT load" "$RES" | tail -n +$((before_lines + 1)) | grep -E " target=(warmup-)?$name " \
    | sed -n 's/.* acked=\([0-9]*\).*/\1/p' | awk '{s += $1} END {print s + 0}')
  line=$(grep "^RESULT load target=$name " "$RES" | tail -1 | sed -n 's/.* target=\([^ ]*\) k=\([0-9]*\).* rate=\([0-9]*\).*/\1 k=\2 rate=\3/p')
  if [ "$acked" -gt 0 ]; then
    echo "RESULT cpu target=$line cpu_us_per_event=$(( ($(ticks "$pid") - before) * 1000000 / TCK / acked ))" | tee -a "$RES" >&2
  fi
}
compiler_ticks() { # compiler_ticks <pid>: CPU ticks the JVM's C2 compiler threads have used so far
  local t f sum=0
  for t in /proc/"$1"/task/*; do
    [[ $(cat "$t/comm" 2>/dev/null) == C2\ Compiler* ]] || continue
    read -r -a f < <(sed 's/.*) //' "$t/stat") && sum=$((sum + f[11] + f[12]))
  done
  echo "$sum"
}
warm_until_quiet() { # warm_until_quiet <pid> <name> <command...>: runs the command (one window of load on the server)
  # until the server's C2 compiler used under 5 % of a window's CPU, at most WARM_WINDOWS times. A fixed warm-up left
  # the hub compiling (a core's worth for ~40 s of control load), so the first measured rows paid for it.
  local pid=$1 name=$2 i c2 wall; shift 2
  for i in $(seq "$WARM_WINDOWS"); do
    c2=$(compiler_ticks "$pid"); wall=$(date +%s%N)
    "$@"
    c2=$(( $(compiler_ticks "$pid") - c2 )); wall=$(( ($(date +%s%N) - wall) * TCK / 1000000000 ))
    echo "RESULT warmup target=$name window=$i compiler_ticks=$c2 wall_ticks=$wall" | tee -a "$RES" >&2
    if [ $((c2 * 20)) -lt "$wall" ]; then break; fi
  done
}
arg() { printf '%s\n' "${@:2}" | sed -n "s/^--$1=//p"; } # arg <name> <harness args...>: the value of --name=
load() { # load <server pid> <harness args...>: also records the server's CPU time per acked event
  local pid=$1; shift
  local before before_lines; before=$(ticks "$pid")
  before_lines=$(grep -c "^RESULT load" "$RES" || true)
  run io.descartes.hub.bench.LoadHarness "$@"
  server_cpu "$pid" "$before" "$before_lines" "$(arg name "$@")"
}
pair() { # pair <pid A> <pid B> <harness args with --name=A --pair=B@address>: LoadHarness measures both A B B A, and
  # each server's CPU time per acked event (the other's halves find it idle)
  local a=$1 b=$2; shift 2
  local ta tb before_lines pair
  ta=$(ticks "$a"); tb=$(ticks "$b")
  before_lines=$(grep -c "^RESULT load" "$RES" || true)
  run io.descartes.hub.bench.LoadHarness "$@"
  pair=$(arg pair "$@")
  server_cpu "$a" "$ta" "$before_lines" "$(arg name "$@")"
  server_cpu "$b" "$tb" "$before_lines" "${pair%%@*}"
}

ctl() { # ctl <server pid> <harness args...>: also records the server's CPU time per answered request
  local pid=$1; shift
  local before before_lines after ops last
  before=$(ticks "$pid")
  before_lines=$(grep -c "^RESULT ctlops" "$RES" || true)
  run io.descartes.hub.bench.ControlOpsHarness "$@"
  after=$(ticks "$pid")
  # the warm-up's requests are not in the RESULT lines: the figure is an upper bound, for A/B of the same runs
  ops=$(grep "^RESULT ctlops" "$RES" | tail -n +$((before_lines + 1)) | sed -n 's/.* ops=\([0-9]*\).*/\1/p' | awk '{s += $1} END {print s + 0}')
  last=$(grep "^RESULT ctlops" "$RES" | tail -1 | sed -n 's/.* target=\([^ ]*\) .* mix=\([0-9]*\).*/target=\1 mix=\2/p')
  if [ "$ops" -gt 0 ]; then
    echo "RESULT ctlcpu $last cpu_us_per_op=$(( (after - before) * 1000000 / TCK / ops ))" | tee -a "$RES" >&2
  fi
}
control_ops() { # section 5: TransportFloor (PB+64, +66), EchoServer (PB+65) and the hub (PB+55, pid HUB)
  # absolute jar path: the demo backend runs {java} -cp {classpath} in the agent's workspace.
  # 1x1 is the unloaded latency, 4x16 the throughput; 8x1, 4x2 and 4x4 keep few enough requests in flight
  # (Little's law: p50 ~ in flight / ops/s) to show 1,000+ ops/s and p50 < 10 ms at once. The mix adds
  # pause/resume (SIGSTOP/SIGCONT, one in flight per client, each on its own agent) to get_status. 4@1000 is paced
  # (open loop): 1,000 requests/s offered by 4 clients, latency from each request's intended send time.
  local target pid agents floor
  # the machine's floor under the paced row: TCP and JeroMQ echoes with nothing behind them (TransportFloor), same rate
  java -cp "$J" io.descartes.hub.bench.TransportFloor --serve-zmq=tcp://127.0.0.1:$((PB+64)) --serve-tcp=$((PB+66)) \
    "${SEC[@]}" > "$R/transport-floor.log" 2>&1 & floor=$!; PIDS+=($floor)
  sleep 1
  run io.descartes.hub.bench.TransportFloor --zmq=tcp://127.0.0.1:$((PB+64)) --tcp=$((PB+66)) --rate=1000 \
    --secs=$CTL_SECS --warmup-secs=$CTL_WARM "${SEC[@]}"
  kill $floor; wait $floor 2>/dev/null || true
  agents=(--backend=demo --task="steps=100000 step-ms=100" "${SEC[@]}")
  CTL_ARGS=(--secs=$CTL_SECS --warmup-secs=$CTL_WARM "${agents[@]}")
  for target in baseline:$((PB+65)) hub:$((PB+55)); do
    pid=$ECHO; [ "${target%:*}" = hub ] && pid=$HUB
    # JIT warm-up (targets warmup-*, not reported), windows of both workloads until the compiler is quiet
    warm_until_quiet "$pid" warmup-${target%:*} run io.descartes.hub.bench.ControlOpsHarness \
      --connect=tcp://127.0.0.1:${target#*:} --name=warmup-${target%:*} --runs=4:4 --secs=$CTL_WARMUP_SECS \
      --warmup-secs=0 --mix=10 "${agents[@]}"
    ctl "$pid" --connect=tcp://127.0.0.1:${target#*:} --name=${target%:*} --runs=1:1,8:1,4:2,4:4,4:16,4@1000 "${CTL_ARGS[@]}"
    ctl "$pid" --connect=tcp://127.0.0.1:${target#*:} --name=${target%:*} --runs=4:2,4:4,4@1000 --mix=10 "${CTL_ARGS[@]}"
  done
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
# every hub gets the heap operators start it with (bin/descartes-hub); an -Xms or -Xmx in HUB_JAVA_OPTS replaces it
HUB_HEAP=$(sed -n 's/^heap=//p' bin/descartes-hub | tr -d '"')
case " ${HUB_JAVA_OPTS:-} " in *" -Xms"* | *" -Xmx"*) HUB_HEAP= ;; esac
start_hub() { # start_hub <name> <http port> <command port; pub and runner link the next two> <-D...>: sets HUB_PID
  local name=$1 http=$2 zmq=$3; shift 3
  # HUB_JAVA_OPTS: extra JVM options for the hub, e.g. -XX:StartFlightRecording=filename=bench/results/hub.jfr
  java $HUB_HEAP ${HUB_JAVA_OPTS:-} "$(gc_log "$name")" -Dhub.http.port=$http -Dhub.zmq.command.address=tcp://127.0.0.1:$zmq \
    -Dhub.zmq.pub.address=tcp://127.0.0.1:$((zmq + 1)) -Dhub.zmq.runner.address=tcp://127.0.0.1:$((zmq + 2)) \
    -Dhub.db.url=jdbc:sqlite:"$R/$name.db" -Dcamel.main.routes-reload-enabled=false \
    -Dhub.security.token="$WS_TOKEN" -Dhub.agents.workspace-root="$ROOT/$R/workspaces" "$@" \
    -jar "$HUB_JAR" > "$R/$name.log" 2>&1 & HUB_PID=$!; PIDS+=($HUB_PID)
  for _ in $(seq 90); do
    code=$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$http/health || true)
    [ "$code" = 200 ] && break
    sleep 1
  done
  echo "$name /health: $code" >&2
}
# ---- 7. several hubs on one PostgreSQL (issue #17; bench/README "Several hubs on one PostgreSQL") ----
# Ingest with 1, 2, 3 hub JVMs on one fresh database, then the hand-written baseline (BaselineEventServer on
# PostgreSQL) with 1 and 3 instances on another, then pgbench's insert ceiling and the NOTIFY cost on the same server.
# HUBS_K senders in all, spread round robin over the running servers. Ports: PORT_BASE+91..93 (HTTP),
# +110..+132 (hub i: command PB+100+10i, PUB +1, runner link +2), +141..+143 (baseline i: PB+140+i).
PG=${PG:-127.0.0.1:5432}; PG_USER=${PG_USER:-postgres}; HUBS_DB=${HUBS_DB:-bench_hubs}; HUBS_K=${HUBS_K:-6}
psqlc() { psql -h "${PG%:*}" -p "${PG#*:}" -U "$PG_USER" -v ON_ERROR_STOP=1 -qAtX "$@"; }
pg_url() { echo "jdbc:postgresql://$PG/$1?user=$PG_USER"; }
fresh_db() { psqlc -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"; }
pg_watch() { # pg_watch <db> <file>: every 0.2 s the CPU ticks of the database's backends and of the server's
  # background writers (walwriter, checkpointer, background writer: whole server, shared with its other users)
  local db=$1 out=$2 n=0 rows=() row f
  while :; do
    if [ $((n % 5)) = 0 ]; then
      mapfile -t rows < <(psqlc -d postgres -F ' ' -c "SELECT CASE WHEN datname = '$db' THEN 'backend' ELSE 'background' END,
        pid FROM pg_stat_activity WHERE (datname = '$db' OR backend_type IN ('walwriter', 'checkpointer', 'background writer'))
        AND pid <> pg_backend_pid()" || true)
    fi
    echo "sample $n"
    for row in "${rows[@]}"; do
      read -r -a f 2>/dev/null < "/proc/${row#* }/stat" && echo "$row $((f[13] + f[14]))"
    done
    n=$((n + 1)); sleep 0.2
  done >> "$out"
}
pg_ticks() { # pg_ticks <file> <backend|background>: ticks used while pg_watch ran (a process first seen later: from 0)
  awk -v k="$2" '$1 == "sample" { s = $2 } $1 == k { if (!($2 in lo)) lo[$2] = (s == 0 ? $3 : 0); hi[$2] = $3 }
    END { for (p in hi) t += hi[p] - lo[p]; print t + 0 }' "$1"
}
hub_batches() { # hub_batches <http port>...: the journal's committed batches and their frames, summed over the hubs
  local p
  for p in "$@"; do curl -s -H "Authorization: Bearer $WS_TOKEN" "http://127.0.0.1:$p/observe/metrics" || true; done |
    awk '$1 == "descartes_journal_batch_size_count" { c += $2 } $1 == "descartes_journal_batch_size_sum" { s += $2 }
      END { printf "%d %d\n", c, s }'
}
notified() { { grep "^RESULT notify db=$1 " "$R/notify.log" || echo "notifications=0"; } | tail -1 | sed 's/.*notifications=//'; }
cpu_of() { local p t=0; for p in "$@"; do t=$((t + $(ticks "$p"))); done; echo $t; }
hubs_load() { # hubs_load <name> <db> <"server pids"> <"hub http ports", empty for the baseline> <addresses> <secs>
  local name=$1 db=$2 pids=$3 ports=$4 addrs=$5 secs=$6 c0 c1 b0="0 0" b1="0 0" n0 n1 watch acked i0
  # the servers' CPU with no load first: a hub JVM still compiling after its warm-up burns up to 0.2 core here
  i0=$(cpu_of $pids); sleep 3
  c0=$(cpu_of $pids); [ -n "$ports" ] && b0=$(hub_batches $ports)
  sleep 0.6; n0=$(notified "$db")
  : > "$R/pg-cpu-$name.txt"; pg_watch "$db" "$R/pg-cpu-$name.txt" & watch=$!
  sleep 0.5
  run io.descartes.hub.bench.LoadHarness --connect="$addrs" --name="$name" --k="$HUBS_K" --n=$LOAD_N --max-secs="$secs" "${SEC[@]}"
  sleep 0.3; kill $watch; wait $watch 2>/dev/null || true
  c1=$(cpu_of $pids); [ -n "$ports" ] && b1=$(hub_batches $ports)
  sleep 0.6; n1=$(notified "$db")
  acked=$({ grep "^RESULT load target=$name " "$RES" || true; } | tail -1 | sed -n 's/.* acked=\([0-9]*\).*/\1/p')
  [ "${acked:-0}" -gt 0 ] || { echo "$name: no event acked" >&2; return 0; }
  echo "RESULT hubscpu target=$name servers=$(wc -w <<< "$pids") acked=$acked" \
    "server_cpu_us_per_event=$(( (c1 - c0) * 1000000 / TCK / acked ))" \
    "server_idle_cores=$(awk -v t=$((c0 - i0)) -v hz="$TCK" 'BEGIN { printf "%.2f", t / 3 / hz }')" \
    "pg_backend_us_per_event=$(( $(pg_ticks "$R/pg-cpu-$name.txt" backend) * 1000000 / TCK / acked ))" \
    "pg_background_us_per_event=$(( $(pg_ticks "$R/pg-cpu-$name.txt" background) * 1000000 / TCK / acked ))" \
    "batches=$(( ${b1% *} - ${b0% *} )) frames=$(( ${b1#* } - ${b0#* } )) notifications=$(( n1 - n0 ))" | tee -a "$RES" >&2
}
pgbench_run() { # pgbench_run <name> <rows per transaction> <clients> <pgbench args...>: RESULT pgbench: tps, rows/s, PG CPU
  local name=$1 rows=$2 clients=$3 watch out; shift 3
  : > "$R/pg-cpu-$name.txt"; pg_watch "$HUBS_DB" "$R/pg-cpu-$name.txt" & watch=$!
  sleep 0.5
  out=$(pgbench -h "${PG%:*}" -p "${PG#*:}" -U "$PG_USER" -n -c "$clients" "$@" "$HUBS_DB" 2>&1) || { echo "pgbench failed: $out" >&2; kill $watch; return 0; }
  kill $watch; wait $watch 2>/dev/null || true
  echo "$out" > "$R/pgbench-$name.log"
  local tps txns lat
  tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<< "$out"); txns=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<< "$out")
  lat=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<< "$out")
  echo "RESULT pgbench target=$name clients=$clients rows_per_txn=$rows tps=$tps rows_s=$(awk -v t="$tps" -v r="$rows" 'BEGIN { printf "%.0f", t * r }')" \
    "latency_ms=$lat pg_backend_us_per_txn=$(( $(pg_ticks "$R/pg-cpu-$name.txt" backend) * 1000000 / TCK / (txns > 0 ? txns : 1) ))" | tee -a "$RES" >&2
}
hubs_bench() {
  echo "== 7. several hubs on one PostgreSQL ($PG, databases $HUBS_DB and ${HUBS_DB}_baseline, $HUBS_K senders in all)" >&2
  command -v pgbench > /dev/null || { echo "pgbench not found (Debian: postgresql-client)" >&2; exit 1; }
  psqlc -d postgres -c "SELECT 1" > /dev/null || { echo "no PostgreSQL at $PG for user $PG_USER (trust auth)" >&2; exit 1; }
  local base=${HUBS_DB}_baseline warm=$((WARM_SECS * 2 / 3)) i pids="" ports="" addrs="" hub_args=() counter
  local others idle0 idle1 t0 acked feed
  fresh_db "$HUBS_DB"; fresh_db "$base"
  if [ "$CURVE" = 1 ]; then SEC=(--curve-dir="$KEYS"); else SEC=(); hub_args=(-Dhub.zmq.curve.enabled=false); fi
  java -cp "$J" io.descartes.hub.bench.NotifyCounter --urls="$(pg_url "$HUBS_DB"),$(pg_url "$base")" > "$R/notify.log" 2>&1 &
  counter=$!; PIDS+=($counter)
  for i in 1 2 3; do # hub i joins the ones running; it warms up alone, then all of them are measured together
    start_hub pg-hub-$i $((PB+90+i)) $((PB+100+10*i)) -Dhub.db.url="$(pg_url "$HUBS_DB")" -Dhub.server-id=bench-hub-$i \
      -Dhub.zmq.curve.key-dir="$KEYS" -Dhub.agents.workspace-root="$ROOT/$R/pg-hub-$i-workspaces" \
      -Dhub.agents.process-records="$ROOT/$R/pg-hub-$i-processes" "${hub_args[@]}"
    [ "$code" = 200 ] || { echo "hub pg-hub-$i did not start: see $R/pg-hub-$i.log" >&2; exit 1; }
    others=$pids; pids="$pids $HUB_PID"; ports="$ports $((PB+90+i))"
    addrs="${addrs:+$addrs,}tcp://127.0.0.1:$((PB+102+10*i))"
    [ $i = 1 ] || { idle0=$(cpu_of $others); sleep 3; idle1=$(cpu_of $others); t0=$(date +%s%N); }
    run io.descartes.hub.bench.LoadHarness --connect=tcp://127.0.0.1:$((PB+102+10*i)) --name=warmup-pg-hub-$i \
      --k="$HUBS_K" --n=$LOAD_N --max-secs=$([ $i = 1 ] && echo $WARM_SECS || echo $warm) "${SEC[@]}"
    if [ $i != 1 ]; then # the hubs already running only follow hub i's events: their CPU beyond idle is the feed's
      acked=$(grep "^RESULT load target=warmup-pg-hub-$i " "$RES" | tail -1 | sed -n 's/.* acked=\([0-9]*\).*/\1/p')
      feed=$(( $(cpu_of $others) - idle1 - (idle1 - idle0) * ($(date +%s%N) - t0) / 3000000000 ))
      echo "RESULT hubfeed target=warmup-pg-hub-$i followers=$((i - 1)) acked=$acked idle_ticks_per_s=$(( (idle1 - idle0) / 3 ))" \
        "feed_cpu_us_per_event_per_hub=$(( feed * 1000000 / TCK / (acked > 0 ? acked : 1) / (i - 1) ))" | tee -a "$RES" >&2
    fi
    hubs_load pg-hubs-$i "$HUBS_DB" "$pids" "$ports" "$addrs" "$LOAD_SECS"
  done
  echo "== 7. durability: SIGKILL the hubs, count (agent, stream, sequence) in $HUBS_DB" >&2
  kill -9 $pids; for i in $pids; do wait "$i" 2>/dev/null || true; done
  run io.descartes.hub.bench.DbCount --db="$(pg_url "$HUBS_DB")"
  pids=""; addrs=""
  for i in 1 2 3; do # the baseline: 1 instance, then 3 (the second and third warm up on their own first)
    java -cp "$J" io.descartes.hub.bench.BaselineEventServer --bind=tcp://127.0.0.1:$((PB+140+i)) --db="$(pg_url "$base")" \
      "${SEC[@]}" > "$R/pg-baseline-$i.log" 2>&1 & pids="$pids $!"; PIDS+=($!)
    for _ in $(seq 180); do grep -qs "ready on" "$R/pg-baseline-$i.log" || ! kill -0 $! 2>/dev/null && break; sleep 1; done
    grep -q "ready on" "$R/pg-baseline-$i.log" || { echo "baseline $i did not start: see $R/pg-baseline-$i.log" >&2; exit 1; }
    addrs="${addrs:+$addrs,}tcp://127.0.0.1:$((PB+140+i))"
    run io.descartes.hub.bench.LoadHarness --connect=tcp://127.0.0.1:$((PB+140+i)) --name=warmup-pg-baseline-$i \
      --k="$HUBS_K" --n=$LOAD_N --max-secs=$([ $i = 1 ] && echo $warm || echo $((warm / 2))) "${SEC[@]}"
    [ $i = 2 ] || hubs_load pg-baseline-$i "$base" "$pids" "" "$addrs" "$LOAD_SECS"
  done
  kill -9 $pids; for i in $pids; do wait "$i" 2>/dev/null || true; done
  run io.descartes.hub.bench.DbCount --db="$(pg_url "$base")"
  echo "== 7. pgbench on $HUBS_DB: insert ceiling, the hubs' transaction shape, NOTIFY's cost" >&2
  local shape batch
  # rows shaped like the hubs' log_stream rows (mean content and metadata lengths), as many per transaction as the
  # hubs' journal committed on average over the three measured runs
  shape=$(psqlc -d "$HUBS_DB" -F ' ' -c "SELECT round(avg(length(content))), round(avg(length(metadata))) FROM events WHERE event_type = 'log_stream'")
  batch=$({ grep '^RESULT hubscpu target=pg-hubs-' "$RES" || true; } | sed -n 's/.* batches=\([0-9]*\) frames=\([0-9]*\).*/\1 \2/p' |
    awk '{ b += $1; f += $2 } END { print (b > 0 ? int(f / b + 0.5) : 64) }')
  cat > "$R/pgbench-insert.sql" <<'SQL'
WITH e AS (INSERT INTO events (event_type, timestamp, agent_id, session_id, content, metadata)
    SELECT 'log_stream', extract(epoch FROM now())::bigint, a.agent, NULL, repeat('x', :clen), repeat('m', :mlen)
    FROM (SELECT gen_random_uuid()::text AS agent) a, generate_series(1, :batch) RETURNING id, agent_id)
  INSERT INTO processed_messages (message_key, event_id) SELECT agent_id || '/stdout/' || id, id FROM e;
SQL
  { echo "BEGIN;"; echo "SELECT pg_advisory_xact_lock(1145393987);"; cat "$R/pgbench-insert.sql"
    echo "SELECT pg_notify('descartes_events', 'pgbench');"; echo "COMMIT;"; } > "$R/pgbench-hub-shape.sql"
  psqlc -d "$HUBS_DB" -c "CREATE TABLE IF NOT EXISTS notify_probe (x INT)"
  for f in notify:"SELECT pg_notify('descartes_events', 'pgbench');" plain:"SELECT 1;"; do
    printf 'BEGIN;\nINSERT INTO notify_probe VALUES (1);\n%s\nCOMMIT;\n' "${f#*:}" > "$R/pgbench-${f%%:*}.sql"
  done
  local vars=(-D batch="$batch" -D clen="${shape% *}" -D mlen="${shape#* }")
  pgbench_run insert-ceiling "$batch" "${PGBENCH_C:-4}" -j 2 -T "$LOAD_SECS" "${vars[@]}" -f "$R/pgbench-insert.sql"
  pgbench_run hub-shape "$batch" 3 -j 2 -T "$LOAD_SECS" "${vars[@]}" -f "$R/pgbench-hub-shape.sql"
  # NOTIFY's own cost: one-row transactions with and without it (a SELECT 1 in its place: same round trips), one
  # client, commits not waiting for the disk, so the difference is not lost in fsync time; alternating rounds
  for i in 1 2 3; do
    for f in plain notify; do
      PGOPTIONS="-c synchronous_commit=off" pgbench_run notify-cost-$f 1 1 -T $((COMMIT_SECS - 1)) -f "$R/pgbench-$f.sql"
    done
  done
  kill $counter 2>/dev/null || true
  psqlc -d postgres -c "DROP DATABASE IF EXISTS $base WITH (FORCE)" -c "DROP DATABASE IF EXISTS $HUBS_DB WITH (FORCE)"
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
hubs_report() { # section 7 of the report, from the RESULT lines of hubs_bench
  java -cp "$J" io.descartes.hub.bench.Report --hubs "$RES" \
    "Run $(date -u +%Y-%m-%dT%H:%MZ), QUICK=$QUICK, CURVE=$CURVE, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)."
}
if [ "$ONLY" = hubs ]; then
  hubs_bench
  hubs_report | tee "$R/latest-hubs.md"
  exit 0
fi
if [ "$ONLY" = control ]; then
  if [ "$CURVE" = 1 ]; then
    start_hub hub $((PB+80)) $((PB+55)) -Dhub.zmq.curve.key-dir="$KEYS"; SEC=(--curve-dir="$KEYS")
  else
    start_hub hub $((PB+80)) $((PB+55)) -Dhub.zmq.curve.enabled=false -Dhub.zmq.curve.key-dir="$KEYS"; SEC=()
  fi
  HUB=$HUB_PID
  java -cp "$J" io.descartes.hub.bench.EchoServer --bind=tcp://127.0.0.1:$((PB+65)) "${SEC[@]}" > "$R/echo.log" 2>&1 & ECHO=$!; PIDS+=($ECHO)
  sleep 2 # the echo server binds within a second
  control_ops
  java -cp "$J" io.descartes.hub.bench.Report --control "$RES" \
    "Run $(date -u +%Y-%m-%dT%H:%MZ), QUICK=$QUICK, CURVE=$CURVE, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)." \
    | tee "$R/latest-control.md"
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
java -cp "$J" io.descartes.hub.bench.EchoServer --bind=tcp://127.0.0.1:$((PB+65)) "${SEC[@]}" > "$R/echo.log" 2>&1 & ECHO=$!; PIDS+=($ECHO)
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
if [ "$WS" = 1 ]; then # the WebSocket baseline: the same server, which also sends each event's JSON to its clients
  java "$(gc_log baseline-ws)" -cp "$J" io.descartes.hub.bench.BaselineEventServer --bind=tcp://127.0.0.1:$((PB+75)) \
    --db="$R/baseline-ws.db" --ws-port=$((PB+82)) "${SEC[@]}" > "$R/baseline-ws.log" 2>&1 & BASE_WS=$!; PIDS+=($BASE_WS)
  # the floor with the clients: the in-memory floor fanning the same JSON out to the same 10 clients, whose CPU
  # (they parse ~100k messages/s in the harness JVM) the floor then carries like the hub-ws run does
  java -cp "$J" io.descartes.hub.bench.BaselineEventServer --bind=tcp://127.0.0.1:$((PB+76)) --db=:memory: \
    --ws-port=$((PB+83)) "${SEC[@]}" > "$R/floor-ws.log" 2>&1 & FLOOR_WS=$!; PIDS+=($FLOOR_WS)
fi
sleep 2 # the hand-written servers bind within a second

if [ "$ONLY" != ingest ]; then
echo "== 2. command round trip" >&2
run io.descartes.hub.bench.LatencyClient --connect=tcp://127.0.0.1:$((PB+65)) --name=echo --warmup=$LAT_WARM --n=$LAT_N --max-secs=$LAT_SECS "${SEC[@]}"
run io.descartes.hub.bench.LatencyClient --connect=tcp://127.0.0.1:$((PB+55)) --name=hub --warmup=$LAT_WARM --n=$LAT_N --max-secs=$LAT_SECS "${SEC[@]}"

echo "== 5. control operations (running demo agents; K clients x window)" >&2
control_ops
fi

echo "== 3. agent-event ingest" >&2
# warm-up (JIT) of both ingest paths, not reported; its rows count in the durability check. Windows of a third of
# WARM_SECS until the compiler is quiet (the hub's C2 is busy for ~25 s of full load: PrintCompilation ~3,600
# compilations per 5 s at first, ~20 per 5 s after 30 s); a shorter warm-up charges that compiling to whichever
# measured run comes first (K=1)
warm_until_quiet "$BASE" warmup-baseline load "$BASE" --connect=tcp://127.0.0.1:$((PB+67)) --name=warmup-baseline --k=4 \
  --n=$LOAD_N --max-secs=$((WARM_SECS / 3)) "${SEC[@]}"
warm_until_quiet "$HUB" warmup-hub load "$HUB" --connect=tcp://127.0.0.1:$((PB+57)) --name=warmup-hub --k=4 \
  --n=$LOAD_N --max-secs=$((WARM_SECS / 3)) "${SEC[@]}"
load "$FLOOR" --connect=tcp://127.0.0.1:$((PB+69)) --name=warmup-floor --k=4 --n=$LOAD_N --max-secs=$((WARM_SECS / 3)) "${SEC[@]}"
# the WebSocket baseline's ingest path (its fan-out warms up with its clients, in its own run below)
if [ "$WS" = 1 ]; then
  load "$BASE_WS" --connect=tcp://127.0.0.1:$((PB+75)) --name=warmup-baseline-ws --k=4 --n=$LOAD_N --max-secs=$((WARM_SECS / 3)) "${SEC[@]}"
  load "$FLOOR_WS" --connect=tcp://127.0.0.1:$((PB+76)) --name=warmup-floor-ws --k=4 --n=$LOAD_N --max-secs=$((WARM_SECS / 3)) "${SEC[@]}"
fi
if [ "$CURVE" = 1 ]; then
  load "$BASE_PLAIN" --connect=tcp://127.0.0.1:$((PB+70)) --name=warmup-baseline-plain --k=4 --n=$LOAD_N --max-secs=$((WARM_SECS / 3))
  load "$HUB_PLAIN" --connect=tcp://127.0.0.1:$((PB+73)) --name=warmup-hub-plain --k=4 --n=$LOAD_N --max-secs=$WARM_SECS
fi
# each pair measured A B B A, LOAD_SECS/2 at a time (LoadHarness --pair): the machine's drift falls on both alike
for K in 1 4 16; do
  MEM=()
  [ "$K" = 16 ] && MEM=($(mem "$BASE" baseline) $(mem "$HUB" hub | sed 's/--/--pair-/g')) # the flood's memory
  pair "$BASE" "$HUB" --connect=tcp://127.0.0.1:$((PB+67)) --name=baseline --pair=hub@tcp://127.0.0.1:$((PB+57)) \
    --k=$K --n=$LOAD_N --max-secs=$LOAD_SECS "${MEM[@]}" "${SEC[@]}"
  if [ "$CURVE" = 1 ]; then # CURVE's own cost: the same pair, plain
    pair "$BASE_PLAIN" "$HUB_PLAIN" --connect=tcp://127.0.0.1:$((PB+70)) --name=baseline-plain \
      --pair=hub-plain@tcp://127.0.0.1:$((PB+73)) --k=$K --n=$LOAD_N --max-secs=$LOAD_SECS
  fi
done
if [ "$CURVE" = 1 ]; then kill "$HUB_PLAIN" "$BASE_PLAIN" 2>/dev/null || true; fi
load "$BASE" --connect=tcp://127.0.0.1:$((PB+67)) --name=commit-baseline --k=1 --window=1 --n=$LOAD_N --max-secs=$COMMIT_SECS "${SEC[@]}"
load "$CPB" --connect=tcp://127.0.0.1:$((PB+68)) --name=commit-baseline-conn-per-batch --k=1 --window=1 --n=$LOAD_N --max-secs=$COMMIT_SECS "${SEC[@]}"
load "$HUB" --connect=tcp://127.0.0.1:$((PB+57)) --name=commit-hub --k=1 --window=1 --n=$LOAD_N --max-secs=$COMMIT_SECS "${SEC[@]}"

RATE_N=$((10000 * RATE_SECS))
# each after a warm-up at the same rate (LoadHarness --warmup-secs): the harness JVM's own start-up is not measured;
# the hub once alone (comparable with the baseline), once with the WebSocket clients in the harness process
RATE_ARGS=(--k=4 --rate=10000 --n=$RATE_N --max-secs=$RATE_SECS --warmup-secs=$RATE_WARM)
# the hub against its floor A B B A (LoadHarness --pair), as the ingest pairs above
load "$BASE" --connect=tcp://127.0.0.1:$((PB+67)) --name=baseline "${RATE_ARGS[@]}" "${SEC[@]}"
pair "$FLOOR" "$HUB" --connect=tcp://127.0.0.1:$((PB+69)) --name=floor-in-memory --pair=hub@tcp://127.0.0.1:$((PB+57)) \
  "${RATE_ARGS[@]}" "${SEC[@]}"
if [ "$WS" = 1 ]; then
  pair "$FLOOR_WS" "$HUB" --connect=tcp://127.0.0.1:$((PB+76)) --name=floor-ws --ws=ws://127.0.0.1:$((PB+83))/ws/events \
    --pair=hub-ws@tcp://127.0.0.1:$((PB+57)) --pair-ws=ws://127.0.0.1:$((PB+80))/ws/events --ws-clients=10 \
    --ws-token="$WS_TOKEN" "${RATE_ARGS[@]}" $(mem "$HUB" hub | sed 's/--/--pair-/g') "${SEC[@]}"
  # unthrottled K=4 with the 10 clients, against the baseline that fans the same JSON out by hand (BaselineWsFanout);
  # each with a warm-up of its own, the clients connected throughout (they must get the warm-up's events too); A B B A
  pair "$BASE_WS" "$HUB" --connect=tcp://127.0.0.1:$((PB+75)) --name=baseline-ws --ws=ws://127.0.0.1:$((PB+82))/ws/events \
    --pair=hub-ws@tcp://127.0.0.1:$((PB+57)) --pair-ws=ws://127.0.0.1:$((PB+80))/ws/events \
    --k=4 --n=$LOAD_N --max-secs=$LOAD_SECS --warmup-secs=$((WARM_SECS / 3)) --ws-clients=10 --ws-token="$WS_TOKEN" \
    $(mem "$BASE_WS" baseline-ws) $(mem "$HUB" hub | sed 's/--/--pair-/g') "${SEC[@]}"
fi

echo "== durability: SIGKILL the hub, count its rows with a new connection" >&2
kill -9 "$HUB"; wait "$HUB" 2>/dev/null || true
run io.descartes.hub.bench.DbCount --db="$R/hub.db"

NOTE="Run $(date -u +%Y-%m-%dT%H:%MZ), QUICK=$QUICK, CURVE=$CURVE, $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)."
java -cp "$J" io.descartes.hub.bench.Report "$R/codec.json" "$RES" "$NOTE" | tee "$R/latest.md"
# last, so that a failure there (no PostgreSQL, no pgbench) leaves the report above whole
if [ "$ONLY" = all ]; then
  cleanup; PIDS=() # the servers above leave the cores to the hubs
  hubs_bench
  hubs_report | tee -a "$R/latest.md"
fi
