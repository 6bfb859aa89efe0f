-- POSTs Alertmanager groups of 100 firing alerts, each group new (fresh fingerprints), so every alert is decided.
-- The fingerprints carry the time wrk started, in seconds: run.sh starts wrk several times on one service (warm-up
-- slices, the peak, the profile), and a group sent again is answered from its receipts, not decided (bench/README.md).
local run = os.time()
local thread_id = 0
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = os.getenv("KEY")
setup = function(thread) thread_id = thread_id + 1; thread:set("tid", thread_id) end
request = function()
  counter = counter + 1
  local alerts = {}
  for a = 1, 100 do
    alerts[a] = string.format('{"status":"firing","labels":{"alertname":"HighLatency","service":"svc-%d","severity":"warning"},'
      .. '"annotations":{"latency_p95_seconds":"1.5s","cpu_utilization":"85%%"},"startsAt":"2026-11-27T08:00:00Z",'
      .. '"fingerprint":"w%d-%s-%d-%d"}', a, run, tostring(tid), counter, a)
  end
  return wrk.format(nil, nil, nil, '{"receiver":"bench","status":"firing","alerts":[' .. table.concat(alerts, ",") .. ']}')
end
