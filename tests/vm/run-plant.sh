#!/usr/bin/env bash
# run-plant.sh [--xen] - the detector self-test: every report kind that
# tests/vm/reports.sh counts must be reported by the debug kernel and
# counted once, under its own name.
#
# Builds gvt_plant.ko (tests/vm/plant/) against the debug kernel
# (scripts/debug-kernel.sh; --xen: its dom0 variant, booted as Xen PV
# dom0), boots it with tests/vm/init-plant.sh, which plants one bug per
# detector (the module frames each on the console: "gvt_plant: plant K"
# ... "gvt_plant: planted K") and ends with vm_finish (kmemleak scans,
# "VMREPORTS kmemleak=N"), then checks the console log:
#   - each plant's piece of the log holds exactly one report, of its kind
#     (reports.sh -n); the kmemleak plant's report is the one object of
#     the final scans, allocated in gvt_plant;
#   - the whole log's counts are exactly the plants' (nothing else was
#     reported), and every kind reports.sh counts was planted and fired,
#     but for a detector this kernel lacks (the module says so; --xen has
#     no KASAN), whose count must then be 0.
# Ends with "detectors: kasan=N ... (all fire)"; exit 1 if any detector
# stayed silent or a count is off.  Output in build/vm/$KABI/plant/;
# --no-boot checks the log of the last run again.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
XEN=()
BOOT=1
while [ $# -gt 0 ]; do
	case "$1" in
	--xen) XEN=(--xen) ;;
	--no-boot) BOOT=0 ;;
	*) echo "usage: tests/vm/run-plant.sh [--xen] [--no-boot]" >&2; exit 2 ;;
	esac
	shift
done

# The kind of report each plant (gvt_plant.c) is for.
declare -A KIND_OF=([lockdep]=lockdep [atomic]=lockdep [kasan]=kasan
	[ubsan]=ubsan [odebug]=odebug [kfence]=kfence [warn]=warn
	[kmemleak]=kmemleak [bug]=bug)

kvars=$("$REPO/scripts/debug-kernel.sh" "${XEN[@]+"${XEN[@]}"}")
eval "$kvars"
: "${KDIR:?}" "${VMLINUZ:?}"
export GVT_CACHE GVT_KABI
KABI=$GVT_KABI
OUT="$REPO/build/vm/$KABI/plant"
mkdir -p "$OUT"

# boot: build the module, the initramfs, boot; the log (CRs dropped) in
# $OUT/plant.txt.
boot() {
	local mdir="$REPO/build/plant/$KABI" log="$OUT/plant.log" f stock=() start rc=0
	# The module, built in a copy of its sources (the tree stays clean).
	mkdir -p "$mdir"
	for f in "$REPO"/tests/vm/plant/*; do
		cmp -s "$f" "$mdir/${f##*/}" || cp "$f" "$mdir/"
	done
	make -C "$KDIR" M="$mdir" modules >"$OUT/build.log" 2>&1 ||
		{ cat "$OUT/build.log"; exit 1; }

	[ "${#XEN[@]}" -eq 0 ] || stock=(--xen-modules)
	"$REPO/tests/vm/mkinitramfs.sh" "${stock[@]+"${stock[@]}"}" -o "$OUT/initrd.cpio.gz" \
		-i "$REPO/tests/vm/init-plant.sh" -m "$mdir/gvt_plant.ko" \
		-f "$REPO/tests/vm/vminit.sh:/lib/vminit.sh"

	start=$SECONDS
	"$REPO/tests/vm/boot.sh" "${XEN[@]+"${XEN[@]}"}" -k "$VMLINUZ" -r "$OUT/initrd.cpio.gz" \
		-l "$log" -t 300 ${GVT_VM_ARGS:+-x "$GVT_VM_ARGS"} 2>"$log.err" || rc=$?
	echo "plant-$KABI: VM $((SECONDS - start)) s (boot.sh exit $rc)"
	tr -d '\r' <"$log" >"$OUT/plant.txt"
}

[ "$BOOT" -eq 0 ] || boot
log=$OUT/plant.txt

fail=()
if ! grep -q '^PLANT DONE' "$log" || ! grep -q '^VMTEST END' "$log"; then
	echo "plant-$KABI: the VM did not finish; last lines of $log:"
	tail -40 "$log" | sed 's/^/    /'
	exit 1
fi
read -ra plants <<<"$(sed -n 's/^PLANT KINDS //p' "$log")"

# counts FILE...: reports.sh -n -l of the files, its output kept in
# $OUT/counts.txt; sets C[FILE:KIND] and FIRST[FILE] (the first lines).
declare -A C=() FIRST=()
counts() {
	local line f kv
	"$REPO/tests/vm/reports.sh" -n -l "$@" >"$OUT/counts.txt" 2>&1 || true
	f=
	while IFS= read -r line; do
		case "$line" in
		"reports:"*) ;;
		"  "*) [ -z "$f" ] || FIRST[$f]+="${line#  }"$'\n' ;;
		*": "*)
			f=${line%%: *}
			for kv in ${line#*: }; do
				C[$f:${kv%=*}]=${kv#*=}
			done
			;;
		esac
	done <"$OUT/counts.txt"
}

# The plants' pieces of the log.
rm -f "$OUT"/seg-*.log
awk -v dir="$OUT" '
	/^gvt_plant: plant [a-z]+$/ { seg = dir "/seg-" $3 ".log"; printf "" > seg; next }
	/^gvt_plant: planted [a-z]+$/ || /^gvt_plant: [a-z]+: not planted/ { seg = ""; next }
	seg != "" { print > seg }' "$log"
segs=()
for k in "${plants[@]}"; do
	[ -f "$OUT/seg-$k.log" ] && segs+=("$OUT/seg-$k.log")
done
[ "${#segs[@]}" -eq 0 ] || counts "${segs[@]}"
# A piece with no line at all (kmemleak's) has no report.
for f in "${segs[@]+"${segs[@]}"}"; do
	[ -s "$f" ] && continue
	for kk in kasan lockdep ubsan kmemleak odebug kfence warn bug; do
		C[$f:$kk]=0
	done
done
counts_whole=$("$REPO/tests/vm/reports.sh" -l "$log" 2>&1 || true)
KINDS=$(sed -n 's/^reports: //p' <<<"$counts_whole" | sed 's/=[0-9]*//g')
declare -A WANT=() TOTAL=() ABSENT=()
read -ra totals <<<"$(sed -n 's/^reports: //p' <<<"$counts_whole")"
for kv in "${totals[@]}"; do
	TOTAL[${kv%=*}]=${kv#*=}
	WANT[${kv%=*}]=0
done

echo "plant-$KABI: one report of its kind per plant (first lines):"
for k in "${plants[@]}"; do
	kind=${KIND_OF[$k]:-}
	if [ -z "$kind" ]; then
		fail+=("$k: a plant the host does not know")
		continue
	fi
	if grep -q "^gvt_plant: $k: not in this kernel" "$log"; then
		ABSENT[$kind]=$(sed -n "s/^gvt_plant: $k: not in this kernel (no \(.*\))/\1/p" "$log")
		printf '  %-9s %s: not in this kernel (no %s)\n' "$k" "$kind" "${ABSENT[$kind]}"
		continue
	fi
	if ! grep -q "^PLANT RC $k 0$" "$log" || [ ! -f "$OUT/seg-$k.log" ]; then
		fail+=("$k: not planted ($(grep "^gvt_plant: $k:" "$log" | head -1))")
		continue
	fi
	seg=$OUT/seg-$k.log
	bad=
	for kk in $KINDS; do
		want=0
		[ "$kk" != "$kind" ] || [ "$kind" = kmemleak ] || want=1
		got=${C[$seg:$kk]:-?}
		[ "$got" = "$want" ] || bad+=" $kk=$got (want $want)"
	done
	[ "$kind" = kmemleak ] || WANT[$kind]=$((${WANT[$kind]:-0} + 1))
	if [ -n "$bad" ]; then
		fail+=("$k:$bad")
		printf '  %-9s FAIL:%s\n' "$k" "$bad"
		while IFS= read -r line; do
			[ -z "$line" ] || echo "            $line"
		done <<<"${FIRST[$seg]:-}"
		continue
	fi
	if [ "$kind" = kmemleak ]; then
		WANT[kmemleak]=$((${WANT[kmemleak]:-0} + 1))
		# The final scans' report (vm_finish prints it, indented).
		leak=$(sed -n '/^VMTEST FAIL kmemleak/,/^[^ ]/p' "$log")
		first=$(grep -m1 'unreferenced object' <<<"$leak" | sed 's/^ *//')
		if ! grep -q '\[gvt_plant\]' <<<"$leak"; then
			fail+=("kmemleak: the final scans found no object of gvt_plant")
			first="FAIL: no object of gvt_plant in the final scans"
		fi
		where=$(grep -m1 -o '[a-z_]*+0x[0-9a-f/x]* \[gvt_plant\]' <<<"$leak" || true)
		printf '  %-9s %s: %s%s\n' "$k" "$kind" "$first" "${where:+ ($where)}"
		continue
	fi
	printf '  %-9s %s\n' "$k" "${FIRST[$seg]%$'\n'}"
done

# The whole log: exactly the plants' reports, and every kind fired.
summary=
for kk in $KINDS; do
	summary+=" $kk=${TOTAL[$kk]}"
	if [ -n "${ABSENT[$kk]:-}" ]; then
		summary+=" (no ${ABSENT[$kk]})"
		[ "${TOTAL[$kk]}" -eq 0 ] || fail+=("$kk: ${TOTAL[$kk]} reports from a detector not in this kernel")
		continue
	fi
	[ "${WANT[$kk]}" -gt 0 ] || fail+=("$kk: no plant for this kind")
	[ "${TOTAL[$kk]}" -ge 1 ] || fail+=("$kk: the detector stayed silent")
	[ "${TOTAL[$kk]}" -eq "${WANT[$kk]}" ] ||
		fail+=("$kk: ${TOTAL[$kk]} reports in the log for ${WANT[$kk]} planted")
done
if [ "${#fail[@]}" -ne 0 ]; then
	echo "plant-$KABI: every report counted in the log:"
	sed -n '2,$p' <<<"$counts_whole" | grep -v '^reports:' | sed 's/^/  /'
	for f in "${fail[@]}"; do
		echo "plant-$KABI: FAIL $f"
	done
	echo "detectors ($KABI):$summary (FAILED)"
	exit 1
fi
if [ "${#ABSENT[@]}" -eq 0 ]; then
	echo "detectors ($KABI):$summary (all fire)"
else
	echo "detectors ($KABI):$summary (all in this kernel fire)"
fi
