#!/usr/bin/env bash
# Soak of `stemma serve` on Chronicling America Q1 1916 with writes beside
# the reads: the corpus starts with the pages of January and February; wrk
# then sends a mix of every read endpoint (traces and reports of 1,000-word
# articles, family lists and trees, body searches, passages) for MINUTES over
# CONNECTIONS kept-alive connections, while `stemma add` stores the March
# pages in batches, one every BATCH_SECONDS, in its own process, as a user's
# cron job would. Prints the responses by status (5xx and socket errors are
# errors; a 404 is a family an add merged into another), p50/p99, the adds'
# times and the server's resident memory every SAMPLE seconds.
# Beside them, as users do: uploads over HTTP (POST /v1/documents with the
# write token, 5 other March pages every 15 s) and readers that hang up in
# the middle of a trace or report (curl cut off after 20 ms, twice a second);
# their answers are counted too.
#
#   bench/serve_soak.sh [BUILD_DIR] [MINUTES] [CONNECTIONS]
set -euo pipefail
build_dir=$(cd "${1:-build}" && pwd)
minutes=${2:-10}
connections=${3:-8}
script=serve_soak
source "$(dirname "$0")/serve_lib.sh"

python3 "$root/bench/chronam_jsonl.py" "$pages" "$root/../shared/data/chronam-titles.tsv" "$work/q1.jsonl"
batches=$(( minutes * 60 / 50 ))
python3 - "$work" "$batches" <<'PY'
import json, os, sys
work, batches = sys.argv[1], int(sys.argv[2])
march, before = [], []
for line in open(os.path.join(work, "q1.jsonl"), encoding="utf-8"):
    (march if json.loads(line).get("published_at", "").startswith("1916-03") else before).append(line)
with open(os.path.join(work, "base.jsonl"), "w", encoding="utf-8") as out:
    out.writelines(before)
uploads, march = march[-(5 * batches * 4):], march[:-(5 * batches * 4)]
for index in range(0, len(uploads), 5):
    with open(os.path.join(work, f"upload_{index // 5:03d}.jsonl"), "w", encoding="utf-8") as out:
        out.writelines(uploads[index:index + 5])
size = -(-len(march) // batches)
for index in range(batches):
    with open(os.path.join(work, f"batch_{index:02d}.jsonl"), "w", encoding="utf-8") as out:
        out.writelines(march[index * size:(index + 1) * size])
print(f"{len(before)} pages to start with, {len(march)} added in {batches} batches", file=sys.stderr)
PY
"$stemma" init "$work/corpus" 2>/dev/null
/usr/bin/time -f "%e" -o "$work/base.time" "$stemma" add "$work/corpus" "$work/base.jsonl" >/dev/null 2>&1
echo "base corpus stored in $(cat "$work/base.time") s" >&2

start_server "$work/corpus"

# The requests, with real ids and words (bench/serve_requests.py).
python3 "$root/bench/serve_requests.py" "http://127.0.0.1:$port" "$work/base.jsonl" "$work/requests.tsv"

rss() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status"; }
( start=$(date +%s); while sleep 10; do echo "$(( $(date +%s) - start )) $(rss)"; done ) >"$work/rss.txt" &
sampler_pid=$!
( sleep 20
  for batch in "$work"/batch_*.jsonl; do
    /usr/bin/time -f "%e" -a -o "$work/adds.time" "$stemma" add "$work/corpus" "$batch" >/dev/null 2>>"$work/adds.log" ||
      echo "add of $batch failed" >>"$work/adds.log"
    sleep 30
  done ) &
adder_pid=$!
token=$(cat "$work/corpus/ACCESS_TOKEN")
( end=$(( $(date +%s) + minutes * 60 ))
  for upload in "$work"/upload_*.jsonl; do
    [ "$(date +%s)" -lt "$end" ] || break
    sleep 15
    curl -s -o /dev/null -w "%{http_code}\n" -H "Authorization: Bearer $token" \
      --data-binary @"$upload" "http://127.0.0.1:$port/v1/documents" >>"$work/uploads.txt" || echo "000" >>"$work/uploads.txt"
  done ) &
uploader_pid=$!
article=$(python3 -c 'import json,sys; print(json.dumps({"text": json.loads(open(sys.argv[1]).readline())["text"]}))' "$work/base.jsonl")
printf '%s' "$article" >"$work/article.json"
( end=$(( $(date +%s) + minutes * 60 ))
  while [ "$(date +%s)" -lt "$end" ]; do
    for path in /v1/trace /v1/report; do
      curl -s -o /dev/null -m 0.02 -H "Content-Type: application/json" \
        --data-binary @"$work/article.json" "http://127.0.0.1:$port$path" && echo done || echo cut
    done
    sleep 0.5
  done ) >"$work/hangups.txt" &
hangup_pid=$!
wrk -t 2 -c "$connections" -d "$((minutes * 60))s" --latency --timeout 30s \
  -s "$root/bench/serve_mixed.lua" "http://127.0.0.1:$port" -- "$work/requests.tsv" >"$work/wrk.txt"
wait "$adder_pid" || true
wait "$uploader_pid" || true
wait "$hangup_pid" || true
kill "$sampler_pid" 2>/dev/null || true
sampler_pid=""

cat "$work/wrk.txt"
echo "adds: $(wc -l <"$work/adds.time") runs, seconds each: $(tr '\n' ' ' <"$work/adds.time")"
grep -h "failed" "$work/adds.log" || true
echo "uploads by status: $(sort "$work/uploads.txt" | uniq -c | tr '\n' ' ')"
echo "readers hung up mid-request: $(grep -c cut "$work/hangups.txt" || true), answered before the cut: $(grep -c done "$work/hangups.txt" || true)"
echo "server still answering: $(curl -s "http://127.0.0.1:$port/healthz")"
echo "server RSS (seconds MB): $(tr '\n' ',' <"$work/rss.txt")"
"$stemma" stats "$work/corpus" | head -4
