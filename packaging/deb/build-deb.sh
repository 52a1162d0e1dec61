#!/usr/bin/env bash
# Builds the Debian package of the native vrrp with dpkg-deb alone: artifacts/deb/vrrp_VERSION_ARCH.deb
#   packaging/deb/build-deb.sh [linux-x64|linux-arm64]      (default linux-x64)
# Uses artifacts/native/RID/vrrp when nothing under src/ is newer, else runs packaging/build-native.sh first.
# Contents: /usr/sbin/vrrp, /lib/systemd/system/vrrp.service (packaging/systemd/vrrp.service pointed at /usr/sbin/vrrp
# and /etc/vrrp/vrrp.conf), /etc/vrrp/vrrp.conf (an example, a conffile), the man page, copyright and changelog.
# The maintainer scripts reload systemd; nothing is enabled or started; purge removes /etc/vrrp and /run/vrrp.
set -euo pipefail
cd "$(dirname "$0")/../.."

rid=${1:-linux-x64}
case "$rid" in
  linux-x64) arch=amd64 ;;
  linux-arm64) arch=arm64 ;;
  *) echo "build-deb.sh: unsupported RID '$rid' (linux-x64 or linux-arm64)" >&2; exit 2 ;;
esac

binary=artifacts/native/$rid/vrrp
newer=$(find src Directory.Build.props Directory.Packages.props \( -name bin -o -name obj \) -prune -o -type f -newer "$binary" -print -quit 2>/dev/null || true)
if [ ! -x "$binary" ] || [ -n "$newer" ]; then
  ./packaging/build-native.sh "$rid"
fi

# The project's version (Directory.Build.props); a prerelease suffix sorts before the release in Debian with '~'.
version=$(dotnet msbuild src/Vrrp.Cli -getProperty:Version | tr -d '[:space:]')
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || { echo "build-deb.sh: no version from msbuild: '$version'" >&2; exit 1; }
debversion="${version//-/\~}-1"
maintainer=${VRRP_DEB_MAINTAINER:-Vrrp contributors <vrrp@example.invalid>}
# dpkg-shlibdeps needs a debian/ source tree; the newest glibc symbol version the binary uses says the same.
glibc=$(readelf -W --dyn-syms "$binary" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -Vu | tail -n 1)
depends="libc6 (>= $glibc)"
# Linked against the system's zlib (build-native.sh): the version is zlib1g's own shlibs entry.
if readelf -d "$binary" | grep -q 'NEEDED.*\[libz\.so\.1\]'; then
  depends="$depends, zlib1g (>= 1:1.2.3.3.dfsg-1)"
fi

out=artifacts/deb
root=$out/root-$arch
rm -rf "$root"
mkdir -p "$out"
trap 'rm -rf "$root"' EXIT
install -d -m 0755 "$root/DEBIAN" "$root/usr/sbin" "$root/lib/systemd/system" "$root/etc/vrrp" \
  "$root/usr/share/man/man8" "$root/usr/share/doc/vrrp"

install -m 0755 "$binary" "$root/usr/sbin/vrrp"

# The repository's unit runs /usr/local/bin/vrrp on /etc/keepalived/keepalived.conf (a manual install); the package's
# runs /usr/sbin/vrrp on /etc/vrrp/vrrp.conf. Everything else, comments included, is the same file.
unit=$root/lib/systemd/system/vrrp.service
awk '
  /^# Install: / { print "# Installed by the vrrp Debian package: edit /etc/vrrp/vrrp.conf, check it with"; print "#   vrrp check-config -f /etc/vrrp/vrrp.conf, then systemctl enable --now vrrp"; skip = 1; next }
  skip && /^#   / { next }
  { skip = 0; gsub("/usr/local/bin/vrrp", "/usr/sbin/vrrp"); gsub("/etc/keepalived/keepalived.conf", "/etc/vrrp/vrrp.conf"); print }
' packaging/systemd/vrrp.service > "$unit"
chmod 0644 "$unit"
grep -qx 'ExecStart=/usr/sbin/vrrp run -f /etc/vrrp/vrrp.conf' "$unit" || {
  echo "build-deb.sh: packaging/systemd/vrrp.service changed: no 'ExecStart=/usr/sbin/vrrp run -f /etc/vrrp/vrrp.conf' after rewriting it" >&2
  exit 1
}
! grep -q '/usr/local/bin\|/etc/keepalived/keepalived.conf' "$unit" || { echo "build-deb.sh: the unit still names a path of the manual install" >&2; exit 1; }

install -m 0644 packaging/deb/vrrp.conf "$root/etc/vrrp/vrrp.conf"
gzip -9n < packaging/man/vrrp.8 > "$root/usr/share/man/man8/vrrp.8.gz"
chmod 0644 "$root/usr/share/man/man8/vrrp.8.gz"
# The copyright years are those of the repository's history (first and last commit).
first=$(git log -1 --format=%cd --date=format:%Y "$(git rev-list --max-parents=0 HEAD 2>/dev/null | tail -n 1)" 2>/dev/null || true)
last=$(git log -1 --format=%cd --date=format:%Y 2>/dev/null || date +%Y)
years=${first:-$last}; [ "$years" = "$last" ] || years="$years-$last"
sed "s/@YEARS@/$years/" packaging/deb/debian/copyright > "$root/usr/share/doc/vrrp/copyright"
chmod 0644 "$root/usr/share/doc/vrrp/copyright"

# One entry per build: the version and the commit it was built from. The date is the commit's, so the same commit
# gives the same package.
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
date=$(git log -1 --format=%cD 2>/dev/null || date -R)
{
  echo "vrrp ($debversion) unstable; urgency=medium"
  echo
  echo "  * Native AOT build of vrrp $version from commit $commit."
  echo
  echo " -- $maintainer  $date"
} | gzip -9n > "$root/usr/share/doc/vrrp/changelog.Debian.gz"
chmod 0644 "$root/usr/share/doc/vrrp/changelog.Debian.gz"

for script in postinst prerm postrm; do
  install -m 0755 "packaging/deb/debian/$script" "$root/DEBIAN/$script"
done
echo /etc/vrrp/vrrp.conf > "$root/DEBIAN/conffiles"
chmod 0644 "$root/DEBIAN/conffiles"

installed_size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<EOF
Package: vrrp
Version: $debversion
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_size
Depends: $depends
Suggests: iproute2
Section: net
Priority: optional
Description: floating IP failover daemon (VRRP) that reads keepalived.conf
 The vrrp command runs VRRP v2 (RFC 3768) and v3 (RFC 5798) virtual
 routers from an existing keepalived.conf or from command-line flags, and
 takes keepalived's own command line, so it replaces keepalived for VRRP
 unchanged: virtual addresses with gratuitous ARP and unsolicited NA,
 vrrp_script checks, track files and processes, sync groups, notify
 scripts, reload without a flap, and keepalived's dump signals.
 .
 This package holds the Native AOT build (no .NET runtime needed), its
 systemd unit (Type=notify, reload, watchdog, only CAP_NET_RAW and
 CAP_NET_ADMIN) and an example configuration in /etc/vrrp.
EOF
chmod 0644 "$root/DEBIAN/control"
(cd "$root" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -printf '%P\n' | LC_ALL=C sort | xargs md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/md5sums"

deb=$out/vrrp_${debversion}_$arch.deb
rm -f "$out"/vrrp_*_"$arch".deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "build-deb.sh: $deb ($(stat -c %s "$deb") bytes)"
dpkg-deb --info "$deb" | sed -n '/Package:/,/Description:/p'
dpkg-deb --contents "$deb"

if command -v lintian >/dev/null 2>&1; then
  # --fail-on error: warnings are reported and looked at, errors fail the build.
  # initial-upload-closes-no-bugs: this package is not uploaded to Debian, there is no ITP bug to close.
  lintian --fail-on error --suppress-tags initial-upload-closes-no-bugs "$deb"
  echo "build-deb.sh: lintian: no errors"
else
  echo "build-deb.sh: lintian is not installed: not checked (apt-get install lintian)"
fi
