#!/usr/bin/env bash
# demo-table.sh FILE.jsonl - print the demo's markdown table from the JSON
# lines of vfio-display-watch/xengt-display-watch (event and timer runs of
# each workload).
set -euo pipefail
DIR=$(dirname "${BASH_SOURCE[0]}")
awk -f "$DIR/json.awk" -f "$DIR/demo-table.awk" "$1"
