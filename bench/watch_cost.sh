#!/usr/bin/env bash
# What watches cost an add (issue 20): a corpus of January and February 1916
# (Chronicling America Q1), then `stemma add` of March, with no watch and with
# 1,000 text watches (600-byte stretches of January pages, so some fire), in
# the same run, as a ratio. Also: the alerts recorded.
#
#   bench/watch_cost.sh [BUILD_DIR] [WATCHES]
set -euo pipefail
build_dir=$(cd "${1:-build}" && pwd)
watches=${2:-1000}
stemma="$build_dir/tools/stemma/stemma"
pages=$("$(dirname "$0")/unpack_chronam.sh" "$build_dir") || exit 0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mapfile -t early < <(ls -d "$pages"/19160[12]?? | sort)
mapfile -t march < <(ls -d "$pages"/191603?? | sort)

for name in plain watched; do
  "$stemma" init "$work/$name" >/dev/null 2>&1
  "$stemma" add --threads 2 "$work/$name" "${early[@]}" >/dev/null 2>&1
done
# Watched texts: a 600-byte stretch from the middle of January pages.
mkdir -p "$work/texts"
mapfile -t january < <(find "${early[@]:0:31}" -name '*.txt' | sort)
number=0
for page in "${january[@]:0:$watches}"; do
  size=$(stat -c %s "$page")
  number=$((number + 1))
  tail -c +$((size / 2)) "$page" | head -c 600 > "$work/texts/watch$number.txt" || true
done
for text in "$work"/texts/*.txt; do
  "$stemma" watch add "$work/watched" --text "$text" --min-tokens 20 2>/dev/null || true
done
echo "watches: $("$stemma" watch list "$work/watched" | wc -l)"

measure() {  # prints wall seconds of an add of March
  /usr/bin/time -f "%e" -o "$work/time" "$stemma" add --threads 2 "$1" "${march[@]}" >/dev/null 2>&1
  cat "$work/time"
}
# Each add is timed on a copy, three times, alternating; the median is kept.
plain=(); watched=()
for round in 1 2 3; do
  for name in plain watched; do
    rm -rf "$work/run" && cp -r "$work/$name" "$work/run"
    seconds=$(measure "$work/run")
    if [[ $name == plain ]]; then plain+=("$seconds"); else watched+=("$seconds"); fi
    [[ $name == watched && $round == 1 ]] && alerts=$("$stemma" alerts "$work/run" | wc -l)
  done
done
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
p=$(median "${plain[@]}"); w=$(median "${watched[@]}")
echo "add of March: no watch ${p} s, ${watches} watches ${w} s, ratio $(echo "scale=3; $w / $p" | bc); alerts recorded: ${alerts}"
