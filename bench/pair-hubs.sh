#!/usr/bin/env bash
# Two hubs of one jar, told apart by their options, at 10k events/s against each other and against the floor (the
# baseline server on an in-memory database): the A/B for a hub setting that should move the 10k/s tail.
#   A_OPTS=... B_OPTS=...    JVM options of hub A and hub B (e.g. B_OPTS=-Dhub.db.sqlite.checkpoint-interval-ms=25)
#   B_DB_DIR=/dev/shm/x      where hub B's database lives (default: bench/results/pair, beside hub A's)
#   ROUNDS=3                 rounds of three LoadHarness --pair calls: floor/A, B/A, floor/B (A B B A halves each)
#   PORT_BASE=19200          ports PORT_BASE+55..60, +69, +80..81
# Needs the jars bench/run.sh builds. Prints the harness's RESULT lines, then each server's /proc/<pid>/io.
set -euo pipefail
cd "$(dirname "$0")/.."
R=bench/results/pair; J=bench/target/benchmarks.jar; JAR=${HUB_JAR:-descartes-hub/target/descartes-hub.jar}
PB=${PORT_BASE:-19200}; KEYS=$(pwd)/$R/zmq; B_DB_DIR=${B_DB_DIR:-$R}
rm -rf "$R"; mkdir -p "$R" "$B_DB_DIR"; rm -f "$B_DB_DIR"/b.db*
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
HEAP=$(sed -n 's/^heap=//p' bin/descartes-hub | tr -d '"')
hub() { # hub <name> <http port> <command port; pub and runner link the next two> <database> <options...>
  local name=$1 http=$2 zmq=$3 db=$4; shift 4
  java $HEAP -Xlog:gc:file=$R/gc-$name.log -Dhub.http.port=$http -Dhub.zmq.command.address=tcp://127.0.0.1:$zmq \
    -Dhub.zmq.pub.address=tcp://127.0.0.1:$((zmq + 1)) -Dhub.zmq.runner.address=tcp://127.0.0.1:$((zmq + 2)) \
    -Dhub.db.url=jdbc:sqlite:$db -Dcamel.main.routes-reload-enabled=false -Dhub.security.token=bench-token \
    -Dhub.agents.workspace-root=$R/workspaces-$name -Dhub.zmq.curve.key-dir="$KEYS" "$@" -jar "$JAR" > $R/$name.log 2>&1 &
  PIDS+=($!)
  for _ in $(seq 90); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$http/health || true)" = 200 ] && return
    sleep 1
  done
  echo "hub $name did not start, see $R/$name.log" >&2; exit 1
}
# shellcheck disable=SC2086 # the options are words
hub a $((PB + 80)) $((PB + 55)) $R/a.db ${A_OPTS:-}
# shellcheck disable=SC2086
hub b $((PB + 81)) $((PB + 58)) "$B_DB_DIR/b.db" ${B_OPTS:-}
java -cp $J io.descartes.hub.bench.BaselineEventServer --bind=tcp://127.0.0.1:$((PB + 69)) --db=:memory: \
  --curve-dir="$KEYS" > $R/floor.log 2>&1 & PIDS+=($!)
sleep 2
A=tcp://127.0.0.1:$((PB + 57)); B=tcp://127.0.0.1:$((PB + 60)); FLOOR=tcp://127.0.0.1:$((PB + 69))
load() { java -cp $J io.descartes.hub.bench.LoadHarness --curve-dir="$KEYS" "$@" | grep '^RESULT' || true; }
for target in $A $B $FLOOR; do # the JIT warm-up run.sh gives each server
  for _ in 1 2 3; do load --connect=$target --name=warmup --k=4 --n=1000000 --max-secs=10 > /dev/null; done
done
RATE=(--k=4 --rate=10000 --n=100000 --max-secs=10 --warmup-secs=3)
for _ in $(seq "${ROUNDS:-3}"); do
  load --connect=$FLOOR --name=floor --pair=a@$A "${RATE[@]}"
  load --connect=$B --name=b --pair=a@$A "${RATE[@]}"
  load --connect=$FLOOR --name=floor --pair=b@$B "${RATE[@]}"
done
for p in "${PIDS[@]}"; do echo "IO pid=$p $(tr '\n' ' ' < /proc/$p/io)"; done
