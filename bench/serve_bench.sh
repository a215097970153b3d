#!/usr/bin/env bash
# Whole-run benchmark of `stemma serve` on Chronicling America Q1 1916: the
# corpus of every page, then wrk POSTing 1,000-word articles to /v1/trace at
# 1, 8 and 64 connections (requests/s, p50 and p99 latency, errors), and the
# server's peak memory. For comparison in the same run, the same articles
# traced one process each (`stemma trace`, what a script without the server
# pays: opening the corpus every time).
#
#   bench/serve_bench.sh [BUILD_DIR] [SECONDS_PER_LEVEL]
set -euo pipefail
build_dir=$(cd "${1:-build}" && pwd)
seconds=${2:-20}
script=serve_bench
source "$(dirname "$0")/serve_lib.sh"

python3 "$root/bench/chronam_jsonl.py" "$pages" "$root/../shared/data/chronam-titles.tsv" "$work/q1.jsonl"
"$stemma" init "$work/corpus" 2>/dev/null
"$stemma" add "$work/corpus" "$work/q1.jsonl" 2>/dev/null

# 200 articles of 1,000 words: the first 1,000 words of every 30th page that
# has that many, as a request body each (and as a file each for the CLI).
python3 - "$work/q1.jsonl" "$work/bodies.jsonl" "$work/articles" <<'PY'
import json, os, re, sys
source, bodies_path, articles_dir = sys.argv[1:]
os.makedirs(articles_dir)
pages = [json.loads(line)["text"] for line in open(source, encoding="utf-8")]
chosen = 0
with open(bodies_path, "w", encoding="utf-8") as bodies:
    for text in pages[::30]:
        words = list(re.finditer(r"\S+", text))
        if len(words) < 1000:
            continue
        article = text[: words[999].end()]
        bodies.write(json.dumps({"text": article}) + "\n")
        with open(os.path.join(articles_dir, f"{chosen:03d}.txt"), "w", encoding="utf-8") as f:
            f.write(article)
        chosen += 1
        if chosen == 200:
            break
print(f"{chosen} articles of 1,000 words", file=sys.stderr)
PY

start_server "$work/corpus"
url="http://127.0.0.1:$port/v1/trace"
# One round of every article first, so that every level meets warm caches.
wrk -t 1 -c 1 -d 5s -s "$root/bench/serve_trace.lua" "$url" -- "$work/bodies.jsonl" >/dev/null

echo "| connections | requests/s | p50 ms | p99 ms | errors |"
echo "|---|---|---|---|---|"
for connections in 1 8 64; do
  threads=$((connections < 2 ? connections : 2))
  wrk -t "$threads" -c "$connections" -d "${seconds}s" --latency --timeout 30s \
    -s "$root/bench/serve_trace.lua" "$url" -- "$work/bodies.jsonl" >"$work/wrk_$connections.txt"
  python3 - "$connections" "$work/wrk_$connections.txt" <<'PY'
import re, sys
connections, path = sys.argv[1:]
text = open(path).read()
def millis(label):
    value, unit = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
socket_errors = re.search(r"Socket errors: (.*)", text)
problems = (int(errors.group(1)) if errors else 0)
note = f"{problems}" + (f" ({socket_errors.group(1)})" if socket_errors else "")
print(f"| {connections} | {rate:.1f} | {millis(50):.1f} | {millis(99):.1f} | {note} |")
PY
done
# What the page's views ask for, one request at a time: mean and slowest of each.
echo
python3 - "$port" "$work/bodies.jsonl" <<'PY'
import json, sys, time, urllib.request
port, bodies_path = sys.argv[1:]
base = f"http://127.0.0.1:{port}"
bodies = [line.encode() for line in open(bodies_path, encoding="utf-8")][:20]
def timed(method, path, body=None):
    start = time.perf_counter()
    request = urllib.request.Request(base + path, data=body, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        data = answer.read()
    return (time.perf_counter() - start) * 1000, data
families = json.loads(timed("GET", "/v1/families?limit=50")[1])["families"]
views = {
    "POST /v1/report (1,000-word article; trace, families, chains)": [("POST", "/v1/report", b) for b in bodies],
    "GET /v1/families?limit=50": [("GET", "/v1/families?limit=50", None)] * 5,
    "GET /v1/families/{id} (the 10 largest)": [("GET", f"/v1/families/{f['id']}", None) for f in families[:10]],
    "GET /v1/documents?q=war&limit=50": [("GET", "/v1/documents?q=war&limit=50", None)] * 5,
    "GET /v1/documents/{id} (text and metadata)": [("GET", f"/v1/documents/{i}", None) for i in range(1, 6971, 700)],
    "GET /v1/documents/{id}/passages": [("GET", f"/v1/documents/{i}/passages", None) for i in range(1, 6971, 700)],
}
print("| request | n | mean ms | max ms |")
print("|---|---|---|---|")
for name, requests in views.items():
    times = [timed(*request)[0] for request in requests]
    print(f"| {name} | {len(times)} | {sum(times) / len(times):.1f} | {max(times):.1f} |")
PY
peak_mb=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status")
echo
echo "server peak memory: ${peak_mb} MB"

# The same articles, one \`stemma trace\` process each (the first 20).
start=$(date +%s.%N)
for article in $(ls "$work/articles" | head -20); do
  "$stemma" trace --json "$work/corpus" "$work/articles/$article" >/dev/null 2>&1
done
end=$(date +%s.%N)
python3 -c "print(f'one stemma trace process per article: {($end - $start) / 20 * 1000:.1f} ms each (mean of 20)')"
