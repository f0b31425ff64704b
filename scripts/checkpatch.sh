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

rc=0
for k in $("$REPO/scripts/deps.sh" --kernels); do
	extract "$k"
	cp="$REPO/build/checkpatch/$k/scripts/checkpatch.pl"
	krc=0
	for f in "$@"; do
		out=$("$cp" --no-tree --strict --quiet -f "$f" 2>&1) || krc=1
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
