#!/usr/bin/env bash
# lint-user.sh [FILE...] - clang-tidy and cppcheck on the userspace C code
# (default: tools/*.c tests/*.c tests/vm/*.c tests/fuzz/*.c).  The kernel
# code has its own linters (make lint: checkpatch --strict, sparse).
#
# clang-tidy: the checks of .clang-tidy at the top of the tree (the list
# and the reasons for what is off are there), every warning an error.  One
# process per file: clang-tidy 14 run on several files at once carries
# analyzer state from one file to the next and reports false va_list
# errors.
# cppcheck: --enable=warning,portability,performance (not style), errors
# fail; a finding that is a false positive is silenced in the code with
# `// cppcheck-suppress ID` and a reason.
#
# Prints the findings and "lint-user: clean" or exits non-zero.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
"$REPO/scripts/deps.sh" lint

if [ "$#" -eq 0 ]; then
	set -- tools/*.c tests/*.c tests/vm/*.c tests/fuzz/*.c
fi
# As the builds compile them: gnu dialect, the Xen tools' interface.
CFLAGS=(-std=gnu11 -Wall -Wextra -D__XEN_TOOLS__=1)

rc=0
# shellcheck disable=SC2016 # $1 and $@ are the inner sh's
out=$(printf '%s\n' "$@" |
	xargs -P "$(nproc)" -I{} sh -c \
		'f=$1; shift; clang-tidy --quiet "$f" -- "$@" 2>&1 || echo "FAILED: $f"' \
		sh {} "${CFLAGS[@]}" |
	grep -v -e '^[0-9]* warnings\? generated\.$' -e '^[0-9]* warnings\? and [0-9]* errors\? generated\.$' ||
	true)
if [ -n "$out" ]; then
	echo "$out"
	rc=1
fi
echo "clang-tidy: $# files"

if ! cppcheck -q --std=c11 --enable=warning,portability,performance \
	--inline-suppr --error-exitcode=1 --library=posix \
	-D__XEN_TOOLS__=1 -D__linux__ -D__x86_64__ "$@"; then
	rc=1
fi
echo "cppcheck: $# files"

[ "$rc" -eq 0 ] && echo "lint-user: clean"
exit "$rc"
