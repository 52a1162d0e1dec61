#!/usr/bin/env bash
# The packages as a user gets them: packs every package of src/ into a throw-away folder feed, then
#  1. a fresh console app (dotnet new console) that references Vrrp.Testing, Vrrp.Hosting, Vrrp.Core and Vrrp.Linux
#     from that feed only (package source mapping; everything else from the machine's own NuGet sources, into an
#     empty NUGET_PACKAGES so nothing comes from the repository build's cache) runs packaging/consumer/*.cs:
#     failover on the simulated LAN and between two AddVrrp() hosts, and the README's example compiled;
#  2. the vrrp tool, installed from the feed with --tool-path and with -g (a temporary HOME, so the user's own
#     tools are untouched), runs --version, check-config and decode on the repository's samples.
# Every check prints "ok: ..." or "FAILED: ..."; the exit code is 1 when any failed. Temporary folders are removed.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

work=$(mktemp -d "${TMPDIR:-/tmp}/vrrp-consumer.XXXXXX")
trap 'rm -rf "$work"' EXIT
feed=$work/feed
export NUGET_PACKAGES=$work/packages

failures=0
passes=0
ok() { echo "ok: $1"; passes=$((passes + 1)); }
failed() { echo "FAILED: $1"; failures=$((failures + 1)); }
check() { # check DESCRIPTION COMMAND...: the command's exit code decides
    local what=$1
    shift
    if "$@"; then ok "$what"; else failed "$what"; fi
}
# Runs a command with its output in $work/out.txt; prints that output when the step fails.
run_logged() {
    if "$@" >"$work/out.txt" 2>&1; then return 0; fi
    echo "--- $* (last 40 lines) ---"
    tail -n 40 "$work/out.txt"
    echo "---"
    return 1
}
started=$(date +%s)
step_started=$started
step_done() { local now; now=$(date +%s); echo "   ($1: $((now - step_started)) s)"; step_started=$now; }
finish() {
    echo "consumer test: $passes checks ok, $failures FAILED, $(($(date +%s) - started)) s"
    if [ "$failures" -eq 0 ]; then exit 0; else exit 1; fi
}

# 1. Pack every project under src/ (the five libraries and the tool) with a version no cache has seen.
# VRRP_CONSUMER_FEED=DIR skips this and uses the packages already in DIR (for iterating on the checks).
if [ -n "${VRRP_CONSUMER_FEED:-}" ]; then
    feed=$(cd "$VRRP_CONSUMER_FEED" && pwd)
    suffix=
else
    projects=$(cd "$repo" && ls src/*/*.csproj | sed 's/.*/"&"/' | paste -sd, -)
    printf '{"solution":{"path":"%s","projects":[%s]}}\n' "$repo/Vrrp.sln" "$projects" >"$work/packages.slnf"
    suffix=ci.$(date -u +%Y%m%d%H%M%S).$$
    if ! run_logged dotnet pack "$work/packages.slnf" -c Release -o "$feed" --version-suffix "$suffix" -nologo; then
        failed "dotnet pack -c Release --version-suffix $suffix"
        finish
    fi
fi
core=$(cd "$feed" && ls -t Vrrp.Core.*.nupkg 2>/dev/null | head -n 1 || true)
version=${core#Vrrp.Core.}
version=${version%.nupkg}
if [ -z "$core" ] || { [ -n "$suffix" ] && [[ $version != *"-$suffix" ]]; }; then
    failed "dotnet pack made Vrrp.Core with the version suffix $suffix (found: ${core:-nothing})"
    finish
fi
for id in Vrrp.Core Vrrp.Config Vrrp.Linux Vrrp.Hosting Vrrp.Testing Vrrp.Etcd vrrp; do
    check "package $id $version and its symbols (.snupkg) are in the feed" \
        test -f "$feed/$id.$version.nupkg" -a -f "$feed/$id.$version.snupkg"
done
step_done "pack"

# The app's NuGet configuration: the feed for Vrrp.* and the vrrp tool, the machine's own sources for the rest.
mkdir -p "$work/app"
sources=$(cd "$work" && dotnet nuget list source --format short | awk '$1 == "E" { print $2 }')
if [ -z "$sources" ]; then
    failed "dotnet nuget list source names an enabled source for Microsoft.Extensions.*"
    finish
fi
{
    echo '<?xml version="1.0" encoding="utf-8"?>'
    echo '<configuration>'
    echo '  <packageSources>'
    echo '    <clear />'
    echo "    <add key=\"vrrp-feed\" value=\"$feed\" />"
    n=0
    for source in $sources; do
        n=$((n + 1))
        echo "    <add key=\"machine-$n\" value=\"$source\" />"
    done
    echo '  </packageSources>'
    echo '  <packageSourceMapping>'
    echo '    <packageSource key="vrrp-feed"><package pattern="Vrrp.*" /><package pattern="vrrp" /></packageSource>'
    for i in $(seq 1 "$n"); do
        echo "    <packageSource key=\"machine-$i\"><package pattern=\"*\" /></packageSource>"
    done
    echo '  </packageSourceMapping>'
    echo '</configuration>'
} >"$work/app/nuget.config"

# 2. A fresh console app that embeds Vrrp from the packages.
extensions=$(sed -n 's/.*PackageVersion Include="Microsoft.Extensions.Hosting" Version="\([^"]*\)".*/\1/p' "$repo/Directory.Packages.props")
cd "$work/app"
if run_logged dotnet new console --name Consumer --output . --framework net10.0 --no-restore; then
    ok "dotnet new console"
    rm -f Program.cs
    cp "$repo"/packaging/consumer/*.cs .
    added=true
    for id in Vrrp.Core Vrrp.Testing Vrrp.Hosting Vrrp.Linux; do
        run_logged dotnet add package "$id" --version "$version" --no-restore || added=false
    done
    run_logged dotnet add package Microsoft.Extensions.Hosting --version "$extensions" --no-restore || added=false
    check "dotnet add package Vrrp.Core/Testing/Hosting/Linux $version and Microsoft.Extensions.Hosting $extensions" $added
    step_done "new console app"
    if run_logged dotnet build -c Release -nologo -p:TreatWarningsAsErrors=true; then
        ok "the consumer app restores and builds against the packages (warnings as errors)"
        for id in vrrp.core vrrp.testing vrrp.hosting vrrp.linux vrrp.config; do
            check "$id $version was restored from the feed into the empty package folder" \
                test -f "$NUGET_PACKAGES/$id/$version/$id.$version.nupkg"
        done
        step_done "restore + build"
        if dotnet bin/Release/net10.0/Consumer.dll; then
            ok "the consumer app's failover checks"
        else
            failed "the consumer app's failover checks (see the FAILED lines above)"
        fi
        step_done "consumer run"
    else
        failed "the consumer app restores and builds against the packages (warnings as errors)"
    fi
else
    failed "dotnet new console"
fi

# 3. The tool from the feed, checked on the repository's samples. --add-source cannot be combined with package source
# mapping, so the installs run where the NuGet configuration clears every source: the feed is the only one.
mkdir -p "$work/tool"
printf '<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <packageSources>\n    <clear />\n  </packageSources>\n</configuration>\n' \
    >"$work/tool/nuget.config"
cd "$work/tool"
check_tool() { # check_tool LABEL PATH-TO-vrrp
    local label=$1 vrrp=$2 out
    out=$("$vrrp" --version 2>&1) || true
    check "$label: vrrp --version prints $version (got: $out)" grep -qF -- "$version" <<<"$out"

    out=$("$vrrp" check-config -f "$repo/tests/config-corpus/sync-group.conf" 2>&1) \
        && ok "$label: vrrp check-config -f tests/config-corpus/sync-group.conf exits 0" \
        || failed "$label: vrrp check-config -f tests/config-corpus/sync-group.conf exits 0 (got: $out)"
    local status=0
    out=$("$vrrp" check-config -f "$repo/tests/config-corpus/vrid-out-of-range.conf" 2>&1) || status=$?
    check "$label: vrrp check-config on vrid-out-of-range.conf exits non-zero with file:line:col: error:" \
        test "$status" -ne 0 -a -n "$(grep -E 'vrid-out-of-range\.conf:[0-9]+:[0-9]+: error:' <<<"$out")"

    local pcap expected lines
    for pcap in "$repo"/samples/captures/*.pcap "$repo"/samples/captures/*.pcapng; do
        # tshark's view of the same file: one row per VRRP packet after a header line.
        expected=$(($(wc -l <"$pcap.tshark.tsv") - 1))
        status=0
        out=$("$vrrp" decode --pcap "$pcap" 2>&1) || status=$?
        lines=$(grep -c ': VRRPv[23] type 1 vrid .* ok' <<<"$out" || true)
        check "$label: vrrp decode --pcap $(basename "$pcap"): $expected adverts with valid checksums, as tshark" \
            test "$status" -eq 0 -a "$lines" -eq "$expected" -a "$(wc -l <<<"$out")" -eq "$expected"
    done
}

if run_logged dotnet tool install vrrp --tool-path "$work/tools" --add-source "$feed" --version "$version"; then
    ok "dotnet tool install vrrp --tool-path ... --add-source FEED --version $version"
    check_tool "tool-path" "$work/tools/vrrp"
else
    failed "dotnet tool install vrrp --tool-path ... --add-source FEED --version $version"
fi
step_done "tool --tool-path"

# -g into a temporary home: the user's ~/.dotnet/tools stays as it was.
user_tool_before=$(ls -l ~/.dotnet/tools/vrrp 2>/dev/null || true)
home=$work/home
mkdir -p "$home"
if run_logged env HOME="$home" DOTNET_CLI_HOME="$home" dotnet tool install -g vrrp --add-source "$feed" --version "$version"; then
    ok "dotnet tool install -g vrrp --add-source FEED --version $version (HOME=$home)"
    check_tool "global" "$home/.dotnet/tools/vrrp"
    check "dotnet tool list -g shows vrrp $version" \
        grep -qiE "^vrrp +$version" <<<"$(env HOME="$home" DOTNET_CLI_HOME="$home" dotnet tool list -g)"
    check "dotnet tool uninstall -g vrrp removes the command" \
        eval 'env HOME="$home" DOTNET_CLI_HOME="$home" dotnet tool uninstall -g vrrp >/dev/null && ! test -e "$home/.dotnet/tools/vrrp"'
else
    failed "dotnet tool install -g vrrp --add-source FEED --version $version (HOME=$home)"
fi
check "the user's own ~/.dotnet/tools/vrrp is untouched" test "$(ls -l ~/.dotnet/tools/vrrp 2>/dev/null || true)" = "$user_tool_before"
step_done "tool -g"

cd "$repo"
finish
