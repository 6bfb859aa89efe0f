"""Writes COUNT Alertmanager groups of 100 firing alerts, each with fresh fingerprints, for the fixed-rate runs."""
import json, sys
out, count, run = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for g in range(count):
    alerts = [{"status": "firing", "labels": {"alertname": "HighLatency", "service": f"svc-{a}", "severity": "warning"},
               "annotations": {"latency_p95_seconds": "1.5s", "cpu_utilization": "85%"},
               "startsAt": "2026-11-27T08:00:00Z", "fingerprint": f"f{run}-{g}-{a}"} for a in range(100)]
    with open(f"{out}/group-{g:05d}.json", "w") as f:
        json.dump({"receiver": "bench", "status": "firing", "alerts": alerts}, f)
