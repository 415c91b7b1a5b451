#!/usr/bin/env bash
# Load test of POST /v1/guard with audit on: starts a release `parapet serve` on a fresh data
# directory, runs wrk against it on 127.0.0.1, samples the server's resident memory, verifies the
# audit trail afterwards and prints the numbers.
#
#   [DURABILITY=full|normal] [BIN=path] Benchmarks/guard-load.sh [connections=64] [seconds=20] [threads=2]
#
# BIN runs another build (e.g. a copy of an older binary, for alternating comparisons); it
# implies NOBUILD.
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-64}
seconds=${2:-20}
threads=${3:-2}
port=${PORT:-18090}

command -v wrk >/dev/null || { echo "wrk is required: apt-get install wrk" >&2; exit 2; }
[ -n "${NOBUILD:-}" ] || [ -n "${BIN:-}" ] || swift build -c release --product parapet >/dev/null
bin=${BIN:-.build/release/parapet}
data=$(mktemp -d)
key="ppk_bench_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT

config_args=()
if [ -n "${DURABILITY:-}" ]; then
  printf 'audit:\n  durability: %s\n' "$DURABILITY" > "$data/parapet.yaml"
  config_args=(--config "$data/parapet.yaml")
fi
PARAPET_ADMIN_KEY="$key" "$bin" serve --port "$port" --data "$data" "${config_args[@]}" > "$data/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done

# Warm up, then measure while sampling RSS every 0.5 s.
PARAPET_KEY="$key" wrk -t"$threads" -c"$connections" -d3s -s Benchmarks/wrk/guard.lua "http://127.0.0.1:$port/v1/guard" >/dev/null
peak=0
( while kill -0 "$pid" 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
    echo "$rss"; sleep 0.5
  done ) > "$data/rss.log" &
sampler=$!
PARAPET_KEY="$key" wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s Benchmarks/wrk/guard.lua "http://127.0.0.1:$port/v1/guard" | tee "$data/wrk.log"
kill "$sampler" 2>/dev/null || true
peak=$(sort -n "$data/rss.log" | tail -1)
echo "server peak RSS: $((peak / 1024)) MB"
kill -TERM "$pid"; wait "$pid" || true
"$bin" audit verify --data "$data" "${config_args[@]}" | tail -2
