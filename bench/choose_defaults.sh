#!/usr/bin/env bash
# How the engine's defaults were chosen: each candidate setting measured on
#   - edited reuse (bench pan_eval: PAN precision, recall, granularity, plagdet),
#   - rewritten text (bench bible_eval Genesis: share of verses kept inside),
#   - real newspapers (stemma scan of January 1916: CPU seconds, passages),
# in one run, one Markdown row per setting.
#
#   bench/choose_defaults.sh [BUILD_DIR]
set -euo pipefail
build_dir=$(cd "${1:-build}" && pwd)
pages=$("$(dirname "$0")/unpack_chronam.sh" "$build_dir") || exit 0

settings=(
  "--ngram 5 --window 4"
  "--ngram 3 --window 6"
  "--ngram 4 --window 5"
  "--ngram 6 --window 3"
  "--ngram 5 --window 4 --mismatch -1 --gap-open -3 --gap-extend -0.5"
  "--ngram 5 --window 4 --x-drop 15"
  "--ngram 5 --window 4 --x-drop 30"
  "--ngram 5 --window 4 --max-gap 32"
)

echo "| setting | PAN precision | PAN recall | PAN granularity | PAN plagdet | KJV/WEB Genesis | January CPU s | January passages |"
echo "|---|---|---|---|---|---|---|---|"
for setting in "${settings[@]}"; do
  # shellcheck disable=SC2086
  pan=$("$build_dir/bench/pan_eval" $setting | awk '$1 == "all" {print $2, $3, $4, $5}')
  # shellcheck disable=SC2086
  bible=$("$build_dir/bench/bible_eval" Genesis $setting | sed -n 's/.*share \([0-9.]*\).*/\1/p')
  log=$(mktemp)
  # shellcheck disable=SC2086
  /usr/bin/time -f "%U %S" -o "$log" "$build_dir/tools/stemma/stemma" scan $setting \
    "$pages"/191601* -o "$build_dir/choose-defaults.jsonl" 2>/dev/null
  cpu=$(awk '{printf "%.1f", $1 + $2}' "$log")
  rm -f "$log"
  passages=$(wc -l < "$build_dir/choose-defaults.jsonl")
  read -r precision recall granularity plagdet <<< "$pan"
  echo "| \`$setting\` | $precision | $recall | $granularity | $plagdet | $bible | $cpu | $passages |"
done
