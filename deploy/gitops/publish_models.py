#!/usr/bin/env python3
"""Publish the DMN models of a repository to Runbook Decisions, from CI (GitOps).

Every dmn/*.dmn that differs from the published version is uploaded as a draft and checked: validation, then the
samples it changes. If any draft is invalid, or changes samples that were not accepted, nothing is published and the
script exits 1. Otherwise every draft is published with the reason given (by default the last commit's subject).

    RUNBOOK_API_KEY=... python3 publish_models.py --url https://runbook.example --dir dmn \
        [--reason "..."] [--accept-sample-changes] [--dry-run]

Exit codes: 0 published (or nothing to publish), 1 refused (nothing published), 2 usage or connection error.
Only the Python 3 standard library is used, so any CI image with python3 runs it.
"""
import argparse
import hashlib
import json
import os
import pathlib
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request


def call(args, method, path, body=None, content_type=None):
    request = urllib.request.Request(args.url.rstrip("/") + path, data=body, method=method)
    request.add_header("X-API-Key", args.key)
    request.add_header("Accept", "application/json")
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def last_commit_subject():
    try:
        return subprocess.run(["git", "log", "-1", "--format=%s"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the service's base URL")
    parser.add_argument("--dir", default="dmn", help="the folder of .dmn files (default: dmn)")
    parser.add_argument("--reason", default=None, help="why, for the audit log (default: the last commit's subject)")
    parser.add_argument("--accept-sample-changes", action="store_true",
                        help="publish even when a draft changes how samples decide (they are acknowledged by name)")
    parser.add_argument("--dry-run", action="store_true", help="validate and report only; store no draft, publish nothing")
    args = parser.parse_args()
    args.key = os.environ.get("RUNBOOK_API_KEY")
    if not args.key:
        print("RUNBOOK_API_KEY is not set (an API key with the editor role)", file=sys.stderr)
        return 2
    reason = args.reason or last_commit_subject() or "published from " + args.dir
    try:
        status, listing = call(args, "GET", "/api/v1/models")
    except OSError as e:
        print(f"cannot reach {args.url}: {e}", file=sys.stderr)
        return 2
    if status != 200:
        print(f"GET /api/v1/models answered {status}: {listing}", file=sys.stderr)
        return 2
    published = {p["model"]: p for p in listing["published"]}

    drafts, refused = [], False
    for file in sorted(pathlib.Path(args.dir).glob("*.dmn")):
        name, content = file.stem, file.read_bytes()
        if name in published and published[name]["sha256"] == hashlib.sha256(content).hexdigest():
            print(f"{name}: unchanged (version {published[name]['version']})")
            continue
        if args.dry_run:
            status, report = call(args, "POST", "/api/v1/models/validate", content, "application/xml; charset=UTF-8")
            report = {"validation": report, "samples": None} if status == 200 else report
        else:
            path = f"/api/v1/models/{urllib.parse.quote(name)}/versions?reason={urllib.parse.quote(reason)}"
            status, report = call(args, "POST", path, content, "application/xml; charset=UTF-8")
        if status not in (200, 201):
            print(f"{name}: refused with {status}: {report.get('detail') if isinstance(report, dict) else report}")
            refused = True
            continue
        messages = report["validation"]["messages"]
        for m in messages:
            if m["severity"] != "INFO":
                where = " ".join(f"{k} {m[k]}" for k in ("decision", "row", "column") if m.get(k) is not None)
                print(f"{name}: {m['severity']} {where}: {m['message']}")
        if not report["validation"]["valid"]:
            print(f"{name}: INVALID, not published")
            refused = True
            continue
        changed = [c["sample"] for c in (report.get("samples") or {}).get("changed", [])]
        for c in (report.get("samples") or {}).get("changed", []):
            for d in c["differences"]:
                print(f"{name}: sample {c['sample']}: {d['field']}: {json.dumps(d['before'])} -> {json.dumps(d['after'])}")
        if changed and not args.accept_sample_changes:
            print(f"{name}: changes {len(changed)} sample(s); pass --accept-sample-changes to publish anyway")
            refused = True
        if not args.dry_run:
            drafts.append((name, report["version"]["version"], changed))
        print(f"{name}: valid" + (f", draft version {drafts[-1][1]}" if drafts and drafts[-1][0] == name else ""))

    if refused:
        print("Nothing was published.")
        return 1
    for name, version, changed in drafts:
        body = json.dumps({"reason": reason, "acknowledgedSampleChanges": changed}).encode()
        status, answer = call(args, "POST", f"/api/v1/models/{urllib.parse.quote(name)}/versions/{version}/publish",
                              body, "application/json")
        if status != 200:
            print(f"{name}: publishing version {version} was refused with {status}: {answer.get('detail')}", file=sys.stderr)
            return 1
        print(f"{name}: published version {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
