#!/usr/bin/env bash
# run-kvmgt.sh [test|demo] - build the modules and the static test programs,
# boot the stock Debian kernel under QEMU (TCG) and run the kvmgt VM tests
# (or the demo) inside.  Prints one line per test and
# "kvmgt-$KABI: N passed, N failed".  The kernel is GVT_KABI (default: the
# 6.1 ABI, scripts/deps.sh --print-abi); output in build/vm/$KABI/kvmgt/.
# GVT_VM_ONLY=a,b runs only those tests; GVT_VM_ARGS adds to the command line
# (after what this script puts there, so e.g. gvt.cdev=y overrides).
# The VM learns from gvt.cdev=y|n|unknown on its command line whether the
# kernel's config ($KROOT/boot/config-$KABI) has CONFIG_VFIO_DEVICE_CDEV=y:
# with y the cdev test fails, not skips, when /dev/vfio/devices is missing.
set -euo pipefail

SUITE_START=$SECONDS
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MODE=${1:-test}
# shellcheck source=tests/vm/vmrun.sh
. "$REPO/tests/vm/vmrun.sh"
vm_kabi
OUT="$REPO/build/vm/$KABI/kvmgt"
mkdir -p "$OUT"

vm_prepare
# The demo draws its timeline picture with gnuplot.
if [ "$MODE" = demo ]; then
	"$REPO/scripts/deps.sh" demo
fi
T="$REPO/tests/vm"
vm_cc scenario_vfio "$T/scenario_vfio.c" "$T/vmutil.c" "$REPO/tests/scenario.c" \
	"$REPO/tools/vfio_display.c"
vm_cc kvmgt_test "$T/kvmgt_test.c" "$T/vmutil.c" "$REPO/tools/vfio_display.c"
vm_cc qemu_display "$T/qemu_display.c" "$T/vmutil.c"
vm_cc storm "$T/storm.c" "$T/storm_kvmgt.c"
vm_cc vfio-display-watch "$REPO/tools/vfio-display-watch.c" \
	"$REPO/tools/watch.c" "$REPO/tools/vfio_display.c" "$REPO/tools/png.c"

vm_guest

files=(-f "$OUT/scenario_vfio:/bin/scenario_vfio"
	-f "$OUT/kvmgt_test:/bin/kvmgt_test"
	-f "$OUT/vfio-display-watch:/bin/vfio-display-watch"
	-f "$OUT/gvt-guest.elf:/gvt-guest.elf"
	-f "$OUT/qemu_display:/bin/qemu_display"
	-f "$OUT/storm:/bin/storm")
vm_files files
[ "$MODE" = test ] && vm_qemu_files files
"$REPO/tests/vm/mkinitramfs.sh" -o "$OUT/initrd.cpio.gz" \
	-i "$REPO/tests/vm/init-kvmgt.sh" \
	-m "$KMOD/common/gvt_mpt.ko" -m "$KMOD/kvmgt/mpt_kvmgt.ko" "${files[@]}"

# Does the kernel have the VFIO device cdev (kvmgt_test cdev)?
cdev=unknown
if [ -f "$KROOT/boot/config-$KABI" ]; then
	cdev=n
	grep -qx 'CONFIG_VFIO_DEVICE_CDEV=y' "$KROOT/boot/config-$KABI" && cdev=y
else
	echo "run-kvmgt.sh: no $KROOT/boot/config-$KABI: gvt.cdev=unknown" >&2
fi

vm_storm_vm
log="$OUT/$MODE.log"
start=$SECONDS
rc=0
"$REPO/tests/vm/boot.sh" -k "$VMLINUZ" -r "$OUT/initrd.cpio.gz" -l "$log" \
	-t $((900 + 3 * VM_STORM_S)) -x "gvt.mode=$MODE gvt.cdev=$cdev${GVT_VM_ONLY:+ gvt.only=$GVT_VM_ONLY}${GVT_VM_ARGS:+ $GVT_VM_ARGS}" 2>"$log.err" || rc=$?
elapsed=$((SECONDS - start))

if [ "$MODE" = demo ]; then
	vm_demo_out "$log" "$OUT" "$rc"
	exit 0
fi

vm_report "$log" "kvmgt-$KABI" "$rc"
# The storm's closing lines (gvt.storm=SECONDS in GVT_VM_ARGS).
grep -a '^storm-kvmgt:' "$log" | tr -d '\r' || true
vm_summary kvmgt "$elapsed"
[ "$vm_fail" -eq 0 ]
