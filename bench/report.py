"""Turns one bench/run.sh run (its work directory) into bench/results/latest.json and latest.md."""
import json, os, platform, subprocess, sys
from datetime import datetime, timezone

work, out = sys.argv[1], sys.argv[2]

def lines(name):
    path = os.path.join(work, name)
    return [json.loads(l) for l in open(path)] if os.path.exists(path) else []

def machine():
    cpu = subprocess.run(["sh", "-c", "lscpu | sed -n 's/^Model name: *//p'"], capture_output=True, text=True).stdout.strip()
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**30
    return {"cpu": cpu, "cores": os.cpu_count(), "memoryGiB": mem, "java": java, "os": platform.platform(),
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}

jmh = []
for r in json.load(open(os.path.join(work, "jmh.json"))):
    alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    jmh.append({"benchmark": r["benchmark"].split(".bench.")[1], "params": r.get("params", {}),
                "us": r["primaryMetric"]["score"], "error": r["primaryMetric"]["scoreError"], "allocBytes": alloc})

http = lines("http.jsonl")
whatif = (lines("whatif.json") or [None])[0]
startup = lines("startup.jsonl")
floor = next((h["peakRps"] for h in http if h["name"] == "floor"), None)
for h in http:
    h["ratioToFloor"] = round(h["peakRps"] / floor, 4) if floor else None

def pick(name):
    return [j for j in jmh if j["benchmark"] == name]

peer = {j["benchmark"].split(".")[1]: j["us"] for j in pick("PeerBenchmark.drools") + pick("PeerBenchmark.camunda") + pick("PeerBenchmark.operaton")}
scaling = sorted(pick("ScalingBenchmark.evaluate"), key=lambda j: int(j["params"]["times"]))
result = {"machine": machine(), "jmh": jmh, "http": http, "startup": startup, "whatIf": whatif,
          "peerRatioOursToCamunda": round(peer["drools"] / peer["camunda"], 3) if "camunda" in peer else None,
          "peerRatioOursToOperaton": round(peer["drools"] / peer["operaton"], 3) if "operaton" in peer else None}
json.dump(result, open(os.path.join(out, "latest.json"), "w"), indent=2)

def fmt(v, d=1):
    return "-" if v is None else f"{v:,.{d}f}"

m = result["machine"]
md = [f"# Benchmark results", "",
      f"Run {m['date']} on {m['cpu']}, {m['cores']} cores, {m['memoryGiB']} GiB, {m['java']}. "
      "The service was pinned to core 0 and the load generators to core 1 (`taskset`).", "",
      "## In process (JMH, average time per operation; allocation from `-prof gc`)", "",
      "| Full decision for sample | µs/op | ± | bytes allocated/op |", "|---|---:|---:|---:|"]
for j in pick("DecisionBenchmark.decide"):
    md.append(f"| {j['params']['sample']} | {fmt(j['us'])} | {fmt(j['error'])} | {fmt(j['allocBytes'], 0)} |")
md += ["", "| One DMN model (context of a P1 high-error-rate decision) | µs/op | ± | bytes allocated/op |", "|---|---:|---:|---:|"]
for j in pick("ModelBenchmark.evaluateModel"):
    md.append(f"| {j['params']['model']} | {fmt(j['us'])} | {fmt(j['error'])} | {fmt(j['allocBytes'], 0)} |")
for j in pick("RulesBenchmark.rulesSession"):
    md.append(f"| DRL session alone (rules/, 33 rules) | {fmt(j['us'])} | {fmt(j['error'])} | {fmt(j['allocBytes'], 0)} |")
md += ["", "| Deciding with a draft (sample data-drift-retrain) | µs/op | ± | bytes allocated/op |", "|---|---:|---:|---:|"]
for j in [j for j in pick("DecisionBenchmark.decide") if j["params"]["sample"] == "data-drift-retrain"]:
    md.append(f"| decision with the published set (as above) | {fmt(j['us'])} | {fmt(j['error'])} | {fmt(j['allocBytes'], 0)} |")
for name, label in [("ShadowBenchmark.decideWithDraft", "decision with a draft of classification in the set (a shadow adds one per decision)"),
                    ("ShadowBenchmark.draftSet", "building the draft's set (`ModelSet.with`: once per draft)")]:
    for j in pick(name):
        md.append(f"| {label} | {fmt(j['us'])} | {fmt(j['error'])} | {fmt(j['allocBytes'], 0)} |")
md += ["", "| Peer: bench/severity-peer.dmn | µs/op | ± | bytes allocated/op |", "|---|---:|---:|---:|"]
engines = {"drools": "ours (Drools kie-dmn-core 10.1.0)", "camunda": "Camunda DMN 7.24.0, feel-engine 1.19.5",
           "operaton": "Operaton DMN 1.0.3, feel-engine 1.19.5"}
for j in pick("PeerBenchmark.drools") + pick("PeerBenchmark.camunda") + pick("PeerBenchmark.operaton"):
    engine = engines[j["benchmark"].split(".")[1]]
    md.append(f"| {engine} | {fmt(j['us'])} | {fmt(j['error'])} | {fmt(j['allocBytes'], 0)} |")
md.append(f"\nRatio ours / Camunda: **{fmt(result['peerRatioOursToCamunda'], 2)}**; ours / Operaton: "
          f"**{fmt(result['peerRatioOursToOperaton'], 2)}** (below 1: we are faster).")
md += ["", "| Scaling: severity table with | rows | µs/op | ratio to 1x |", "|---|---:|---:|---:|"]
for j in scaling:
    t = int(j["params"]["times"])
    md.append(f"| {t}x | {6 * t} | {fmt(j['us'])} | {fmt(j['us'] / scaling[0]['us'], 2)} |")
md += ["", "## Over HTTP (packaged jar, audit log on)", "",
       "Peak: wrk, 1 thread, 16 connections. Latency: an open-loop generator at a fixed 50% of the peak, measured from "
       "each request's due time (no coordinated omission).", "",
       "| Path | peak req/s | ratio to floor | fixed rate | p50 ms | p99 ms | p99.9 ms | errors |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
for h in http:
    f = h["fixed"]
    md.append(f"| {h['name']} (`{h['path']}`) | {fmt(h['peakRps'])} | {fmt(h['ratioToFloor'], 3)} | {fmt(f['rate'])} | "
              f"{fmt(f['p50Ms'], 2)} | {fmt(f['p99Ms'], 2)} | {fmt(f['p999Ms'], 2)} | {f['errors']} |")
md += ["", "Alertmanager rows count one request per group of 100 alerts (100 decisions each)."]
if whatif:
    md += ["", "## What-if replay (packaged jar, audit log on H2)", "",
           "`bench/whatif.sh` after the soak: a draft of classification (drift threshold 0.3 → 0.25), a what-if over the "
           "oldest 10,000 decisions of the last 7 days (after a 500-decision warm-up), timed by curl; CPU from /proc.", "",
           "| Decisions decided again | changed | wall s | decisions/s | service CPU s | CPU ms/decision |", "|---:|---:|---:|---:|---:|---:|",
           f"| {whatif['evaluated']:,} | {whatif['changed']:,} | {fmt(whatif['seconds'], 2)} | {fmt(whatif['decisionsPerSecond'])} | "
           f"{fmt(whatif['cpuSeconds'], 2)} | {fmt(whatif['cpuMsPerDecision'], 2)} |"]
md += ["",
       "## Start-up and memory", "", "| Store | first decision after `java -jar` (ms) | RSS after start (MiB) | RSS after soak (MiB) |",
       "|---|---:|---:|---:|"]
soak = {s["service"]: s for s in startup if "rssKbAfterSoak" in s}
for s in startup:
    if "firstDecisionMs" in s:
        after = soak.get(s["service"])
        md.append(f"| {s['service']} | {s['firstDecisionMs']} | {fmt(s['rssKbAfterStart'] / 1024, 0)} | "
                  f"{fmt(after['rssKbAfterSoak'] / 1024, 0) + ' (' + str(after['soakSeconds']) + ' s)' if after else '-'} |")
open(os.path.join(out, "latest.md"), "w").write("\n".join(md) + "\n")
