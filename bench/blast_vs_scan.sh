#!/usr/bin/env bash
# BLAST+ with a letter encoding against `stemma scan`, after Vesanto et al.
# ("Applying BLAST to text reuse detection in Finnish newspapers and journals,
# 1771-1910", 2017): which pairs of Chronicling America pages (a week of
# February 1916 by default) share a passage of 40+ words, by each tool; how
# many of the pairs only BLAST finds are real (judged by reading a sample, the
# verdicts in bench/blast_sample_judgements.tsv); how long each tool's passages
# are on the pairs both find; wall time and peak memory of both.
#
#   scripts/install-deps --bench                  # once: installs ncbi-blast+
#   bench/blast_vs_scan.sh [BUILD_DIR]            # BUILD_DIR defaults to build
#
# Environment:
#   STEMMA=/path/to/stemma   the binary to measure (default BUILD_DIR/tools/stemma/stemma)
#   BLAST_DAYS="19160201 ..." the days (default 19160201..19160207: 537 pages, 12 MB;
#                            blastp takes 4-8 min of 2 cores on them, stemma ~1 s)
#   STEMMA_SCAN_ARGS="..."   more options for stemma scan (e.g. "--window 2")
#   BLAST_RERUN=1            re-run BLAST even when BUILD_DIR/bench-blast/blast holds
#                            its results for the same pages, parameters and version
#                            (stemma always runs; a new stemma binary needs no new BLAST)
#
# Method. Each page's letters are case-folded and written as amino-acid letters
# (bench/blast_pairs.py says how); makeblastdb builds a protein database of all
# pages and blastp searches every page against it (all against all, both
# directions, self-hits dropped). BLAST parameters:
#   -matrix IDENTITY         the only stock matrix that scores all letters alike
#                            (+9 identity, -5 otherwise, gaps 15 + 2 per letter);
#                            BLOSUM62 would reward W=W 11 and A=A 4.
#   -word_size 4 -threshold 36
#                            exact 4-letter seeds only (no neighbourhood words).
#                            IDENTITY allows at most 5, but BLAST's 5-letter
#                            lookup table over its 28-letter alphabet is 600 MB
#                            built in ~4 s per query batch: 20x slower overall.
#   -lcase_masking -soft_masking true
#                            separators (lower case) seed nothing but align.
#   -comp_based_stats 0 -seg no
#                            letter frequencies of English are not a protein's.
#   -evalue 1e-20            a 40-word passage scores hundreds of bits; this keeps
#                            chance 15-letter matches out of the output.
#   -max_target_seqs <pages> no page is cut off; all HSPs kept (-max_hsps unset).
#   -num_threads 2 -mt_mode 1 (queries split over the threads); X-drops default.
# stemma runs as `stemma scan --threads 2` with its default options, three times
# (the median run is reported; BLAST runs once). Both run under nice -n 10 and
# /usr/bin/time -f "%e %M".
#
# Reduction (bench/blast_pairs.py reduce): a pair counts for BLAST when one hit,
# mapped back to bytes of both pages, spans 40+ whole words on its shorter side
# (a hit's first and last letters may fall inside a word: that word is not
# counted; before December 2026 it was, which gave BLAST 32 pairs more); for
# stemma when one passage spans 40+ words counted the same way. The span ratio is
# stemma's longest passage over BLAST's longest hit on the pair, in bytes of the
# pair's first page (path order).
#
# Output: a Markdown table on stdout; in BUILD_DIR/bench-blast/: blast_only.txt
# and stemma_only.txt (each pair, its longest hit's byte ranges and text),
# both_blast_longer.txt (pairs both find where stemma's span is < 2/3 of BLAST's),
# sample.txt (the sampled pairs in full, with their verdicts), unjudged.tsv
# (sampled pairs without a verdict: add them to bench/blast_sample_judgements.tsv).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build_dir=$(cd "${1:-build}" && pwd)
stemma=${STEMMA:-$build_dir/tools/stemma/stemma}
read -r -a days <<< "${BLAST_DAYS:-19160201 19160202 19160203 19160204 19160205 19160206 19160207}"
out="$build_dir/bench-blast"

status=0
pages=$("$here/unpack_chronam.sh" "$build_dir") || status=$?
if [[ $status -eq 3 ]]; then
  echo "blast_vs_scan: ../shared/data is absent; skipping" >&2
  exit 0
elif [[ $status -ne 0 ]]; then
  exit "$status"
fi
pages=$(cd "$pages" && pwd)
for tool in blastp makeblastdb; do
  command -v "$tool" >/dev/null || { echo "blast_vs_scan: $tool not found: run scripts/install-deps --bench" >&2; exit 1; }
done
[[ -x "$stemma" ]] || { echo "blast_vs_scan: $stemma is not an executable (set STEMMA)" >&2; exit 1; }
mkdir -p "$out/blast"

# Runs "$@" under nice (its output to /dev/null) and prints "seconds peak_kb".
measure() {
  local log
  log=$(mktemp)
  nice -n 10 /usr/bin/time -f "%e %M" -o "$log" "$@" > /dev/null
  tail -n 1 "$log"
  rm -f "$log"
}

(cd "$pages" && for day in "${days[@]}"; do ls "$day"/*.txt; done | sort) > "$out/pages.list"
count=$(wc -l < "$out/pages.list")
megabytes=$(cd "$pages" && xargs cat < "$out/pages.list" | wc -c | awk '{printf "%.1f", $1 / 1e6}')
input="${days[0]}..${days[-1]} (${#days[@]} days): $count pages, $megabytes MB"
echo "blast_vs_scan: $input" >&2

# BLAST, unless its results for the same pages, parameters and version are there.
python3 "$here/blast_pairs.py" encode "$pages" "$out/pages.list" "$out"
blast_options=(-matrix IDENTITY -word_size 4 -threshold 36 -lcase_masking -soft_masking true
               -comp_based_stats 0 -seg no -evalue 1e-20 -max_target_seqs "$count"
               -num_threads 2 -mt_mode 1
               -outfmt "6 qseqid sseqid qstart qend sstart send length pident evalue bitscore")
stamp=$( { cat "$out/pages.fasta"; echo "${blast_options[*]}"; blastp -version; } | sha256sum | cut -c1-16)
if [[ "${BLAST_RERUN:-0}" != 1 && -f "$out/blast/hits.tsv" && -f "$out/blast/times" \
      && "$(cat "$out/blast/stamp" 2>/dev/null)" == "$stamp" ]]; then
  echo "blast_vs_scan: BLAST results of $(date -r "$out/blast/times" '+%F %R') reused (same pages, parameters and version; BLAST_RERUN=1 re-runs)" >&2
else
  rm -f "$out/blast/stamp" "$out/blast/times"
  # The database gets upper-case separators; the query keeps them lower-case (masked).
  tr 'z' 'Z' < "$out/pages.fasta" > "$out/blast/db.fasta"
  echo "blast_vs_scan: makeblastdb + blastp, all against all (nice -n 10)..." >&2
  makedb=$(measure makeblastdb -in "$out/blast/db.fasta" -dbtype prot -out "$out/blast/pages" -title pages)
  search=$(measure blastp -query "$out/pages.fasta" -db "$out/blast/pages" "${blast_options[@]}" -out "$out/blast/hits.tsv")
  echo "${makedb% *} $search" > "$out/blast/times"
  echo "$stamp" > "$out/blast/stamp"
fi
read -r makedb_s blast_s blast_kb < "$out/blast/times"

echo "blast_vs_scan: stemma scan --threads 2 ($stemma), 3 runs..." >&2
scans=()
for _ in 1 2 3; do
  # shellcheck disable=SC2086 # the extra options are words
  scans+=("$(cd "$pages" && measure "$stemma" scan --threads 2 ${STEMMA_SCAN_ARGS:-} -o "$out/stemma.jsonl" "${days[@]}")")
done
read -r stemma_s stemma_kb < <(printf '%s\n' "${scans[@]}" | sort -n | sed -n 2p)

python3 "$here/blast_pairs.py" reduce --root "$pages" --work "$out" --blast "$out/blast/hits.tsv" \
  --stemma "$out/stemma.jsonl" --judgements "$here/blast_sample_judgements.tsv" --input "$input" \
  --times "$blast_s" "$blast_kb" "$makedb_s" "$stemma_s" "$stemma_kb"
echo "blast_vs_scan: pairs only one tool finds, samples and verdicts: $out/" >&2
