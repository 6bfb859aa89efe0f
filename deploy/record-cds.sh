#!/usr/bin/env bash
# Records the service's class-data archive (AppCDS): deploy/record-cds.sh JAR ARCHIVE [PORT]
#
# Starts JAR once in a scratch directory with -XX:ArchiveClassesAtExit=ARCHIVE, sends it the requests a running
# service answers first (decisions of every shipped sample, one model, an Alertmanager group), and stops it; the JVM
# writes the classes it loaded into ARCHIVE as it exits. A service then started with -XX:SharedArchiveFile=ARCHIVE maps
# them instead of loading and verifying each class: about a fifth less CPU to its first decision (docs/operations.md,
# "Start-up"). The archive is valid only for the JDK build that made it and the same path to JAR; with any other the
# JVM warns and starts without it, so a stale archive costs start-up time, never correctness.
# JVM_OPTS (the service's heap and GC flags) are used for the recording run too. Needs java and curl.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=$(realpath "$1")
ARCHIVE=$(realpath -m "$2")
PORT=${3:-18999}
SAMPLES=${SAMPLES:-$HERE/../samples}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ISSUED=$(java -jar "$JAR" hash-key cds admin)
KEY=$(echo "$ISSUED" | grep -o 'rbk_cds_[A-Za-z0-9_-]*')
HASH=$(echo "$ISSUED" | sed -n 's/.*api-keys\.cds\.hash=//p')
rm -f "$ARCHIVE"
# shellcheck disable=SC2086
(cd "$WORK" && exec java ${JVM_OPTS:-} -XX:ArchiveClassesAtExit="$ARCHIVE" -Dquarkus.http.port="$PORT" \
  -Drunbook.security.api-keys.cds.hash="$HASH" -Drunbook.security.api-keys.cds.roles=admin \
  -jar "$JAR" > "$WORK/service.log" 2>&1) &
PID=$!
post() {   # post PATH FILE: answers the HTTP status
  curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$PORT$1" -H "X-API-Key: $KEY" \
    -H 'Content-Type: application/json' --data-binary @"$2"
}
FIRST=$(ls "$SAMPLES"/*.json | head -1)
until [ "$(post /api/v1/decisions "$FIRST" 2>/dev/null)" = 200 ]; do
  kill -0 $PID 2>/dev/null || { cat "$WORK/service.log" >&2; echo "record-cds: the service died" >&2; exit 1; }
  sleep 0.2
done
for sample in "$SAMPLES"/*.json; do post /api/v1/decisions "$sample" > /dev/null; done
echo '{"errorRate": 0.07, "environment": "production"}' > "$WORK/severity.json"
post /api/v1/models/severity/evaluate "$WORK/severity.json" > /dev/null
[ -d "$SAMPLES/alertmanager" ] && post /api/v1/alerts/alertmanager "$SAMPLES/alertmanager/firing-group.json" > /dev/null
kill -TERM $PID
wait $PID || true
[ -s "$ARCHIVE" ] || { cat "$WORK/service.log" >&2; echo "record-cds: no archive written" >&2; exit 1; }
echo "record-cds: wrote $ARCHIVE ($(( $(stat -c %s "$ARCHIVE") / 1048576 )) MiB)"
