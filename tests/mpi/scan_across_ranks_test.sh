#!/usr/bin/env bash
# `mpirun -np N stemma scan --mpi` writes byte for byte what `stemma scan`
# writes in one process, for 1, 2 and 4 ranks (oversubscribed on this
# machine's cores), with and without letters and boilerplate; a missing input
# is reported as in one process; a rank that dies fails the run and leaves no
# output under the output's name. With --parts, each rank's part in rank
# order is the same output, and _SUCCESS marks only a complete run.
#   tests/mpi/scan_across_ranks_test.sh STEMMA SAMPLE_DIR WORK_DIR
set -euo pipefail
stemma=$1
sample=$2
work=$3
rm -rf "$work" && mkdir -p "$work"
source "$(dirname "$0")/mpirun_env.sh"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

check_same() {  # check_same LABEL OPTIONS...
  local label=$1
  shift
  "$stemma" scan "$@" "$sample" -o "$work/one.jsonl" 2>"$work/one.err"
  [[ -s "$work/one.jsonl" ]] || fail "$label: one process found nothing"
  for ranks in 1 2 4; do
    local out="$work/$label-$ranks.jsonl"
    if ! mpirun -np "$ranks" "$stemma" scan --mpi "$@" "$sample" -o "$out" 2>"$out.err"; then
      fail "$label: $ranks ranks failed: $(tail -3 "$out.err")"
      continue
    fi
    cmp -s "$work/one.jsonl" "$out" || fail "$label: $ranks ranks wrote other passages than one process"
    grep -q "on $ranks ranks" "$out.err" || fail "$label: no summary from rank 0: $(cat "$out.err")"
    echo "ok: $label on $ranks ranks: $(wc -l < "$out") passages, as one process"
  done
}

check_same words
check_same boilerplate --max-df 4
check_same letters --letters
check_same waves --letters --documents-per-wave 16

# --parts: OUT/part-RRRRR.jsonl per rank; concatenated in name order they are
# one process's output. A stale part and _SUCCESS of an earlier run are gone.
"$stemma" scan "$sample" -o "$work/one.jsonl" 2>/dev/null
for ranks in 1 2 4; do
  parts="$work/parts-$ranks"
  mkdir -p "$parts" && touch "$parts/_SUCCESS" "$parts/part-00009.jsonl"
  if ! mpirun -np "$ranks" "$stemma" scan --mpi --parts "$sample" -o "$parts" 2>"$parts.err"; then
    fail "parts: $ranks ranks failed: $(tail -3 "$parts.err")"
    continue
  fi
  [[ $(ls "$parts" | grep -c '^part-') -eq $ranks ]] || fail "parts: not one part per rank: $(ls "$parts")"
  [[ -e "$parts/_SUCCESS" ]] || fail "parts: no _SUCCESS after a complete run"
  cat "$parts"/part-*.jsonl | cmp -s "$work/one.jsonl" - ||
    fail "parts: the $ranks parts in order are not one process's output"
  echo "ok: parts on $ranks ranks: $(cat "$parts"/part-*.jsonl | wc -l) passages, as one process"
done
if "$stemma" scan --parts "$sample" -o "$work/parts-1" 2>"$work/parts.err"; then
  fail "--parts without --mpi was accepted"
fi

# A path that does not exist: reported by rank 0, the rest scanned as in one process.
"$stemma" scan "$sample" "$work/no-such-dir" -o "$work/one.jsonl" 2>/dev/null
mpirun -np 2 "$stemma" scan --mpi "$sample" "$work/no-such-dir" -o "$work/missing.jsonl" \
  2>"$work/missing.err" || fail "a missing path failed the whole run"
grep -q "no-such-dir" "$work/missing.err" || fail "the missing path was not named"
cmp -s "$work/one.jsonl" "$work/missing.jsonl" || fail "a missing path changed the passages"

# Nothing to scan: every rank stops, the run fails, no output.
if mpirun -np 2 "$stemma" scan --mpi "$work/no-such-dir" -o "$work/none.jsonl" 2>"$work/none.err"; then
  fail "a run with nothing to scan succeeded"
fi
grep -q "no .txt files to scan" "$work/none.err" || fail "no reason given: $(cat "$work/none.err")"
[[ ! -e "$work/none.jsonl" ]] || fail "a run with nothing to scan left an output file"

# A rank killed halfway: mpirun fails and nothing is presented as the output.
# Rank 1 is killed as soon as rank 0 has begun writing (OUT.partial exists):
# the run cannot have finished then, as every exchange needs rank 1.
if OUT="$work/killed.jsonl" mpirun -np 2 -x OUT bash -c '
    if [[ $OMPI_COMM_WORLD_RANK != 1 ]]; then exec "$@"; fi
    "$@" & pid=$!
    for _ in $(seq 1000); do [[ -e $OUT.partial ]] && break; sleep 0.01; done
    kill -9 $pid; wait $pid' \
    rank "$stemma" scan --mpi --letters "$sample" -o "$work/killed.jsonl" 2>"$work/killed.err"; then
  fail "a run whose rank was killed succeeded"
fi
[[ ! -e "$work/killed.jsonl" ]] || fail "a run whose rank was killed left a complete-looking output"
echo "ok: a killed rank fails the run ($(grep -c . "$work/killed.err") lines of messages)"

# The same with --parts: rank 1 killed once rank 0's part is begun; no _SUCCESS.
if OUT="$work/killed-parts" mpirun -np 2 -x OUT bash -c '
    if [[ $OMPI_COMM_WORLD_RANK != 1 ]]; then exec "$@"; fi
    "$@" & pid=$!
    for _ in $(seq 1000); do [[ -e $OUT/part-00000.jsonl.partial ]] && break; sleep 0.01; done
    kill -9 $pid; wait $pid' \
    rank "$stemma" scan --mpi --parts --letters "$sample" -o "$work/killed-parts" \
    2>"$work/killed-parts.err"; then
  fail "a run with parts whose rank was killed succeeded"
fi
[[ ! -e "$work/killed-parts/_SUCCESS" ]] || fail "a run whose rank was killed wrote _SUCCESS"
echo "ok: a killed rank leaves no _SUCCESS"

[[ $failures -eq 0 ]] || { echo "$failures failures" >&2; exit 1; }
echo "all distributed scans matched one process"
