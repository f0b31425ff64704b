#!/usr/bin/env bash
# sparse.sh [KERNEL]... - sparse (C=2: every kernel source, rebuilt or not)
# on the modules against each kernel's headers (default: every supported
# kernel, scripts/deps.sh --kernels), through scripts/kmod.sh, so the
# objects land in build/kmod/$KABI/ like any module build.
# Prints the findings, or "sparse (C=2) KABI: clean" per kernel; exits
# non-zero if any kernel has a finding or fails to build.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck disable=SC2046 # one kernel per word
[ "$#" -gt 0 ] || set -- $("$REPO/scripts/deps.sh" --kernels)
"$REPO/scripts/deps.sh" kernel

rc=0
for k in "$@"; do
	abi=$(env -u GVT_KABI "$REPO/scripts/deps.sh" --print-abi "$k")
	krc=0
	# -s: no "CC"/"LD" lines; what remains is a finding or an error.  The
	# BTF note is printed where the headers carry no vmlinux (6.1).
	out=$("$REPO/scripts/kmod.sh" -a "$abi" -s --no-print-directory C=2 modules 2>&1) || krc=$?
	out=$(grep -v '^Skipping BTF generation' <<<"$out" || true)
	if [ "$krc" -ne 0 ] || [ -n "$out" ]; then
		echo "$out"
		echo "sparse (C=2) $abi: FAILED (make exit $krc)"
		rc=1
	else
		echo "sparse (C=2) $abi: clean"
	fi
done
exit "$rc"
