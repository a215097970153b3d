#!/usr/bin/env bash
# Whole-run benchmark of `stemma add --mpi` on Chronicling America Q1 1916
# (6,970 pages as records with their paper and date): one process (2 threads)
# against mpirun with 1 rank (2 threads) and 2 ranks (1 thread each: the
# machine's 2 cores). For each: wall seconds, peak resident memory of each
# rank, and whether the corpus (export, families) is the one process's.
#
#   bench/add_across_ranks.sh [BUILD_DIR]
set -euo pipefail
build_dir=$(cd "${1:-build}" && pwd)
stemma="$build_dir/tools/stemma/stemma"
here=$(cd "$(dirname "$0")" && pwd)
pages=$("$here/unpack_chronam.sh" "$build_dir") || exit 0
source "$(dirname "$0")/../tests/mpi/mpirun_env.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/chronam_jsonl.py" "$pages" "$here/../data/sample/chronam-titles.tsv" "$work/q1.jsonl"
describe() { "$stemma" export "$1" | md5sum; "$stemma" families --json "$1" | md5sum; }

"$stemma" init "$work/one" >/dev/null 2>&1
/usr/bin/time -f "%e %M" -o "$work/one.time" \
  "$stemma" add --threads 2 "$work/one" "$work/q1.jsonl" 2>"$work/one.err"
read -r one_s one_kb < "$work/one.time"
describe "$work/one" > "$work/one.sum"
tail -2 "$work/one.err"
echo
echo "| run | wall s | vs one process | peak MB per rank | same corpus |"
echo "|---|---|---|---|---|"
printf '| one process, 2 threads | %.2f | 1.00 | %.0f | - |\n' "$one_s" "$((one_kb / 1024))"
for setting in "1 2" "2 1"; do
  read -r ranks threads <<< "$setting"
  rm -rf "$work/ranks" "$work"/rss.*
  "$stemma" init "$work/ranks" >/dev/null 2>&1
  start=$(date +%s.%N)
  mpirun -np "$ranks" bash -c '/usr/bin/time -f "%M" -o "$0/rss.$OMPI_COMM_WORLD_RANK" "$@"' "$work" \
    "$stemma" add --mpi --threads "$threads" "$work/ranks" "$work/q1.jsonl" 2>"$work/ranks.err"
  end=$(date +%s.%N)
  peaks=$(cat "$work"/rss.* | awk '{printf "%s%.0f", (NR > 1 ? " / " : ""), $1 / 1024}')
  same=$(describe "$work/ranks" | cmp -s "$work/one.sum" - && echo yes || echo NO)
  awk -v r="$ranks" -v t="$threads" -v s="$(echo "$end - $start" | bc)" -v o="$one_s" \
      -v p="$peaks" -v same="$same" 'BEGIN {
    printf "| mpirun -np %d, %d thread(s) each | %.2f | %.2f | %s | %s |\n", r, t, s, s / o, p, same }'
done
