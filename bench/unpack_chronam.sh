#!/usr/bin/env bash
# Unpacks the Chronicling America 1916 Q1 pages from ../shared/data into
# BUILD/cache/chronam (once), for the benchmarks. Exits 3 when ../shared is absent.
set -euo pipefail
build_dir=${1:-build}
archive="$(cd "$(dirname "$0")/.." && pwd)/../shared/data/chronam-1916-q1.tar.zst"
target="$build_dir/cache/chronam"
if [[ ! -f "$archive" ]]; then
  echo "unpack_chronam: $archive not found (../shared is absent); skipping" >&2
  exit 3
fi
if [[ ! -f "$target/.complete" ]]; then
  rm -rf "$target" && mkdir -p "$target"
  tar --zstd -xf "$archive" -C "$target"
  touch "$target/.complete"
fi
echo "$target"
