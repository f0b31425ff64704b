#!/usr/bin/env bash
# check-detectors.sh [--xen] - `make check-detectors`, the "detectors"
# part of `make check-debug` (scripts/check.sh --debug): prove on the
# debug kernel that every detector whose reports tests/vm/reports.sh
# counts fires, and that each report is counted once, under its kind.
# One VM (tests/vm/run-plant.sh): the KASAN debug kernel
# (scripts/debug-kernel.sh) with one planted bug per detector
# (tests/vm/plant/gvt_plant.c).  --xen also runs it on the dom0 variant
# under Xen (scripts/debug-kernel.sh --xen: no KASAN, so kasan=0 there).
# Ends with each kernel's "detectors: ..." line and the time taken; exit
# 1 if any detector stayed silent or a count is off.
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kernels=("")
case "${1:-}" in
"") ;;
--xen) kernels+=(--xen) ;;
*) echo "usage: scripts/check-detectors.sh [--xen]" >&2; exit 2 ;;
esac

start=$SECONDS
rc=0
summary=()
for k in "${kernels[@]}"; do
	out=$("$REPO/tests/vm/run-plant.sh" ${k:+"$k"} 2>&1) || rc=1
	echo "$out"
	summary+=("$(grep '^detectors ' <<<"$out" || echo "detectors${k:+ ($k)}: no result")")
done
[ "${#summary[@]}" -eq 1 ] || printf '%s\n' "${summary[@]}"
echo "check-detectors: $((SECONDS - start)) s"
exit "$rc"
