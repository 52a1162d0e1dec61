#!/usr/bin/env bash
# Runs a command as root of a fresh user, network and mount namespace, so that the network-namespace LAN tests
# (tests/Vrrp.Linux.Tests, tests/Vrrp.Cli.Tests) work for a non-root developer:
#   tests/netns/unshare-run.sh dotnet test tests/Vrrp.Linux.Tests
# Needs unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1 on Debian, the default since 11).
# Nothing outside the new namespaces is changed: 'ip netns add' bind-mounts into a private tmpfs on /run/netns.
set -euo pipefail
if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 2
fi
exec unshare --map-root-user --net --mount --propagation private sh -c '
    set -e
    if [ -d /run/netns ]; then
        mount -t tmpfs tmpfs /run/netns
    else
        mount -t tmpfs tmpfs /run
        mkdir -p /run/netns
    fi
    ip link set lo up
    exec "$@"' sh "$@"
