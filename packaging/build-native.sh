#!/usr/bin/env bash
# Publishes the vrrp command with Native AOT: artifacts/native/RID/vrrp (and vrrp.dbg, its debug symbols).
#   packaging/build-native.sh [linux-x64|linux-arm64]      (default linux-x64)
# Fails when the publish reports any trim or AOT warning (IL2xxx, IL3xxx): the binary must behave as the JIT build.
# linux-arm64 is cross-compiled from an x64 host with clang and the Debian aarch64 cross toolchain (binutils, libc).
# As root it installs a missing toolchain from apt; otherwise it names the packages and stops.
set -euo pipefail
cd "$(dirname "$0")/.."

rid=${1:-linux-x64}
case "$rid" in
  linux-x64 | linux-arm64) ;;
  *) echo "build-native.sh: unsupported RID '$rid' (linux-x64 or linux-arm64)" >&2; exit 2 ;;
esac

# The newest clang on PATH: plain clang, else clang-NN (Debian's clang-14 package installs only the versioned name).
find_clang() {
  if command -v clang >/dev/null 2>&1; then echo clang; return; fi
  compgen -c clang- | grep -E '^clang-[0-9]+$' | sort -t- -k2 -n | tail -n 1
}

install_packages() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "build-native.sh: $rid needs $* (apt-get install -y $*); not root, so not installing them" >&2
    exit 1
  fi
  echo "build-native.sh: installing $*"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

publish_args=()
host=$(uname -m)
if [ "$rid" = linux-x64 ]; then
  [ "$host" = x86_64 ] || { echo "build-native.sh: linux-x64 is built on an x86_64 host only (this is $host)" >&2; exit 2; }
  # The ILCompiler links with clang, or gcc when there is no clang; clang and zlib1g-dev are what Microsoft documents.
  missing=()
  [ -n "$(find_clang)" ] || command -v gcc >/dev/null 2>&1 || missing+=(clang)
  [ -e /usr/lib/x86_64-linux-gnu/libz.so ] || missing+=(zlib1g-dev)
  [ "${#missing[@]}" -eq 0 ] || install_packages "${missing[@]}"
  # The system's zlib, not the copy .NET 10 would link in (the etcd client's gRPC pulls in compression): Debian
  # forbids embedded copies (lintian: embedded-library zlib) and zlib1g gets its security fixes from apt.
  publish_args+=("-p:UseSystemZlib=true")
  clang=$(find_clang)
  [ -n "$clang" ] && publish_args+=("-p:CppCompilerAndLinker=$clang")
else
  [ "$host" = x86_64 ] || [ "$host" = aarch64 ] || { echo "build-native.sh: no linux-arm64 build on $host" >&2; exit 2; }
  if [ "$host" = x86_64 ]; then
    # Cross: clang --target=aarch64-linux-gnu finds the cross gcc install (crt files, libgcc), links with
    # aarch64-linux-gnu-ld, and llvm-objcopy splits the symbols (GNU objcopy here knows x86 only).
    missing=()
    [ -n "$(find_clang)" ] || missing+=(clang)
    command -v llvm-objcopy >/dev/null 2>&1 || missing+=(llvm)
    command -v aarch64-linux-gnu-ld >/dev/null 2>&1 || missing+=(binutils-aarch64-linux-gnu)
    command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || missing+=(gcc-aarch64-linux-gnu)
    [ -f /usr/aarch64-linux-gnu/lib/crt1.o ] || missing+=(libc6-dev-arm64-cross)
    [ "${#missing[@]}" -eq 0 ] || install_packages "${missing[@]}"
  else
    missing=()
    [ -n "$(find_clang)" ] || command -v gcc >/dev/null 2>&1 || missing+=(clang)
    [ -e /usr/lib/aarch64-linux-gnu/libz.so ] || missing+=(zlib1g-dev)
    [ "${#missing[@]}" -eq 0 ] || install_packages "${missing[@]}"
  fi
  # System zlib as on x64 when there is an arm64 one to link (zlib1g-dev:arm64, a multiarch package on an x64 host);
  # without it the binary keeps .NET's own copy and lintian would flag the arm64 package.
  if [ -e /usr/lib/aarch64-linux-gnu/libz.so ]; then
    publish_args+=("-p:UseSystemZlib=true")
  else
    echo "build-native.sh: no arm64 libz.so (dpkg --add-architecture arm64; apt-get install zlib1g-dev:arm64): linking .NET's own zlib"
  fi
  clang=$(find_clang)
  [ -n "$clang" ] && publish_args+=("-p:CppCompilerAndLinker=$clang")
fi

out=artifacts/native/$rid
log=$(mktemp)
trap 'rm -f "$log"; rm -rf "$out/publish"' EXIT
rm -rf "$out"
mkdir -p "$out"

echo "build-native.sh: dotnet publish src/Vrrp.Cli -c Release -r $rid -p:PublishAot=true ${publish_args[*]}"
start=$(date +%s)
set +e
dotnet publish src/Vrrp.Cli -c Release -r "$rid" -p:PublishAot=true "${publish_args[@]}" -o "$out/publish" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# TreatWarningsAsErrors makes the ILCompiler stop on a trim/AOT warning too (--warnaserror), so look for either form.
if grep -Eq '(warning|error) IL[23][0-9]{3}' "$log"; then
  echo "build-native.sh: FAILED: trim/AOT warnings:" >&2
  grep -E '(warning|error) IL[23][0-9]{3}' "$log" | sort -u >&2
  exit 1
fi
[ "$status" -eq 0 ] || { echo "build-native.sh: FAILED: dotnet publish exited $status" >&2; exit "$status"; }

mv "$out/publish/vrrp" "$out/vrrp"
[ -f "$out/publish/vrrp.dbg" ] && mv "$out/publish/vrrp.dbg" "$out/vrrp.dbg"

# Smoke test: the binary starts (an arm64 one under qemu-user when this host is not arm64 and qemu is there).
run=("$out/vrrp")
if [ "$rid" = linux-arm64 ] && [ "$host" != aarch64 ]; then
  if command -v qemu-aarch64 >/dev/null 2>&1; then
    run=(qemu-aarch64 -L /usr/aarch64-linux-gnu "$out/vrrp")
  else
    run=()
    echo "build-native.sh: not running the arm64 binary: no qemu-aarch64 (apt-get install qemu-user)"
  fi
fi
if [ "${#run[@]}" -gt 0 ]; then
  version=$("${run[@]}" --version) || { echo "build-native.sh: FAILED: $out/vrrp --version" >&2; exit 1; }
  echo "build-native.sh: $out/vrrp --version: $version"
fi

size=$(stat -c %s "$out/vrrp")
echo "build-native.sh: ok: $out/vrrp, $size bytes ($((size / 1024)) KiB), no trim/AOT warnings, $(($(date +%s) - start)) s"
