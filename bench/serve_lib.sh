# Shared by bench/serve_bench.sh and bench/serve_soak.sh, sourced once
# `build_dir` and `script` (its name, for messages) are set: checks for wrk,
# unpacks the Q1 pages, makes a work folder removed on exit (stopping the
# server and any sampler), and defines start_server.
stemma="$build_dir/tools/stemma/stemma"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v wrk >/dev/null || { echo "$script: wrk is missing (scripts/install-deps installs it)" >&2; exit 1; }
pages=$("$root/bench/unpack_chronam.sh" "$build_dir") || exit 0
pages=$(cd "$pages" && pwd)
work=$(mktemp -d)
server_pid=""
sampler_pid=""
cleanup() {
  [[ -n "$sampler_pid" ]] && kill "$sampler_pid" 2>/dev/null
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# start_server CORPUS: `stemma serve` on a free loopback port, its log in
# $work/serve.log; returns once /healthz answers. Sets port and server_pid.
start_server() {
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$stemma" serve "$1" --port "$port" 2>"$work/serve.log" &
  server_pid=$!
  for _ in $(seq 100); do
    python3 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/healthz')" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "$script: the server did not answer /healthz (see $work/serve.log)" >&2
  return 1
}
