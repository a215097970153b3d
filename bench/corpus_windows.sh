#!/usr/bin/env bash
# How the stored window of a corpus trades index size for recall and speed:
# for each window, a corpus of all Chronicling America Q1 pages but one in 20
# (as bench/corpus_bench.sh holds out), its index size, add time, passages and
# matched tokens, and the trace latency of the same 300 queries of 1,000 words.
#
#   bench/corpus_windows.sh [BUILD_DIR] [WINDOW...]     (default windows: 4 6 8 10 12)
set -euo pipefail
build_dir=$(cd "${1:-build}" && pwd)
shift || true
windows=("$@")
[[ ${#windows[@]} -gt 0 ]] || windows=(4 6 8 10 12)
stemma="$build_dir/tools/stemma/stemma"
pages=$("$(dirname "$0")/unpack_chronam.sh" "$build_dir") || exit 0
pages=$(cd "$pages" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/held" "$work/stored"
index=0
for page in $(cd "$pages" && ls 1916????/*.txt | sort); do
  target=stored
  (( index % 20 == 19 )) && target=held
  ln -s "$pages/$page" "$work/$target/$(echo "$page" | tr / _)"
  index=$((index + 1))
done
echo "| w | index / text | add s | passages | matched tokens | matched tokens in passages >= 20 | trace 1,000 words p50 / p99 ms |"
echo "|---|---|---|---|---|---|---|"
for w in "${windows[@]}"; do
  corpus="$work/w$w"
  "$stemma" init --window "$w" "$corpus" 2>/dev/null
  start=$(date +%s%N)
  "$stemma" add "$corpus" "$work/stored" 2>/dev/null
  seconds=$(( ($(date +%s%N) - start) / 1000000 ))e-3
  "$stemma" compact "$corpus"
  latency=$("$build_dir/bench/trace_latency" "$corpus" "$work/held" 300 1000 | grep '^| 1000')
  python3 - "$w" "$seconds" "$corpus" "$("$stemma" stats --json "$corpus")" "$latency" <<'PY'
import json, sqlite3, sys
w, seconds, corpus, stats, latency = sys.argv[1:]
s = json.loads(stats)
db = sqlite3.connect(f"{corpus}/catalogue.sqlite")
matched, long_matched = db.execute(
    "SELECT sum(matched_tokens), sum(CASE WHEN matched_tokens >= 20 THEN matched_tokens ELSE 0 END)"
    " FROM passages").fetchone()
cells = [c.strip() for c in latency.strip("|").split("|")]
print(f"| {w} | {s['index_bytes'] / s['text_bytes']:.3f} | {float(seconds):.1f} | {s['passages']} | "
      f"{matched} | {long_matched} | {cells[2]} / {cells[3]} |")
PY
  rm -rf "$corpus"
done
