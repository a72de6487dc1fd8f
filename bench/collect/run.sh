#!/usr/bin/env bash
# Collection benchmark: a synthetic organization (1,000 members by default) served by moto_server on 127.0.0.1 behind a
# proxy that adds 150±50 ms latency (as AWS answers), enforces a rate per service and throttles 2 % of requests at random.
# Prints the time taken against the time the rates allow (calls / allowed rate of the busiest service).
# Usage: bench/collect/run.sh [MEMBERS] [RESULT_JSON] [CLIENT_RATE_FACTOR]
# CLIENT_RATE_FACTOR > 1 lets the client ask for more than the server allows (recovery from throttling instead of pacing).
set -euo pipefail
cd "$(dirname "$0")/../.."
members="${1:-1000}"
out="$(realpath -m "${2:-bench/collect/results/latest.json}")"
factor="${3:-1}"
command -v moto_server >/dev/null || { echo "moto_server is required (pip install 'moto[server]==5.2.1')" >&2; exit 1; }
dotnet build tests/PolicyEngine.Aws.Tests -c Release --nologo -v quiet
POLICYENGINE_COLLECT_BENCH=1 POLICYENGINE_COLLECT_BENCH_MEMBERS="$members" POLICYENGINE_COLLECT_BENCH_OUT="$out" \
  POLICYENGINE_COLLECT_BENCH_CLIENT_RATE_FACTOR="$factor" \
  dotnet test tests/PolicyEngine.Aws.Tests -c Release --no-build --nologo --filter "Category=CollectBenchmark"
cat "$out"
