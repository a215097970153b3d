#!/usr/bin/env bash
# `mpirun -np N stemma add --mpi` stores the corpus one process stores, for
# 1, 2 and 4 ranks (oversubscribed on this machine's cores): two adds (the
# second onto the first, in small batches so that each add is several runs),
# then the same export (documents and passages), families with their
# numbers, family trees, trace, outlets and watch alerts, byte for byte. A
# rank killed during an add fails the job, leaves a corpus that `stemma
# check` passes, and an add run again completes it to the same corpus.
#   tests/mpi/add_across_ranks_test.sh STEMMA SAMPLE_DIR TITLES WORK_DIR
set -euo pipefail
stemma=$1
sample=$2
titles=$3
work=$4
rm -rf "$work" && mkdir -p "$work"
source "$(dirname "$0")/mpirun_env.sh"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# The sample's pages as records with their paper and date: the first three
# days in one file, the last day in another.
python3 "$(dirname "$0")/../../bench/chronam_jsonl.py" "$sample" "$titles" "$work/all.jsonl"
last_day=$(ls "$sample" | grep '^1916' | sort | tail -1)
grep -v "\"id\": \"$last_day/" "$work/all.jsonl" > "$work/first.jsonl"
grep "\"id\": \"$last_day/" "$work/all.jsonl" > "$work/last.jsonl"
[[ -s "$work/first.jsonl" && -s "$work/last.jsonl" ]] || { echo "no records made" >&2; exit 1; }
query=$(find "$sample" -name '*.txt' | sort | tail -1)
# A text watch on a stretch of the first page, so that the adds record alerts.
head -c 1500 "$(find "$sample" -name '*.txt' | sort | head -1)" | tail -c 700 > "$work/watched.txt"

# Everything a user reads of a corpus, in one file.
describe() {
  local dir=$1
  "$stemma" export "$dir"
  "$stemma" families --json "$dir"
  for id in $("$stemma" families --json "$dir" | head -3 | python3 -c \
      'import json, sys; print(" ".join(str(json.loads(l)["id"]) for l in sys.stdin))'); do
    "$stemma" family --json "$dir" "$id"
  done
  "$stemma" trace --json "$dir" "$query" 2>/dev/null
  "$stemma" outlets --json "$dir"
  "$stemma" alerts --json "$dir"
}

build() {  # build DIR [mpirun -np N] ...: init, watch, two adds
  local dir=$1
  shift
  "$stemma" init "$dir" >/dev/null 2>&1
  "$stemma" watch add "$dir" --name page --text "$work/watched.txt" --min-tokens 10 >/dev/null 2>&1
  local add=("$stemma" add)
  [[ $# -gt 0 ]] && add=("$@" "$stemma" add --mpi --batch-documents 40)
  "${add[@]}" "$dir" "$work/first.jsonl" 2>"$dir.err-1" || return 1
  [[ $# -gt 0 ]] && add=("$@" "$stemma" add --mpi --batch-documents 16)
  "${add[@]}" "$dir" "$work/last.jsonl" 2>"$dir.err-2" || return 1
}

build "$work/one"
describe "$work/one" > "$work/one.txt"
[[ $("$stemma" alerts --json "$work/one" | wc -l) -gt 0 ]] || fail "the watch recorded no alert"
for ranks in 1 2 4; do
  dir="$work/ranks-$ranks"
  if ! build "$dir" mpirun -np "$ranks"; then
    fail "$ranks ranks: the add failed: $(tail -3 "$dir".err-*)"
    continue
  fi
  describe "$dir" > "$dir.txt"
  cmp -s "$work/one.txt" "$dir.txt" || fail "$ranks ranks stored another corpus: $(diff "$work/one.txt" "$dir.txt" | head -3 | cut -c1-200)"
  "$stemma" check "$dir" >/dev/null 2>&1 || fail "$ranks ranks: stemma check failed"
  echo "ok: add on $ranks ranks: $(grep -c '"type":"passage"' "$dir.txt" || true) passages, as one process"
done

# A missing corpus: every rank names it, the job fails.
if mpirun -np 2 "$stemma" add --mpi "$work/no-corpus" "$work/first.jsonl" 2>"$work/missing.err"; then
  fail "an add into a missing corpus succeeded"
fi
grep -q "no-corpus" "$work/missing.err" || fail "the missing corpus was not named: $(cat "$work/missing.err")"

# Rank 1 killed during the first add, once two runs are committed.
dir="$work/killed"
"$stemma" init "$dir" >/dev/null 2>&1
"$stemma" watch add "$dir" --name page --text "$work/watched.txt" --min-tokens 10 >/dev/null 2>&1
if DIR="$dir" STEMMA="$stemma" mpirun -np 2 -x DIR -x STEMMA bash -c '
    if [[ $OMPI_COMM_WORLD_RANK != 1 ]]; then exec "$@"; fi
    "$@" & pid=$!
    for _ in $(seq 2000); do
      [[ $("$STEMMA" stats "$DIR" 2>/dev/null | awk "/^documents/ {print \$2}") -ge 40 ]] && break
      sleep 0.01
    done
    kill -9 $pid; wait $pid' \
    rank "$stemma" add --mpi --batch-documents 20 "$dir" "$work/first.jsonl" 2>"$work/killed.err"; then
  fail "an add whose rank was killed succeeded"
fi
"$stemma" check "$dir" >/dev/null 2>&1 || fail "the corpus of the killed add does not pass check"
"$stemma" add "$dir" "$work/first.jsonl" 2>/dev/null || fail "adding again after the kill failed"
"$stemma" add "$dir" "$work/last.jsonl" 2>/dev/null || fail "the second add after the kill failed"
"$stemma" export "$dir" > "$work/killed.txt"
"$stemma" export "$work/one" > "$work/one-export.txt"
cmp -s "$work/one-export.txt" "$work/killed.txt" ||
  fail "the add run again after a kill stored other documents or passages"
echo "ok: a killed rank fails the add; the corpus passes check and an add again completes it"

[[ $failures -eq 0 ]] || { echo "$failures failures" >&2; exit 1; }
echo "all distributed adds stored what one process stores"
