#!/usr/bin/env bash
# Installs the Debian package on this machine, checks what it installed, removes and purges it, and checks that
# nothing is left: the machine ends as it was found. Root only (dpkg); without root it says why and exits 0, or
# fails when VRRP_REQUIRE_INTEGRATION=1 (CI). Each check prints ok or FAILED; any FAILED makes the exit non-zero.
#   packaging/deb/test-deb.sh [linux-x64|linux-arm64]     (default linux-x64; arm64 needs an arm64 machine)
set -euo pipefail
cd "$(dirname "$0")/../.."

rid=${1:-linux-x64}
if [ "$(id -u)" -ne 0 ]; then
  if [ "${VRRP_REQUIRE_INTEGRATION:-}" = 1 ]; then
    echo "test-deb.sh: FAILED: installing the package needs root (dpkg -i), and VRRP_REQUIRE_INTEGRATION=1" >&2
    exit 1
  fi
  echo "test-deb.sh: not root: not installing the package (dpkg -i needs root); nothing tested"
  exit 0
fi

# A machine that already has vrrp's files is not "as found" after a purge: refuse rather than delete them.
for path in /etc/vrrp /usr/sbin/vrrp /lib/systemd/system/vrrp.service; do
  if [ -e "$path" ]; then
    echo "test-deb.sh: FAILED: $path exists before the test: not installing over it (dpkg --purge vrrp first?)" >&2
    exit 1
  fi
done
# An empty /run/vrrp is what a vrrp run from a checkout leaves (its default status file and socket live there): it is
# put back after the purge. One with files in it may belong to a running vrrp.
run_dir_mode=
if [ -d /run/vrrp ]; then
  if [ -n "$(ls -A /run/vrrp)" ]; then
    echo "test-deb.sh: FAILED: /run/vrrp holds files (a running vrrp?): the purge would delete them" >&2
    exit 1
  fi
  run_dir_mode=$(stat -c %a /run/vrrp)
fi
if dpkg-query -W -f='${Status}' vrrp 2>/dev/null | grep -q 'installed\|config-files'; then
  echo "test-deb.sh: FAILED: the vrrp package is already on this machine: not touching it" >&2
  exit 1
fi

build_log=$(mktemp)
./packaging/deb/build-deb.sh "$rid" > "$build_log" 2>&1 || { cat "$build_log" >&2; rm -f "$build_log"; echo "test-deb.sh: FAILED: build-deb.sh" >&2; exit 1; }
grep '^build-deb.sh: ' "$build_log"
rm -f "$build_log"
case "$rid" in linux-arm64) arch=arm64 ;; *) arch=amd64 ;; esac
deb=$(ls artifacts/deb/vrrp_*_"$arch".deb)
version=$(dpkg-deb -f "$deb" Version)
echo "test-deb.sh: $deb"

failures=0
check() { # check NAME COMMAND...: runs COMMAND, prints "ok NAME" or "FAILED NAME" with its output.
  local name=$1 output
  shift
  if output=$("$@" 2>&1); then
    echo "ok      $name"
  else
    echo "FAILED  $name"
    [ -n "$output" ] && sed 's/^/        /' <<< "$output"
    failures=$((failures + 1))
  fi
}

installed=false
cleanup() {
  # Whatever failed above, the package does not stay on the machine.
  if $installed && dpkg-query -W -f='${Status}' vrrp 2>/dev/null | grep -q 'installed\|config-files'; then
    dpkg --purge vrrp >/dev/null 2>&1 || true
  fi
  if [ -n "$run_dir_mode" ]; then
    mkdir -p /run/vrrp && chmod "$run_dir_mode" /run/vrrp
  fi
}
trap cleanup EXIT

check "dpkg -i $(basename "$deb")" dpkg -i "$deb"
installed=true
check "dpkg reports vrrp $version installed" bash -c "[ \"\$(dpkg-query -W -f='\${Status} \${Version}' vrrp)\" = 'install ok installed $version' ]"
# The package's 0.2.0~preview.1-1 is the project's 0.2.0-preview.1 (build-deb.sh turns '-' into '~').
upstream=${version%-*}
upstream=${upstream//\~/-}
check "/usr/sbin/vrrp --version prints the package's version ($upstream)" bash -c "v=\$(/usr/sbin/vrrp --version) && [ \"\${v%%+*}\" = '$upstream' ] || { echo \"got: \$v\"; false; }"
check "/etc/vrrp/vrrp.conf is a conffile" bash -c "dpkg-query -W -f='\${Conffiles}' vrrp | grep -q '^ /etc/vrrp/vrrp.conf '"
if ip link show eth0 >/dev/null 2>&1; then
  check "vrrp check-config -f /etc/vrrp/vrrp.conf: exit 0, nothing reported" bash -c '[ -z "$(/usr/sbin/vrrp check-config -f /etc/vrrp/vrrp.conf 2>&1)" ]'
else
  # The example runs on eth0; on a host without one the interface warning is the only thing check-config may say.
  check "vrrp check-config -f /etc/vrrp/vrrp.conf: only the missing eth0 (exit 5)" bash -c \
    'out=$(/usr/sbin/vrrp check-config -f /etc/vrrp/vrrp.conf 2>&1); rc=$?; [ $rc -eq 5 ] && [ "$(grep -c "warning:" <<< "$out")" -eq 1 ] && grep -q "interface \`eth0\`" <<< "$out"'
fi
check "the unit runs /usr/sbin/vrrp run -f /etc/vrrp/vrrp.conf" grep -qx 'ExecStart=/usr/sbin/vrrp run -f /etc/vrrp/vrrp.conf' /lib/systemd/system/vrrp.service
if command -v systemd-analyze >/dev/null 2>&1; then
  check "systemd-analyze verify vrrp.service: no warning" bash -c 'out=$(systemd-analyze verify --man=no /lib/systemd/system/vrrp.service 2>&1) && [ -z "$out" ] || { echo "$out"; false; }'
else
  echo "skip    systemd-analyze verify: systemd-analyze is not installed"
fi
check "the unit is not enabled" bash -c '! find /etc/systemd/system -name vrrp.service | grep -q .'
if command -v man >/dev/null 2>&1; then
  check "man -l vrrp.8.gz renders the man page" bash -c 'MANWIDTH=80 man -l /usr/share/man/man8/vrrp.8.gz 2>/dev/null | tr -s " " | grep -q "vrrp - VRRP v2/v3 failover"'
else
  check "vrrp.8.gz is the man page" bash -c 'zcat /usr/share/man/man8/vrrp.8.gz | grep -q "^\.TH VRRP 8"'
fi
check "copyright and changelog.Debian.gz" test -f /usr/share/doc/vrrp/copyright -a -f /usr/share/doc/vrrp/changelog.Debian.gz

# What dpkg installed, to check after the purge; the runtime directory a running vrrp would have left.
mapfile -t files < <(dpkg -L vrrp)
mkdir -p /run/vrrp && echo '{}' > /run/vrrp/status.json
echo '# changed by the administrator' >> /etc/vrrp/vrrp.conf

check "dpkg -r vrrp" dpkg -r vrrp
check "remove: /usr/sbin/vrrp is gone" test ! -e /usr/sbin/vrrp
check "remove: the changed conffile stays (until purge)" grep -q 'changed by the administrator' /etc/vrrp/vrrp.conf
check "dpkg --purge vrrp" dpkg --purge vrrp
installed=false
check "purge: dpkg knows no vrrp" bash -c '! dpkg-query -W -f="\${Status}" vrrp 2>/dev/null | grep -q "installed\|config-files"'
left=()
for path in "${files[@]}"; do
  # Directories such as /usr/share/man are shared with other packages: only vrrp's own ones must go.
  if [ -e "$path" ] && { [ ! -d "$path" ] || [[ "$path" == */vrrp ]]; }; then
    left+=("$path")
  fi
done
check "purge: every file dpkg listed is gone (${#files[@]} paths)" bash -c "[ ${#left[@]} -eq 0 ] || { printf '%s\n' ${left[*]:-}; false; }"
check "purge: /etc/vrrp is gone" test ! -e /etc/vrrp
check "purge: /run/vrrp is gone" test ! -e /run/vrrp

if [ "$failures" -gt 0 ]; then
  echo "test-deb.sh: $failures check(s) FAILED" >&2
  exit 1
fi
echo "test-deb.sh: ok: installed, checked, removed and purged $(basename "$deb"); nothing left"
