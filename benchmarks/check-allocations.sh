#!/usr/bin/env bash
# Runs the hot-path benchmarks briefly and fails when any of them allocates (Allocated column not '-' / '0 B').
set -euo pipefail
cd "$(dirname "$0")/Vrrp.Benchmarks"
# Filters (BenchmarkDotNet globs); by default every hot-path benchmark class: codec and state machine/instance.
if [ "$#" -eq 0 ]; then set -- '*.CodecBenchmarks.*' '*.StateMachineBenchmarks.*'; fi
filter="$*"
rm -rf BenchmarkDotNet.Artifacts
dotnet run -c Release -- --filter "$@" --job short --exporters csv
status=0
for report in BenchmarkDotNet.Artifacts/results/*-report.csv; do
  # Locate the Allocated column by its header, then check every row.
  awk -F',' -v file="$report" '
    NR == 1 { for (i = 1; i <= NF; i++) if ($i == "Allocated") col = i; next }
    col == 0 { print file ": no Allocated column (is [MemoryDiagnoser] on?)"; bad = 1; exit }
    { gsub(/"/, "", $col); if ($col != "-" && $col != "0 B") { print "allocates: " $1 " " $2 " " $col; bad = 1 } else { print "0 B: " $1 } }
    END { exit bad }' "$report" || status=1
done
[ "$status" -eq 0 ] && echo "allocation gate: every benchmark in $filter allocates 0 B" || echo "allocation gate: FAILED"
exit "$status"
