#!/usr/bin/env bash
# reports.sh LOG... - count the kernel's error reports in VM console logs.
#
# Prints one line per LOG and a total:
#   LOG: kasan=N lockdep=N ubsan=N kmemleak=N odebug=N kfence=N warn=N bug=N
# and exits 1 if any count is not 0 (2 if a LOG is missing or never reached
# the end of its suite).  The console carries every kernel message (the VMs
# boot without "quiet"); kmemleak's reports sit in debugfs, so the VM prints
# their number itself ("VMREPORTS kmemleak=N", tests/vm/vminit.sh).
#
# Each report is counted once, by its first line:
#   kasan     BUG: KASAN: ...
#   lockdep   WARNING: possible circular/recursive locking, inconsistent lock
#             state, suspicious RCU usage, bad unlock balance, held lock
#             freed, lock held when returning, irq lock inversion; and the
#             atomic-context checks (BUG: sleeping function called from
#             invalid context, BUG: scheduling while atomic)
#   ubsan     UBSAN: ...
#   kmemleak  unreferenced objects after the final scans
#   odebug    ODEBUG: ...
#   kfence    BUG: KFENCE: ...
#   warn      any other WARNING: (WARN_ON and friends)
#   bug       any other BUG:, Oops, general protection fault, kernel panic
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: tests/vm/reports.sh LOG..." >&2; exit 2; }

LOCKDEP='WARNING: possible (circular|recursive|irq lock inversion)|WARNING: inconsistent lock state|WARNING: suspicious RCU usage|WARNING: bad unlock balance|WARNING: held lock freed|WARNING: lock held when returning|WARNING: Nested lock was not taken|BUG: sleeping function called|BUG: scheduling while atomic|BUG: workqueue leaked lock|BUG: held lock freed|BUG: MAX_LOCKDEP|BUG: looking up invalid subclass'

# count LOG: the eight counts of LOG as "k=v ..." on stdout.
count() {
	local log=$1 kml
	kml=$(sed -n 's/.*VMREPORTS kmemleak=\([0-9][0-9]*\).*/\1/p' "$log" | tail -1)
	awk -v lockdep="$LOCKDEP" -v kml="${kml:-0}" '
		/BUG: KASAN:/ { kasan++; next }
		/BUG: KFENCE:/ { kfence++; next }
		$0 ~ lockdep { lockdep++; next }
		/UBSAN:/ { ubsan++; next }
		/ODEBUG:/ { odebug++; next }
		/WARNING:/ { warn++; next }
		/BUG:|Oops:|general protection fault|Kernel panic/ { bug++; next }
		END {
			printf "kasan=%d lockdep=%d ubsan=%d kmemleak=%d odebug=%d kfence=%d warn=%d bug=%d\n",
				kasan, lockdep, ubsan, kml, odebug, kfence, warn, bug
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
	if ! grep -q "VMTEST END" "$log"; then
		echo "$log: the suite did not reach its end" >&2
		rc=2
	fi
	line=$(count "$log")
	echo "$log: $line"
	for kv in $line; do
		k=${kv%=*}
		total[$k]=$((${total[$k]:-0} + ${kv#*=}))
	done
done
sum=0
out=
for k in kasan lockdep ubsan kmemleak odebug kfence warn bug; do
	out+=" $k=${total[$k]:-0}"
	sum=$((sum + ${total[$k]:-0}))
done
echo "reports:$out"
[ "$sum" -eq 0 ] || { [ "$rc" -ne 0 ] || rc=1; }
exit "$rc"
