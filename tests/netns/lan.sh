#!/usr/bin/env bash
# Builds or removes the test LAN of tests/Vrrp.TestSupport/Netns by hand, for experiments with vrrp, keepalived or tcpdump:
#   tests/netns/lan.sh up   NAME [HOSTS]   # namespaces NAMEs (switch, bridge br0) and NAMEh1..NAMEhN
#   tests/netns/lan.sh down NAME
# Host n: eth0 with MAC 02:00:00:00:00:0n, 10.99.0.n/24, fd00:99::n/64, fe80::n/64, no DAD.
# SEGMENTS=S (default 1) gives each host S interfaces eth0..eth(S-1) on S bridges br0..br(S-1) of the switch (the kernel
# here has no VLAN module); segment s > 0: MAC 02:00:00:00:0s:0n, 10.99.s.n/24, fd00:99:s::n/64, fe80::n/64.
# Run a program on a host with: nsenter --net=/run/netns/NAMEh1 PROGRAM (or ip netns exec NAMEh1 PROGRAM).
set -euo pipefail
usage() { echo "usage: [SEGMENTS=S] $0 up NAME [HOSTS] | down NAME" >&2; exit 2; }
[ "$#" -ge 2 ] || usage
action=$1 name=$2 hosts=${3:-3} segments=${SEGMENTS:-1}
case $action in
up)
    ip netns add "${name}s"
    for s in $(seq 0 $((segments - 1))); do
        ip -n "${name}s" link add "br$s" type bridge mcast_snooping 0 forward_delay 0
        ip -n "${name}s" link set "br$s" up
    done
    for n in $(seq 1 "$hosts"); do
        ns="${name}h$n"
        ip netns add "$ns"
        nsenter --net="/run/netns/$ns" sysctl -q -w net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0
        ip -n "$ns" link set lo up
        for s in $(seq 0 $((segments - 1))); do
            # Segment 0 keeps the names and addresses of the one-segment LAN.
            peer="p$n"; six="fd00:99::$n/64"
            if [ "$s" -gt 0 ]; then peer="p${n}s$s"; six="fd00:99:$s::$n/64"; fi
            ip -n "$ns" link add "eth$s" address "$(printf '02:00:00:00:%02x:%02x' "$s" "$n")" type veth peer name "$peer" netns "${name}s"
            ip -n "$ns" link set "eth$s" addrgenmode none
            ip -n "$ns" link set "eth$s" up
            ip -n "$ns" addr add "10.99.$s.$n/24" dev "eth$s"
            ip -n "$ns" addr add "$six" dev "eth$s" nodad
            ip -n "$ns" addr add "fe80::$n/64" dev "eth$s" nodad
            ip -n "${name}s" link set "$peer" master "br$s" up
        done
    done
    ;;
down)
    for ns in $(ip netns list | awk '{print $1}' | grep -E "^${name}(s|h[0-9]+)$" || true); do
        ip netns del "$ns"
    done
    ;;
*) usage ;;
esac
