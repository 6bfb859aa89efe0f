#!/usr/bin/env bash
# Every benchmark in one run: bench/run.sh [--quick]
# Writes bench/results/latest.md (tables) and bench/results/latest.json. See bench/README.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
QUICK=${1:-}
OUT=bench/results
WORK=$(mktemp -d)
mkdir -p "$OUT"
if [ "$QUICK" = "--quick" ]; then
  JMH_OPTS="-f 1 -wi 2 -w 1s -i 3 -r 1s"; HTTP_SECONDS=6; SOAK_SECONDS=20
else
  JMH_OPTS="-f 1 -wi 5 -w 2s -i 5 -r 2s"; HTTP_SECONDS=20; SOAK_SECONDS=${SOAK_SECONDS:-300}
fi
PORT=18080
SERVICE_CORE=0
LOAD_CORE=1

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v taskset >/dev/null || { apt-get update -qq && apt-get install -y -qq util-linux; }

echo "== build"
# -Pbench: the benchmarks, JMH and the peer engines are compiled and on the class path only in that profile.
mvn -B -q -Pbench -DskipTests package test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
CP="target/test-classes:target/classes:$(cat target/bench.cp)"

echo "== in process (JMH, with -prof gc)"
java -cp "$CP" org.openjdk.jmh.Main 'dev\.runbook\.decisions\.bench\..*Benchmark' $JMH_OPTS -prof gc \
  -rf json -rff "$WORK/jmh.json" > "$WORK/jmh.log"

echo "== over HTTP"
ISSUED=$(java -jar target/quarkus-app/quarkus-run.jar hash-key bench admin)
KEY=$(echo "$ISSUED" | grep -o 'rbk_bench_[A-Za-z0-9_-]*')
HASH=$(echo "$ISSUED" | sed -n 's/.*api-keys\.bench\.hash=//p')
SVC_PID=""

start_service() {   # start_service NAME [-Dprop=value ...]: the packaged jar pinned to one core
  local name=$1; shift
  mkdir -p "$WORK/$name"
  local t0; t0=$(date +%s%N)
  (cd "$WORK/$name" && exec taskset -c $SERVICE_CORE java -Dquarkus.http.port=$PORT -Drunbook.bench.floor-enabled=true \
    -Drunbook.security.api-keys.bench.hash="$HASH" -Drunbook.security.api-keys.bench.roles=admin \
    -Drunbook.security.rate-limit.requests-per-second=1000000 -Drunbook.security.rate-limit.burst=1000000 \
    "$@" -jar "$ROOT/target/quarkus-app/quarkus-run.jar" > "$WORK/$name.log" 2>&1) &
  SVC_PID=$!
  until curl -sf -o /dev/null -X POST "http://127.0.0.1:$PORT/api/v1/decisions" -H "X-API-Key: $KEY" \
      -H 'Content-Type: application/json' -d '{"service":"startup-probe"}'; do
    kill -0 $SVC_PID 2>/dev/null || { echo "service $name died; see $WORK/$name.log"; exit 1; }
    sleep 0.05
  done
  echo "{\"service\": \"$name\", \"firstDecisionMs\": $(( ($(date +%s%N) - t0) / 1000000 )), \"rssKbAfterStart\": $(ps -o rss= -p $SVC_PID)}" >> "$WORK/startup.jsonl"
}

stop_service() {
  kill $SVC_PID 2>/dev/null || true
  wait $SVC_PID 2>/dev/null || true
}

# measure NAME PATH LUA BODY_FILES...: peak throughput with wrk, then latency at a fixed 50% of it
measure() {
  local name=$1 path=$2 lua=$3; shift 3
  local files="$*"
  BODIES="$files" KEY="$KEY" taskset -c $LOAD_CORE wrk -t1 -c16 -d8s -s "bench/wrk/$lua" "http://127.0.0.1:$PORT$path" > /dev/null
  local peak
  peak=$(BODIES="$files" KEY="$KEY" taskset -c $LOAD_CORE wrk -t1 -c16 -d${HTTP_SECONDS}s -s "bench/wrk/$lua" \
    "http://127.0.0.1:$PORT$path" | awk '/Requests\/sec/ {print $2}')
  local rate; rate=$(python3 -c "print(max(1.0, round($peak / 2, 1)))")
  if [ "$lua" = "alert-group.lua" ]; then
    mkdir -p "$WORK/groups-$name"
    python3 bench/alert_groups.py "$WORK/groups-$name" "$(python3 -c "print(int($rate * $HTTP_SECONDS) + 1)")" "$name"
    files=$(ls "$WORK/groups-$name"/*.json | tr '\n' ' ')
  fi
  local fixed
  fixed=$(taskset -c $LOAD_CORE java -cp "$CP" dev.runbook.decisions.bench.FixedRateLoad "http://127.0.0.1:$PORT$path" \
    "$rate" "$HTTP_SECONDS" "$KEY" $files)
  echo "{\"name\": \"$name\", \"path\": \"$path\", \"peakRps\": $peak, \"fixed\": $fixed}" >> "$WORK/http.jsonl"
  echo "   $name: peak $peak req/s; at $rate req/s: $fixed"
}

SAMPLES=$(ls samples/*.json | tr '\n' ' ')
echo '{"errorRate": 0.07, "environment": "production"}' > "$WORK/severity-input.json"

start_service h2
measure floor /api/v1/bench/floor post.lua $SAMPLES
measure severity-model /api/v1/models/severity/evaluate post.lua "$WORK/severity-input.json"
measure decisions-h2 /api/v1/decisions post.lua $SAMPLES
measure alertmanager-100-h2 /api/v1/alerts/alertmanager alert-group.lua
echo "   soak: ${SOAK_SECONDS}s of decisions"
BODIES="$SAMPLES" KEY="$KEY" taskset -c $LOAD_CORE wrk -t1 -c4 -d${SOAK_SECONDS}s -s bench/wrk/post.lua \
  "http://127.0.0.1:$PORT/api/v1/decisions" > /dev/null
echo "{\"service\": \"h2\", \"soakSeconds\": $SOAK_SECONDS, \"rssKbAfterSoak\": $(ps -o rss= -p $SVC_PID)}" >> "$WORK/startup.jsonl"
echo "   what-if over the oldest 10,000 recorded decisions"
bench/whatif.sh $PORT "$KEY" $SVC_PID > "$WORK/whatif.json"
stop_service

if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS runbook_bench CASCADE; CREATE SCHEMA runbook_bench;" 2>/dev/null
  start_service postgresql -Drunbook.store=postgresql \
    "-Dquarkus.datasource.postgresql.jdbc.url=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=runbook_bench"
  measure decisions-postgresql /api/v1/decisions post.lua $SAMPLES
  measure alertmanager-100-postgresql /api/v1/alerts/alertmanager alert-group.lua
  stop_service
else
  echo "   PostgreSQL does not answer on 127.0.0.1:5432: its rows are left out"
fi

python3 bench/report.py "$WORK" "$OUT"
echo "== wrote $OUT/latest.md and $OUT/latest.json (work files in $WORK)"
