#!/usr/bin/env bash
# reports.sh [-l] [-n] LOG... - count the kernel's error reports in VM
# console logs.
#
# Prints one line per LOG and a total:
#   LOG: kasan=N lockdep=N ubsan=N kmemleak=N odebug=N kfence=N warn=N bug=N
#   reports: kasan=N ...
# and exits 1 if any count is not 0 (2 if a LOG is missing or never reached
# the end of its suite).  -l also lists each report counted, as
# "  KIND: first line" under its LOG's line; -n takes LOGs that are pieces
# of a console log (no "VMTEST END" needed).  The console carries every
# kernel message (the VMs boot without "quiet"); kmemleak's reports sit in
# debugfs, so the VM prints their number itself ("VMREPORTS kmemleak=N",
# tests/vm/vminit.sh).  scripts/check-detectors.sh proves on the debug
# kernels that each kind is reported and counted once, under its name.
#
# Each report is counted once, by its first line:
#   kasan     BUG: KASAN: ...
#   lockdep   WARNING: possible circular/recursive locking, inconsistent lock
#             state, suspicious RCU usage, bad unlock balance, held lock
#             freed, lock held when returning, irq lock inversion, locks
#             still held at exit; BUG: Invalid wait context; INFO: trying
#             to register non-static key; and the atomic-context checks
#             (BUG: sleeping function called from invalid context, BUG:
#             scheduling while atomic, ...)
#   ubsan     UBSAN: ...
#   kmemleak  unreferenced objects after the final scans
#   odebug    ODEBUG: ... (its WARN, "WARNING: ... at lib/debugobjects.c",
#             is the same report)
#   kfence    BUG: KFENCE: ...
#   warn      any other WARNING: (WARN_ON and friends)
#   bug       any other BUG:, kernel BUG at, Oops, general protection
#             fault, kernel panic (an Oops line right after a BUG: line is
#             the same report)
# The kernel prints a report's first line at the start of a console line
# (no timestamps); the VM's own copies of kernel lines are indented (the
# output of vm_finish's dmesg-clean check and of the tests, "    " or
# "    dmesg: " before the text) and are not reports.
set -euo pipefail

usage() {
	echo "usage: tests/vm/reports.sh [-l] [-n] LOG..." >&2
	exit 2
}

LIST=0
NOEND=0
while [ $# -gt 0 ]; do
	case "$1" in
	-l) LIST=1 ;;
	-n) NOEND=1 ;;
	--) shift; break ;;
	-*) usage ;;
	*) break ;;
	esac
	shift
done
[ $# -ge 1 ] || usage

KINDS=(kasan lockdep ubsan kmemleak odebug kfence warn bug)
LOCKDEP='WARNING: possible (circular|recursive|irq lock inversion)|WARNING: inconsistent lock state|WARNING: suspicious RCU usage|WARNING: bad unlock balance|WARNING: held lock freed|WARNING: lock held when returning|WARNING: Nested lock was not taken|WARNING: .* still has locks held|BUG: Invalid wait context|INFO: trying to register non-static key|BUG: key .* has not been registered|BUG: sleeping function called|BUG: scheduling while atomic|BUG: scheduling in a non-blocking section|BUG: assuming atomic context|BUG: workqueue leaked lock|BUG: held lock freed|BUG: MAX_LOCKDEP|BUG: looking up invalid subclass'
# The start of a report's first line, for the VM's indented copies.
FIRST='BUG:|WARNING:|UBSAN:|ODEBUG:|Oops:|INFO:|kernel BUG at|general protection fault|Kernel panic'

# count LOG: the counts of LOG as "k=v ..." on the first line of stdout;
# with -l, then each report counted as "  KIND: first line".
count() {
	local log=$1 kml
	kml=$(sed -n 's/.*VMREPORTS kmemleak=\([0-9][0-9]*\).*/\1/p' "$log" | tail -1)
	awk -v lockdep_re="$LOCKDEP" -v first_re="^    (dmesg: )?($FIRST)" \
		-v kml="${kml:-0}" -v list="$LIST" '
		function kind(s) {
			if (s ~ /BUG: KASAN:/) return "kasan"
			if (s ~ /BUG: KFENCE:/) return "kfence"
			if (s ~ lockdep_re) return "lockdep"
			if (s ~ /UBSAN:/) return "ubsan"
			if (s ~ /ODEBUG:/) return "odebug"
			if (s ~ /WARNING:.* at lib\/debugobjects\.c:/) return "odebug-warn"
			if (s ~ /WARNING:/) return "warn"
			if (s ~ /Oops:/) return "oops"
			if (s ~ /BUG:|kernel BUG at|general protection fault|Kernel panic/) return "bug"
			return ""
		}
		BEGIN { last_odebug = -100; last_bug = -100 }
		{
			line = $0
			sub(/\r+$/, "", line)
			if (line ~ first_re) next
			k = kind(line)
			if (k == "") next
			if (k == "odebug-warn") {
				# The WARN of the ODEBUG: line just before.
				if (NR - last_odebug <= 3) next
				k = "odebug"
			}
			if (k == "oops") {
				# The Oops of the BUG: line just before.
				if (NR - last_bug <= 8) next
				k = "bug"
			} else if (k == "bug") {
				last_bug = NR
			}
			if (k == "odebug") last_odebug = NR
			n[k]++
			if (list) found = found sprintf("  %s: %s\n", k, line)
		}
		END {
			n["kmemleak"] = kml
			printf "kasan=%d lockdep=%d ubsan=%d kmemleak=%d odebug=%d kfence=%d warn=%d bug=%d\n",
				n["kasan"], n["lockdep"], n["ubsan"], n["kmemleak"],
				n["odebug"], n["kfence"], n["warn"], n["bug"]
			printf "%s", found
		}' "$log"
}

rc=0
declare -A total=()
for log in "$@"; do
	if [ ! -s "$log" ]; then
		echo "$log: missing" >&2
		rc=2
		continue
	fi
	if [ "$NOEND" -eq 0 ] && ! grep -aq "VMTEST END" "$log"; then
		echo "$log: the suite did not reach its end" >&2
		rc=2
	fi
	out=$(count "$log")
	line=${out%%$'\n'*}
	echo "$log: $line"
	[ "$out" = "$line" ] || echo "${out#*$'\n'}"
	for kv in $line; do
		k=${kv%=*}
		total[$k]=$((${total[$k]:-0} + ${kv#*=}))
	done
done
sum=0
out=
for k in "${KINDS[@]}"; do
	out+=" $k=${total[$k]:-0}"
	sum=$((sum + ${total[$k]:-0}))
done
echo "reports:$out"
[ "$sum" -eq 0 ] || { [ "$rc" -ne 0 ] || rc=1; }
exit "$rc"
