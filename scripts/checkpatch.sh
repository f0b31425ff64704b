#!/usr/bin/env bash
# checkpatch.sh FILE... - run the kernel's checkpatch.pl --strict of every
# supported kernel (scripts/deps.sh --kernels: 6.1 and 6.12, each from
# Debian's linux-source-<K>, extracted once into build/checkpatch/<K>) on
# the files.  Exit status: non-zero if any version reports an error,
# warning or check on any file.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# extract K: checkpatch.pl and the files it reads from linux-source-K.
extract() {
	local k=$1 dir="$REPO/build/checkpatch/$1" tarball tmp
	[ -x "$dir/scripts/checkpatch.pl" ] && return 0
	"$REPO/scripts/deps.sh" kernel
	tarball=/usr/src/linux-source-$k.tar.xz
	[ -f "$tarball" ] || { echo "checkpatch.sh: no $tarball (linux-source-$k)" >&2; exit 1; }
	tmp="$dir.tmp.$$"
	rm -rf "$tmp"
	mkdir -p "$tmp"
	tar -xJf "$tarball" -C "$tmp" --strip-components=1 \
		"linux-source-$k/scripts/checkpatch.pl" \
		"linux-source-$k/scripts/spelling.txt" \
		"linux-source-$k/scripts/const_structs.checkpatch"
	rm -rf "$dir"
	mv "$tmp" "$dir"
}

# common/gvt_compat.h is the one file that exists to test the kernel
# version (one shim per API change, naming the release): checkpatch's rule
# that code be written for the version it is merged into cannot apply to
# it, so there, and only there, LINUX_VERSION_CODE and the constant-on-the-
# left comparison it implies are not reported.
opts() {
	case "$1" in
	*common/gvt_compat.h) echo "--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON" ;;
	esac
}

rc=0
for k in $("$REPO/scripts/deps.sh" --kernels); do
	extract "$k"
	cp="$REPO/build/checkpatch/$k/scripts/checkpatch.pl"
	krc=0
	for f in "$@"; do
		# shellcheck disable=SC2046 # opts prints whole words
		out=$("$cp" --no-tree --strict --quiet $(opts "$f") -f "$f" 2>&1) || krc=1
		if [ -n "$out" ]; then
			echo "$out"
			krc=1
		fi
	done
	if [ "$krc" -eq 0 ]; then
		echo "checkpatch --strict ($k): $# files clean"
	else
		echo "checkpatch --strict ($k): FAILED"
		rc=1
	fi
done
exit "$rc"
