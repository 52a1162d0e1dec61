#!/usr/bin/env bash
# The classic HAProxy active/passive pair, run by the HaproxyFailover sample host instead of keepalived +
# check_haproxy.sh, on network namespaces of this machine, with a client sending 100 requests a second through the VIP
# while faults are injected one after another. Prints a timeline per fault (requests failed, longest outage, which
# node served) and writes an SVG chart.
#
#   sudo demo/haproxy-pair.sh [--short] [--fast] [--keepalived | --compare] [--node-down N] [--svg FILE] [--keep DIR]
#
#   --short       three faults only (HAProxy killed, HAProxy broken, host killed + return), and a non-zero exit when a
#                 bound is broken (failed requests per fault, or the VIP on both nodes longer than the lease): for CI
#   --fast        VRRPv3 with advert_int 0.1 (instead of the classic v2, advert_int 1, PASS auth)
#   --keepalived  the same faults with what users come with instead: keepalived (Debian's; installed with apt-get when
#                 missing) with the classic keepalived.conf, vrrp_script chk_haproxy running check_haproxy.sh every 2 s
#                 (restart HAProxy if it is down, stop keepalived if that fails), weight -4; each node has a process
#                 table of its own (a PID namespace), as separate machines have, so `ps -C haproxy` sees its own node
#   --compare     both, back to back on the same LAN layout, and then the two side by side
#   --node-down N only the node-down fault, N times (each at a random point of the advert interval), for distributions
#   --svg         where the chart goes (default docs/haproxy-pair.svg, docs/haproxy-pair-fast.svg with --fast; --short,
#                 --keepalived, --compare and --node-down: the run directory)
#   --keep        keep the run's files (logs, configs, requests.csv, summary.csv, wire.log) in DIR
#
# Needs: Debian (or alike) as root, the .NET SDK, iproute2; installs haproxy with apt-get when it is missing.
# LAN (tests/netns/lan.sh): h1 node1 (MASTER, 100), h2 node2 (BACKUP, 50), h3 web1, h4 web2, h5 client; VIP 10.99.0.100.
set -euo pipefail
{ # bash reads a script as it runs it: the braces make it read all of it first, so editing it mid-run is safe
repo=$(cd "$(dirname "$0")/.." && pwd)
short=0 fast=0 svg= keep= mode=vrrp compare=0 node_down=0
args=("$@")
while [ $# -gt 0 ]; do
    case $1 in
    --short) short=1 ;;
    --fast) fast=1 ;;
    --keepalived) mode=keepalived ;;
    --compare) compare=1 ;;
    --node-down) node_down=$2; shift ;;
    --svg) svg=$2; shift ;;
    --keep) keep=$2; shift ;;
    -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "haproxy-pair.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

say() { printf '%s\n' "$*"; }
die() { printf 'haproxy-pair.sh: %s\n' "$*" >&2; exit 2; }

[ "$(id -u)" = 0 ] || die "run it as root (it builds network namespaces and the hosts open raw sockets): sudo $0 ${args[*]}"

if [ "$compare" = 1 ]; then
    # Both setups through the same faults, one after the other, each on a LAN of its own with the same layout.
    out=${keep:-$(mktemp -d /tmp/haproxy-pair-compare.XXXXXX)}
    mkdir -p "$out"
    rest=()
    [ "$fast" = 1 ] && rest+=(--fast)
    [ "$node_down" != 0 ] && rest+=(--node-down "$node_down")
    say "=== the sample host (Vrrp) ==="
    "$0" "${rest[@]}" --svg "$out/vrrp.svg" --keep "$out/vrrp" || true # a bound broken: the report says so
    say
    say "=== keepalived + check_haproxy.sh ==="
    "$0" "${rest[@]}" --keepalived --svg "$out/keepalived.svg" --keep "$out/keepalived" || true
    dotnet "$repo/artifacts/haproxy-demo/demo/HaproxyFailover.Demo.dll" compare "$out/vrrp" "$out/keepalived"
    say
    say "both runs' files (charts, logs, summary.csv): $out"
    exit 0
fi

command -v ip >/dev/null || die "needs iproute2: apt-get install -y iproute2"
command -v dotnet >/dev/null || die "needs the .NET 10 SDK (dotnet) on PATH"
# ensure_installed BINARY PACKAGE: installs PACKAGE from apt when BINARY is neither on PATH nor in /usr/sbin.
ensure_installed() {
    command -v "$1" >/dev/null || [ -x "/usr/sbin/$1" ] && return 0
    command -v apt-get >/dev/null || die "needs $1, and there is no apt-get to install it: install the $2 package so that '$1' is on PATH"
    say "installing $2 (apt-get update; apt-get install -y $2) ..."
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2"; } >/tmp/haproxy-pair-apt.log 2>&1; then
        tail -5 /tmp/haproxy-pair-apt.log >&2
        die "could not install $2 with apt-get (log: /tmp/haproxy-pair-apt.log); install it by hand and run again"
    fi
}
ensure_installed haproxy haproxy
haproxy_bin=$(command -v haproxy || echo /usr/sbin/haproxy)
[ "$mode" != keepalived ] || ensure_installed keepalived keepalived
keepalived_bin=$(command -v keepalived || echo /usr/sbin/keepalived)

name="hp$$"            # namespaces ${name}s (switch) and ${name}h1..h5
vip=10.99.0.100
run=$(mktemp -d /tmp/haproxy-pair.XXXXXX)
bin="$repo/artifacts/haproxy-demo"
pids=()
if [ "$fast" = 1 ]; then
    advert=0.1 version=3 lease_ms=2000 adverts="VRRPv3 advert_int 0.1 s"
else
    advert=1 version=2 lease_ms=6000 adverts="VRRPv2 advert_int 1 s (the classic file)" # the lease: max(2 s, 5 x advert + 1 s)
fi
kill_wait=$(( lease_ms / 1000 + 2 )) # after a kill -9 of the failover daemon: until its lease (Vrrp) has run out, and 2 s more
if [ "$mode" = keepalived ]; then
    label="keepalived $("$keepalived_bin" --version 2>&1 | awk 'NR == 1 { print $2 }') + check_haproxy.sh"
    lease_ms=0
else
    label="Vrrp (the sample host)"
fi
title="HAProxy pair, $label, $adverts, 100 requests/s through the VIP"
if [ -z "$svg" ]; then
    if [ "$short" = 1 ] || [ "$mode" = keepalived ] || [ "$node_down" != 0 ]; then svg="$run/haproxy-pair.svg"
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
    # The classic keepalived.conf of the pair. For the sample host without the chk_haproxy script and its
    # track_script (the host supervises HAProxy itself); for keepalived with them, and the classic script.
    {
        if [ "$mode" = keepalived ]; then
            echo "! HAProxy pair, node$n: the classic keepalived.conf"
        else
            echo "! HAProxy pair, node$n: what vrrp run -f and the sample host read"
        fi
        echo "global_defs {"
        echo "   router_id node$n"
        echo "}"
        if [ "$mode" = keepalived ]; then
            echo "vrrp_script chk_haproxy {"
            echo "    script \"$d/check_haproxy.sh\""
            echo "    interval 2"
            echo "    weight -4"
            echo "}"
        fi
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
        if [ "$mode" = keepalived ]; then
            echo "    track_script {"
            echo "        chk_haproxy"
            echo "    }"
        fi
        echo "}"
    } >"$d/keepalived.conf"
    # The classic check_haproxy.sh (systemctl replaced by the commands it runs: this node has no systemd).
    cat >"$d/check_haproxy.sh" <<EOF
#!/bin/bash
# check_haproxy.sh: restart HAProxy if it is down; stop keepalived if the restart fails (the backup takes over).
if [ "\$(ps -C haproxy --no-header | wc -l)" -eq 0 ]; then
    $haproxy_bin -D -p $d/haproxy.pid -f $d/haproxy.cfg    # systemctl start haproxy
    sleep 1
    if [ "\$(ps -C haproxy --no-header | wc -l)" -eq 0 ]; then
        kill -TERM "\$(cat $d/keepalived.pid)"              # systemctl stop keepalived
        exit 1
    fi
fi
exit 0
EOF
    chmod 700 "$d/check_haproxy.sh"
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

# keepalived's nodes: each a process table of its own (a PID namespace whose init, bash, reaps orphans as systemd
# does), so that `ps -C haproxy` sees its own node's HAProxy only and a killed HAProxy leaves no zombie behind.
start_init() { # N
    ip netns exec "$(ns "$1")" unshare --pid --fork --mount-proc bash -c 'while :; do sleep infinity & wait; done' >/dev/null 2>&1 &
    local unshare=$!
    pids+=("$unshare")
    disown "$unshare"
    wait_for 5 pgrep -P "$unshare" >/dev/null || die "node$1's PID namespace did not start"
    pgrep -P "$unshare" >"$run/node$1/init.pid"
}
on_node() { nsenter -t "$(cat "$run/node$1/init.pid")" -n -p -m -- "${@:2}"; } # N COMMAND...: run it on node N
start_keepalived() { # N: keepalived on node N (HAProxy first, as a user's systemd units would)
    local d="$run/node$1"
    on_node "$1" pidof haproxy >/dev/null || on_node "$1" "$haproxy_bin" -D -p "$d/haproxy.pid" -f "$d/haproxy.cfg"
    on_node "$1" "$keepalived_bin" -n -l -D -P -G -f "$d/keepalived.conf" -p "$d/keepalived.pid" -r "$d/keepalived_vrrp.pid" >>"$d/keepalived.log" 2>&1 &
    pids+=("$!")
    disown "$!"
}
# What the faults do, per mode.
kill_haproxy() { # N SIGNAL
    if [ "$mode" = keepalived ]; then on_node "$1" kill "-$2" "$(haproxy_pid "$1")"; else kill "-$2" "$(haproxy_pid "$1")"; fi
}
kill_daemon() { # N: kill -9 of the failover daemon (all of keepalived's processes)
    if [ "$mode" = keepalived ]; then on_node "$1" sh -c 'kill -9 $(pidof keepalived)'; else eval "kill -9 \$host$1"; fi
}
stop_daemon() { # N: graceful stop (SIGTERM), and wait until it is gone
    if [ "$mode" = keepalived ]; then
        on_node "$1" sh -c "kill -TERM \$(cat $run/node$1/keepalived.pid)"
        wait_for 10 bash -c "! nsenter -t $(cat "$run/node$1/init.pid") -p -m -- pidof keepalived >/dev/null" || say "           node$1's keepalived did not stop within 10 s"
    else
        local pid; eval "pid=\$host$1"
        kill -TERM "$pid"
        wait_for 10 bash -c "! kill -0 $pid 2>/dev/null" || say "           node$1's host did not stop within 10 s"
    fi
}
start_daemon() { # N
    if [ "$mode" = keepalived ]; then start_keepalived "$1"; else start_host "$1"; fi
}

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
{ echo "title=$title"; echo "label=$label"; echo "lease_ms=$lease_ms"; echo "period_ms=10"; echo "vip=$vip"; } >"$run/settings.txt"

# Who holds the VIP: every address event of both nodes, to the microsecond (adds, deletes, lease expiries).
for n in 1 2; do
    ip -n "$(ns "$n")" -o -ts monitor address >"$run/addr-node$n.log" 2>&1 &
    pids+=("$!")
    disown "$!"
done

# What the client hears: the adverts and the gratuitous ARPs, for the node-down timings (from the master's last advert).
if [ "$short" = 0 ]; then
    ip netns exec "$(ns 5)" tcpdump -i eth0 -e -tt -nn -l 'ip proto 112 or arp' >"$run/wire.log" 2>"$run/tcpdump.log" &
    pids+=("$!")
    disown "$!"
fi

say "starting web1, web2, node1 (MASTER 100), node2 (BACKUP 50): $label ..."
for n in 3 4; do
    ip netns exec "$(ns "$n")" dotnet "$bin/demo/HaproxyFailover.Demo.dll" backend "web$((n - 2))" 8080 >"$run/web$((n - 2)).log" 2>&1 &
    pids+=("$!")
    disown "$!"
done
if [ "$mode" = keepalived ]; then
    log=keepalived.log backup_line="Entering BACKUP STATE"
    start_init 1
    start_init 2
else
    log=host.log backup_line="Backup"
fi
start_daemon 1
wait_for 30 has_vip 1 || { tail -20 "$run/node1/$log" >&2; die "node1 did not take the VIP within 30 s"; }
start_daemon 2
wait_for 30 grep -q "$backup_line" "$run/node2/$log" || { tail -20 "$run/node2/$log" >&2; die "node2 did not start within 30 s"; }
wait_for 10 ip netns exec "$(ns 5)" bash -c "exec 3<>/dev/tcp/$vip/80" || die "the VIP does not answer on port 80"

ip netns exec "$(ns 5)" dotnet "$bin/demo/HaproxyFailover.Demo.dll" client "http://$vip:80/" 100 "$run/requests.csv" "$run/stop" >"$run/client.log" 2>&1 &
client=$!
pids+=("$client")
disown "$client"
sleep 3
mark_origin=$(now_ms)
say "faults (node1 is the master; t from the first fault):"

wait_back() { # node1 alone holds the VIP again (preemption after its Master_Down_Interval), then a little calm
    wait_for 30 bash -c "ip -n $(ns 1) -4 -br addr show dev eth0 | grep -q '$vip/' && ! ip -n $(ns 2) -4 -br addr show dev eth0 | grep -q '$vip/'" \
        || say "           node1 did not take the VIP back (alone) within 30 s"
    sleep "$1"
}
node_down() { # the master's link cut at a random point of its advert interval, back after 6 s
    sleep "$(awk -v a="$advert" -v r="$RANDOM" 'BEGIN { printf "%.3f", a * r / 32768 }')"
    mark node-down 400 450 "node down: the master's link cut (switch port down); back after 6 s"
    ip -n "${name}s" link set p1 down
    sleep 6
    ip -n "${name}s" link set p1 up
    wait_back 2
}
if [ "$mode" = keepalived ]; then
    daemon="keepalived" returns="keepalived starts again and preempts"
else
    daemon="the sample host" returns="the master's host starts again: adopts HAProxy by its pid file, preempts"
fi

if [ "$node_down" != 0 ]; then
    for _ in $(seq "$node_down"); do node_down; done
else
    mark haproxy-killed 10 20 "HAProxy killed (kill -9) on the master; restart works"
    kill_haproxy 1 9
    sleep 5

    echo "this is not an haproxy keyword" >>"$run/node1/haproxy.cfg"
    sleep 2 # the host checks a changed haproxy.cfg (haproxy -c) within a second, so it knows before the crash
    if [ "$mode" = keepalived ]; then
        mark haproxy-broken 90 120 "HAProxy cannot restart (haproxy.cfg broken 2 s before it is killed): the script stops keepalived; fixed after 5 s, HAProxy and keepalived started again by hand"
    else
        mark haproxy-broken 90 120 "HAProxy cannot restart (haproxy.cfg broken 2 s before it is killed); fixed after 5 s"
    fi
    kill_haproxy 1 9
    sleep 5
    cp "$run/node1/haproxy.cfg.good" "$run/node1/haproxy.cfg"
    if [ "$mode" = keepalived ] && ! on_node 1 pidof keepalived >/dev/null; then start_keepalived 1; fi # what the operator does
    wait_back 2

    if [ "$short" = 0 ]; then
        if [ "$mode" = keepalived ]; then
            mark haproxy-hung 250 300 "HAProxy hangs (SIGSTOP): the script sees its process and is content; SIGCONT after 5 s"
        else
            mark haproxy-hung 250 300 "HAProxy hangs (SIGSTOP): its frontend check times out; SIGCONT after 5 s"
        fi
        kill_haproxy 1 STOP
        sleep 5
        kill_haproxy 1 CONT
        wait_back 2
    fi

    mark host-killed 1 5 "$daemon killed (kill -9) on the master; HAProxy keeps running"
    kill_daemon 1
    sleep "$kill_wait"
    mark master-returns 1 5 "$returns"
    start_daemon 1
    wait_back 2

    if [ "$short" = 0 ]; then
        node_down

        mark graceful-stop 90 120 "graceful stop of $daemon on the master (SIGTERM: priority 0)"
        stop_daemon 1
        sleep 4
        mark master-returns 1 5 "the master returns: $returns"
        start_daemon 1
        wait_back 3
    fi
fi

touch "$run/stop"
wait_for 15 bash -c "! kill -0 $client 2>/dev/null" || say "the client did not stop within 15 s"
say "done; the client's view:"
report=0
"dotnet" "$bin/demo/HaproxyFailover.Demo.dll" report "$run" "$svg" $([ "$short" = 1 ] && echo --check) || report=$?
# What fault 1 cannot beat: HAProxy's own start (the time from the exit to a frontend that answers).
restart=$(grep -o 'restarted; the frontend answered after [0-9]* ms' "$run/node1/host.log" 2>/dev/null | head -1 | grep -o '[0-9]* ms' || true)
[ -z "$restart" ] || say "HAProxy's own restart on node1 took $restart (from its exit to a frontend that answers; at 100 requests/s that many ms / 10 requests)"
if [ "$report" != 0 ]; then
    say "a bound was broken (see above); logs: node1 $(tail -3 "$run/node1/$log")"
    exit 1
fi
exit 0
}
