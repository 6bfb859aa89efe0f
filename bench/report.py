"""Turns one bench/run.sh run (its work directory) into bench/results/latest.json, latest.md and latest.svg.

Standard library only. latest.md opens with issue 13's table: each measure, the issue's "Now" column as the baseline,
this run's figure, the target, the ratio to the target and PASS/FAIL."""
import collections, json, os, platform, re, subprocess, sys
from datetime import datetime, timezone

work, out = sys.argv[1], sys.argv[2]


def lines(name):
    path = os.path.join(work, name)
    return [json.loads(l) for l in open(path) if l.strip()] if os.path.exists(path) else []


def machine():
    cpu = subprocess.run(["sh", "-c", "lscpu | sed -n 's/^Model name: *//p'"], capture_output=True, text=True).stdout.strip()
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**30
    return {"cpu": cpu, "cores": os.cpu_count(), "memoryGiB": mem, "java": java, "os": platform.platform(),
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "loadAverageAtEnd": open("/proc/loadavg").read().split()[:3]}


# ---- GC and safepoint logs (-Xlog:gc*,safepoint with the uptime decoration) ----
LOG_LINE = re.compile(r"^\[(\d+\.\d+)s\]\[\w+\]\[([\w,\s]+)\]\s*(.*)$")
PAUSE = re.compile(r"GC\(\d+\) (Pause [^(]*\([^)]*\)|Pause \w+).* (\d+\.\d+)ms$")
SAFEPOINT = re.compile(r'Safepoint "(\w+)".*Reaching safepoint: (\d+) ns.*Total: (\d+) ns')


def jvm_pauses(log, window=None):
    """GC pauses and safepoints of one JVM log, within [from, to] seconds of its uptime when a window is given."""
    gc, safepoints = [], []
    path = os.path.join(work, log)
    if not os.path.exists(path):
        return None
    for line in open(path, errors="replace"):
        m = LOG_LINE.match(line)
        if not m or (window and not window[0] <= float(m.group(1)) <= window[1]):
            continue
        tags, text = m.group(2).strip(), m.group(3)
        p = PAUSE.search(text) if tags == "gc" else None
        if p:
            gc.append(float(p.group(2)))
        s = SAFEPOINT.search(text) if tags == "safepoint" else None
        if s:
            safepoints.append((s.group(1), int(s.group(2)) / 1e6, int(s.group(3)) / 1e6))
    worst = max(safepoints, key=lambda s: s[2], default=None)
    return {"gcPauses": len(gc), "gcPauseMaxMs": round(max(gc, default=0), 2), "gcPauseTotalMs": round(sum(gc), 1),
            "safepoints": len(safepoints), "safepointMaxMs": round(worst[2], 2) if worst else 0,
            "safepointMaxOp": worst[0] if worst else None,
            "timeToSafepointMaxMs": round(max((s[1] for s in safepoints), default=0), 2)}


# ---- JFR execution samples (jfr print --stack-depth 1): the top self frames of each path ----
def top_frames(name, count=6):
    path = os.path.join(work, f"{name}.samples.txt")
    if not os.path.exists(path):
        return None
    frames, take = collections.Counter(), False
    for line in open(path, errors="replace"):
        if "stackTrace = [" in line:
            take = True
        elif take:
            frames[re.sub(r"\s+line:.*$", "", line.strip())] += 1
            take = False
    total = sum(frames.values())
    return {"samples": total, "top": [{"frame": f, "share": round(n / total, 3)} for f, n in frames.most_common(count)]}


# ---- heap histograms (jcmd GC.class_histogram) before and after the soak ----
def histogram(name):
    path = os.path.join(work, name)
    classes = {}
    if os.path.exists(path):
        for line in open(path):
            m = re.match(r"^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
            if m:
                classes[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    return classes


def growers(before, after, count=8):
    diff = [(c, after[c][1] - before.get(c, (0, 0))[1], after[c][0] - before.get(c, (0, 0))[0]) for c in after]
    return [{"class": c, "bytes": b, "instances": n} for c, b, n in sorted(diff, key=lambda d: -d[1])[:count] if b > 0]


def slope_mib_per_10min(points):
    """Least-squares slope of RSS (MiB) against time, per 10 minutes."""
    if len(points) < 2:
        return None
    xs, ys = [p["seconds"] for p in points], [p["rssKb"] / 1024 for p in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return round(sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var * 600, 2) if var else None


run = json.load(open(os.path.join(work, "run.json"))) if os.path.exists(os.path.join(work, "run.json")) else {}
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
    h["serviceJvm"] = jvm_pauses(h.get("serviceLog", ""), h.get("serviceWindow"))
    h["loadJvm"] = jvm_pauses(f"load-{h['name']}-gc.log")
    h["topFrames"] = top_frames(h["name"])

# The soak: RSS samples, the flatness criterion, what grew in the live heap.
FLAT_WINDOW_S, FLAT_MAX_MIB_PER_10MIN = 1200, 10.0
soak_points = lines("soak.jsonl")
soak_len = soak_points[-1]["seconds"] if soak_points else 0
# The last 20 minutes of the soak, or its last two thirds when it is shorter (the first third is the warm-up).
window_from = soak_len - min(FLAT_WINDOW_S, soak_len * 2 / 3)
flat_points = [p for p in soak_points if p["seconds"] >= window_from]
soak = {"points": soak_points, "windowFromSeconds": round(window_from), "slopeMiBPer10Min": slope_mib_per_10min(flat_points),
        "criterionMiBPer10Min": FLAT_MAX_MIB_PER_10MIN,
        "heapGrowers": growers(histogram("histogram-before.txt"), histogram("histogram-after.txt")),
        "liveHeapBeforeBytes": sum(b for _, b in histogram("histogram-before.txt").values()),
        "liveHeapAfterBytes": sum(b for _, b in histogram("histogram-after.txt").values())}


def pick(name):
    return [j for j in jmh if j["benchmark"] == name]


def model(name):
    return next((j for j in pick("ModelBenchmark.evaluateModel") if j["params"].get("model") == name), None)


def path(name):
    return next((h for h in http if h["name"] == name), None)


def started(name):
    return next((s for s in startup if s["service"] == name and "firstDecisionMs" in s), None)


# ---- issue 13's table: measure, baseline (the issue's "Now"), now, target; at_least says which way is better ----
severity, escalation = model("severity"), model("escalation")
decisions = pick("DecisionBenchmark.decide")
targets = []


def target(measure, baseline, now, goal, at_least, unit="", digits=3):
    ratio = None if now is None else round(now / goal, 3)
    verdict = None if now is None else ("PASS" if (now >= goal if at_least else now <= goal) else "FAIL")
    targets.append({"measure": measure, "baseline": baseline, "now": None if now is None else round(now, digits),
                    "unit": unit, "target": ("≥ " if at_least else "≤ ") + f"{goal:g}{unit}", "goal": goal,
                    "ratioToTarget": ratio, "verdict": verdict})


def peak_ratio(name):
    h = path(name)
    return h["ratioToFloor"] if h else None


target("Decisions over HTTP, H2, peak / floor peak", "123 / 4,106 = 0.030", peak_ratio("decisions-h2"), 0.25, True)
target("Decisions over HTTP, PostgreSQL / floor", "78 / 4,106 = 0.019", peak_ratio("decisions-postgresql"), 0.20, True)
target("One model over HTTP (`/models/severity/evaluate`) / floor", "0.424", peak_ratio("severity-model"), 0.6, True)
for h in http:
    target(f"p99 at a fixed half of the peak: {h['name']}", "0.5–1.3 s (every path)", h["fixed"]["p99Ms"], 10, False, " ms", 2)
if severity and decisions:
    worst = max(decisions, key=lambda j: j["us"])
    target(f"Whole decision in process / one severity evaluation, worst sample ({worst['params']['sample']})",
           "478–1,975 µs vs 43.6 µs = 11–45×", worst["us"] / severity["us"], 10, False, "×", 1)
if decisions:
    worst = max(decisions, key=lambda j: j["allocBytes"] or 0)
    target(f"Allocation per whole decision, worst sample ({worst['params']['sample']})", "1.2–3.5 MB",
           (worst["allocBytes"] or 0) / 1024, 256, False, " KB", 0)
if severity and escalation:
    target("`escalation` model alone / severity (time)", "270 µs, 1 MB (6× severity)", escalation["us"] / severity["us"],
           2, False, "×", 2)
for store in ("h2", "postgresql"):
    group, one = path(f"alertmanager-100-{store}"), path(f"decisions-{store}")
    if group and one:
        target(f"Alertmanager group of 100 / one decision (p50), {store}", "307 ms / 12 ms ≈ 26×",
               group["fixed"]["p50Ms"] / one["fixed"]["p50Ms"], 20, False, "×", 1)
both, one_core = started("h2-both-cores"), started("h2")
# Both with the class-data archive the container image records (deploy/record-cds.sh); the table further down also
# gives the start without it.
target("`java -jar` to first decision, both cores, class-data archive", "≈ 5 s", both and both["firstDecisionMs"] / 1000, 4, False, " s", 1)
target("`java -jar` to first decision, pinned to one core, class-data archive", "14 s", one_core and one_core["firstDecisionMs"] / 1000, 8,
       False, " s", 1)
after_soak = next((s for s in startup if "rssKbAfterSoak" in s), None)
target(f"RSS after the soak ({after_soak['soakSeconds'] if after_soak else '-'} s)", "678 MiB (5-minute soak)",
       after_soak and after_soak["rssKbAfterSoak"] / 1024, 300, False, " MiB", 0)
target(f"RSS slope over the soak's last {round((soak_len - window_from) / 60)} min (flat)", "-", soak["slopeMiBPer10Min"],
       FLAT_MAX_MIB_PER_10MIN, False, " MiB/10 min", 2)

peer = {j["benchmark"].split(".")[1]: j["us"] for j in pick("PeerBenchmark.drools") + pick("PeerBenchmark.camunda") + pick("PeerBenchmark.operaton")}
scaling = sorted(pick("ScalingBenchmark.evaluate"), key=lambda j: int(j["params"]["times"]))
result = {"machine": machine(), "run": run, "targets": targets, "jmh": jmh, "http": http, "startup": startup,
          "soak": soak, "whatIf": whatif,
          "peerRatioOursToCamunda": round(peer["drools"] / peer["camunda"], 3) if "camunda" in peer else None,
          "peerRatioOursToOperaton": round(peer["drools"] / peer["operaton"], 3) if "operaton" in peer else None}
json.dump(result, open(os.path.join(out, "latest.json"), "w"), indent=2)


# ---- the chart: peak throughput and p50/p99/p99.9 at half of it, per path, log scales ----
def svg_chart():
    import math
    rows = [h for h in http]
    w, row_h, top, left, gap = 1040, 34, 60, 250, 50
    panel = (w - left - gap - 80) // 2  # 80: room right of the bars for their labels
    height = top + row_h * len(rows) + 64

    def x_of(value, lo, hi, x0):
        value = min(max(value, lo), hi)
        return x0 + panel * (math.log10(value) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))

    def esc(text):
        return text.replace("&", "&amp;").replace("<", "&lt;")

    peak_hi = 10 ** math.ceil(math.log10(max([h["peakRps"] for h in rows] + [10])))
    lat_hi = 10 ** math.ceil(math.log10(max([h["fixed"]["p999Ms"] for h in rows] + [10])))
    out_svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{height}" font-family="sans-serif" font-size="12">',
               f'<rect width="{w}" height="{height}" fill="white"/>',
               f'<text x="{left}" y="20" font-size="14" font-weight="bold">Peak throughput (req/s, log)</text>',
               f'<text x="{left + panel + gap}" y="20" font-size="14" font-weight="bold">Latency at half the peak (ms, log)</text>']
    legend = [("p50", "#4c9be8"), ("p99", "#f0a030"), ("p99.9", "#d0453a")]
    for i, (label, colour) in enumerate(legend):
        lx = left + panel + gap + i * 80
        out_svg.append(f'<rect x="{lx}" y="30" width="12" height="12" fill="{colour}"/><text x="{lx + 16}" y="40">{label}</text>')
    lat_x0 = left + panel + gap
    for x0, lo, hi in ((left, 1, peak_hi), (lat_x0, 0.1, lat_hi)):
        decade = lo
        while decade <= hi:
            x = x_of(decade, lo, hi, x0)
            out_svg.append(f'<line x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" y2="{top + row_h * len(rows)}" stroke="#ddd"/>'
                           f'<text x="{x:.1f}" y="{top + row_h * len(rows) + 16}" text-anchor="middle">{decade:g}</text>')
            decade *= 10
    ten_ms = x_of(10, 0.1, lat_hi, lat_x0)
    out_svg.append(f'<line x1="{ten_ms:.1f}" y1="{top - 8}" x2="{ten_ms:.1f}" y2="{top + row_h * len(rows)}" '
                   f'stroke="#d0453a" stroke-dasharray="4 3"/><text x="{ten_ms:.1f}" y="{top + row_h * len(rows) + 30}" '
                   f'text-anchor="middle" fill="#d0453a">10 ms target</text>')
    for i, h in enumerate(rows):
        y = top + i * row_h
        out_svg.append(f'<text x="{left - 8}" y="{y + 18}" text-anchor="end">{esc(h["name"])}</text>')
        px = x_of(h["peakRps"], 1, peak_hi, left)
        out_svg.append(f'<rect x="{left}" y="{y + 6}" width="{px - left:.1f}" height="18" fill="#6a9f58"/>'
                       f'<text x="{px + 4:.1f}" y="{y + 19}">{h["peakRps"]:,.1f}</text>')
        for j, (key, (label, colour)) in enumerate(zip(("p50Ms", "p99Ms", "p999Ms"), legend)):
            lx = x_of(h["fixed"][key], 0.1, lat_hi, lat_x0)
            out_svg.append(f'<rect x="{lat_x0}" y="{y + 4 + j * 8}" width="{lx - lat_x0:.1f}" height="7" fill="{colour}">'
                           f'<title>{label} {h["fixed"][key]:.2f} ms</title></rect>')
        out_svg.append(f'<text x="{x_of(h["fixed"]["p999Ms"], 0.1, lat_hi, lat_x0) + 4:.1f}" y="{y + 19}" font-size="10">'
                       f'{h["fixed"]["p99Ms"]:.1f} / {h["fixed"]["p999Ms"]:.1f}</text>')
    m = result["machine"]
    out_svg.append(f'<text x="10" y="{height - 8}" font-size="10" fill="#666">bench/run.sh{" --quick" if run.get("quick") else ""}, '
                   f'{m["date"]}, {m["cores"]} cores, load average {" ".join(m["loadAverageAtEnd"])}; '
                   f'labels on the right: p99 / p99.9 ms</text></svg>')
    return "\n".join(out_svg) + "\n"


if http:
    open(os.path.join(out, "latest.svg"), "w").write(svg_chart())


def fmt(v, d=1):
    return "-" if v is None else f"{v:,.{d}f}"


m = result["machine"]
md = ["# Benchmark results", "",
      f"Run {m['date']} on {m['cpu']}, {m['cores']} cores, {m['memoryGiB']} GiB, {m['java']}"
      f"{' (**--quick**: a smoke run, not figures to quote)' if run.get('quick') else ''}. Load average "
      f"{run.get('loadAverageAtStart', '-')} at the start, {' '.join(m['loadAverageAtEnd'])} at the end. The service "
      f"(`{run.get('serviceJvm', '')}`) was pinned to core 0 and the load generators to core 1 (`taskset`).", "",
      "![Peak throughput and latency at half the peak, per path](latest.svg)", "",
      "How it is measured: [bench/README.md](../README.md). Earlier runs: [history.md](history.md).", "",
      "## Issue 13's targets", "",
      "Baseline: the issue's \"Now\" column (the 2026-11-27 run). Ratio to target: the figure divided by the target "
      "(at least 1 passes for an \"≥\" target, at most 1 for a \"≤\" target).", "",
      "| Measure | baseline | measured now | target | ratio to target | |", "|---|---|---:|---|---:|---|"]
for t in targets:
    now = "not measured" if t["now"] is None else f"{t['now']:,}{t['unit']}"
    md.append(f"| {t['measure']} | {t['baseline']} | {now} | {t['target']} | {fmt(t['ratioToTarget'], 2)} | "
              f"{('**' + t['verdict'] + '**') if t['verdict'] else '-'} |")
md += ["", "## In process (JMH, average time per operation; allocation from `-prof gc`)", "",
       "| Full decision for sample | µs/op | ± | bytes allocated/op | × severity (time) |", "|---|---:|---:|---:|---:|"]
for j in decisions:
    md.append(f"| {j['params']['sample']} | {fmt(j['us'])} | {fmt(j['error'])} | {fmt(j['allocBytes'], 0)} | "
              f"{fmt(j['us'] / severity['us'] if severity else None)} |")
md += ["", "| One DMN model (context of a P1 high-error-rate decision) | µs/op | ± | bytes allocated/op |", "|---|---:|---:|---:|"]
for j in pick("ModelBenchmark.evaluateModel"):
    md.append(f"| {j['params']['model']} | {fmt(j['us'])} | {fmt(j['error'])} | {fmt(j['allocBytes'], 0)} |")
for j in pick("RulesBenchmark.rulesSession"):
    md.append(f"| DRL session alone (rules/) | {fmt(j['us'])} | {fmt(j['error'])} | {fmt(j['allocBytes'], 0)} |")
md += ["", "| Deciding with a draft (sample data-drift-retrain) | µs/op | ± | bytes allocated/op |", "|---|---:|---:|---:|"]
for j in [j for j in decisions if j["params"]["sample"] == "data-drift-retrain"]:
    md.append(f"| decision with the published set (as above) | {fmt(j['us'])} | {fmt(j['error'])} | {fmt(j['allocBytes'], 0)} |")
for name, label in [("ShadowBenchmark.decideWithDraft", "decision with a draft of classification in the set (a shadow adds one per decision)"),
                    ("ShadowBenchmark.draftSet", "building the draft's set (`ModelSet.with`: once per draft)")]:
    for j in pick(name):
        md.append(f"| {label} | {fmt(j['us'])} | {fmt(j['error'])} | {fmt(j['allocBytes'], 0)} |")
md += ["", "| Peer: bench/severity-peer.dmn | µs/op | ± | bytes allocated/op |", "|---|---:|---:|---:|"]
engines = {"drools": "ours (Drools kie-dmn-core 10.1.0)", "camunda": "Camunda DMN 7.24.0, feel-engine 1.19.5",
           "operaton": "Operaton DMN 1.0.3, feel-engine 1.19.5"}
for j in pick("PeerBenchmark.drools") + pick("PeerBenchmark.camunda") + pick("PeerBenchmark.operaton"):
    md.append(f"| {engines[j['benchmark'].split('.')[1]]} | {fmt(j['us'])} | {fmt(j['error'])} | {fmt(j['allocBytes'], 0)} |")
md.append(f"\nRatio ours / Camunda: **{fmt(result['peerRatioOursToCamunda'], 2)}**; ours / Operaton: "
          f"**{fmt(result['peerRatioOursToOperaton'], 2)}** (below 1: we are faster).")
md += ["", "| Scaling: severity table with | rows | µs/op | ratio to 1x |", "|---|---:|---:|---:|"]
for j in scaling:
    t = int(j["params"]["times"])
    md.append(f"| {t}x | {6 * t} | {fmt(j['us'])} | {fmt(j['us'] / scaling[0]['us'], 2)} |")
md += ["", "## Over HTTP (packaged jar, audit log on)", "",
       f"Peak: wrk, 1 thread, 16 connections, {run.get('httpSeconds', '-')} s, once the JIT has settled (warmed in "
       "10 s slices of the same load until the JIT compilers took under 5 % of the service's CPU; the seconds it took "
       "are in the warm-up column), without the profiler (its recording is a window of its own after the path's figures). Latency: "
       f"FixedRateLoad, an open-loop generator at a fixed 50% of the peak for {run.get('httpSeconds', '-')} s after "
       f"{run.get('warmupSeconds', '-')} s of the same schedule whose answers are discarded, each latency measured from "
       "the request's due time (no coordinated omission). Send lag: how late the generator itself issued its requests.", "",
       "| Path | warm-up s | peak req/s | ratio to floor | fixed rate | achieved | p50 ms | p99 ms | p99.9 ms | max ms | send lag p99 ms | errors |",
       "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
for h in http:
    f = h["fixed"]
    md.append(f"| {h['name']} (`{h['path']}`) | {h.get('warmUpSeconds', '-')} | {fmt(h['peakRps'])} | {fmt(h['ratioToFloor'], 3)} | {fmt(f['rate'])} | "
              f"{fmt(f['achievedRate'])} | {fmt(f['p50Ms'], 2)} | {fmt(f['p99Ms'], 2)} | {fmt(f['p999Ms'], 2)} | "
              f"{fmt(f['maxMs'], 2)} | {fmt(f.get('sendLagP99Ms'), 2)} | {f['errors']} |")
md += ["", "Alertmanager rows count one request per group of 100 alerts (100 decisions each).", "",
       "**Pauses during the fixed-rate runs** (`-Xlog:gc*,safepoint`; the service's log cut to the run's window, the "
       "generator's whole log, warm-up included):", "",
       "| Path | service GC pauses | longest | total ms | longest safepoint (op) | longest time to safepoint | generator GC pauses | generator longest safepoint |",
       "|---|---:|---:|---:|---|---:|---:|---:|"]
for h in http:
    s, g = h["serviceJvm"] or {}, h["loadJvm"] or {}
    md.append(f"| {h['name']} | {s.get('gcPauses', '-')} | {fmt(s.get('gcPauseMaxMs'), 2)} ms | {fmt(s.get('gcPauseTotalMs'))} | "
              f"{fmt(s.get('safepointMaxMs'), 2)} ms ({s.get('safepointMaxOp') or '-'}) | {fmt(s.get('timeToSafepointMaxMs'), 2)} ms | "
              f"{g.get('gcPauses', '-')} | {fmt(g.get('safepointMaxMs'), 2)} ms |")
md += ["", "**Top frames of the service at each path's peak load** (JFR `settings=profile`, execution samples, the "
       "sampled thread's top frame; recorded in a window of its own after the path's figures were taken):", ""]
for h in http:
    tf = h["topFrames"]
    if tf and tf["samples"]:
        md.append(f"- {h['name']} ({tf['samples']} samples): " +
                  "; ".join(f"`{t['frame']}` {t['share'] * 100:.1f} %" for t in tf["top"]))
if whatif:
    md += ["", "## What-if replay (packaged jar, audit log on H2)", "",
           "`bench/whatif.sh` after the soak: a draft of classification (drift threshold 0.3 → 0.25), a what-if over the "
           "oldest 10,000 decisions of the last 7 days (after a 500-decision warm-up), timed by curl; CPU from /proc.", "",
           "| Decisions decided again | changed | wall s | decisions/s | service CPU s | CPU ms/decision |", "|---:|---:|---:|---:|---:|---:|",
           f"| {whatif['evaluated']:,} | {whatif['changed']:,} | {fmt(whatif['seconds'], 2)} | {fmt(whatif['decisionsPerSecond'])} | "
           f"{fmt(whatif['cpuSeconds'], 2)} | {fmt(whatif['cpuMsPerDecision'], 2)} |"]
md += ["", "## Start-up and memory", "",
       "| Service | cores | first decision after `java -jar` (ms) | RSS after start (MiB) |", "|---|---|---:|---:|"]
for s in startup:
    if "firstDecisionMs" in s:
        md.append(f"| {s['service']} | {s.get('cores', '0')} | {s['firstDecisionMs']:,} | {fmt(s['rssKbAfterStart'] / 1024, 0)} |")
if soak_points:
    requests = after_soak.get("requests") if after_soak else None
    md += ["", f"**Soak** (H2, decisions of the samples at 4 connections for {run.get('soakSeconds', soak_len)} s"
           f"{f', {requests:,} decisions' if requests else ''}; RSS every {run.get('rssEverySeconds', '-')} s). Flat means: "
           f"the least-squares slope of RSS over the last 20 minutes (the last two thirds of a shorter soak) is at most "
           f"{FLAT_MAX_MIB_PER_10MIN:g} MiB per 10 minutes. Slope from {soak['windowFromSeconds']} s on: "
           f"**{fmt(soak['slopeMiBPer10Min'], 2)} MiB/10 min**.", "",
           "RSS (MiB) by second of the soak: " + ", ".join(f"{p['seconds']}: {p['rssKb'] / 1024:.0f}" for p in soak_points), "",
           f"Live heap (`jcmd GC.class_histogram`, after a full GC): {soak['liveHeapBeforeBytes'] / 2**20:.1f} MiB before the "
           f"soak, {soak['liveHeapAfterBytes'] / 2**20:.1f} MiB after. What grew most:", "",
           "| Class | bytes | instances |", "|---|---:|---:|"]
    md += [f"| `{g['class']}` | {g['bytes']:+,} | {g['instances']:+,} |" for g in soak["heapGrowers"]]
# The storm is a failsafe test (it/StormIT), not part of this run: its last figures are kept beside the report.
storm = os.path.join(out, "storm.md")
if os.path.exists(storm):
    md += ["", open(storm).read().rstrip("\n")]
open(os.path.join(out, "latest.md"), "w").write("\n".join(md) + "\n")
