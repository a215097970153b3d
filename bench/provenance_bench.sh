#!/usr/bin/env bash
# Whole-run benchmark of provenance on Chronicling America Q1 1916: every
# page stored with its paper (chronam-titles.tsv) and its date (its folder),
# then the 20 largest reuse families, each with its tree of who copied whom,
# and the whole provenance pass (`stemma outlets`, which builds every
# family's tree and describes every copy's changes). Time and peak memory of
# each step; the families and trees are printed for BENCHMARKS.md.
#
#   bench/provenance_bench.sh [BUILD_DIR] [TREES]
set -euo pipefail
build_dir=$(cd "${1:-build}" && pwd)
trees=${2:-20}
stemma="$build_dir/tools/stemma/stemma"
root="$(cd "$(dirname "$0")/.." && pwd)"
pages=$("$(dirname "$0")/unpack_chronam.sh" "$build_dir") || exit 0
pages=$(cd "$pages" && pwd)
titles="$root/../shared/data/chronam-titles.tsv"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$root/bench/chronam_jsonl.py" "$pages" "$titles" "$work/q1.jsonl"

# measure OUT COMMAND...: runs COMMAND under /usr/bin/time with its output
# in OUT; prints "seconds peak_MB".
measure() {
  local log out=$1
  shift
  log=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$log" "$@" >"$out" 2>/dev/null
  awk '{ printf "%s %.0f\n", $1, $2 / 1024 }' "$log"
  rm -f "$log"
}

corpus="$work/corpus"
"$stemma" init "$corpus" 2>/dev/null
read -r add_s add_mb < <(measure /dev/null "$stemma" add "$corpus" "$work/q1.jsonl")
read -r families_s families_mb < <(measure "$work/families.jsonl" "$stemma" families --json "$corpus")
read -r outlets_s outlets_mb < <(measure "$work/outlets.jsonl" "$stemma" outlets --json "$corpus")
stats=$("$stemma" stats --json "$corpus")

echo "| step | seconds | peak MB |"
echo "|---|---|---|"
echo "| \`stemma add\` of all Q1 (families grouped as passages are stored) | $add_s | $add_mb |"
echo "| \`stemma families --json\` (every family listed) | $families_s | $families_mb |"
echo "| \`stemma outlets --json\` (every family's tree and changes: the whole pass) | $outlets_s | $outlets_mb |"
python3 - "$stats" "$work/families.jsonl" "$work/outlets.jsonl" <<'PY'
import json, sys
stats = json.loads(sys.argv[1])
families = [json.loads(line) for line in open(sys.argv[2], encoding="utf-8")]
outlets = [json.loads(line) for line in open(sys.argv[3], encoding="utf-8")]
sizes = [f["size"] for f in families]
print()
print(f"{stats['documents']} pages, {stats['passages']} passages, {len(families)} reuse families "
      f"({sum(1 for s in sizes if s >= 3)} of 3 or more documents, {sum(1 for s in sizes if s >= 10)} of 10 or more; "
      f"the largest {max(sizes) if sizes else 0}).")
copied = sorted(outlets, key=lambda o: -o["reused_share"])[:5]
print("Papers with the largest share of copied text: " + "; ".join(
    f"{o['outlet']} {100 * o['reused_share']:.1f}% (mostly from {o['sources'][0]['outlet'] if o['sources'] else '-'})"
    for o in copied) + ".")
PY

cat >"$work/table.py" <<'PY'
import json, sys
limit, min_bytes = int(sys.argv[1]), int(sys.argv[2])
shown = 0
for line in sys.stdin:
    f = json.loads(line)
    if f["median_span_bytes"] < min_bytes:
        continue
    snippet = f["snippet"][:70].replace("|", "/")
    print(f"| {f['id']} | {f['size']} | {len(f['outlets'])} | {f['median_span_bytes']} | "
          f"{f['first_published']} | {f['last_published']} | {snippet} |")
    shown += 1
    if shown == limit:
        break
PY
echo
echo "The $trees largest families (bytes: the median length of their passages):"
echo
echo "| family | size | papers | bytes | first | last | begins |"
echo "|---|---|---|---|---|---|---|"
python3 "$work/table.py" "$trees" 0 <"$work/families.jsonl"
echo
echo "The 10 largest of those whose passages are 300 bytes or more (the median): whole"
echo "stories rather than stock phrases:"
echo
echo "| family | size | papers | bytes | first | last | begins |"
echo "|---|---|---|---|---|---|---|"
python3 "$work/table.py" 10 300 <"$work/families.jsonl"
total_tree_s=0
for id in $(head -n "$trees" "$work/families.jsonl" | python3 -c 'import json,sys; [print(json.loads(l)["id"]) for l in sys.stdin]'); do
  read -r tree_s tree_mb < <(measure "$work/tree_$id.json" "$stemma" family --json "$corpus" "$id")
  total_tree_s=$(python3 -c "print(round($total_tree_s + $tree_s, 2))")
  echo
  echo "Family $id ($tree_s s, $tree_mb MB):"
  echo '```'
  python3 - "$work/tree_$id.json" <<'PY'
import json, sys
tree = json.load(open(sys.argv[1], encoding="utf-8"))
depth = {}
kinds = {}
lines = []
for node in tree["nodes"]:
    doc = node["doc"]
    level = depth[node["parent"]] + 1 if node["parent"] is not None else 0
    depth[doc["id"]] = level
    how = "from #%d" % node["parent"] if node["parent"] is not None else (
        "unseen source" if node["unseen_source"] else "earliest")
    changes = {}
    for change in node["changes"]:
        changes[change["kind"]] = changes.get(change["kind"], 0) + 1
        kinds[change["kind"]] = kinds.get(change["kind"], 0) + 1
    shown = ", ".join(f"{n} {k}" for k, n in sorted(changes.items()))
    lines.append(f"{'  ' * min(level, 12)}#{doc['id']} {doc['outlet'][:40]} {doc['published_at']} "
                 f"[{how}, {node['confidence']:.2f}]" + (f" {shown}" if shown else ""))
nodes = tree["nodes"]
roots = sum(1 for n in nodes if n["parent"] is None)
unseen = sum(1 for n in nodes if n["unseen_source"])
print(f"{len(nodes)} documents, {roots} roots ({unseen} from unseen sources), depth "
      f"{max(depth.values()) + 1 if depth else 0}, mean confidence "
      f"{sum(n['confidence'] for n in nodes) / max(1, len(nodes)):.2f}; changes: " +
      (", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "none"))
print("\n".join(lines[:12]) + (f"\n... ({len(lines) - 12} more)" if len(lines) > 12 else ""))
PY
  echo '```'
done
echo
echo "The $trees trees took $total_tree_s s in all, one \`stemma family\` process each."
