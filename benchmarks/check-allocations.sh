#!/usr/bin/env bash
# Runs the hot-path benchmarks briefly and fails when any of them allocates (Allocated column not '-' / '0 B').
#   benchmarks/check-allocations.sh [FILTER...]         run the benchmarks (default: codec and state machine/instance)
#   benchmarks/check-allocations.sh --reports CSV...     only check existing BenchmarkDotNet CSV reports
# allocation-gate/ holds two recorded reports the parser is checked on before each run.
set -euo pipefail

# BenchmarkDotNet quotes a field that holds a comma ("1,144.672 ns" in the Error column once a figure passes 1,000):
# those commas are removed first, or every later column shifts and a 0 B row reads as an allocation.
check_reports() {
    local status=0 report
    for report in "$@"; do
        sed -E ':unquote; s/^(([^"]*"[^"]*")*[^"]*"[^",]*),/\1/; t unquote' "$report" | awk -F',' -v file="$report" '
            NR == 1 { for (i = 1; i <= NF; i++) if ($i == "Allocated") col = i; next }
            col == 0 { print file ": no Allocated column (is [MemoryDiagnoser] on?)"; bad = 1; exit }
            { gsub(/"/, "", $col); if ($col != "-" && $col != "0 B") { print "allocates: " $1 " " $2 " " $col; bad = 1 } else { print "0 B: " $1 } }
            END { exit bad }' || status=1
    done
    return "$status"
}

if [ "${1:-}" = "--reports" ]; then
    shift
    check_reports "$@" && echo "allocation gate: every row of $* allocates 0 B" || { echo "allocation gate: FAILED"; exit 1; }
    exit 0
fi

cd "$(dirname "$0")"
# The parser's own check, on two recorded reports: a 0 B row behind a quoted "1,144.672 ns" passes, a "1,024 B" row fails.
check_reports allocation-gate/zero-with-quoted-comma.csv >/dev/null \
    && ! check_reports allocation-gate/allocates-quoted.csv >/dev/null \
    || { echo "allocation gate: the report parser misreads allocation-gate/*.csv"; exit 1; }
cd Vrrp.Benchmarks
# Filters (BenchmarkDotNet globs); by default every hot-path benchmark class: codec and state machine/instance.
if [ "$#" -eq 0 ]; then set -- '*.CodecBenchmarks.*' '*.StateMachineBenchmarks.*'; fi
filter="$*"
rm -rf BenchmarkDotNet.Artifacts
# 100 ms iterations instead of the default 500: the gate reads the Allocated column (a separate run of the
# MemoryDiagnoser, not timed), so shorter timing iterations cost it nothing and save about two minutes of CI.
dotnet run -c Release -- --filter "$@" --job short --iterationTime 100 --exporters csv
if check_reports BenchmarkDotNet.Artifacts/results/*-report.csv; then
    echo "allocation gate: every benchmark in $filter allocates 0 B"
else
    echo "allocation gate: FAILED"
    exit 1
fi
