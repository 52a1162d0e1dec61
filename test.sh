#!/usr/bin/env bash
# Runs every test. Installs what the interop, LAN and etcd tests need (keepalived, FRR, tshark, tcpdump, iproute2, ping, etcd-server from Debian)
# when it is missing and we are root; without root those tests skip and say why.
set -euo pipefail
cd "$(dirname "$0")"

needed=()
command -v keepalived >/dev/null 2>&1 || needed+=(keepalived)
[ -x /usr/lib/frr/vrrpd ] || needed+=(frr)
command -v ping >/dev/null 2>&1 || needed+=(iputils-ping)
command -v tshark >/dev/null 2>&1 || needed+=(tshark)
command -v editcap >/dev/null 2>&1 || needed+=(wireshark-common)
command -v tcpdump >/dev/null 2>&1 || needed+=(tcpdump)
command -v ip >/dev/null 2>&1 || needed+=(iproute2)
command -v unshare >/dev/null 2>&1 || needed+=(util-linux)
command -v systemd-analyze >/dev/null 2>&1 || needed+=(systemd)
command -v etcd >/dev/null 2>&1 || needed+=(etcd-server)
if [ "${#needed[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "test.sh: installing ${needed[*]}"
    export DEBIAN_FRONTEND=noninteractive
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
  else
    echo "test.sh: not root, so not installing ${needed[*]}: the tests that need them will be skipped and say why"
  fi
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
# One test module at a time: the namespace-LAN tests time failovers to the millisecond, and on 2 cores the CPU-heavy
# modules (fuzzing, property runs) running beside them would skew those timings.
results=TestResults/test.sh
rm -rf "$results"
dotnet test Vrrp.sln -c "${CONFIGURATION:-Debug}" --max-parallel-test-modules 1 --report-xunit-trx --results-directory "$results" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain summary line over all test projects: 'N passed, N failed, N skipped'.
awk '/^  failed: /{f+=$2} /^  succeeded: /{p+=$2} /^  skipped: /{s+=$2} END{printf "tests: %d passed, %d failed, %d skipped\n", p, f, s}' "$log"
# Where the time goes (CI's budget is 20 minutes): test classes by summed test duration, slowest first.
cat "$results"/*.trx 2>/dev/null | grep -o '<UnitTestResult [^>]*>' \
    | sed -E 's/.*testName="([^"(]*)[^"]*".*duration="([0-9]+):([0-9]+):([0-9.]+)".*/\2 \3 \4 \1/' \
    | awk '{ n = split($4, part, "."); cls = part[1]; for (i = 2; i < n; i++) cls = cls "." part[i]
             sum[cls] += $1 * 3600 + $2 * 60 + $3; count[cls]++ }
           END { for (c in sum) printf "%8.1f s  %3d tests  %s\n", sum[c], count[c], c }' \
    | sort -rn | head -15 | sed 's/^/slowest classes: /' || true
exit "$status"
