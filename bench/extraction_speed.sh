#!/usr/bin/env bash
# Speed of main-text extraction on the article-extraction benchmark's 123 pages:
# `stemma extract` against readability-lxml (Python, Debian python3-readability) and
# Mozilla Readability.js (Node, with jsdom), each handling every page in one process.
# Interpreter start-up and module loading are excluded: the Python and Node scripts
# time their own loops, and stemma's time is that of a run over all pages minus a run
# over one empty page.
#
# usage: bench/extraction_speed.sh BUILD_DIR
#   STEMMA=path overrides BUILD_DIR/tools/stemma/stemma; SHARED_DIR the shared folder.
# The Node packages are installed once into BUILD_DIR/bench-node (npm install --prefix).
set -euo pipefail

build_dir=${1:?usage: bench/extraction_speed.sh BUILD_DIR}
build_dir=$(cd "$build_dir" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
shared=${SHARED_DIR:-$here/../../shared}
pages_dir=$shared/data/article-extraction/pages
stemma=${STEMMA:-$build_dir/tools/stemma/stemma}
[[ -x $stemma ]] || { echo "no stemma binary at $stemma (build the 'stemma' target)" >&2; exit 1; }
[[ -d $pages_dir ]] || { echo "no benchmark pages in $pages_dir" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/pages"
for page in "$pages_dir"/*.html.gz; do
  gzip -dc "$page" > "$work/pages/$(basename "$page" .gz)"
done
count=$(ls "$work/pages" | wc -l)
bytes=$(cat "$work/pages"/*.html | wc -c)

node_dir=$build_dir/bench-node
if [[ ! -d $node_dir/node_modules/@mozilla/readability || ! -d $node_dir/node_modules/jsdom ]]; then
  npm install --silent --no-audit --no-fund --prefix "$node_dir" @mozilla/readability jsdom >&2
fi

now() { date +%s.%N; }
calc() { awk "function min(a, b) { return a < b ? a : b } BEGIN { printf \"%.6f\", $1 }"; }

# stemma: all pages, minus start-up (one empty page), best of 3.
: > "$work/empty.html"
stemma_seconds=$(
  best=1000000
  for run in 1 2 3; do
    start=$(now); "$stemma" extract "$work/empty.html" > /dev/null; empty=$(calc "$(now) - $start")
    start=$(now); "$stemma" extract "$work"/pages/*.html > /dev/null; full=$(calc "$(now) - $start")
    best=$(calc "min($full - $empty, $best)")
  done
  echo "$best")

cat > "$work/readability_lxml.py" <<'PY'
import sys, time, glob
from readability import Document
pages = [open(path, encoding="utf-8", errors="replace").read() for path in sorted(glob.glob(sys.argv[1] + "/*.html"))]
best = float("inf")
for run in range(3):
    start = time.perf_counter()
    for html in pages:
        Document(html).summary()
    best = min(best, time.perf_counter() - start)
print(best)
PY
lxml_seconds=$(/usr/bin/python3 "$work/readability_lxml.py" "$work/pages" 2> /dev/null)

cat > "$work/readability_js.js" <<'JS'
const fs = require("fs"), path = require("path");
const { JSDOM, VirtualConsole } = require("jsdom");
const { Readability } = require("@mozilla/readability");
const dir = process.argv[2];
const pages = fs.readdirSync(dir).sort().map((name) => fs.readFileSync(path.join(dir, name), "utf8"));
const quiet = new VirtualConsole();
let best = Infinity;
for (let run = 0; run < 3; run++) {
  const start = process.hrtime.bigint();
  for (const html of pages) {
    const dom = new JSDOM(html, { url: "https://example.com/", virtualConsole: quiet });
    new Readability(dom.window.document).parse();
    dom.window.close();
  }
  best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
}
console.log(best);
JS
js_seconds=$(NODE_PATH=$node_dir/node_modules node "$work/readability_js.js" "$work/pages")

echo "Main-text extraction speed: $count pages, $(calc "$bytes / 1000000") MB of HTML, one process each, best of 3"
printf '| %-26s | %9s | %8s | %7s | %14s |\n' extractor seconds pages/s MB/s "stemma is x faster"
printf '|%s|%s|%s|%s|%s|\n' ---------------------------- ----------- ---------- --------- --------------------
row() {
  local name=$1 seconds=$2
  printf '| %-26s | %9.3f | %8.1f | %7.2f | %14.1f |\n' "$name" "$seconds" \
    "$(calc "$count / $seconds")" "$(calc "$bytes / 1000000 / $seconds")" \
    "$(calc "$seconds / $stemma_seconds")"
}
row "stemma extract" "$stemma_seconds"
row "readability-lxml (Python)" "$lxml_seconds"
row "Readability.js + jsdom" "$js_seconds"
