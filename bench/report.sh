#!/usr/bin/env bash
# report.sh DIR OUT.md - turn the raw data of bench/run.sh (in DIR:
# machine.txt, callgrind.txt, wall.jsonl, vm.jsonl) into the markdown
# report OUT.md and the gnuplot data files DIR/*.dat.
set -euo pipefail
DIR=$1
MD=$2

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
awk -v dir="$DIR" -f "$REPO/scripts/json.awk" -f "$REPO/bench/report.awk" "$DIR/machine.txt" "$DIR/callgrind.txt" "$DIR/wall.jsonl" "$DIR/vm.jsonl"
cp "$DIR/report.md" "$MD"
