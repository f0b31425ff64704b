#!/usr/bin/env bash
# run-kvmgt.sh [test|demo] - build the modules and the static test programs,
# boot the stock Debian kernel under QEMU (TCG) and run the kvmgt VM tests
# (or the demo) inside.  Prints one line per test and "N passed, N failed".
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MODE=${1:-test}
OUT="$REPO/build/vm/kvmgt"
mkdir -p "$OUT"
# shellcheck source=tests/vm/vmrun.sh
. "$REPO/tests/vm/vmrun.sh"

vm_prepare
T="$REPO/tests/vm"
vm_cc scenario_vfio "$T/scenario_vfio.c" "$T/vmutil.c" "$REPO/tests/scenario.c" \
	"$REPO/tools/vfio_display.c"
vm_cc kvmgt_test "$T/kvmgt_test.c" "$T/vmutil.c" "$REPO/tools/vfio_display.c"
vm_cc vfio-display-watch "$REPO/tools/vfio-display-watch.c" \
	"$REPO/tools/watch.c" "$REPO/tools/vfio_display.c"

files=(-f "$OUT/scenario_vfio:/bin/scenario_vfio"
	-f "$OUT/kvmgt_test:/bin/kvmgt_test"
	-f "$OUT/vfio-display-watch:/bin/vfio-display-watch")
vm_files files
"$REPO/tests/vm/mkinitramfs.sh" -o "$OUT/initrd.cpio.gz" \
	-i "$REPO/tests/vm/init-kvmgt.sh" \
	-m "$REPO/common/gvt_mpt.ko" -m "$REPO/kvmgt/mpt_kvmgt.ko" "${files[@]}"

log="$OUT/$MODE.log"
start=$SECONDS
rc=0
"$REPO/tests/vm/boot.sh" -k "$VMLINUZ" -r "$OUT/initrd.cpio.gz" -l "$log" \
	-t 600 -x "gvt.mode=$MODE" 2>"$log.err" || rc=$?
elapsed=$((SECONDS - start))

if [ "$MODE" = demo ]; then
	vm_demo_out "$log" "$OUT" "$rc"
	exit 0
fi

vm_report "$log" kvmgt-vm "$rc"
echo "kvmgt VM: boot+tests ${elapsed} s"
echo "$vm_pass passed, $vm_fail failed"
[ "$vm_fail" -eq 0 ]
