#!/usr/bin/env bash
# Captures real keepalived VRRP advertisements on a throw-away LAN of network namespaces.
#
#   tests/scripts/capture-keepalived.sh OUTDIR [SCENARIO...]
#
# For every scenario it builds its own LAN (an observer namespace holding a bridge, two keepalived nodes joined to it
# by veth pairs), starts keepalived on both nodes (node a: state MASTER priority 150, node b: BACKUP priority 100),
# captures on the bridge, stops node a with SIGTERM (it sends priority 0) so node b takes over, then stops node b.
# Each capture is written as OUTDIR/keepalived-<scenario>.pcap. Extra variants of v3-ipv4-5vips: a pcapng copy
# (editcap) and a Linux cooked (SLL2, `-i any`) capture taken inside node a.
#
# Scenarios (default: all): v2-pass v3-ipv4-5vips v3-ipv6 unicast-v2-ipv4 unicast-v3-ipv4 unicast-v3-ipv6
# unicast-v3-ipv4-old-checksum (node a has keepalived's `old_unicast_checksum`: the pseudo-header uses 224.0.0.18 as
# destination; node b, not configured for it, detects and accepts it).
#
# Runs as root or, without root, in a user namespace (unshare -r). Either way everything happens inside private
# mount, network and (where the kernel allows) PID namespaces with a tmpfs on /run, so neither keepalived nor the
# namespaces touch the host, and nothing outlives the script even when it is killed. All files live in a temp dir.
#
# Exit codes: 0 captures written, 1 a scenario failed, 2 usage, 3 a prerequisite is missing (the message says which),
# 124 the time budget ran out, 130/143 interrupted.
# Environment: VRRP_CAPTURE_TIMEOUT (seconds, default 60) bounds the whole run; VRRP_CAPTURE_KEEP=1 keeps the temp
# dir (keepalived logs and configs) for debugging; VRRP_CAPTURE_TOOL=tcpdump|dumpcap overrides the capture tool.
set -euo pipefail

readonly all_scenarios=(v2-pass v3-ipv4-5vips v3-ipv6 unicast-v2-ipv4 unicast-v3-ipv4 unicast-v3-ipv6
    unicast-v3-ipv4-old-checksum)
self=$(readlink -f "${BASH_SOURCE[0]}")
readonly self

log() { printf 'capture-keepalived: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
missing() { log "missing prerequisite: $*"; exit 3; }

usage() {
    awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$self" >&2
    exit 2
}

# ---------------------------------------------------------------------------------------------------------------------
# Outer stage: check prerequisites, then re-run this script inside fresh namespaces.
# ---------------------------------------------------------------------------------------------------------------------
if [[ -z ${VRRP_CAPTURE_INNER:-} ]]; then
    [[ $# -ge 1 && $1 != -h && $1 != --help ]] || usage
    for scenario in "${@:2}"; do
        [[ " ${all_scenarios[*]} " == *" $scenario "* ]] || { log "unknown scenario '$scenario'"; usage; }
    done

    for tool in keepalived ip unshare mount editcap; do
        command -v "$tool" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin command -v "$tool" >/dev/null 2>&1 \
            || missing "'$tool' not found (apt-get install -y keepalived tshark tcpdump iproute2, or run ./test.sh as root)"
    done
    export PATH=$PATH:/usr/sbin:/sbin

    map=()
    if [[ $EUID -ne 0 ]]; then
        map=(--map-root-user)
    fi

    # Private mount + network namespaces always; a PID namespace too where allowed, so that the kernel kills every
    # keepalived and capture process the moment the inner script ends, however it ends.
    if ! unshare "${map[@]}" --net --mount --propagation private true 2>/dev/null; then
        if [[ $EUID -ne 0 ]]; then
            missing "cannot create a user namespace as uid $EUID (unshare -r -n -m failed: unprivileged user namespaces are disabled here); run as root, e.g. ./test.sh as root"
        fi
        missing "cannot create network/mount namespaces (unshare -n -m failed: needs CAP_SYS_ADMIN); run as root, e.g. ./test.sh as root"
    fi

    pid_ns=(--pid --fork --kill-child=SIGTERM --mount-proc)
    if ! unshare "${map[@]}" --net --mount --propagation private "${pid_ns[@]}" true 2>/dev/null; then
        pid_ns=(--fork --kill-child=SIGTERM)
    fi

    mkdir -p -- "$1"
    outdir=$(cd -- "$1" && pwd)
    export VRRP_CAPTURE_INNER=1 VRRP_CAPTURE_RUN_ID
    VRRP_CAPTURE_RUN_ID=$(printf '%x%04x' "$$" "$RANDOM")
    # unshare --fork blocks SIGTERM and SIGINT while it waits, so pass them on to the inner script ourselves and let it
    # clean up before we return.
    unshare "${map[@]}" --net --mount --propagation private "${pid_ns[@]}" bash "$self" "$outdir" "${@:2}" &
    unshare_pid=$!
    forward() {
        local inner waited=0
        inner=$(cat "/proc/$unshare_pid/task/$unshare_pid/children" 2>/dev/null || true)
        if [[ -n $inner ]]; then
            # shellcheck disable=SC2086 # one pid, or none
            kill -TERM $inner 2>/dev/null || true
            while kill -0 "$unshare_pid" 2>/dev/null && ((waited < 200)); do
                sleep 0.05
                waited=$((waited + 1))
            done
        fi
        kill -KILL "$unshare_pid" 2>/dev/null || true
        exit "$1"
    }
    trap 'forward 143' TERM
    trap 'forward 130' INT
    status=0
    wait "$unshare_pid" || status=$?
    exit "$status"
fi

# ---------------------------------------------------------------------------------------------------------------------
# Inner stage: we are (namespace) root in private namespaces.
# ---------------------------------------------------------------------------------------------------------------------
readonly outdir=$1
shift
scenarios=("$@")
[[ ${#scenarios[@]} -gt 0 ]] || scenarios=("${all_scenarios[@]}")
readonly run_id=${VRRP_CAPTURE_RUN_ID:-$$}
readonly budget=${VRRP_CAPTURE_TIMEOUT:-60}

# A private /run: `ip netns` keeps its mounts under /run/netns, keepalived its runtime files under /run.
mount -t tmpfs -o mode=0755 vrrp-capture /run || missing "cannot mount a tmpfs on /run inside the mount namespace"
mkdir -p /run/netns

work=$(mktemp -d "${TMPDIR:-/tmp}/vrrp-capture.XXXXXX")
readonly work
: >"$work/namespaces"
: >"$work/pids"
watchdog=

cleanup() {
    local status=$?
    set +e
    trap - EXIT INT TERM
    [[ -n $watchdog ]] && kill "$watchdog" 2>/dev/null
    while read -r pid; do
        kill -TERM "$pid" 2>/dev/null
    done <"$work/pids"
    while read -r ns; do
        ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null
        ip netns delete "$ns" 2>/dev/null
    done <"$work/namespaces"
    if [[ -e $work/timed-out ]]; then
        status=124
    fi
    # Keep the logs of a failed run; an interrupted one (130, 143) just goes away.
    if [[ ${VRRP_CAPTURE_KEEP:-} == 1 || ($status -ne 0 && $status -ne 130 && $status -ne 143) ]]; then
        if [[ $status -ne 0 ]]; then
            for f in "$work"/*/*.log; do
                [[ -f $f ]] || continue
                log "---- ${f#"$work"/} (last lines) ----"
                tail -n 15 "$f" >&2
            done
        fi
        log "temp dir kept: $work"
    else
        rm -rf -- "$work"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Bound the run time even if keepalived or a capture hangs.
(
    sleep "$budget"
    log "run exceeded ${budget}s (VRRP_CAPTURE_TIMEOUT); stopping"
    : >"$work/timed-out"
    kill -TERM $$ 2>/dev/null
) &
watchdog=$!

# tcpdump drops privileges with setgroups(), which a user namespace forbids; dumpcap (from tshark) does not.
capture_tool=${VRRP_CAPTURE_TOOL:-}
if [[ -z $capture_tool ]]; then
    if [[ $(awk '$1 == 0 { print $2 }' /proc/self/uid_map) == 0 ]] && command -v tcpdump >/dev/null 2>&1; then
        capture_tool=tcpdump
    else
        capture_tool=dumpcap
    fi
fi
command -v "$capture_tool" >/dev/null 2>&1 \
    || missing "'$capture_tool' not found (apt-get install -y tshark tcpdump, or run ./test.sh as root)"

# wait_for FILE PATTERN SECONDS COUNT: waits until PATTERN occurs COUNT times in FILE.
wait_for() {
    local file=$1 pattern=$2 limit=$3 count=${4:-1} waited=0
    while [[ $(grep -c -- "$pattern" "$file" 2>/dev/null || true) -lt $count ]]; do
        if ((waited >= limit * 20)); then
            log "timed out after ${limit}s waiting for '$pattern' in ${file#"$work"/}"
            return 1
        fi
        sleep 0.05
        waited=$((waited + 1))
    done
}

# wait_exit PID SECONDS: waits for a process started by this shell to end.
wait_exit() {
    local pid=$1 limit=$2 waited=0
    while kill -0 "$pid" 2>/dev/null; do
        if ((waited >= limit * 20)); then
            log "process $pid did not stop within ${limit}s"
            return 1
        fi
        sleep 0.05
        waited=$((waited + 1))
    done
    wait "$pid" 2>/dev/null || true
}

new_ns() {
    ip netns add "$1"
    echo "$1" >>"$work/namespaces"
    ip -n "$1" link set lo up
}

# make_lan TAG IPV4_NET6: observer TAG-o with bridge br0; nodes TAG-a and TAG-b with eth0 on the bridge.
make_lan() {
    local tag=$1 o=${1}o node mac
    new_ns "$o"
    ip netns exec "$o" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    # No multicast snooping: 224.0.0.18 and ff02::12 must reach every port and the observer.
    ip -n "$o" link add br0 type bridge stp_state 0 forward_delay 0 mcast_snooping 0
    for node in a b; do
        new_ns "$tag$node"
        # Addresses usable at once (no DAD), fewer router solicitations in the captures.
        ip netns exec "$tag$node" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
            net.ipv6.conf.default.router_solicitations=0 net.ipv6.conf.all.router_solicitations=0
        mac=02:00:5e:77:00:0$([[ $node == a ]] && echo 1 || echo 2)
        ip -n "$tag$node" link add eth0 address "$mac" type veth peer name "port$node" netns "$o"
        ip -n "$o" link set "port$node" master br0 up
    done
    ip -n "$o" link set br0 up
    ip -n "${tag}a" addr add 10.77.0.1/24 dev eth0
    ip -n "${tag}b" addr add 10.77.0.2/24 dev eth0
    ip -n "${tag}a" addr add fd00:77::1/64 dev eth0 nodad
    ip -n "${tag}b" addr add fd00:77::2/64 dev eth0 nodad
    ip -n "${tag}a" link set eth0 up
    ip -n "${tag}b" link set eth0 up
}

# start_capture NS IFACE FILE LOG [extra args]: starts the capture tool, waits until it listens, sets started_pid.
# (A global, not $(...): the process must be a child of this shell so that `wait` can reap it.)
start_capture() {
    local ns=$1 iface=$2 file=$3 logfile=$4 pid
    shift 4
    if [[ $capture_tool == tcpdump ]]; then
        ip netns exec "$ns" tcpdump -Z root -U -n -s 262144 -i "$iface" "$@" -w "$file" >"$logfile" 2>&1 &
        pid=$!
        echo "$pid" >>"$work/pids"
        wait_for "$logfile" 'listening on' 10
    else
        ip netns exec "$ns" dumpcap -q -P -s 262144 -i "$iface" "$@" -w "$file" >"$logfile" 2>&1 &
        pid=$!
        echo "$pid" >>"$work/pids"
        wait_for "$logfile" 'Capturing on' 10
    fi
    # The tool reports before its socket sees the first frame; give it a moment.
    sleep 0.3
    started_pid=$pid
}

stop_capture() {
    kill -TERM "$1" 2>/dev/null || true
    wait_exit "$1" 10
}

# write_config FILE ROUTER_ID STATE PRIORITY BODY: one keepalived.conf; BODY holds the vrrp_instance blocks.
write_config() {
    cat >"$1" <<EOF
global_defs {
    router_id $2
    vrrp_garp_master_repeat 1
    vrrp_garp_master_refresh 0
    vrrp_garp_master_delay 0
}
$(sed -e "s/@STATE@/$3/g" -e "s/@PRIORITY@/$4/g" <<<"$5")
EOF
}

# start_keepalived NS DIR NODE: sets started_pid.
start_keepalived() {
    local ns=$1 dir=$2 node=$3 pid
    # -n: stay in the foreground (so SIGTERM goes to it); -P: VRRP only; every file in the temp dir.
    ip netns exec "$ns" keepalived -n -P -l -D -G -f "$dir/$node.conf" -p "$dir/$node.pid" -r "$dir/$node.vrrp.pid" \
        >"$dir/keepalived-$node.log" 2>&1 &
    pid=$!
    echo "$pid" >>"$work/pids"
    started_pid=$pid
}

# The vrrp_instance blocks of each scenario. @STATE@ and @PRIORITY@ are filled per node; @SRC@/@PEER@ for unicast.
instances_for() {
    case $1 in
        v2-pass)
            cat <<'EOF'
vrrp_instance VI_1 {
    version 2
    state @STATE@
    interface eth0
    virtual_router_id 51
    priority @PRIORITY@
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass k33pal1v
    }
    virtual_ipaddress {
        10.77.0.100/24
    }
}
vrrp_instance VI_2 {
    version 2
    state @STATE@
    interface eth0
    virtual_router_id 52
    priority @PRIORITY@
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass pw1
    }
    virtual_ipaddress {
        10.77.0.110/24
        10.77.0.111/24
    }
}
EOF
            ;;
        v3-ipv4-5vips)
            cat <<'EOF'
vrrp_instance VI_1 {
    version 3
    state @STATE@
    interface eth0
    virtual_router_id 61
    priority @PRIORITY@
    advert_int 0.25
    virtual_ipaddress {
        10.77.0.101/24
        10.77.0.102/24
        10.77.0.103/24
        10.77.0.104/24
        10.77.0.105/24
    }
}
EOF
            ;;
        v3-ipv6)
            cat <<'EOF'
vrrp_instance VI_1 {
    version 3
    state @STATE@
    interface eth0
    virtual_router_id 71
    priority @PRIORITY@
    advert_int 0.5
    virtual_ipaddress {
        fd00:77::100/64
        fd00:77::101/64
        fd00:77::102/64
    }
}
EOF
            ;;
        unicast-v2-ipv4 | unicast-v3-ipv4)
            cat <<EOF
vrrp_instance VI_1 {
    version ${1:9:1}
    state @STATE@
    interface eth0
    virtual_router_id $([[ $1 == unicast-v2-ipv4 ]] && echo 82 || echo 83)
    priority @PRIORITY@
    advert_int $([[ $1 == unicast-v2-ipv4 ]] && echo 1 || echo 0.5)
    unicast_src_ip @SRC4@
    unicast_peer {
        @PEER4@
    }
    virtual_ipaddress {
        10.77.0.120/24
        10.77.0.121/24
    }
}
EOF
            ;;
        unicast-v3-ipv4-old-checksum)
            # @OLD@ becomes old_unicast_checksum on node a only.
            cat <<'EOF'
vrrp_instance VI_1 {
    version 3
    state @STATE@
    interface eth0
    virtual_router_id 84
    priority @PRIORITY@
    advert_int 0.5
    @OLD@
    unicast_src_ip @SRC4@
    unicast_peer {
        @PEER4@
    }
    virtual_ipaddress {
        10.77.0.125/24
    }
}
EOF
            ;;
        unicast-v3-ipv6)
            cat <<'EOF'
vrrp_instance VI_1 {
    version 3
    state @STATE@
    interface eth0
    virtual_router_id 91
    priority @PRIORITY@
    advert_int 0.5
    unicast_src_ip @SRC6@
    unicast_peer {
        @PEER6@
    }
    virtual_ipaddress {
        fd00:77::130/64
    }
}
EOF
            ;;
    esac
}

# run_scenario NAME INDEX: one LAN, one capture (plus variants), one failover.
run_scenario() {
    local name=$1 tag="vk${run_id}${2}" dir="$work/$1" body instances count
    local a_pid b_pid capture_pid cooked_pid= started_pid=
    mkdir -p "$dir"
    make_lan "$tag"

    body=$(instances_for "$name")
    write_config "$dir/a.conf" "${tag}a" MASTER 150 \
        "$(sed -e 's/@SRC4@/10.77.0.1/; s/@PEER4@/10.77.0.2/; s/@SRC6@/fd00:77::1/; s/@PEER6@/fd00:77::2/' \
            -e 's/@OLD@/old_unicast_checksum/' <<<"$body")"
    write_config "$dir/b.conf" "${tag}b" BACKUP 100 \
        "$(sed -e 's/@SRC4@/10.77.0.2/; s/@PEER4@/10.77.0.1/; s/@SRC6@/fd00:77::2/; s/@PEER6@/fd00:77::1/' \
            -e '/@OLD@/d' <<<"$body")"
    count=$(grep -c '^vrrp_instance' <<<"$body")

    start_capture "${tag}o" br0 "$dir/capture.pcap" "$dir/capture.log"
    capture_pid=$started_pid
    if [[ $name == v3-ipv4-5vips ]]; then
        # Linux cooked v2 (SLL2) variant: `-i any` inside node a sees its own adverts going out and b's coming in.
        start_capture "${tag}a" any "$dir/cooked.pcap" "$dir/cooked.log" -y LINUX_SLL2
        cooked_pid=$started_pid
    fi

    # Master first: were b first, its Master_Down_Interval could run out before a is up, and the capture would start
    # with two masters.
    start_keepalived "${tag}a" "$dir" a
    a_pid=$started_pid
    wait_for "$dir/keepalived-a.log" 'Entering MASTER STATE' 10 "$count"
    start_keepalived "${tag}b" "$dir" b
    b_pid=$started_pid
    wait_for "$dir/keepalived-b.log" 'Entering BACKUP STATE' 10 "$count"

    # A few adverts from the master, then SIGTERM: it sends priority 0 and node b takes over.
    case $name in
        v2-pass | unicast-v2-ipv4) sleep 2.5 ;;
        *) sleep 1.2 ;;
    esac
    kill -TERM "$a_pid"
    wait_exit "$a_pid" 10
    wait_for "$dir/keepalived-b.log" 'Entering MASTER STATE' 10 "$count"
    case $name in
        v2-pass | unicast-v2-ipv4) sleep 2.2 ;;
        *) sleep 1.1 ;;
    esac
    kill -TERM "$b_pid"
    wait_exit "$b_pid" 10
    sleep 0.3

    stop_capture "$capture_pid"
    install -m 0644 -- "$dir/capture.pcap" "$outdir/keepalived-$name.pcap"
    if [[ -n $cooked_pid ]]; then
        stop_capture "$cooked_pid"
        install -m 0644 -- "$dir/cooked.pcap" "$outdir/keepalived-$name.sll2.pcap"
        editcap -F pcapng "$dir/capture.pcap" "$outdir/keepalived-$name.pcapng"
    fi
    log "$name: done ($(($(stat -c %s "$outdir/keepalived-$name.pcap") - 24)) bytes of frames)"
}

log "run $run_id: scenarios ${scenarios[*]} with $capture_tool, output $outdir"
pids=()
index=0
for scenario in "${scenarios[@]}"; do
    run_scenario "$scenario" "$index" >"$work/scenario-$index.out" 2>&1 &
    pids+=("$!")
    index=$((index + 1))
done

failed=0
index=0
for pid in "${pids[@]}"; do
    if ! wait "$pid"; then
        failed=1
        log "scenario ${scenarios[$index]} FAILED:"
    fi
    cat "$work/scenario-$index.out" >&2
    index=$((index + 1))
done
((failed == 0)) || exit 1
