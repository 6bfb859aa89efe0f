#!/usr/bin/env bash
# The what-if over recorded decisions: bench/whatif.sh PORT KEY PID [RECORD]
# Against a running service (bench/run.sh calls it after the soak, which recorded more than 10,000 decisions): drafts
# classification with the drift threshold lowered from 0.3 to 0.25, warms the replay path up on 500 decisions, then
# times one what-if over the oldest 10,000 decisions of the last 7 days. With RECORD, first records at least that many
# decisions (the samples, wrk on core 1). PID is the service's process, whose CPU time is read from /proc: on a shared
# machine CPU seconds per decision move less than wall time. Prints one JSON line; see bench/README.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=$1 KEY=$2 PID=$3 RECORD=${4:-0}
URL="http://127.0.0.1:$PORT"
LIMIT=10000

recorded=0
while [ "$recorded" -lt "$RECORD" ]; do
  n=$(BODIES="$(ls "$ROOT"/samples/*.json | tr '\n' ' ')" KEY="$KEY" taskset -c 1 wrk -t1 -c4 -d10s -s "$ROOT/bench/wrk/post.lua" \
    "$URL/api/v1/decisions" | awk '/requests in/ {print $1}')
  recorded=$((recorded + n))
  echo "   recorded $recorded decisions" >&2
done

version=$(sed 's|<outputEntry id="_classification_oe_symptomThresholdRows_3_value"><text>0.3</text>|<outputEntry id="_classification_oe_symptomThresholdRows_3_value"><text>0.25</text>|' \
    "$ROOT/dmn/classification.dmn" | curl -sf -X POST "$URL/api/v1/models/classification/versions?reason=bench%20what-if" \
    -H "X-API-Key: $KEY" -H 'Content-Type: application/xml' --data-binary @- \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["version"]["version"])')

what_if() {   # what_if LIMIT OUT: the answer in OUT, the seconds on stdout
  curl -sf -o "$2" -w '%{time_total}' -X POST "$URL/api/v1/models/classification/versions/$version/what-if" \
    -H "X-API-Key: $KEY" -H 'Content-Type: application/json' -d "{\"limit\": $1}"
}

cpu_ticks() {   # user + system time of the service, all its threads
  awk '{print $14 + $15}' "/proc/$PID/stat"
}

OUT=$(mktemp)
what_if 500 "$OUT" > /dev/null
before=$(cpu_ticks)
seconds=$(what_if $LIMIT "$OUT")
after=$(cpu_ticks)
python3 - "$OUT" "$seconds" "$((after - before))" "$(getconf CLK_TCK)" <<'PY'
import json, sys
answer, seconds, cpu = json.load(open(sys.argv[1])), float(sys.argv[2]), int(sys.argv[3]) / int(sys.argv[4])
print(json.dumps({"evaluated": answer["evaluated"], "skipped": answer["skipped"], "changed": answer["changed"]["any"],
                  "seconds": round(seconds, 2), "decisionsPerSecond": round(answer["evaluated"] / seconds, 1),
                  "cpuSeconds": round(cpu, 2), "cpuMsPerDecision": round(cpu * 1000 / answer["evaluated"], 2)}))
PY
rm -f "$OUT"
