#!/usr/bin/env bash
# checkpatch.sh FILE... - run the kernel's checkpatch.pl --strict (from
# Debian's linux-source-6.1, extracted once into build/checkpatch) on files.
# Exit status: non-zero if any file has an error, warning or check.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR="$REPO/build/checkpatch"
CP="$DIR/scripts/checkpatch.pl"
if [ ! -x "$CP" ]; then
	"$REPO/scripts/deps.sh" kernel
	tarball=$(ls /usr/src/linux-source-6.1.tar.xz)
	mkdir -p "$DIR"
	tar -xJf "$tarball" -C "$DIR" --strip-components=1 \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch
fi
rc=0
for f in "$@"; do
	out=$("$CP" --no-tree --strict --quiet -f "$f" 2>&1) || rc=1
	if [ -n "$out" ]; then
		echo "$out"
		rc=1
	fi
done
[ "$rc" -eq 0 ] && echo "checkpatch --strict: $# files clean"
exit "$rc"
