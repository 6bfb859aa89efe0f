#!/usr/bin/env bash
# Every benchmark in one run: bench/run.sh [--quick]
# Writes bench/results/latest.md (tables, targets of issue 13 with PASS/FAIL), latest.json and latest.svg (chart).
# See bench/README.md. SOAK_SECONDS (default 1800; 60 with --quick) sets the soak; SERVICE_JVM the service's JVM options.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
QUICK=${1:-}
OUT=bench/results
WORK=$(mktemp -d)
mkdir -p "$OUT"
if [ "$QUICK" = "--quick" ]; then
  # -f 0: the benchmarks share one JVM, sparing a JVM start and a model compile per benchmark (a minute each on a
  # loaded machine); a smoke run's in-process figures are not to quote anyway.
  JMH_OPTS="-f 0 -wi 2 -w 1s -i 3 -r 1s"; HTTP_SECONDS=6; WARMUP_SECONDS=3; WARM_MAX_SECONDS=20; SOAK_SECONDS=${SOAK_SECONDS:-60}; RSS_EVERY=10
else
  JMH_OPTS="-f 1 -wi 5 -w 2s -i 5 -r 2s"; HTTP_SECONDS=20; WARMUP_SECONDS=5; WARM_MAX_SECONDS=240; SOAK_SECONDS=${SOAK_SECONDS:-1800}; RSS_EVERY=30
fi
# The service runs as docs/operations.md tells operators to run it: a bounded heap and the serial collector.
SERVICE_JVM=${SERVICE_JVM:--Xms64m -Xmx112m -Xmn40m -XX:SurvivorRatio=3 -XX:+UseSerialGC -XX:MetaspaceSize=64m -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=48m -Xss512k -XX:TrimNativeHeapInterval=5000 -Djdk.nio.maxCachedBufferSize=1048576 -XX:+ExitOnOutOfMemoryError}
export MALLOC_ARENA_MAX=2
PORT=${PORT:-18080}
SERVICE_CORE=0
LOAD_CORE=1
# GC pauses and time-to-safepoint of every JVM of the run, decorated with JVM uptime so a window can be cut out.
GC_LOG="gc*,safepoint"
cat > "$WORK/run.json" <<EOF
{"quick": $([ "$QUICK" = "--quick" ] && echo true || echo false), "httpSeconds": $HTTP_SECONDS, "warmupSeconds": $WARMUP_SECONDS,
 "soakSeconds": $SOAK_SECONDS, "rssEverySeconds": $RSS_EVERY, "serviceJvm": "$SERVICE_JVM",
 "loadAverageAtStart": "$(cut -d' ' -f1-3 /proc/loadavg)", "startedAt": "$(date -u +%FT%TZ)"}
EOF

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v taskset >/dev/null || { apt-get update -qq && apt-get install -y -qq util-linux; }

echo "== build"
# -Pbench: the benchmarks, JMH and the peer engines are compiled and on the class path only in that profile.
# MVN_FLAGS (default -o, the machine builds offline) is passed to both Maven calls.
# SKIP_BUILD=1 reuses target/ as the last run left it (to rerun the measurements alone).
MVN="mvn -B -q ${MVN_FLAGS--o} -Pbench"
if [ -z "${SKIP_BUILD:-}" ]; then
  $MVN -DskipTests package
  # The test class path, written by exec:exec (resolved for the build already; dependency:build-classpath is not).
  $MVN exec:exec -Dexec.executable=echo -Dexec.classpathScope=test '-Dexec.args=%classpath' -Dexec.outputFile=target/bench.cp
fi
CP=$(cat target/bench.cp)

echo "== in process (JMH, with -prof gc)"
# jmh.ignoreLock: JMH refuses to start while another JMH holds /tmp/jmh.lock; on a machine shared with other builds
# the run goes on (its figures are then indicative, as latest.md's load average says) rather than fail.
java -Djmh.ignoreLock=true -cp "$CP" org.openjdk.jmh.Main 'dev\.runbook\.decisions\.bench\..*Benchmark' $JMH_OPTS -prof gc \
  -rf json -rff "$WORK/jmh.json" > "$WORK/jmh.log"

echo "== class-data archive (deploy/record-cds.sh), as the container image records one"
JVM_OPTS="$SERVICE_JVM" deploy/record-cds.sh target/quarkus-app/quarkus-run.jar target/app-cds.jsa $PORT > "$WORK/cds.log"
# Every service of the run starts with it, as deployed; the start-up is also measured once without it, for comparison.
CDS="-XX:SharedArchiveFile=$ROOT/target/app-cds.jsa"

echo "== over HTTP"
ISSUED=$(java -jar target/quarkus-app/quarkus-run.jar hash-key bench admin)
KEY=$(echo "$ISSUED" | grep -o 'rbk_bench_[A-Za-z0-9_-]*')
HASH=$(echo "$ISSUED" | sed -n 's/.*api-keys\.bench\.hash=//p')
SVC_PID=""

uptime_of() {   # uptime_of PID: seconds since the process started, as its JVM log's "uptime" decoration counts them
  python3 -c "import os,sys; t=int(open('/proc/$1/stat').read().rsplit(')',1)[1].split()[19]); \
print(round(float(open('/proc/uptime').read().split()[0]) - t / os.sysconf('SC_CLK_TCK'), 2))"
}

start_service() {   # start_service NAME CORES [-Dprop=value ...]: the packaged jar on CORES (0, or 0,1), fresh data
  local name=$1 cores=$2; shift 2
  mkdir -p "$WORK/$name"
  local t0; t0=$(date +%s%N)
  # shellcheck disable=SC2086
  (cd "$WORK/$name" && exec taskset -c "$cores" java $SERVICE_JVM $CDS "-Xlog:$GC_LOG:file=$WORK/$name-gc.log:uptime,level,tags:filecount=0" \
    -Dquarkus.http.port=$PORT -Drunbook.bench.floor-enabled=true \
    -Drunbook.security.api-keys.bench.hash="$HASH" -Drunbook.security.api-keys.bench.roles=admin \
    -Drunbook.security.rate-limit.requests-per-second=1000000 -Drunbook.security.rate-limit.burst=1000000 \
    "$@" -jar "$ROOT/target/quarkus-app/quarkus-run.jar" > "$WORK/$name.log" 2>&1) &
  SVC_PID=$!
  until curl -sf -o /dev/null -X POST "http://127.0.0.1:$PORT/api/v1/decisions" -H "X-API-Key: $KEY" \
      -H 'Content-Type: application/json' -d '{"service":"startup-probe"}'; do
    kill -0 $SVC_PID 2>/dev/null || { echo "service $name died; see $WORK/$name.log"; exit 1; }
    sleep 0.05
  done
  echo "{\"service\": \"$name\", \"cores\": \"$cores\", \"firstDecisionMs\": $(( ($(date +%s%N) - t0) / 1000000 )), \"rssKbAfterStart\": $(ps -o rss= -p $SVC_PID)}" >> "$WORK/startup.jsonl"
}

stop_service() {
  kill $SVC_PID 2>/dev/null || true
  wait $SVC_PID 2>/dev/null || true
}

cpu_ticks() {   # cpu_ticks PID: prints "ALL JIT", the CPU ticks of the process and those of its JIT compiler threads
  python3 -c "
import glob
def ticks(stat): return sum(map(int, open(stat).read().rsplit(')', 1)[1].split()[11:13]))
jit = 0
for task in glob.glob('/proc/$1/task/*'):
    try:
        if open(task + '/comm').read().startswith(('C1 Compiler', 'C2 Compiler')): jit += ticks(task + '/stat')
    except OSError: pass
print(ticks('/proc/$1/stat'), jit)"
}

# warm_up PATH LUA FILES: load at 16 connections in 10 s slices until the JIT compilers took under 5 % of the
# service's CPU in a slice (at least two slices, at most WARM_MAX_SECONDS); prints the seconds it took. A peak measured
# while the JIT still compiles is a measure of the start: 8 s of warm-up left C2 at a quarter of the core and the
# decisions' peak at a quarter of the warm one (bench/README.md, "A warm peak, without the profiler").
warm_up() {
  local path=$1 lua=$2 files=$3 seconds=0 before after
  before=$(cpu_ticks $SVC_PID)
  while :; do
    BODIES="$files" KEY="$KEY" taskset -c $LOAD_CORE wrk -t1 -c16 -d10s -s "bench/wrk/$lua" "http://127.0.0.1:$PORT$path" > /dev/null
    seconds=$((seconds + 10))
    after=$(cpu_ticks $SVC_PID)
    if [ $seconds -ge $WARM_MAX_SECONDS ] || python3 -c "
b, a = [int(x) for x in '$before'.split()], [int(x) for x in '$after'.split()]
exit(0 if $seconds >= 20 and (a[1] - b[1]) < 0.05 * max(1, a[0] - b[0]) else 1)"; then
      break
    fi
    before=$after
  done
  echo $seconds
}

# measure NAME PATH LUA BODY_FILES...: peak throughput with wrk once the JIT has settled, then latency at a fixed 50% of
# the peak with FixedRateLoad (warmed up first), GC and safepoint logs on both sides, and last, at the peak's load, a
# JFR recording of its own. The profiler never runs while a figure is taken: the decision paths served half as much
# while it recorded, the JIT compilers busy four times as long; the next path's warm-up waits for the JIT to settle.
measure() {
  local name=$1 path=$2 lua=$3; shift 3
  local files="$*"
  local warm; warm=$(warm_up "$path" "$lua" "$files")
  local peak
  peak=$(BODIES="$files" KEY="$KEY" taskset -c $LOAD_CORE wrk -t1 -c16 -d${HTTP_SECONDS}s -s "bench/wrk/$lua" \
    "http://127.0.0.1:$PORT$path" | awk '/Requests\/sec/ {print $2}')
  local rate; rate=$(python3 -c "print(max(1.0, round($peak / 2, 1)))")
  if [ "$lua" = "alert-group.lua" ]; then
    mkdir -p "$WORK/groups-$name"
    python3 bench/alert_groups.py "$WORK/groups-$name" \
      "$(python3 -c "print(int($rate * ($HTTP_SECONDS + $WARMUP_SECONDS)) + 1)")" "$name"
    files=$(ls "$WORK/groups-$name"/*.json | tr '\n' ' ')
  fi
  local from; from=$(uptime_of $SVC_PID)
  local fixed
  # shellcheck disable=SC2086
  fixed=$(taskset -c $LOAD_CORE java "-Xlog:$GC_LOG:file=$WORK/load-$name-gc.log:uptime,level,tags:filecount=0" \
    -cp "$CP" dev.runbook.decisions.bench.FixedRateLoad "http://127.0.0.1:$PORT$path" \
    "$rate" "$HTTP_SECONDS" "$WARMUP_SECONDS" "$KEY" $files)
  local to; to=$(uptime_of $SVC_PID)
  jcmd $SVC_PID JFR.start name="$name" settings=profile filename="$WORK/$name.jfr" > /dev/null
  # "$*", the path's own bodies: for the Alertmanager path files now names the fixed-rate run's groups.
  BODIES="$*" KEY="$KEY" taskset -c $LOAD_CORE wrk -t1 -c16 -d${HTTP_SECONDS}s -s "bench/wrk/$lua" \
    "http://127.0.0.1:$PORT$path" > /dev/null
  jcmd $SVC_PID JFR.stop name="$name" > /dev/null
  echo "{\"name\": \"$name\", \"path\": \"$path\", \"warmUpSeconds\": $warm, \"peakRps\": $peak, \"fixed\": $fixed, \"serviceLog\": \"$SVC_NAME-gc.log\", \"serviceWindow\": [$from, $to]}" >> "$WORK/http.jsonl"
  echo "   $name: warm after ${warm}s, peak $peak req/s; at $rate req/s: $(echo "$fixed" | cut -c1-160)"
}

# soak: decisions at 4 connections for SOAK_SECONDS, RSS every RSS_EVERY seconds, live-heap histograms before/after.
soak() {
  echo "   soak: ${SOAK_SECONDS}s of decisions, RSS every ${RSS_EVERY}s"
  jcmd $SVC_PID GC.class_histogram > "$WORK/histogram-before.txt"
  BODIES="$SAMPLES" KEY="$KEY" taskset -c $LOAD_CORE wrk -t1 -c4 -d${SOAK_SECONDS}s -s bench/wrk/post.lua \
    "http://127.0.0.1:$PORT/api/v1/decisions" > "$WORK/soak-wrk.txt" &
  local wrk_pid=$! t0 next=0 now; t0=$(date +%s)
  while kill -0 $wrk_pid 2>/dev/null; do
    now=$(( $(date +%s) - t0 ))
    if [ $now -ge $next ]; then
      echo "{\"seconds\": $now, \"rssKb\": $(ps -o rss= -p $SVC_PID)}" >> "$WORK/soak.jsonl"
      next=$((next + RSS_EVERY))
    fi
    sleep 1
  done
  wait $wrk_pid
  echo "{\"seconds\": $(( $(date +%s) - t0 )), \"rssKb\": $(ps -o rss= -p $SVC_PID)}" >> "$WORK/soak.jsonl"
  jcmd $SVC_PID GC.class_histogram > "$WORK/histogram-after.txt"
  echo "{\"service\": \"$SVC_NAME\", \"soakSeconds\": $SOAK_SECONDS, \"rssKbAfterSoak\": $(ps -o rss= -p $SVC_PID), \"requests\": $(awk '/requests in/ {print $1}' "$WORK/soak-wrk.txt")}" >> "$WORK/startup.jsonl"
}

SAMPLES=$(ls samples/*.json | tr '\n' ' ')
echo '{"errorRate": 0.07, "environment": "production"}' > "$WORK/severity-input.json"

echo "   start-up on both cores, and on one core, without the class-data archive then with it"
SVC_NAME=h2-both-cores-no-archive; CDS= start_service $SVC_NAME 0,1
stop_service
SVC_NAME=h2-one-core-no-archive; CDS= start_service $SVC_NAME $SERVICE_CORE
stop_service
SVC_NAME=h2-both-cores; start_service $SVC_NAME 0,1
stop_service

SVC_NAME=h2; start_service $SVC_NAME $SERVICE_CORE
measure floor /api/v1/bench/floor post.lua $SAMPLES
measure severity-model /api/v1/models/severity/evaluate post.lua "$WORK/severity-input.json"
measure decisions-h2 /api/v1/decisions post.lua $SAMPLES
measure alertmanager-100-h2 /api/v1/alerts/alertmanager alert-group.lua
soak
echo "   what-if over the oldest 10,000 recorded decisions"
bench/whatif.sh $PORT "$KEY" $SVC_PID > "$WORK/whatif.json"
stop_service

if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS runbook_bench CASCADE; CREATE SCHEMA runbook_bench;" 2>/dev/null
  SVC_NAME=postgresql; start_service $SVC_NAME $SERVICE_CORE -Drunbook.store=postgresql \
    "-Dquarkus.datasource.postgresql.jdbc.url=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=runbook_bench"
  measure decisions-postgresql /api/v1/decisions post.lua $SAMPLES
  measure alertmanager-100-postgresql /api/v1/alerts/alertmanager alert-group.lua
  stop_service
else
  echo "   PostgreSQL does not answer on 127.0.0.1:5432: its rows are left out"
fi

echo "== report (JFR top frames, GC and safepoint windows, targets, chart)"
for jfr in "$WORK"/*.jfr; do
  [ -e "$jfr" ] || continue
  jfr print --events jdk.ExecutionSample --stack-depth 1 "$jfr" > "${jfr%.jfr}.samples.txt"
done
python3 bench/report.py "$WORK" "$OUT"
echo "== wrote $OUT/latest.md, $OUT/latest.json and $OUT/latest.svg (work files in $WORK)"
