#!/usr/bin/env bash
# Whole-run benchmark of `stemma scan --mpi` on Chronicling America Q1 1916:
# one process (2 threads) against mpirun with 1 rank (2 threads), 2 ranks (1
# thread each: the machine's 2 cores) and 4 ranks (oversubscribed: for memory
# per rank, not time). For each: wall seconds, peak resident memory of each
# rank, megabytes the ranks sent each other (for the index and for texts), each
# rank's stage times, and whether the output is byte for byte the one
# process's. "parts": with --parts, each rank writes its own part (the parts
# concatenated in order are compared).
#
#   bench/scan_across_ranks.sh [BUILD_DIR] [EXTRA SCAN OPTIONS...]
set -euo pipefail
build_dir=$(cd "${1:-build}" && pwd)
shift || true
stemma="$build_dir/tools/stemma/stemma"
pages=$("$(dirname "$0")/unpack_chronam.sh" "$build_dir") || exit 0
command -v mpirun >/dev/null || { echo "mpirun not found: run scripts/install-deps" >&2; exit 1; }
source "$(dirname "$0")/../tests/mpi/mpirun_env.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mapfile -t days < <(ls -d "$pages"/1916???? | sort)

/usr/bin/time -f "%e %M" -o "$work/one.time" \
  "$stemma" scan --timings --threads 2 "$@" "${days[@]}" -o "$work/one.jsonl" 2>"$work/one.err"
read -r one_s one_kb < "$work/one.time"
echo "one process, 2 threads: ${one_s} s, ${one_kb} KB peak; $(grep -o 'reading.*' "$work/one.err" | head -1)"
tail -1 "$work/one.err"
echo
echo "| run | wall s | vs one process | peak MB per rank | MB between ranks (index, texts) | same output |"
echo "|---|---|---|---|---|---|"
printf '| one process, 2 threads | %.2f | 1.00 | %.0f | - | - |\n' "$one_s" "$((one_kb / 1024))"
for setting in "1 2 one" "2 1 one" "2 1 parts" "4 1 one" "4 1 parts"; do
  read -r ranks threads output <<< "$setting"
  rm -rf "$work"/rss.* "$work/ranks.jsonl" "$work/parts"
  if [[ $output == parts ]]; then where=(--parts -o "$work/parts"); else where=(-o "$work/ranks.jsonl"); fi
  start=$(date +%s.%N)
  mpirun -np "$ranks" bash -c '/usr/bin/time -f "%M" -o "$0/rss.$OMPI_COMM_WORLD_RANK" "$@"' "$work" \
    "$stemma" scan --mpi --timings --threads "$threads" "$@" "${days[@]}" "${where[@]}" \
    2>"$work/ranks.err"
  end=$(date +%s.%N)
  peaks=$(cat "$work"/rss.* | awk '{printf "%s%.0f", (NR > 1 ? " / " : ""), $1 / 1024}')
  between=$(grep -o 'sent between them: [0-9.]* MB for the index, [0-9.]* MB of texts' "$work/ranks.err" |
    awk '{print $4 " (" $4 ", " $9 ")"}')
  total=$(grep -o '([0-9.]* MB sent between them' "$work/ranks.err" | tr -d '(' | awk '{print $1}')
  [[ $output == parts ]] && cat "$work"/parts/part-*.jsonl > "$work/ranks.jsonl"
  same=$(cmp -s "$work/one.jsonl" "$work/ranks.jsonl" && echo yes || echo NO)
  awk -v r="$ranks" -v t="$threads" -v s="$(echo "$end - $start" | bc)" -v o="$one_s" -v p="$peaks" \
      -v b="$total ${between#* }" -v same="$same" -v out="$output" 'BEGIN {
    printf "| mpirun -np %d, %d thread(s) each%s | %.2f | %.2f | %s | %s | %s |\n", r, t,
      (out == "parts" ? ", --parts" : ""), s, s / o, p, b, same }'
  grep 'rank [0-9]* of' "$work/ranks.err" | sed 's/^/    /' >&2
done
