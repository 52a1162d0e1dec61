#!/usr/bin/env bash
# Many instances on a namespace LAN, `vrrp run -f` and keepalived with the same file, one after the other (issue 14):
#   sudo benchmarks/scale.sh                      # N=1000 STEADY=30: 250 VRIDs on each of 4 segments, v3, 100 ms
#   sudo N=100 STEADY=5 benchmarks/scale.sh       # a short run (under a minute)
# Environment: N (instances, default 1000), SEGMENTS (LAN segments = interfaces per host, default 4), ADVERT (seconds,
# default 0.1), STEADY (seconds of steady state measured, default 30), WARMUP (seconds after the backup started all its
# instances before the window opens, default 5), DAEMONS ("vrrp keepalived" by default; either alone), VRRP (the vrrp command, default
# dotnet src/Vrrp.Cli/bin/Release/net10.0/vrrp.dll), KEEPALIVED (/usr/sbin/keepalived), KEEP=1 keeps the files.
# Instance i runs on eth(i % SEGMENTS) with VRID i / SEGMENTS + 1 and the one VIP 10.(200+segment).0.VRID/32; the master
# (h1) has priority 150, the backup (h2) 100, both start as BACKUP. Per daemon it prints: CPU in cores over the steady
# window (utime+stime of the whole process tree from /proc/PID/stat), VmRSS and VmHWM (summed over the tree), threads
# and fds at the end of the window; VIPs on the wrong node sampled each second (the sum over samples of VIPs missing
# on the master plus VIPs present on the backup, and the worst sample); state transitions the logs show in the window;
# and after kill -9 of the master's whole process tree, the seconds until all N VIPs are on the backup.
# Wrap it in `flock /work/wt/measure.lock` when other measurements may run on the machine.
set -euo pipefail
n=${N:-1000} segments=${SEGMENTS:-4} adv=${ADVERT:-0.1} steady=${STEADY:-30} warmup=${WARMUP:-5}
daemons=${DAEMONS:-vrrp keepalived}
repo=$(cd "$(dirname "$0")/.." && pwd)
vrrp=${VRRP:-"dotnet $repo/src/Vrrp.Cli/bin/Release/net10.0/vrrp.dll"}
keepalived=${KEEPALIVED:-/usr/sbin/keepalived}
lan=scl
work=$(mktemp -d /tmp/scale.XXXX)
hz=$(getconf CLK_TCK)
master='' backup=''
cleanup() {
    for p in $master $backup; do kill -9 $(tree "$p") 2>/dev/null || true; done
    "$repo/tests/netns/lan.sh" down $lan >/dev/null 2>&1 || true
}
trap cleanup EXIT
[ $((n)) -le $((segments * 250)) ] || { echo "N=$n needs more than 250 VRIDs per segment" >&2; exit 2; }

# tree, ticks, status_sum, fds.
. "$repo/benchmarks/process-tree.sh"
vips() { ip -n "$1" -4 addr show | grep -c 'inet 10\.2[0-9][0-9]\.' || true; }
now() { date +%s.%N; }

conf=$work/keepalived.conf
{
    echo 'global_defs {'
    echo '    vrrp_version 3'
    echo '}'
    for i in $(seq 0 $((n - 1))); do
        s=$((i % segments)) v=$((i / segments + 1))
        cat <<EOF
vrrp_instance VI_${s}_$v {
    state BACKUP
    interface eth$s
    virtual_router_id $v
    priority @PRIO@
    advert_int $adv
    virtual_ipaddress {
        10.$((200 + s)).0.$v/32
    }
}
EOF
    done
} >"$conf.in"
sed 's/@PRIO@/150/' "$conf.in" >"$work/master.conf"
sed 's/@PRIO@/100/' "$conf.in" >"$work/backup.conf"

start() { # daemon role host
    local log=$work/$1-$2.log
    case $1 in
    vrrp) ip netns exec "$lan$3" $vrrp run -f "$work/$2.conf" --status-file "$work/$2.json" --control-socket "$work/$2.sock" --dump-dir "$work" >"$log" 2>&1 & ;;
    keepalived) ip netns exec "$lan$3" "$keepalived" -n -l -P -f "$work/$2.conf" -p "$work/$2.pid" -r "$work/$2.vrrp.pid" >"$log" 2>&1 & ;;
    esac
    echo $!
}
started() { grep -cE 'Initialize -> Backup|Entering BACKUP STATE \(init\)' "$1" || true; }
# Changes of state after the start (not vrrp's "Initialize -> Backup", not keepalived's "Entering BACKUP STATE (init)").
transitions() { grep -E -- '-> (Master|Backup|Fault) reason=|Entering (MASTER|BACKUP|FAULT) STATE' "$1" | grep -cvE 'Initialize -> |STATE \(init\)' || true; }

echo "scale: N=$n on $segments segments, v3 advert $adv s, steady ${steady} s, $(nproc) CPUs, $(uname -r), $(date -u +%F)"
printf '%-11s %-13s %-15s %-15s %-9s %-9s %-20s %-11s %s\n' daemon "CPU m/b" "RSS MB m/b" "HWM MB m/b" threads fds "wrong VIPs sum/max" transitions "all VIPs on backup"
for d in $daemons; do
    "$repo/tests/netns/lan.sh" down $lan >/dev/null 2>&1 || true
    SEGMENTS=$segments "$repo/tests/netns/lan.sh" up $lan 2
    master=$(start "$d" master h1)
    t0=$(now)
    until [ "$(vips ${lan}h1)" -ge "$n" ]; do
        sleep 0.2
        kill -0 "$master" 2>/dev/null || { echo "$d master exited:" >&2; tail "$work/$d-master.log" >&2; exit 1; }
        if awk -v a="$(now)" -v b="$t0" 'BEGIN { exit !(a - b > 180) }'; then echo "$d master: $(vips ${lan}h1) of $n VIPs after 180 s" >&2; exit 1; fi
    done
    up_ms=$(awk -v a="$(now)" -v b="$t0" 'BEGIN { printf "%.0f", (a - b) * 1000 }')
    backup=$(start "$d" backup h2)
    # Every backup instance started (its first state logged), then WARMUP seconds before the window opens.
    t0=$(now)
    until [ "$(started "$work/$d-backup.log")" -ge "$n" ]; do
        sleep 0.2
        kill -0 "$backup" 2>/dev/null || break
        if awk -v a="$(now)" -v b="$t0" 'BEGIN { exit !(a - b > 180) }'; then break; fi
    done
    backup_ms=$(awk -v a="$(now)" -v b="$t0" 'BEGIN { printf "%.0f", (a - b) * 1000 }')
    sleep "$warmup"
    kill -0 "$backup" 2>/dev/null || { echo "$d backup exited:" >&2; tail "$work/$d-backup.log" >&2; exit 1; }
    tm0=$(transitions "$work/$d-master.log") tb0=$(transitions "$work/$d-backup.log")
    cm0=$(ticks "$master") cb0=$(ticks "$backup") w0=$(now)
    wrong_sum=0 wrong_max=0
    for _ in $(seq 1 "$steady"); do
        sleep 1
        w=$(( n - $(vips ${lan}h1) + $(vips ${lan}h2) ))
        wrong_sum=$((wrong_sum + w)); [ "$w" -gt "$wrong_max" ] && wrong_max=$w
    done
    cm1=$(ticks "$master") cb1=$(ticks "$backup") w1=$(now)
    tm1=$(transitions "$work/$d-master.log") tb1=$(transitions "$work/$d-backup.log")
    cpu=$(awk -v a=$((cm1 - cm0)) -v b=$((cb1 - cb0)) -v s="$(awk -v x="$w1" -v y="$w0" 'BEGIN { print x - y }')" -v hz="$hz" 'BEGIN { printf "%.2f/%.2f", a / hz / s, b / hz / s }')
    rss="$(( $(status_sum "$master" VmRSS) / 1024 ))/$(( $(status_sum "$backup" VmRSS) / 1024 ))"
    hwm="$(( $(status_sum "$master" VmHWM) / 1024 ))/$(( $(status_sum "$backup" VmHWM) / 1024 ))"
    threads="$(status_sum "$master" Threads)/$(status_sum "$backup" Threads)"
    fd="$(fds "$master")/$(fds "$backup")"
    trans=$(( tm1 - tm0 + tb1 - tb0 ))
    # kill -9 of the whole tree (killing only keepalived's parent makes its child hand over gracefully).
    k0=$(now)
    kill -9 $(tree "$master")
    takeover=timeout
    while awk -v a="$(now)" -v b="$k0" 'BEGIN { exit !(a - b < 30) }'; do
        if [ "$(vips ${lan}h2)" -ge "$n" ]; then takeover=$(awk -v a="$(now)" -v b="$k0" 'BEGIN { printf "%.2f s", a - b }'); break; fi
        sleep 0.05
    done
    printf '%-11s %-13s %-15s %-15s %-9s %-9s %-20s %-11s %s\n' "$d" "$cpu" "$rss" "$hwm" "$threads" "$fd" "$wrong_sum/$wrong_max" "$trans" "$takeover"
    echo "    ($d: master had all $n VIPs ${up_ms} ms after start, the backup ran all $n ${backup_ms} ms after start; transitions before the window: master $tm0, backup $tb0)"
    kill -TERM "$backup" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$backup" 2>/dev/null || break; sleep 0.1; done
    kill -9 $(tree "$backup") 2>/dev/null || true
    wait "$master" "$backup" 2>/dev/null || true
    master='' backup=''
done
[ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
