#!/usr/bin/env bash
# Issue 14's benchmark in one command: Vrrp (JIT and Native AOT) and keepalived side by side on namespace LANs, written
# to docs/benchmarks.md (a generated section between marker comments) and two SVG charts in docs/:
#   benchmarks/suite.sh              # the full run (about 55 minutes with STABILITY=300, WARMUP=150)
#   benchmarks/suite.sh --short      # the CI variant (about 3 minutes after the build): exit 1 when the AOT binary does
#                                    # not build or an AOT takeover overhead p95 exceeds LIMIT_MS
#   benchmarks/suite.sh --render RESULTS.tsv   # only writes the Markdown and the charts again from a results file
# Run as root (network namespaces); LOCK=FILE measures under `flock FILE` (builds outside it) when other
# measurements may run on the machine.
# Parts (PARTS, default "takeover cpu rss scale stability"):
#   takeover   benchmarks/takeover.sh: crash and graceful (SIGTERM) failover overhead and SIGTERM -> priority-0 advert,
#              per build and advert interval (RUNS, default 7; INTERVALS, default "0.01 0.1"; TAKEOVER_BUILDS)
#   cpu, rss   one instance pair at 10 ms adverts (v3): CPU time (utime+stime of the process tree) per 1,000 adverts
#              sent by the master and received by the backup over CPU_SECONDS (default 60), counted on the veths,
#              WARMUP s (default 150; --short 3) after the backup is up: the JIT build recompiles (tiered compilation)
#              what runs every few seconds until it has run 30 times (the status file, every 5 s: 150 s), start-up work
#              that is not per advert; the CPU each node spent before the window is reported; VmRSS at the window's end
#   scale      benchmarks/scale.sh: N instances (default 1000; SCALE_STEADY s, default 30), JIT and AOT vrrp and keepalived
#   stability  one instance pair at 10 ms adverts while a CPU burner (stress-ng, else a busy loop per core, normal
#              priority) keeps every core busy for STABILITY s (default 300): state changes after the start (spurious),
#              and the master's timer lateness: max, mean and firings over the threshold from `vrrp status --json`,
#              p50 / p99 from 10 samples a second of its last firing (the status document has no percentiles)
# RT_PRIORITY=N (default none) runs every node with realtime scheduling: `vrrp run --rt-priority N`, keepalived's
# global_defs `vrrp_rt_priority N` (SCHED_RR for the timer and receive threads / keepalived's VRRP process).
# BUILDS (default "jit aot keepalived") chooses the builds for every part. BUILD=0 uses what is built already
# (JIT: dotnet build -c Release src/Vrrp.Cli; AOT: packaging/build-native.sh). OUT (default artifacts/benchmarks)
# gets results.tsv, the logs, the Markdown section and the charts; DOCS=1 (the default without --short) also writes
# the section into docs/benchmarks.md and the charts into docs/. VRRP_JIT, VRRP_AOT, KEEPALIVED as in takeover.sh.
# --short: PARTS "takeover cpu rss stability", takeover of the AOT binary only (5 runs at 100 ms, as takeover.sh
# --short), cpu/rss/stability of AOT and keepalived with CPU_SECONDS 8 and STABILITY 15, LIMIT_MS default 5.
set -euo pipefail
{ # Read whole before it runs, so an edit of this file cannot change a run under way.
repo=$(cd "$(dirname "$0")/.." && pwd)
mode=full
case "${1:-}" in
--short) mode=short; shift ;;
--render) mode=render; shift ;;
esac
command_line="benchmarks/suite.sh${mode/full/}"
[ "$mode" = short ] && command_line="benchmarks/suite.sh --short"
knobs=(PARTS BUILDS TAKEOVER_BUILDS RUNS INTERVALS STEADY CPU_SECONDS WARMUP N SCALE_STEADY STABILITY LIMIT_MS BUILD LOCK RT_PRIORITY)
for k in "${knobs[@]}"; do
    v=${!k:-}
    [[ $v == *" "* ]] && v="\"$v\""
    [ -n "$v" ] && command_line="$k=$v $command_line"
done

if [ "$mode" = short ]; then
    parts=${PARTS:-"takeover cpu rss stability"} builds=${BUILDS:-"aot keepalived"} takeover_builds=${TAKEOVER_BUILDS:-aot}
    cpu_seconds=${CPU_SECONDS:-8} stability=${STABILITY:-15} docs=${DOCS:-0} warmup=${WARMUP:-3}
else
    parts=${PARTS:-"takeover cpu rss scale stability"} builds=${BUILDS:-"jit aot keepalived"} takeover_builds=${TAKEOVER_BUILDS:-$builds}
    cpu_seconds=${CPU_SECONDS:-60} stability=${STABILITY:-300} docs=${DOCS:-1} warmup=${WARMUP:-150}
fi
limit=${LIMIT_MS:-5}
out=${OUT:-$repo/artifacts/benchmarks}
jit=${VRRP_JIT:-"dotnet $repo/src/Vrrp.Cli/bin/Release/net10.0/vrrp.dll"}
aot=${VRRP_AOT:-$repo/artifacts/native/linux-x64/vrrp}
keepalived=${KEEPALIVED:-/usr/sbin/keepalived}
results=$out/results.tsv
hz=$(getconf CLK_TCK)
lan=bsu
failed=0
pids=()

render() {
    local file=$1 dir=$2
    awk -f "$repo/benchmarks/suite-markdown.awk" "$file" >"$dir/benchmarks-section.md"
    awk -v chart=failover -f "$repo/benchmarks/suite-chart.awk" "$file" >"$dir/benchmark-failover.svg"
    awk -v chart=cost -f "$repo/benchmarks/suite-chart.awk" "$file" >"$dir/benchmark-cost.svg"
    if [ "$docs" = 1 ]; then
        cp "$dir/benchmark-failover.svg" "$dir/benchmark-cost.svg" "$repo/docs/"
        # Replace what is between the markers (or append them) in docs/benchmarks.md.
        local md=$repo/docs/benchmarks.md
        grep -q '<!-- suite:begin -->' "$md" || printf '\n<!-- suite:begin -->\n<!-- suite:end -->\n' >>"$md"
        awk -v section="$dir/benchmarks-section.md" '
            /<!-- suite:begin -->/ { print; while ((getline line < section) > 0) print line; skip = 1; next }
            /<!-- suite:end -->/ { skip = 0 }
            !skip' "$md" >"$md.new" && mv "$md.new" "$md"
        echo "wrote docs/benchmarks.md (generated section), docs/benchmark-failover.svg, docs/benchmark-cost.svg"
    fi
    echo "wrote $dir/benchmarks-section.md, $dir/benchmark-failover.svg, $dir/benchmark-cost.svg"
}

if [ "$mode" = render ]; then
    file=${1:?--render RESULTS.tsv}
    mkdir -p "$out"
    render "$file" "$out"
    exit 0
fi

cleanup() {
    for p in "${pids[@]}"; do kill -9 $(tree "$p") 2>/dev/null || true; done
    pids=()
    "$repo/tests/netns/lan.sh" down $lan >/dev/null 2>&1 || true
}
trap cleanup EXIT
mkdir -p "$out"
rm -f "$results"
result() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$results"; }
load() { cut -d' ' -f1 /proc/loadavg; }
note() { echo "== $*"; }

# tree, ticks, status_sum, fds.
. "$repo/benchmarks/process-tree.sh"
packets() { ip -n "$1" -j -s link show eth0 | jq ".[0].stats64.$2.packets"; }
transitions() { grep -E -- '-> (Master|Backup|Fault) reason=|Entering (MASTER|BACKUP|FAULT) STATE' "$1" | grep -cvE 'Initialize -> |STATE \(init\)' || true; }
now() { date +%s.%N; }

# The machine, once, as comment-free rows the renderer reads.
result machine - - command "$command_line"
result machine - - date "$(date -u +'%F %H:%M UTC')"
result machine - - commit "$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo -)$(git -C "$repo" diff --quiet HEAD 2>/dev/null || echo ' (uncommitted changes)')"
result machine - - cpu "$(nproc) x $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
result machine - - kernel "$(uname -r)"
result machine - - os "$(. /etc/os-release && echo "$PRETTY_NAME")"
result machine - - dotnet "$(dotnet --version 2>/dev/null || echo -)"
result machine - - keepalived "$({ "$keepalived" --version 2>&1 || true; } | head -1)"
runs=${RUNS:-$([ "$mode" = short ] && echo 5 || echo 7)}
result machine - - settings "parts: $parts; builds: $builds (takeover: $takeover_builds); takeover: $runs runs per build, interval and kind$([ "$mode" = short ] && echo ' at 100 ms'); one instance: a ${cpu_seconds} s window; scale: N=${N:-1000}, a ${SCALE_STEADY:-30} s steady window; stability: ${stability} s${RT_PRIORITY:+; realtime priority $RT_PRIORITY}"
[ -n "${NOTE:-}" ] && result machine - - note "$NOTE"
result machine - - load_start "$(cut -d' ' -f1-3 /proc/loadavg)"

# Builds: the JIT build and the AOT binary when a part needs them; an AOT build that fails fails the run.
all_builds=" $builds $takeover_builds "
if [ "${BUILD:-1}" = 1 ]; then
    if [[ $all_builds == *" jit "* ]] && [ -z "${VRRP_JIT:-}" ]; then
        note "dotnet build -c Release src/Vrrp.Cli"
        (cd "$repo" && dotnet build -c Release src/Vrrp.Cli -nologo -v q) >"$out/build-jit.log" 2>&1 || { echo "FAIL: the JIT build does not build (see $out/build-jit.log)"; tail -20 "$out/build-jit.log"; exit 1; }
    fi
    if [[ $all_builds == *" aot "* ]] && [ -z "${VRRP_AOT:-}" ]; then
        note "packaging/build-native.sh"
        "$repo/packaging/build-native.sh" >"$out/build-aot.log" 2>&1 || { echo "FAIL: the AOT binary does not build (see $out/build-aot.log)"; tail -20 "$out/build-aot.log"; exit 1; }
    fi
fi
# LOCK=FILE: measure under flock FILE (the builds above run outside it).
if [ -n "${LOCK:-}" ]; then
    note "waiting for $LOCK"
    exec 9>"$LOCK"
    flock 9
    result machine - - load_start "$(cut -d' ' -f1-3 /proc/loadavg)"
fi
result machine - - aot_size_mb "$( [ -f "$aot" ] && awk -v b="$(stat -c %s "$aot")" 'BEGIN { printf "%.1f", b / 1048576 }' || echo -)"

# Starts BUILD on host N of the LAN with PRIORITY at interval ADV (v3, one VIP); prints the pid.
start_node() {
    local build=$1 n=$2 prio=$3 adv=$4 dir=$5
    case $build in
    keepalived)
        printf 'global_defs {\n    router_id %sh%s\n%b}\nvrrp_instance VI_1 {\n    version 3\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority %s\n    advert_int %s\n    virtual_ipaddress {\n        10.99.0.100/24\n    }\n}\n' \
            $lan "$n" "${RT_PRIORITY:+    vrrp_rt_priority $RT_PRIORITY\n}" "$prio" "$adv" >"$dir/k$n.conf"
        ip netns exec ${lan}h$n "$keepalived" -n -P -l -D -f "$dir/k$n.conf" -p "$dir/k$n.pid" -r "$dir/v$n.pid" >"$dir/$n.log" 2>&1 &
        ;;
    *)
        local cmd=$jit
        [ "$build" = aot ] && cmd=$aot
        ip netns exec ${lan}h$n $cmd run -i eth0 --vrid 51 --version 3 --advert-interval "$adv" --vip 10.99.0.100/24 \
            --priority "$prio" ${RT_PRIORITY:+--rt-priority "$RT_PRIORITY"} --control-socket "$dir/$n.sock" --status-file "$dir/$n.json" >"$dir/$n.log" 2>&1 &
        ;;
    esac
    echo $!
}

wait_for_log() { # file regex
    for _ in $(seq 1 600); do grep -qE -- "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
    echo "no '$2' in $1 after 60 s" >&2
    return 1
}

# The master's timer lateness, 10 samples a second over the control socket, until the file $2 disappears.
sample_lateness() {
    python3 - "$1" "$2" <<'EOF'
import json, os, socket, sys, time
sock, flag = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX); s.connect(sock); f = s.makefile('rwb')
while os.path.exists(flag):
    f.write(b'{"command":"status"}\n'); f.flush()
    late = json.loads(f.readline())['instances'][0]['timer_lateness']
    print(late['last_seconds'] * 1000, flush=True)
    time.sleep(0.1)
EOF
}

# One instance pair at 10 ms adverts for WINDOW s; PART cpu (CPU, adverts and RSS) or stability (with a burner).
pair_run() {
    local part=$1 build=$2 window=$3
    local dir=$out/$part-$build
    rm -rf "$dir"; mkdir -p "$dir"
    "$repo/tests/netns/lan.sh" down $lan >/dev/null 2>&1 || true
    "$repo/tests/netns/lan.sh" up $lan 2 >/dev/null
    local master backup
    master=$(start_node "$build" 1 150 0.01 "$dir"); pids+=("$master")
    wait_for_log "$dir/1.log" '-> Master|Entering MASTER STATE'
    backup=$(start_node "$build" 2 100 0.01 "$dir"); pids+=("$backup")
    wait_for_log "$dir/2.log" '-> Backup|Entering BACKUP STATE'
    # The cpu part measures the steady state: the JIT build recompiles in the background (tiered compilation) what
    # runs every few seconds until it has run 30 times (150 s for the status file's 5 s refresh); what the nodes
    # spent before the window is reported beside it.
    if [ "$part" = cpu ]; then sleep "$warmup"; else sleep 3; fi
    local burner=() sampler=''
    if [ "$part" = stability ]; then
        if command -v stress-ng >/dev/null; then
            stress-ng --cpu "$(nproc)" --timeout "$((window + 5))s" >"$dir/burner.log" 2>&1 & burner+=($!)
            result stability "$build" - burner "stress-ng --cpu $(nproc)"
        else
            for _ in $(seq 1 "$(nproc)"); do (while :; do :; done) & burner+=($!); done
            result stability "$build" - burner "busy loop x $(nproc)"
        fi
        pids+=("${burner[@]}")
        if [ "$build" != keepalived ]; then
            touch "$dir/sampling"
            sample_lateness "$dir/1.sock" "$dir/sampling" >"$dir/lateness.ms" 2>"$dir/sampler.log" & sampler=$!
        fi
    fi
    local tm0 tb0 cm0 cb0 tx0 rx0 w0 tm1 tb1 cm1 cb1 tx1 rx1 w1 l0
    l0=$(load)
    tm0=$(transitions "$dir/1.log") tb0=$(transitions "$dir/2.log")
    cm0=$(ticks "$master") cb0=$(ticks "$backup") tx0=$(packets ${lan}h1 tx) rx0=$(packets ${lan}h2 rx) w0=$(now)
    sleep "$window"
    cm1=$(ticks "$master") cb1=$(ticks "$backup") tx1=$(packets ${lan}h1 tx) rx1=$(packets ${lan}h2 rx) w1=$(now)
    tm1=$(transitions "$dir/1.log") tb1=$(transitions "$dir/2.log")
    local seconds; seconds=$(awk -v a="$w1" -v b="$w0" 'BEGIN { printf "%.1f", a - b }')
    result "$part" "$build" - window_s "$seconds"
    result "$part" "$build" - load "$l0 - $(load)"
    result "$part" "$build" - transitions $((tm1 - tm0 + tb1 - tb0))
    kill -0 "$master" 2>/dev/null && kill -0 "$backup" 2>/dev/null || { result "$part" "$build" - error "a node exited"; failed=1; }
    if [ "$part" = cpu ]; then
        result cpu "$build" master adverts $((tx1 - tx0))
        result cpu "$build" backup adverts $((rx1 - rx0))
        result cpu "$build" master startup_cpu_ms "$(awk -v t="$cm0" -v hz="$hz" 'BEGIN { printf "%.0f", t / hz * 1000 }')"
        result cpu "$build" backup startup_cpu_ms "$(awk -v t="$cb0" -v hz="$hz" 'BEGIN { printf "%.0f", t / hz * 1000 }')"
        result cpu "$build" - warmup_s "$warmup"
        result cpu "$build" master ms_per_1000 "$(awk -v t=$((cm1 - cm0)) -v n=$((tx1 - tx0)) -v hz="$hz" 'BEGIN { printf "%.1f", n ? t / hz * 1e6 / n : 0 }')"
        result cpu "$build" backup ms_per_1000 "$(awk -v t=$((cb1 - cb0)) -v n=$((rx1 - rx0)) -v hz="$hz" 'BEGIN { printf "%.1f", n ? t / hz * 1e6 / n : 0 }')"
        result rss "$build" master rss_mb "$(awk -v k="$(status_sum "$master" VmRSS)" 'BEGIN { printf "%.1f", k / 1024 }')"
        result rss "$build" backup rss_mb "$(awk -v k="$(status_sum "$backup" VmRSS)" 'BEGIN { printf "%.1f", k / 1024 }')"
    fi
    if [ -n "$sampler" ]; then
        rm -f "$dir/sampling"; wait "$sampler" 2>/dev/null || true
        sort -g "$dir/lateness.ms" | awk -v b="$build" '{ a[NR] = $1 } END {
            if (!NR) exit
            p = int(0.5 * NR); if (p < 0.5 * NR) p++; q = int(0.99 * NR); if (q < 0.99 * NR) q++
            printf "stability\t%s\tmaster\tlateness_samples\t%d\nstability\t%s\tmaster\tlateness_p50_ms\t%.3f\nstability\t%s\tmaster\tlateness_p99_ms\t%.3f\n", b, NR, b, a[p], b, a[q] }' >>"$results"
        local late
        late=$(python3 -c 'import json, socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile("rwb")
f.write(b"{\"command\":\"status\"}\n"); f.flush()
l = json.loads(f.readline())["instances"][0]["timer_lateness"]
print("%d %.3f %.3f %d %.1f" % (l["count"], l["max_seconds"] * 1000, l["mean_seconds"] * 1000, l["count_over_threshold"], l["threshold_seconds"] * 1000))' "$dir/1.sock" 2>>"$dir/sampler.log" || true)
        if [ -n "$late" ]; then
            read -r count max mean over threshold <<<"$late"
            result stability "$build" master lateness_count "$count"
            result stability "$build" master lateness_max_ms "$max"
            result stability "$build" master lateness_mean_ms "$mean"
            result stability "$build" master lateness_over "$over"
            result stability "$build" master lateness_threshold_ms "$threshold"
        fi
    fi
    for p in "${burner[@]}"; do kill "$p" 2>/dev/null || true; done
    kill -TERM "$backup" "$master" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$master" 2>/dev/null || kill -0 "$backup" 2>/dev/null || break; sleep 0.1; done
    cleanup
    wait 2>/dev/null || true
}

have_build() {
    case $1 in
    jit) [ -f "${jit##* }" ] ;;
    aot) [ -x "$aot" ] ;;
    keepalived) [ -x "$keepalived" ] ;;
    *) return 1 ;;
    esac
}

for part in $parts; do
    note "$part ($(date -u +%T), load $(load))"
    case $part in
    takeover)
        args=()
        [ "$mode" = short ] && args+=(--short)
        [ -n "${RUNS:-}" ] && args+=("$RUNS")
        rc=0
        BUILDS=$takeover_builds VRRP_JIT=$jit VRRP_AOT=$aot KEEPALIVED=$keepalived LIMIT_MS=$limit \
            "$repo/benchmarks/takeover.sh" "${args[@]}" 2>&1 | tee "$out/takeover.log" || rc=$?
        [ "$rc" = 0 ] || failed=1
        # The summary lines: BUILD ADV KIND overhead ms MIN / MEDIAN / P95 / MAX (n=N)[; SIGTERM -> priority 0 ms ...].
        awk '$4 == "overhead" && $5 == "ms" {
            i = index($0, "overhead ms "); rest = substr($0, i + 12); n = split(rest, part, /; SIGTERM -> priority 0 ms /)
            emit($1, $2, $3, part[1]); if (n > 1) emit($1, $2, "sigterm", part[2]) }
            function emit(build, adv, kind, s,   v, k) {
                if (s ~ /^ *-( |$)/) return # "-": no run kept (a negative minimum is a number)
                gsub(/[(n=)]/, " ", s); gsub(/\//, " ", s); k = split(s, v, " ")
                printf "takeover\t%s\t%s %s\tmin\t%s\ntakeover\t%s\t%s %s\tmedian\t%s\ntakeover\t%s\t%s %s\tp95\t%s\ntakeover\t%s\t%s %s\tmax\t%s\ntakeover\t%s\t%s %s\tn\t%s\n",
                    build, adv, kind, v[1], build, adv, kind, v[2], build, adv, kind, v[3], build, adv, kind, v[4], build, adv, kind, v[5] }' "$out/takeover.log" >>"$results"
        grep -E '^(jit|aot|keepalived) [0-9.]+ (crash|graceful) run [0-9]+: spurious' "$out/takeover.log" | awk '{ n[$1 "\t" $2 " " $3]++ } END { for (k in n) printf "takeover\t%s\tspurious\t%d\n", k, n[k] }' >>"$results" || true
        result takeover - - load "$(cut -d' ' -f1-3 /proc/loadavg)"
        ;;
    cpu | rss)
        [[ " $parts " == *" cpu "* && $part = rss ]] && continue # measured with cpu
        window=$cpu_seconds
        [[ " $parts " != *" cpu "* ]] && window=5
        for b in $builds; do
            have_build "$b" || { echo "skipping $b: not built"; [ "$b" = aot ] && failed=1; continue; }
            note "one instance pair at 10 ms: $b, $window s"
            pair_run cpu "$b" "$window"
        done
        ;;
    scale)
        for b in $builds; do
            case $b in
            jit) cmd=$jit d=vrrp ;;
            aot) cmd=$aot d=vrrp ;;
            keepalived) cmd='' d=keepalived ;;
            esac
            have_build "$b" || { echo "skipping $b: not built"; continue; }
            rc=0
            DAEMONS=$d VRRP=$cmd KEEPALIVED=$keepalived STEADY=${SCALE_STEADY:-30} N=${N:-1000} "$repo/benchmarks/scale.sh" 2>&1 | tee "$out/scale-$b.log" || rc=$?
            [ "$rc" = 0 ] || result scale "$b" - error "scale.sh exited $rc"
            # The row: daemon CPU m/b, RSS m/b, HWM m/b, threads, fds, wrong VIPs sum/max, transitions, all VIPs on backup.
            awk -v b="$b" -v d="$d" '$1 == d && $2 ~ /\// {
                split($2, c, "/"); split($3, r, "/"); split($4, h, "/"); split($7, w, "/")
                printf "scale\t%s\tmaster\tcpu_cores\t%s\nscale\t%s\tbackup\tcpu_cores\t%s\n", b, c[1], b, c[2]
                printf "scale\t%s\tmaster\trss_mb\t%s\nscale\t%s\tbackup\trss_mb\t%s\n", b, r[1], b, r[2]
                printf "scale\t%s\tmaster\thwm_mb\t%s\nscale\t%s\tbackup\thwm_mb\t%s\n", b, h[1], b, h[2]
                printf "scale\t%s\t-\tthreads\t%s\nscale\t%s\t-\tfds\t%s\n", b, $5, b, $6
                printf "scale\t%s\t-\twrong_vips\t%s\nscale\t%s\t-\twrong_vips_max\t%s\nscale\t%s\t-\ttransitions\t%s\n", b, w[1], b, w[2], b, $8
                printf "scale\t%s\t-\ttakeover_s\t%s\n", b, $9 }
                /^scale: N=/ { printf "scale\t-\t-\tsetup\t%s\n", substr($0, 8) }
                /master had all/ { match($0, /all [0-9]+ VIPs [0-9]+ ms/); s = substr($0, RSTART, RLENGTH); gsub(/[^0-9 ]/, "", s); split(s, u, " "); printf "scale\t%s\t-\tup_ms\t%s\n", b, u[2] }' \
                "$out/scale-$b.log" >>"$results"
            result scale "$b" - load "$(cut -d' ' -f1-3 /proc/loadavg)"
        done
        ;;
    stability)
        for b in $builds; do
            have_build "$b" || { echo "skipping $b: not built"; [ "$b" = aot ] && failed=1; continue; }
            note "stability at 10 ms with every core busy: $b, $stability s"
            pair_run stability "$b" "$stability"
        done
        ;;
    *) echo "unknown part $part" >&2; exit 2 ;;
    esac
done
result machine - - load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
result machine - - short "$([ "$mode" = short ] && echo 1 || echo 0)"
result machine - - limit_ms "$limit"

render "$results" "$out"
cat "$out/benchmarks-section.md"
[ "$failed" = 0 ] || echo "FAIL: see above (a takeover p95 over $limit ms, a missing build or a node that exited)"
exit $failed
}
