#!/usr/bin/env bash
# Whole-run benchmark: `stemma scan` against sim_text (Debian's similarity-tester,
# `sim_text -r 8 -p`, an exact-run finder) on the same Chronicling America pages,
# in the same run, as a ratio. Sets: January 1916, then the first quarter, half
# and all of Q1 (by days), to show how time and memory grow.
#
#   bench/scan_vs_simtext.sh [BUILD_DIR] [REPEATS]
#
# Prints a Markdown table: wall seconds and peak resident memory (median of
# REPEATS runs), and stemma / sim_text ratios.
set -euo pipefail
build_dir=$(cd "${1:-build}" && pwd)
repeats=${2:-3}
stemma="$build_dir/tools/stemma/stemma"
pages=$("$(dirname "$0")/unpack_chronam.sh" "$build_dir") || exit 0
command -v sim_text >/dev/null || { echo "sim_text not found: run scripts/install-deps" >&2; exit 1; }
cd "$pages"

mapfile -t days < <(ls -d 1916???? | sort)
declare -A sets=(
  [jan]="$(printf '%s\n' "${days[@]}" | grep '^191601')"
  [q1-quarter]="$(printf '%s\n' "${days[@]:0:23}")"
  [q1-half]="$(printf '%s\n' "${days[@]:0:46}")"
  [q1-all]="$(printf '%s\n' "${days[@]}")"
)

# Runs "$@" and prints "seconds peak_kb" of the run.
measure() {
  local log
  log=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$log" "$@" >/dev/null 2>&1
  cat "$log"
  rm -f "$log"
}

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

echo "| set | pages | MB | stemma s | stemma MB | sim_text s | sim_text MB | time ratio | memory ratio | stemma passages |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for name in jan q1-quarter q1-half q1-all; do
  mapfile -t dirs <<< "${sets[$name]}"
  list=$(mktemp)
  find "${dirs[@]}" -name '*.txt' | sort > "$list"
  count=$(wc -l < "$list")
  megabytes=$(cat "$list" | xargs cat | wc -c | awk '{printf "%.1f", $1 / 1e6}')
  stemma_runs=() ; simtext_runs=()
  for _ in $(seq "$repeats"); do
    stemma_runs+=("$(measure "$stemma" scan --threads 2 "${dirs[@]}" -o "$build_dir/bench-scan.jsonl")")
    simtext_runs+=("$(measure sim_text -r 8 -p -i < "$list")")
  done
  stemma_s=$(printf '%s\n' "${stemma_runs[@]}" | awk '{print $1}' | median)
  stemma_kb=$(printf '%s\n' "${stemma_runs[@]}" | awk '{print $2}' | median)
  simtext_s=$(printf '%s\n' "${simtext_runs[@]}" | awk '{print $1}' | median)
  simtext_kb=$(printf '%s\n' "${simtext_runs[@]}" | awk '{print $2}' | median)
  passages=$(wc -l < "$build_dir/bench-scan.jsonl")
  awk -v n="$name" -v c="$count" -v mb="$megabytes" -v s="$stemma_s" -v sk="$stemma_kb" \
      -v t="$simtext_s" -v tk="$simtext_kb" -v p="$passages" 'BEGIN {
    printf "| %s | %d | %s | %.2f | %.0f | %.2f | %.0f | %.2f | %.2f | %d |\n",
      n, c, mb, s, sk / 1024, t, tk / 1024, s / t, sk / tk, p }'
  rm -f "$list"
done
