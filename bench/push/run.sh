#!/usr/bin/env bash
# Security Hub push benchmark: the results of a synthetic organization (10,000 accounts by default) pushed twice with
# the real CLI (`publish securityhub`) to a Security Hub on 127.0.0.1 behind `hub-proxy`, which answers each call after
# the latency (150 ms by default) and holds each operation to Security Hub's documented limits (BatchImportFindings and
# BatchUpdateFindings 10/s in bursts of 30, GetFindings 3/s in bursts of 6; over them HTTP 429). The Security Hub is
# hub-proxy's in-memory findings store (HUB=store, the default: it measures the publisher against the limits) or
# moto_server (HUB=moto: moto scans every stored finding on each call, so at 10k its own time dominates).
# The first run imports into an empty Security Hub; the second reads every finding back (GetFindings) and imports
# them again. Prints and writes each run's wall time (the whole CLI process) against the time the limits allow.
# Usage: [HUB=store|moto] bench/push/run.sh [ACCOUNTS] [LATENCY_MS] [RESULT_JSON]
set -euo pipefail
cd "$(dirname "$0")/../.."
accounts="${1:-10000}"
latency="${2:-150}"
hub="${HUB:-store}"
out="$(realpath -m "${3:-bench/push/results/latest.json}")"
mkdir -p "$(dirname "$out")"
[ "$hub" = store ] || command -v moto_server >/dev/null || { echo "moto_server is required for HUB=moto (pip install 'moto[server]==5.2.1')" >&2; exit 1; }
dotnet build src/PolicyEngine.Cli -c Release --nologo -v quiet
dotnet build bench/PolicyEngine.Benchmarks -c Release --nologo -v quiet
cli=(dotnet src/PolicyEngine.Cli/bin/Release/net10.0/PolicyEngine.Cli.dll)
bench=(dotnet bench/PolicyEngine.Benchmarks/bin/Release/net10.0/PolicyEngine.Benchmarks.dll)
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

"${bench[@]}" synth --accounts "$accounts" --out "$work/org.json" --seed 1
# Exit code 1 (failing results) or 3 (the synthetic collection errors) is what a real organization gives too.
"${cli[@]}" evaluate --facts "$work/org.json" --rules rules --now 2026-11-20 --report json="$work/results.json" --report console="$work/console.txt" || true
test -s "$work/results.json" || { echo "evaluate wrote no results" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
proxy_port="$(free_port)"
if [ "$hub" = moto ]; then
  moto_port="$(free_port)"
  moto_server -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 & pids+=($!)
  "${bench[@]}" hub-proxy --upstream "http://127.0.0.1:$moto_port/" --latency-ms "$latency" --port "$proxy_port" >"$work/proxy.log" 2>&1 & pids+=($!)
  ready="http://127.0.0.1:$moto_port/moto-api/"
else
  "${bench[@]}" hub-proxy --store --latency-ms "$latency" --port "$proxy_port" >"$work/proxy.log" 2>&1 & pids+=($!)
  ready="http://127.0.0.1:$proxy_port/__stats"
fi
proxy="http://127.0.0.1:$proxy_port"
for _ in $(seq 1 100); do
  curl -sf "$proxy/__stats" >/dev/null 2>&1 && curl -sf "$ready" >/dev/null 2>&1 && break
  sleep 0.2
done

export AWS_ENDPOINT_URL="$proxy" AWS_ACCESS_KEY_ID=AKIDPUSHBENCH AWS_SECRET_ACCESS_KEY=push-bench-secret AWS_REGION=us-east-1
runs=()
for run in first second; do
  start="$(date +%s.%N)"
  status=0
  "${cli[@]}" publish securityhub --results "$work/results.json" --account 123456789012 --region us-east-1 >"$work/$run.log" 2>&1 || status=$?
  end="$(date +%s.%N)"
  curl -sf "$proxy/__stats?reset=1" >"$work/$run-stats.json"
  runs+=("$run" "$start" "$end" "$status")
  tail -n 3 "$work/$run.log"
done

python3 - "$out" "$accounts" "$latency" "$(uptime)" "$work" "$hub" "${runs[@]}" <<'PY'
import json, sys
out, accounts, latency, load, work, hub, *runs = sys.argv[1:]
results = json.load(open(f"{work}/results.json"))
findings = len(results["results"])
record = {"accounts": int(accounts), "findings": findings, "latencyMs": int(latency), "hub": hub, "load": load.strip(), "runs": []}
for i in range(0, len(runs), 4):
    name, start, end, status = runs[i], float(runs[i + 1]), float(runs[i + 2]), int(runs[i + 3])
    stats = json.load(open(f"{work}/{name}-stats.json"))
    # The phases run one after the other (read, import, update); each needs at least (calls - burst) / rate seconds
    # to send its calls, and one answer time for the last of them.
    phases = {op: {**s, "boundSeconds": round(max(0, s["answered"] - s["burst"]) / s["rate"] + int(latency) / 1000, 2)}
              for op, s in stats.items() if "rate" in s and s["answered"] > 0}
    bound = sum(p["boundSeconds"] for p in phases.values())
    elapsed = end - start
    record["runs"].append({"run": name, "exitCode": status, "elapsedSeconds": round(elapsed, 2), "boundSeconds": round(bound, 2),
                           "ratio": round(elapsed / bound, 2) if bound else None, "operations": phases})
text = json.dumps(record, indent=2)
open(out, "w").write(text + "\n")
print(text)
PY
