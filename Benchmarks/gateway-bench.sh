#!/usr/bin/env bash
# Gateway overhead with the shared load harness (../shared/bench): the mock upstream measured
# directly, through a release `parapet serve` (guards and audit on, SQLite, synchronous FULL), and
# through LiteLLM — in one run, into one results file, reported side by side.
#
#   Benchmarks/gateway-bench.sh [--concurrency "1 64"] [--duration 15] [--repeats 1] [--no-litellm] [--governance]
#
# --governance adds two Parapet passes with governance on: a key budget (tokens and cost), key and
# route rate limits (high enough never to refuse), and the exact cache configured; in
# `parapet-governed` the bench request (temperature 0.2) is above the cache's max_temperature, so
# every call reserves, dispatches and settles; in `parapet-cached` max_temperature is 1, so after
# the first call every answer is a cache hit.
#
# Needs: nginx (+ libnginx-mod-http-echo) or python3 for the mock, wrk, and for LiteLLM
# `LITELLM_VENV=../.scratch/venv-extras ../shared/bench/litellm_proxy.sh install --with-docker-deps`.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
bench=$(cd ../shared/bench && pwd)
concurrency="1 64"; duration=15; repeats=1; litellm=1; governance=0
while [ $# -gt 0 ]; do
  case "$1" in
    --concurrency) concurrency=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --repeats) repeats=$2; shift 2 ;;
    --no-litellm) litellm=0; shift ;;
    --governance) governance=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
export LITELLM_VENV=${LITELLM_VENV:-$(cd .. && pwd)/.scratch/venv-extras}

swift build -c release --product parapet >/dev/null
out_dir="$bench/results/parapet-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out_dir"
out="$out_dir/results.jsonl"
data=$(mktemp -d)
key="ppk_bench_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
# $1: extra keys under gateway:, $2: extra keys under the route.
write_config() {
  cat > "$data/parapet.yaml" <<YAML
server: { host: 127.0.0.1, port: 8080 }
gateway:
  providers:
    mock: { kind: openai, base_url: "http://127.0.0.1:18080/v1" }
$1
  routes:
    gpt-4o-mini:
      targets:
        - { provider: mock, model: gpt-4o-mini, input_price: 0.15, output_price: 0.6 }
$2
YAML
}
write_config "" ""
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true
  (cd "$bench" && ./litellm_proxy.sh stop >/dev/null 2>&1 || true)
  (cd "$bench" && ./mock_upstream.sh stop --port 18080 >/dev/null 2>&1 || true)
  rm -rf "$data"
}
trap cleanup EXIT

cd "$bench"
./mock_upstream.sh start --port 18080
args=(--concurrency "$concurrency" --duration "$duration" --repeats "$repeats" --out "$out")
./run_gateway_bench.sh --url http://127.0.0.1:18080/v1/chat/completions --label direct "${args[@]}"

PARAPET_ADMIN_KEY="$key" "$repo/.build/release/parapet" serve --config "$data/parapet.yaml" --data "$data" > "$data/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs http://127.0.0.1:8080/readyz >/dev/null && break; sleep 0.1; done
./run_gateway_bench.sh --url http://127.0.0.1:8080/v1/chat/completions --label parapet --api-key "$key" --pid "$pid" \
  --tag build=release --tag audit=sqlite-full "${args[@]}"
kill -TERM "$pid"; wait "$pid" || true; pid=
"$repo/.build/release/parapet" audit verify --data "$data" | tail -2

if [ "$governance" = 1 ]; then
  governed='  budgets:
    - { name: key-daily, scope: key, period: day, tokens: 100000000000, cost_usd: 1000000 }
  key_rate_limit: { requests_per_minute: 100000000, tokens_per_minute: 2000000000 }'
  for variant in governed cached; do
    if [ "$variant" = governed ]; then temperature=0.1; else temperature=1; fi
    write_config "$governed" "      rate_limit: { requests_per_minute: 100000000 }
      cache: { ttl_s: 3600, max_temperature: $temperature }"
    PARAPET_ADMIN_KEY="$key" "$repo/.build/release/parapet" serve --config "$data/parapet.yaml" --data "$data" > "$data/serve.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do curl -fs http://127.0.0.1:8080/readyz >/dev/null && break; sleep 0.1; done
    ./run_gateway_bench.sh --url http://127.0.0.1:8080/v1/chat/completions --label "parapet-$variant" --api-key "$key" --pid "$pid" \
      --tag build=release --tag audit=sqlite-full --tag governance="$variant" "${args[@]}"
    kill -TERM "$pid"; wait "$pid" || true; pid=
  done
fi

if [ "$litellm" = 1 ]; then
  ./litellm_proxy.sh start --upstream http://127.0.0.1:18080/v1 --workers 1
  ./run_gateway_bench.sh --url http://127.0.0.1:4000/v1/chat/completions --label litellm-w1 --pid "$(./litellm_proxy.sh pid)" \
    --tag version="$(./litellm_proxy.sh version 2>/dev/null || echo unknown)" "${args[@]}"
  ./litellm_proxy.sh stop
fi
./report.py "$out" --per-run | tee "$out_dir/report.md"
echo "results: $out_dir"
