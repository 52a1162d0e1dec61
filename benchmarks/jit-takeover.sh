#!/usr/bin/env bash
# Crash takeover of a `vrrp run` backup on a namespace LAN, measured on the wire from a third host (issue 14):
#   sudo benchmarks/jit-takeover.sh [RUNS] [ADVERT_SECONDS]     (defaults 5, 0.1; VRRP=... picks the binary)
# Per run: a master (priority 150, h1) and a backup (100, h2), v3, one VIP; STEADY (2) s of steady state; kill -9 of the
# master; tcpdump on h3. Prints, per run, overhead = the backup's first GARP - (master's last advert + Master_Down_
# Interval), and the backup's first advert and first GARP relative to that moment; then the median overhead.
# VRRP_TRACE_JIT=DIR writes the backup's JIT trace of each run to DIR/run-N.jit (slower; for names, not timing).
# VRRP_TRACE_TAKEOVER=DIR writes the backup's per-step timestamps (timer, effects, netlink, GARP) to DIR/run-N.steps.
# KEEP=1 keeps the last capture and logs (the directory is printed).
set -euo pipefail
runs=${1:-5} adv=${2:-0.1} steady=${STEADY:-2}
repo=$(cd "$(dirname "$0")/.." && pwd)
vrrp=${VRRP:-"dotnet $repo/src/Vrrp.Cli/bin/Release/net10.0/vrrp.dll"}
lan=jitw
trace_dir=${VRRP_TRACE_JIT:-}
steps_dir=${VRRP_TRACE_TAKEOVER:-}
unset VRRP_TRACE_JIT VRRP_TRACE_TAKEOVER
work=$(mktemp -d /tmp/jit-takeover.XXXX)
cleanup() { "$repo/tests/netns/lan.sh" down $lan >/dev/null 2>&1 || true; }
trap cleanup EXIT
# Master_Down_Interval = 3 * adv + Skew_Time, Skew_Time = (256 - 100) * adv / 256 for the backup's priority 100.
mdi_ms=$(awk -v a="$adv" 'BEGIN { printf "%.3f", (3 * a + (256 - 100) * a / 256) * 1000 }')
overheads=()
for run in $(seq 1 "$runs"); do
    cleanup; "$repo/tests/netns/lan.sh" up $lan 3
    ip netns exec ${lan}h3 tcpdump -i eth0 -nn -U --immediate-mode -w "$work/run.pcap" 'vrrp or arp' 2>/dev/null & dump=$!
    sleep 0.5
    common=(run -i eth0 --vrid 51 --version 3 --advert-interval "$adv" --vip 10.99.0.100/24 --log-level Debug)
    ip netns exec ${lan}h1 $vrrp "${common[@]}" --priority 150 --control-socket "$work/m.sock" --status-file "$work/m.json" >"$work/m.log" 2>&1 & master=$!
    sleep 0.5
    if [ -n "$trace_dir" ]; then mkdir -p "$trace_dir"; rm -f "$trace_dir/run-$run.jit"; fi
    if [ -n "$steps_dir" ]; then mkdir -p "$steps_dir"; rm -f "$steps_dir/run-$run.steps"; fi
    ip netns exec ${lan}h2 env ${trace_dir:+VRRP_TRACE_JIT=$trace_dir/run-$run.jit} ${steps_dir:+VRRP_TRACE_TAKEOVER=$steps_dir/run-$run.steps} $vrrp "${common[@]}" --priority 100 --control-socket "$work/b.sock" --status-file "$work/b.json" >"$work/b.log" 2>&1 & backup=$!
    sleep "$steady"
    kill -9 $master
    sleep $(awk -v a="$adv" 'BEGIN { print 5 * a + 0.5 }')
    kill -TERM $backup || { echo "backup exited early:" >&2; cat "$work/b.log" >&2; exit 1; }; wait $backup || true; wait $master 2>/dev/null || true
    sleep 0.5; kill $dump; wait $dump 2>/dev/null || true
    if [ -n "$trace_dir" ]; then cp "$work/b.log" "$trace_dir/run-$run.log"; fi
    # Times of the last advert from h1 (before the first from h2), h2's first advert and h2's first GARP.
    line=$(tshark -r "$work/run.pcap" -T fields -E separator=, -e frame.time_epoch -e eth.src -e vrrp.prio -e arp.opcode 2>/dev/null | awk -F, -v mdi="$mdi_ms" '
        $2 == "02:00:00:00:00:01" && $3 != "" && !b { last = $1 }
        $2 == "02:00:00:00:00:02" && $3 != "" && !b { b = $1 }
        $2 == "02:00:00:00:00:02" && $4 != "" && !g { g = $1 }
        END { d = last + mdi / 1000; printf "%.3f %.3f %.3f %.6f\n", (g - d) * 1000, (b - d) * 1000, (g - b) * 1000, d }')
    read -r over advert garp due <<<"$line"
    echo "run $run: overhead ${over} ms (first advert ${advert} ms after Master_Down, first GARP ${garp} ms after it; due $(date -u -d @"$due" +%H:%M:%S.%N))"
    overheads+=("$over")
done
printf '%s\n' "${overheads[@]}" | sort -g | awk '{ a[NR] = $1 } END { printf "median overhead %.3f ms over %d runs (min %.3f, max %.3f), advert %s s\n", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2), NR, a[1], a[NR], "'"$adv"'" }'
[ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
