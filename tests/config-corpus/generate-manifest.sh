#!/bin/sh
# Records what keepalived -t says about every configuration of this corpus into manifest.txt:
# one line per file, "FILE EXIT" (0 = usable, anything else = keepalived reported a problem).
# Run it as root on a host with an eth0 interface (the corpus configurations use eth0), from any directory.
set -eu
cd "$(dirname "$0")"
version=$(keepalived --version 2>&1 | head -n 1)
{
    echo "# keepalived -t -f FILE exit codes, recorded by generate-manifest.sh"
    echo "# $version on $(. /etc/os-release && echo "$PRETTY_NAME"), $(date -u +%Y-%m-%d)"
    echo "# host: interfaces=$(ls /sys/class/net | tr '\n' ',' | sed 's/,$//') programs=$(for p in killall true; do command -v $p >/dev/null && printf '%s,' $p; done | sed 's/,$//')"
    for file in *.conf; do
        set +e
        keepalived -t -f "$PWD/$file" >/dev/null 2>&1
        code=$?
        set -e
        echo "$file $code"
    done
} > manifest.txt
