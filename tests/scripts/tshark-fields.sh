#!/usr/bin/env bash
# Prints Wireshark's dissection of every VRRP packet in a capture as TSV, the expected answer for `vrrp decode`.
#
#   tests/scripts/tshark-fields.sh CAPTURE > CAPTURE.tshark.tsv
#
# One header line, then one line per VRRP packet; several values of one field (the addresses) are joined with ','.
# Packets are those with VRRP directly inside IP: VRRP quoted inside an ICMP error (keepalived's unicast peers answer
# "protocol unreachable" once the other keepalived has stopped) is dissected by tshark but is not an advert, and
# `vrrp decode` rightly skips it.
#
# tshark checks the VRRPv3 checksum with the IP pseudo-header by default (preference vrrp.v3_checksum_as_in_v2 FALSE,
# set explicitly here so a user's preferences cannot change the answer). The last column repeats the checksum status
# with that preference TRUE, which for VRRPv3 over IPv4 checks the message-only form (RFC 9568) instead; for IPv6
# tshark always uses the pseudo-header. Status values: 0 bad, 1 good, 2 unverified.
#
# Exit codes: 0 done, 2 usage, 3 tshark missing.
set -euo pipefail

if [[ $# -ne 1 || $1 == -h || $1 == --help ]]; then
    awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}" >&2
    exit 2
fi
command -v tshark >/dev/null 2>&1 || {
    echo "tshark-fields: missing prerequisite: tshark (apt-get install -y tshark, or run ./test.sh as root)" >&2
    exit 3
}

readonly capture=$1
readonly filter='vrrp && !icmp && !icmpv6'
readonly fields=(
    frame.number
    ip.src ip.dst ip.ttl
    ipv6.src ipv6.dst ipv6.hlim
    vrrp.version vrrp.type vrrp.virt_rtr_id vrrp.prio vrrp.addr_count
    vrrp.auth_type vrrp.adver_int vrrp.reserved_mbz vrrp.short_adver_int
    vrrp.checksum vrrp.checksum.status
    vrrp.ip_addr vrrp.ipv6_addr vrrp.auth_string
)

# tshark writes a note to stderr when run as root; only real errors matter.
run_tshark() {
    local pref=$1 errors status=0
    shift
    errors=$(mktemp)
    tshark -n -r "$capture" -o "vrrp.v3_checksum_as_in_v2:$pref" -Y "$filter" \
        -T fields -E header=y -E separator=/t -E occurrence=a -E aggregator=, "$@" 2>"$errors" || status=$?
    grep -v -e '^Running as user "root"' "$errors" >&2 || true
    rm -f -- "$errors"
    return "$status"
}

default_form=$(run_tshark FALSE "${fields[@]/#/-e}")
message_form=$(run_tshark TRUE -e frame.number -e vrrp.checksum.status)

# Both runs list the same frames in the same order; join them and name the extra column.
paste <(printf '%s\n' "$default_form") <(printf '%s\n' "$message_form") | awk -F '\t' -v OFS='\t' -v n="${#fields[@]}" '
    NR == 1 { $(n + 1) = ""; $(n + 2) = "vrrp.checksum.status.v3_checksum_as_in_v2"; }
    NR > 1 && $1 != $(n + 1) { print "tshark-fields: frame lists differ at line " NR > "/dev/stderr"; exit 1 }
    { line = $1; for (i = 2; i <= n; i++) { line = line OFS $i }; print line OFS $(n + 2) }'
