#!/usr/bin/env bash
# The classic HAProxy active/passive pair, run by the HaproxyFailover sample host instead of keepalived +
# check_haproxy.sh, on network namespaces of this machine, with a client sending 100 requests a second through the VIP
# while faults are injected one after another. Prints a timeline per fault (requests failed, longest outage, which
# node served) and writes an SVG chart.
#
#   sudo demo/haproxy-pair.sh [--short] [--fast] [--svg FILE] [--keep DIR]
#
#   --short  three faults only (HAProxy killed, HAProxy broken, host killed + return), and a non-zero exit when a
#            bound is broken (failed requests per fault, or the VIP on both nodes longer than the lease): for CI
#   --fast   VRRPv3 with advert_int 0.1 (instead of the classic v2, advert_int 1, PASS auth)
#   --svg    where the chart goes (default docs/haproxy-pair.svg, docs/haproxy-pair-fast.svg with --fast; --short: the run directory)
#   --keep   keep the run's files (logs, configs, requests.csv) in DIR
#
# Needs: Debian (or alike) as root, the .NET SDK, iproute2; installs haproxy with apt-get when it is missing.
# LAN (tests/netns/lan.sh): h1 node1 (MASTER, 100), h2 node2 (BACKUP, 50), h3 web1, h4 web2, h5 client; VIP 10.99.0.100.
set -euo pipefail
{ # bash reads a script as it runs it: the braces make it read all of it first, so editing it mid-run is safe
repo=$(cd "$(dirname "$0")/.." && pwd)
short=0 fast=0 svg= keep=
while [ $# -gt 0 ]; do
    case $1 in
    --short) short=1 ;;
    --fast) fast=1 ;;
    --svg) svg=$2; shift ;;
    --keep) keep=$2; shift ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "haproxy-pair.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

say() { printf '%s\n' "$*"; }
die() { printf 'haproxy-pair.sh: %s\n' "$*" >&2; exit 2; }

[ "$(id -u)" = 0 ] || die "run it as root (it builds network namespaces and the hosts open raw sockets): sudo $0 $*"
command -v ip >/dev/null || die "needs iproute2: apt-get install -y iproute2"
command -v dotnet >/dev/null || die "needs the .NET 10 SDK (dotnet) on PATH"
if ! command -v haproxy >/dev/null && [ ! -x /usr/sbin/haproxy ]; then
    command -v apt-get >/dev/null || die "needs haproxy, and there is no apt-get to install it: install HAProxy 2.x so that 'haproxy' is on PATH"
    say "installing haproxy (apt-get update; apt-get install -y haproxy) ..."
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy; } >/tmp/haproxy-pair-apt.log 2>&1; then
        tail -5 /tmp/haproxy-pair-apt.log >&2
        die "could not install haproxy with apt-get (log: /tmp/haproxy-pair-apt.log); install it by hand and run again"
    fi
fi
haproxy_bin=$(command -v haproxy || echo /usr/sbin/haproxy)

name="hp$$"            # namespaces ${name}s (switch) and ${name}h1..h5
vip=10.99.0.100
run=$(mktemp -d /tmp/haproxy-pair.XXXXXX)
bin="$repo/artifacts/haproxy-demo"
pids=()
if [ "$fast" = 1 ]; then
    advert=0.1 version=3 lease_ms=2000
    title="HAProxy pair, sample host, VRRPv3 advert_int 0.1 s, 100 requests/s through the VIP"
else
    advert=1 version=2 lease_ms=6000 # the lease: max(2 s, 5 x advert + 1 s)
    title="HAProxy pair, sample host, VRRPv2 advert_int 1 s (the classic file), 100 requests/s through the VIP"
fi
if [ -z "$svg" ]; then
    if [ "$short" = 1 ]; then svg="$run/haproxy-pair.svg"
    elif [ "$fast" = 1 ]; then svg="$repo/docs/haproxy-pair-fast.svg"
    else svg="$repo/docs/haproxy-pair.svg"; fi
fi

cleanup() {
    local code=$?
    trap - EXIT INT TERM
    [ -n "${run:-}" ] && touch "$run/stop" 2>/dev/null || true
    for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    # Whatever still runs in our namespaces (HAProxy started by a host, say) is ours too.
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^${name}(s|h[0-9]+)$" || true); do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    done
    "$repo/tests/netns/lan.sh" down "$name" 2>/dev/null || true
    if [ -n "$keep" ]; then
        mkdir -p "$keep" && cp -r "$run"/. "$keep"/ && say "run files kept in $keep"
    fi
    rm -rf "$run"
    exit "$code"
}
trap cleanup EXIT
trap 'say "interrupted: cleaning up"; exit 130' INT TERM

say "building the sample host and the demo tools (Release) ..."
dotnet build "$repo/samples/HaproxyFailover" -c Release -o "$bin/host" -v q -nologo -clp:ErrorsOnly >"$run/build.log" 2>&1 || { cat "$run/build.log" >&2; die "build failed"; }
dotnet build "$repo/samples/HaproxyFailover.Demo" -c Release -o "$bin/demo" -v q -nologo -clp:ErrorsOnly >>"$run/build.log" 2>&1 || { cat "$run/build.log" >&2; die "build failed"; }

"$repo/tests/netns/lan.sh" up "$name" 5
ns() { echo "${name}h$1"; }
now_ms() { date +%s%3N; }
has_vip() { ip -n "$(ns "$1")" -4 -br addr show dev eth0 2>/dev/null | grep -q "$vip/"; }
wait_for() { # SECONDS COMMAND...: poll every 50 ms
    local until=$(( $(now_ms) + $1 * 1000 )); shift
    until "$@"; do [ "$(now_ms)" -lt "$until" ] || return 1; sleep 0.05; done
}

# Node n: HAProxy's and the host's configuration.
for n in 1 2; do
    d="$run/node$n"; mkdir -p "$d"
    cat >"$d/haproxy.cfg" <<EOF
global
    maxconn 4096
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
    retries 2
    option redispatch
frontend web
    bind :80
    monitor-uri /healthz
    # The node's health includes reaching a backend: a node whose HAProxy sees none (its link was cut, say) stays out
    # of the election until it does, instead of taking the VIP back and answering 503.
    monitor fail if { nbsrv(webs) lt 1 }
    http-response set-header X-Served-By node$n
    default_backend webs
backend webs
    balance roundrobin
    server web1 10.99.0.3:8080 check inter 500ms fall 2 rise 1
    server web2 10.99.0.4:8080 check inter 500ms fall 2 rise 1
EOF
    cp "$d/haproxy.cfg" "$d/haproxy.cfg.good"
    if [ "$n" = 1 ]; then state=MASTER prio=100; else state=BACKUP prio=50; fi
    # The classic keepalived.conf of the pair, with the chk_haproxy script and its track_script removed: the host
    # supervises HAProxy itself.
    {
        echo "! HAProxy pair, node$n: what vrrp run -f and the sample host read"
        echo "global_defs {"
        echo "   router_id node$n"
        echo "}"
        echo "vrrp_instance VI_1 {"
        echo "    state $state"
        echo "    interface eth0"
        echo "    virtual_router_id 51"
        echo "    priority $prio"
        echo "    version $version"
        echo "    advert_int $advert"
        if [ "$version" = 2 ]; then
            echo "    authentication {"
            echo "        auth_type PASS"
            echo "        auth_pass 1111"
            echo "    }"
        fi
        echo "    virtual_ipaddress {"
        echo "        $vip/24"
        echo "    }"
        echo "}"
    } >"$d/keepalived.conf"
done

start_host() { # N: the sample host on node N (it starts HAProxy, or adopts the one its pid file names)
    local d="$run/node$1"
    ( cd "$bin/host" && exec ip netns exec "$(ns "$1")" dotnet HaproxyFailover.dll -f "$d/keepalived.conf" \
        --Haproxy:Executable="$haproxy_bin" --Haproxy:ConfigFile="$d/haproxy.cfg" --Haproxy:PidFile="$d/haproxy.pid" \
        --Haproxy:HealthUrl=http://127.0.0.1:80/healthz ) >>"$d/host.log" 2>&1 &
    eval "host$1=$!"
    pids+=("$!")
    disown "$!" # killing it is the point: no "Killed" job notice
}
haproxy_pid() { cat "$run/node$1/haproxy.pid"; }

mark_origin=$(now_ms)
fault_no=0
# NAME BOUND CI_BOUND DESCRIPTION: a fault starts now. BOUND: the most failed requests issue 15 allows (the report
# marks a fault over it); CI_BOUND: what --short enforces, with room for a loaded two-core CI runner.
mark() {
    fault_no=$((fault_no + 1))
    echo "$1,$(now_ms),$2,$3,$4" >>"$run/faults.csv"
    awk -v t="$(now_ms)" -v o="$mark_origin" -v n="$fault_no" -v d="$4" 'BEGIN { printf "  %5.1f s  %d. %s\n", (t - o) / 1000, n, d }'
}
echo "name,start_ms,max_failed,ci_max_failed,description" >"$run/faults.csv"
{ echo "title=$title"; echo "lease_ms=$lease_ms"; echo "period_ms=10"; echo "vip=$vip"; } >"$run/settings.txt"

# Who holds the VIP: every address event of both nodes, to the microsecond (adds, deletes, lease expiries).
for n in 1 2; do
    ip -n "$(ns "$n")" -o -ts monitor address >"$run/addr-node$n.log" 2>&1 &
    pids+=("$!")
    disown "$!"
done

say "starting web1, web2, node1 (MASTER 100), node2 (BACKUP 50) ..."
for n in 3 4; do
    ip netns exec "$(ns "$n")" dotnet "$bin/demo/HaproxyFailover.Demo.dll" backend "web$((n - 2))" 8080 >"$run/web$((n - 2)).log" 2>&1 &
    pids+=("$!")
    disown "$!"
done
start_host 1
wait_for 30 has_vip 1 || { tail -20 "$run/node1/host.log" >&2; die "node1 did not take the VIP within 30 s"; }
start_host 2
wait_for 30 grep -q "Backup" "$run/node2/host.log" || { tail -20 "$run/node2/host.log" >&2; die "node2 did not start within 30 s"; }
wait_for 10 ip netns exec "$(ns 5)" bash -c "exec 3<>/dev/tcp/$vip/80" || die "the VIP does not answer on port 80"

ip netns exec "$(ns 5)" dotnet "$bin/demo/HaproxyFailover.Demo.dll" client "http://$vip:80/" 100 "$run/requests.csv" "$run/stop" >"$run/client.log" 2>&1 &
client=$!
pids+=("$client")
disown "$client"
sleep 3
mark_origin=$(now_ms)
say "faults (node1 is the master; t from the first fault):"

wait_back() { # node1 holds the VIP again (preemption after its Master_Down_Interval), then a little calm
    wait_for 30 has_vip 1 || say "           node1 did not take the VIP back within 30 s"
    sleep "$1"
}

mark haproxy-killed 10 20 "HAProxy killed (kill -9) on the master; restart works"
kill -9 "$(haproxy_pid 1)"
sleep 5

echo "this is not an haproxy keyword" >>"$run/node1/haproxy.cfg"
sleep 2 # the host checks a changed haproxy.cfg (haproxy -c) within a second, so it knows before the crash
mark haproxy-broken 90 120 "HAProxy cannot restart (haproxy.cfg broken 2 s before it is killed); fixed after 5 s"
kill -9 "$(haproxy_pid 1)"
sleep 5
cp "$run/node1/haproxy.cfg.good" "$run/node1/haproxy.cfg"
wait_back 2

if [ "$short" = 0 ]; then
    mark haproxy-hung 250 300 "HAProxy hangs (SIGSTOP): its frontend check times out; SIGCONT after 5 s"
    kill -STOP "$(haproxy_pid 1)"
    sleep 5
    kill -CONT "$(haproxy_pid 1)"
    wait_back 2
fi

mark host-killed 1 5 "the sample host killed (kill -9) on the master; HAProxy keeps running"
kill -9 "$host1"
sleep $(( lease_ms / 1000 + 2 ))
mark master-returns 1 5 "the master's host starts again: adopts HAProxy by its pid file, preempts"
start_host 1
wait_back 2

if [ "$short" = 0 ]; then
    mark node-down 400 450 "node down: the master's link cut (switch port down); back after 6 s"
    ip -n "${name}s" link set p1 down
    sleep 6
    ip -n "${name}s" link set p1 up
    wait_back 2

    mark graceful-stop 90 120 "graceful stop of the master's host (SIGTERM: priority 0)"
    kill -TERM "$host1"
    wait_for 10 bash -c "! kill -0 $host1 2>/dev/null" || say "           node1's host did not stop within 10 s"
    sleep 4
    mark master-returns 1 5 "the master returns: adopts HAProxy, preempts"
    start_host 1
    wait_back 3
fi

touch "$run/stop"
wait_for 15 bash -c "! kill -0 $client 2>/dev/null" || say "the client did not stop within 15 s"
say "done; the client's view:"
report=0
"dotnet" "$bin/demo/HaproxyFailover.Demo.dll" report "$run" "$svg" $([ "$short" = 1 ] && echo --check) || report=$?
# What fault 1 cannot beat: HAProxy's own start (the time from the exit to a frontend that answers).
restart=$(grep -o 'restarted; the frontend answered after [0-9]* ms' "$run/node1/host.log" | head -1 | grep -o '[0-9]* ms' || true)
[ -z "$restart" ] || say "HAProxy's own restart on node1 took $restart (from its exit to a frontend that answers; at 100 requests/s that many ms / 10 requests)"
if [ "$report" != 0 ]; then
    say "a bound was broken (see above); logs: node1 $(tail -3 "$run/node1/host.log")"
    exit 1
fi
exit 0
}
