#!/usr/bin/env bash
# Re-captures the committed keepalived fixtures in samples/captures/ and their tshark answers.
#
#   tests/scripts/update-capture-fixtures.sh
#
# Runs capture-keepalived.sh (root, or a user namespace) into samples/captures/, then writes tshark's field dump
# (tshark-fields.sh) next to each capture as <capture>.tshark.tsv. Review the diff before committing: the captures
# change on every run (timestamps, packet counts), the shape of the answers should not.
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
readonly here
readonly captures="$here/../../samples/captures"

mkdir -p -- "$captures"
"$here/capture-keepalived.sh" "$captures"
for capture in "$captures"/keepalived-*.pcap "$captures"/keepalived-*.pcapng; do
    [[ -f $capture ]] || continue
    "$here/tshark-fields.sh" "$capture" >"$capture.tshark.tsv"
    echo "$(basename -- "$capture"): $(($(wc -l <"$capture.tshark.tsv") - 1)) VRRP packets"
done
