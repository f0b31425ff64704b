#!/usr/bin/env bash
# run-xengt.sh [test|demo] - build the modules (with mpt_xengt) and the
# static test programs, boot Xen 4.17 with the stock Debian kernel as PV
# dom0 under QEMU (TCG) and run the xengt VM tests (or the demo) in dom0.
# Prints one line per test and "xengt-$KABI: N passed, N failed".  The
# kernel is GVT_KABI (default: the 6.1 ABI, scripts/deps.sh --print-abi);
# output in build/vm/$KABI/xengt/.  GVT_VM_ONLY=a,b runs only those tests;
# GVT_VM_ARGS adds to the dom0 command line.
set -euo pipefail

SUITE_START=$SECONDS
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MODE=${1:-test}
# shellcheck source=tests/vm/vmrun.sh
. "$REPO/tests/vm/vmrun.sh"
vm_kabi
OUT="$REPO/build/vm/$KABI/xengt"
mkdir -p "$OUT"

vm_prepare --xen
# The demo draws its timeline picture with gnuplot.
if [ "$MODE" = demo ]; then
	"$REPO/scripts/deps.sh" demo
fi
VM_CFLAGS="$VM_CFLAGS -D__XEN_TOOLS__=1"
if XENLIBS=$(pkg-config --static --libs xencontrol xenevtchn 2>/dev/null); then
	:
else
	XENLIBS="-lxenctrl -lxencall -lxenforeignmemory -lxendevicemodel -lxengnttab -lxenevtchn -lxentoolcore -lxentoollog -lpthread -ldl"
fi
build() { # out, sources...
	local out=$1
	shift
	# shellcheck disable=SC2086
	vm_cc "$out" "$@" "$REPO/tools/xengt_dm.c" $XENLIBS \
		2>"$OUT/$out.cc.log" || { cat "$OUT/$out.cc.log"; exit 1; }
}
build scenario_xengt "$REPO/tests/vm/scenario_xengt.c" "$REPO/tests/scenario.c" "$REPO/tests/vm/vmutil.c"
build xengt_test "$REPO/tests/vm/xengt_test.c" "$REPO/tests/vm/vmutil.c"
build xengt-display-watch "$REPO/tools/xengt-display-watch.c" "$REPO/tools/watch.c" \
	"$REPO/tools/png.c"
build storm "$REPO/tests/vm/storm.c" "$REPO/tests/vm/storm_xengt.c"

files=(-f "$OUT/scenario_xengt:/bin/scenario_xengt"
	-f "$OUT/xengt_test:/bin/xengt_test"
	-f "$OUT/xengt-display-watch:/bin/xengt-display-watch"
	-f "$OUT/storm:/bin/storm")
vm_files files
"$REPO/tests/vm/mkinitramfs.sh" --xen-modules -o "$OUT/initrd.cpio.gz" \
	-i "$REPO/tests/vm/init-xengt.sh" \
	-m "$KMOD/common/gvt_mpt.ko" -m "$KMOD/xengt/mpt_xengt.ko" "${files[@]}"

vm_storm_vm
log="$OUT/$MODE.log"
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# Boot time: from starting QEMU to dom0's /init printing its first marker,
# measured by a watcher of the serial log (Xen + dom0 kernel + initramfs).
: >"$log"
rm -f "$OUT/boot_ms"
t0=$(now_ms)
(
	for _ in $(seq 1 1200); do
		if grep -aq '^XENGT_BOOT_MS' "$log" 2>/dev/null; then
			echo $(($(now_ms) - t0)) >"$OUT/boot_ms"
			exit 0
		fi
		sleep 0.05
	done
) &
watcher=$!
start=$SECONDS
rc=0
"$REPO/tests/vm/boot.sh" --xen -k "$VMLINUZ" -r "$OUT/initrd.cpio.gz" -l "$log" \
	-t $((900 + 3 * VM_STORM_S)) -x "gvt.mode=$MODE${GVT_VM_ONLY:+ gvt.only=$GVT_VM_ONLY}${GVT_VM_ARGS:+ $GVT_VM_ARGS}" 2>"$log.err" || rc=$?
elapsed=$((SECONDS - start))
kill "$watcher" 2>/dev/null || true
wait "$watcher" 2>/dev/null || true
boot_ms=$(cat "$OUT/boot_ms" 2>/dev/null || echo "?")
dom0_ms=$(grep -a '^XENGT_BOOT_MS' "$log" | tr -d '\r' | awk '{ print $2 }' | head -n1)
boot_msg="Xen boot to dom0 /init ${boot_ms} ms (dom0 uptime at /init ${dom0_ms:-?} ms)"

if [ "$MODE" = demo ]; then
	vm_demo_out "$log" "$OUT" "$rc"
	cat "$OUT/demo.jsonl"
	echo "xengt-$KABI demo: $boot_msg; whole run ${elapsed} s"
	exit 0
fi

vm_report "$log" "xengt-$KABI" "$rc"
# The storm's closing lines (gvt.storm=SECONDS in GVT_VM_ARGS).
grep -a '^storm-xengt:' "$log" | tr -d '\r' || true
grep -a 'latency advance\|XENGT_LATENCY\|teardown: [0-9]' "$log" | tr -d '\r' | sed 's/^ *//' || true
echo "xengt-$KABI: $boot_msg"
vm_summary xengt "$elapsed"
[ "$vm_fail" -eq 0 ]
