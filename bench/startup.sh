#!/usr/bin/env bash
# One start of the packaged jar to its first decision, and what it spent: bench/startup.sh CORES PORT [JVM option ...]
# (CORES as taskset takes them: 0,1 or 0). Fresh data directory; polls POST /api/v1/decisions with a sample every
# 20 ms; at the first 200 prints the wall time, the CPU time of the process and of its threads by name (/proc), the
# classes loaded and how many came from a class-data archive, RSS, Quarkus' "started in" and the load average.
# The service's flags are those of docs/operations.md (SERVICE_JVM replaces them); extra options are appended.
# See bench/README.md, "Start-up (issue 13, item 5; 2026-12-07)".
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CORES=$1 PORT=$2; shift 2
SERVICE_JVM=${SERVICE_JVM:--Xms64m -Xmx192m -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=48m -Xss512k}
SAMPLE=${SAMPLE:-$ROOT/samples/high-error-rate-p1-out-of-memory.json}
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
export MALLOC_ARENA_MAX=2
WORK=$(mktemp -d)
ISSUED=$(java -jar "$JAR" hash-key startup admin)
KEY=$(echo "$ISSUED" | grep -o 'rbk_startup_[A-Za-z0-9_-]*')
HASH=$(echo "$ISSUED" | sed -n 's/.*api-keys\.startup\.hash=//p')
t0=$(date +%s%N)
# shellcheck disable=SC2086
(cd "$WORK" && exec taskset -c "$CORES" java $SERVICE_JVM "$@" -Dquarkus.http.port="$PORT" \
  -Drunbook.security.api-keys.startup.hash="$HASH" -Drunbook.security.api-keys.startup.roles=admin \
  -jar "$JAR" > "$WORK/service.log" 2>&1) &
PID=$!
until curl -sf -o /dev/null -X POST "http://127.0.0.1:$PORT/api/v1/decisions" -H "X-API-Key: $KEY" \
    -H 'Content-Type: application/json' --data-binary @"$SAMPLE"; do
  kill -0 $PID 2>/dev/null || { echo "the service died; see $WORK/service.log"; exit 1; }
  sleep 0.02
done
WALL=$(( ($(date +%s%N) - t0) / 1000000 ))
CPU=$(python3 - "$PID" <<'PY'
import collections, os, re, sys
pid, tick = sys.argv[1], os.sysconf('SC_CLK_TCK')
def ms(stat):
    fields = open(stat).read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 // tick
threads = collections.Counter()
for task in os.listdir(f'/proc/{pid}/task'):
    try:
        threads[re.sub(r'\d+$', 'N', open(f'/proc/{pid}/task/{task}/comm').read().strip())] += ms(f'/proc/{pid}/task/{task}/stat')
    except OSError:
        pass   # a thread that ended meanwhile; its time is in the process's total
print(f"cpu={ms(f'/proc/{pid}/stat')}ms threads: " + ', '.join(f'{n}={t}ms' for n, t in threads.most_common(8) if t))
PY
)
CLASSES=$(jcmd $PID PerfCounter.print | awk -F= '/java.cls.loadedClasses=/ {l=$2} /java.cls.sharedLoadedClasses=/ {s=$2} END {print l" loaded, "s" from an archive"}')
RSS=$(( $(ps -o rss= -p $PID) / 1024 ))
kill $PID; wait $PID 2>/dev/null || true
echo "cores=$CORES wall=${WALL}ms $CPU"
echo "  classes: $CLASSES; RSS ${RSS} MiB; quarkus: $(grep -o 'started in [0-9.]*s' "$WORK/service.log" | head -1); load: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$WORK"
