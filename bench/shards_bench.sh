#!/usr/bin/env bash
# A corpus in shards against the whole corpus, Chronicling America Q1 1916
# less one page in 20 (the held-out pages are the queries), compacted:
#   - `stemma shard` into 2 shards: time, and each shard's catalogue and index;
#   - warm trace latency in the library (bench trace_latency, 1,000 words):
#     the whole corpus against the shard folders opened by one process;
#   - requests and bytes a trace exchanges with each shard (bench shard_traffic);
#   - what a user of `stemma serve` sees: POST /v1/trace of 1,000 words over
#     a kept-alive connection (Python's http.client), to a server of the whole
#     corpus and to a server of the sharded corpus whose shards are two other
#     `stemma serve` processes on loopback; and each server's peak memory.
# Every sharded answer is compared with the whole corpus's.
#
#   bench/shards_bench.sh [BUILD_DIR] [QUERIES] [CORPUS]
# CORPUS: an existing corpus to use (skips building one; its held-out pages
# are then the same one in 20 of Q1).
set -euo pipefail
build_dir=$(cd "${1:-build}" && pwd)
queries=${2:-300}
stemma="$build_dir/tools/stemma/stemma"
latency="$build_dir/bench/trace_latency"
pages=$("$(dirname "$0")/unpack_chronam.sh" "$build_dir") || exit 0
pages=$(cd "$pages" && pwd)
work=$(mktemp -d)
servers=()
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

mapfile -t all_pages < <(cd "$pages" && ls 1916????/*.txt | sort)
mkdir -p "$work/held_out" "$work/input"
for index in "${!all_pages[@]}"; do
  link="$(echo "${all_pages[$index]}" | tr / _)"
  if (( index % 20 == 19 )); then
    ln -s "$pages/${all_pages[$index]}" "$work/held_out/$link"
  else
    ln -s "$pages/${all_pages[$index]}" "$work/input/$link"
  fi
done

corpus=${3:-}
if [[ -z $corpus ]]; then
  corpus="$work/whole"
  "$stemma" init "$corpus" 2>/dev/null
  "$stemma" add "$corpus" "$work/input" 2>/dev/null
  "$stemma" compact "$corpus"
fi
/usr/bin/time -f "%e %M" -o "$work/split.time" "$stemma" shard "$corpus" "$work/sharded" --shards 2
read -r split_seconds split_kb <"$work/split.time"
echo "stemma shard, 2 shards: ${split_seconds} s, peak ${split_kb} kB"
for folder in "$corpus" "$work/sharded"/shard-*; do
  echo "  $(basename "$folder"): catalogue $(du -m "$folder/catalogue.sqlite" | cut -f1) MB," \
    "index $(du -sm "$folder/index" | cut -f1) MB"
done

echo
echo "library, warm (trace_latency, $queries queries of 1,000 words; two rounds):"
echo "| corpus | round | words | queries | p50 ms | p99 ms | mean ms | passages per query | coverage | peak MB |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for round in 1 2; do
  for name in whole sharded; do
    folder=$corpus
    [[ $name == sharded ]] && folder="$work/sharded"
    out=$("$latency" "$folder" "$work/held_out" "$queries" 1000)
    row=$(echo "$out" | grep '^| 1000 ')
    peak=$(echo "$out" | sed -n 's/.*tracing process: \([0-9]*\) MB/\1/p')
    echo "| $name | $round ${row} $peak |"
  done
done

echo
echo "what a trace asks of the shards (shard_traffic, $queries queries of 1,000 words):"
"$build_dir/bench/shard_traffic" "$work/sharded" "$work/held_out" "$queries"

# Two shard servers, the sharded corpus naming them by URL, and the fronts.
# serve FOLDER LOG: starts a server (not in a subshell, so that its pid is
# kept); its URL is then url_of LOG.
serve() {
  "$stemma" serve --port 0 "$1" >/dev/null 2>"$2" &
  servers+=($!)
  for _ in $(seq 100); do grep -q "http://" "$2" 2>/dev/null && break; sleep 0.1; done
}
url_of() { grep -o "http://127.0.0.1:[0-9]*" "$1"; }
mkdir -p "$work/remote"
cp "$work/sharded/CORPUS" "$work/remote/"
cp "$work/sharded/SHARDS" "$work/remote/SHARDS"
for shard in 0 1; do
  folder="shard-0000$shard-of-00002"
  serve "$work/sharded/$folder" "$work/shard$shard.log"
  url=$(url_of "$work/shard$shard.log")
  sed -i "s|^shard $shard $folder\$|shard $shard $url|" "$work/remote/SHARDS"
done
serve "$corpus" "$work/whole.log"
serve "$work/remote" "$work/front.log"
whole_url=$(url_of "$work/whole.log")
front_url=$(url_of "$work/front.log")
echo
echo "stemma serve, POST /v1/trace of 1,000 words, one kept-alive connection:"
python3 - "$whole_url" "$front_url" "$work/held_out" "$queries" <<'PY'
import http.client, json, os, re, statistics, sys, time, urllib.parse
whole, front, held, queries = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
articles = []
for name in sorted(os.listdir(held)):
    text = open(os.path.join(held, name), encoding="utf-8", errors="replace").read()
    words = list(re.finditer(r"\S+", text))
    if len(words) >= 1000:
        articles.append(json.dumps({"text": text[: words[999].end()]}))
articles = (articles * (queries // max(len(articles), 1) + 1))[:queries]
def run(url):
    parts = urllib.parse.urlparse(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port)
    times, bodies = [], []
    for body in articles[:20] + articles:
        start = time.perf_counter()
        connection.request("POST", "/v1/trace", body, {"Content-Type": "application/json"})
        answer = connection.getresponse()
        data = answer.read()
        times.append((time.perf_counter() - start) * 1000)
        assert answer.status == 200, data[:200]
        bodies.append(data)
    times = sorted(times[20:])
    return times, bodies[20:]
for round in (1, 2):
    results = {name: run(url) for name, url in (("whole", whole), ("sharded", front))}
    same = results["whole"][1] == results["sharded"][1]
    for name, (times, _) in results.items():
        p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
        print(f"{name} round {round}: {len(times)} traces, p50 {p(0.5):.2f} ms, p90 {p(0.9):.2f} ms, "
              f"p99 {p(0.99):.2f} ms")
    print(f"round {round}: every sharded answer the whole corpus's: {same}")
    assert same
PY
echo
echo "peak resident memory (VmHWM) of each server after the traces:"
for index in "${!servers[@]}"; do
  pid=${servers[$index]}
  name=$(case $index in 0) echo "shard 0";; 1) echo "shard 1";; 2) echo "whole";; 3) echo "sharded front";; esac)
  echo "  $name: $(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' /proc/$pid/status)"
done
