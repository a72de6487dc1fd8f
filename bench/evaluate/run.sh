#!/usr/bin/env bash
# Whole-process evaluation benchmark: the Release CLI evaluates synthetic organizations of 1,000, 10,000 and 50,000
# accounts (seed 1) from a snapshot into a JSON report, RUNS times each, interleaved; prints wall time, CPU time
# (user + sys) and peak RSS per run, the CLI's own compile and evaluate figures, the load average, and the 50k/10k ratio.
# FORM=build (the default) runs `dotnet build -c Release`'s output, compiled by the JIT as it runs (as the .NET tool
# runs); FORM=r2r runs the publish that deploy/Dockerfile builds (PublishProfiles/image.pubxml), for this machine's architecture.
# Usage: [FORM=build|r2r] bench/evaluate/run.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-2}"
form="${FORM:-build}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet build bench/PolicyEngine.Benchmarks -c Release --nologo -v quiet
case "$form" in
  r2r)
    rid="linux-$([ "$(uname -m)" = aarch64 ] && echo arm64 || echo x64)"
    dotnet publish src/PolicyEngine.Cli -c Release -r "$rid" -p:PublishProfile=image -o "$work/tool" --nologo -v quiet
    cli=("$work/tool/PolicyEngine.Cli") ;;
  build)
    dotnet build src/PolicyEngine.Cli -c Release --nologo -v quiet
    cli=(dotnet src/PolicyEngine.Cli/bin/Release/net10.0/PolicyEngine.Cli.dll) ;;
  *) echo "FORM must be build or r2r" >&2; exit 2 ;;
esac
echo "form: $form"
for n in 1000 10000 50000; do
  dotnet bench/PolicyEngine.Benchmarks/bin/Release/net10.0/PolicyEngine.Benchmarks.dll synth --accounts "$n" --out "$work/org-$n.json" --seed 1 >/dev/null
done
printf 'accounts\trun\twall_s\tcpu_s\tpeak_rss_mib\tcompile_ms\tevaluate_ms\tload\n'
for run in $(seq 1 "$runs"); do
  for n in 1000 10000 50000; do
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "${cli[@]}" \
      evaluate --facts "$work/org-$n.json" --rules rules --now 2026-11-20 --report json="$work/out.json" >"$work/log" 2>&1 || true
    # time -o puts "Command exited with non-zero status N" first when evaluate exits 1 or 3: the figures are the last line.
    read -r wall user sys rss < <(tail -n 1 "$work/time")
    compile="$(grep -o 'Compiled [0-9]* rules from .* in [0-9]* ms' "$work/log" | grep -o '[0-9]* ms' | tr -d ' ms')"
    evaluate="$(grep -o 'accounts in [0-9]* ms' "$work/log" | grep -o '[0-9]* ms' | tr -d ' ms')"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$run" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))" "$compile" "$evaluate" "$(cut -d' ' -f1 /proc/loadavg)"
  done
done
