#!/usr/bin/env bash
# Runs the namespace-LAN failover tests against the Native AOT vrrp (VRRP_BINARY) instead of `dotnet vrrp.dll`.
#   packaging/test-native.sh [dotnet test arguments...]
# Reuses artifacts/native/linux-x64/vrrp when nothing under src/ (or the build props) is newer; builds it otherwise.
# Only the failover classes run, not the whole Cli test assembly (its fault tests step the machine's clock).
# Without root the LAN tests skip and say why; with VRRP_REQUIRE_INTEGRATION=1 (CI) a skip is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=$PWD/artifacts/native/linux-x64/vrrp
# bin/ and obj/ are the build's own output, not its input.
newer=$(find src Directory.Build.props Directory.Packages.props \( -name bin -o -name obj \) -prune -o -type f -newer "$binary" -print -quit 2>/dev/null || true)
if [ ! -x "$binary" ] || [ -n "$newer" ]; then
  ./packaging/build-native.sh linux-x64
else
  echo "test-native.sh: reusing $binary (nothing under src/ is newer)"
fi

# Two nodes failing over by multicast, unicast, SIGKILL, SIGTERM, preemption and IPv6 (vrrp run with flags), and a
# keepalived.conf pair whose tracked script fails (vrrp run -f, notify scripts).
classes=(VrrpRunFailoverTests KeepalivedConfFailoverTests)
filters=()
for class in "${classes[@]}"; do
  filters+=(--filter-class "*.$class")
done

log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "test-native.sh: VRRP_BINARY=$binary dotnet test tests/Vrrp.Cli.Tests -- ${filters[*]}"
set +e
VRRP_BINARY=$binary dotnet test tests/Vrrp.Cli.Tests -c "${CONFIGURATION:-Debug}" -- "${filters[@]}" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

summary=$(awk '/^  failed: /{f+=$2} /^  succeeded: /{p+=$2} /^  skipped: /{s+=$2} END{printf "%d passed, %d failed, %d skipped", p, f, s}' "$log")
echo "test-native.sh: native vrrp: $summary"
if [ "$status" -ne 0 ]; then
  echo "test-native.sh: FAILED" >&2
  exit "$status"
fi
passed=$(awk '/^  succeeded: /{p+=$2} END{print p+0}' "$log")
if [ "$passed" -eq 0 ]; then
  # Not root (no namespaces): every LAN test skipped, which says nothing about the binary.
  if [ "${VRRP_REQUIRE_INTEGRATION:-}" = 1 ]; then
    echo "test-native.sh: FAILED: no failover test ran against the native binary" >&2
    exit 1
  fi
  echo "test-native.sh: no failover test ran (they need root for network namespaces): the native binary is untested"
fi
