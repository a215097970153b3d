#!/usr/bin/env bash
# Whole-run benchmark of the persistent corpus on Chronicling America Q1 1916:
# building a corpus (`stemma add`: MB/s, peak memory, index bytes per text
# byte) and warm `trace` latency (bench trace_latency: p50/p99 over QUERIES
# queries of 500, 1,000 and 5,000 words), for a quarter, half and all of Q1
# (by days), to show how both grow. One page in 20 is held out of every
# corpus and used for the queries.
#
#   bench/corpus_bench.sh [BUILD_DIR] [QUERIES] [WINDOW]
set -euo pipefail
build_dir=$(cd "${1:-build}" && pwd)
queries=${2:-1000}
window=${3:-}
stemma="$build_dir/tools/stemma/stemma"
latency="$build_dir/bench/trace_latency"
pages=$("$(dirname "$0")/unpack_chronam.sh" "$build_dir") || exit 0
pages=$(cd "$pages" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mapfile -t days < <(cd "$pages" && ls -d 1916???? | sort)
mapfile -t all_pages < <(cd "$pages" && ls 1916????/*.txt | sort)
mkdir -p "$work/held_out"
for index in "${!all_pages[@]}"; do
  if (( index % 20 == 19 )); then
    ln -s "$pages/${all_pages[$index]}" "$work/held_out/$(echo "${all_pages[$index]}" | tr / _)"
  fi
done

echo "| set | days | pages stored | text MB | add s | MB/s | peak MB | index MB | index / text | passages |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for set in quarter half all; do
  case $set in
    quarter) count=23 ;;
    half) count=46 ;;
    all) count=${#days[@]} ;;
  esac
  input="$work/input_$set"
  mkdir -p "$input"
  for index in "${!all_pages[@]}"; do
    page=${all_pages[$index]}
    day=${page%%/*}
    (( index % 20 == 19 )) && continue
    [[ " ${days[*]:0:$count} " == *" $day "* ]] || continue
    ln -s "$pages/$page" "$input/$(echo "$page" | tr / _)"
  done
  corpus="$work/corpus_$set"
  "$stemma" init ${window:+--window "$window"} "$corpus" 2>/dev/null
  log=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$log" "$stemma" add "$corpus" "$input" 2>/dev/null
  read -r seconds peak_kb <"$log"
  rm -f "$log"
  stats=$("$stemma" stats --json "$corpus")
  python3 - "$set" "$count" "$seconds" "$peak_kb" "$stats" <<'PY'
import json, sys
name, days, seconds, peak_kb, stats = sys.argv[1:]
s = json.loads(stats)
mb = s["text_bytes"] / 1e6
print(f"| {name} | {days} | {s['documents']} | {mb:.1f} | {float(seconds):.1f} | "
      f"{mb / float(seconds):.1f} | {int(peak_kb) / 1024:.0f} | {s['index_bytes'] / 1e6:.1f} | "
      f"{s['index_bytes'] / s['text_bytes']:.3f} | {s['passages']} |")
PY
  echo "$corpus" >>"$work/corpora"
done

for corpus in $(cat "$work/corpora"); do
  echo
  echo "trace latency, corpus ${corpus##*_} (after stemma compact):"
  "$stemma" compact "$corpus"
  "$latency" "$corpus" "$work/held_out" "$queries"
done
