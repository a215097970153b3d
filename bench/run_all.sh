#!/usr/bin/env bash
# `make bench`: the Google Benchmark kernels, the whole-run comparison with sim_text, then the
# persistent corpus (build, trace latency, growth), then provenance (families, trees, outlets), then `stemma serve` under wrk, then a
# 10-minute soak of every read endpoint beside `stemma add`.
set -euo pipefail
build_dir=${1:-build}
here=$(dirname "$0")
"$here/unpack_chronam.sh" "$build_dir" >/dev/null || { echo "bench: ../shared/data is absent; nothing to measure" >&2; exit 0; }
"$build_dir/bench/kernels_bench" --benchmark_counters_tabular=true
"$here/scan_vs_simtext.sh" "$build_dir" 3
"$here/corpus_bench.sh" "$build_dir" 1000
"$here/provenance_bench.sh" "$build_dir" 20
"$here/serve_bench.sh" "$build_dir" 20
"$here/serve_soak.sh" "$build_dir" 10 8
