#!/usr/bin/env bash
# Builds or removes the test LAN of tests/Vrrp.TestSupport/Netns by hand, for experiments with vrrp, keepalived or tcpdump:
#   tests/netns/lan.sh up   NAME [HOSTS]   # namespaces NAMEs (switch, bridge br0) and NAMEh1..NAMEhN
#   tests/netns/lan.sh down NAME
# Host n: eth0 with MAC 02:00:00:00:00:0n, 10.99.0.n/24, fd00:99::n/64, fe80::n/64, no DAD.
# Run a program on a host with: nsenter --net=/run/netns/NAMEh1 PROGRAM (or ip netns exec NAMEh1 PROGRAM).
set -euo pipefail
usage() { echo "usage: $0 up NAME [HOSTS] | down NAME" >&2; exit 2; }
[ "$#" -ge 2 ] || usage
action=$1 name=$2 hosts=${3:-3}
case $action in
up)
    ip netns add "${name}s"
    ip -n "${name}s" link add br0 type bridge mcast_snooping 0 forward_delay 0
    ip -n "${name}s" link set br0 up
    for n in $(seq 1 "$hosts"); do
        ns="${name}h$n"
        ip netns add "$ns"
        nsenter --net="/run/netns/$ns" sysctl -q -w net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0
        ip -n "$ns" link add eth0 address "$(printf '02:00:00:00:00:%02x' "$n")" type veth peer name "p$n" netns "${name}s"
        ip -n "$ns" link set eth0 addrgenmode none
        ip -n "$ns" link set lo up
        ip -n "$ns" link set eth0 up
        ip -n "$ns" addr add "10.99.0.$n/24" dev eth0
        ip -n "$ns" addr add "fd00:99::$n/64" dev eth0 nodad
        ip -n "$ns" addr add "fe80::$n/64" dev eth0 nodad
        ip -n "${name}s" link set "p$n" master br0 up
    done
    ;;
down)
    for ns in $(ip netns list | awk '{print $1}' | grep -E "^${name}(s|h[0-9]+)$" || true); do
        ip netns del "$ns"
    done
    ;;
*) usage ;;
esac
