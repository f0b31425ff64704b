#!/usr/bin/env bash
# run-bench.sh [OUT.jsonl] - build the modules and the static benchmark
# programs, boot the stock Debian kernel under QEMU (TCG) with
# tests/vm/init-bench.sh as /init and collect its JSON lines (default
# build/bench/$KABI/vm.jsonl).  Environment: GVT_KABI (the kernel; default
# the 6.1 ABI), GVT_BENCH_SECS (s per wakeup run, default 3), GVT_BENCH_LAT
# (s per latency run, default 51), GVT_BENCH_LOAD (s per kernel CPU run,
# default 10).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tests/vm/vmrun.sh
. "$REPO/tests/vm/vmrun.sh"
vm_kabi
OUT="$REPO/build/bench/$KABI"
JSONL=${1:-$OUT/vm.jsonl}
mkdir -p "$OUT"

vm_prepare
vm_cc vfio-display-watch "$REPO/tools/vfio-display-watch.c" \
	"$REPO/tools/watch.c" "$REPO/tools/vfio_display.c" "$REPO/tools/png.c"
vm_cc vgpu_load "$REPO/bench/vgpu_load.c" "$REPO/tools/vfio_display.c"
"$REPO/tests/vm/mkinitramfs.sh" -o "$OUT/initrd.cpio.gz" \
	-i "$REPO/tests/vm/init-bench.sh" \
	-m "$KMOD/common/gvt_mpt.ko" -m "$KMOD/kvmgt/mpt_kvmgt.ko" \
	-f "$OUT/vfio-display-watch:/bin/vfio-display-watch" \
	-f "$OUT/vgpu_load:/bin/vgpu_load"

log="$OUT/vm.log"
args="gvt.bench_secs=${GVT_BENCH_SECS:-3} gvt.bench_lat=${GVT_BENCH_LAT:-51}"
args+=" gvt.bench_load=${GVT_BENCH_LOAD:-10}"
rc=0
"$REPO/tests/vm/boot.sh" -k "$VMLINUZ" -r "$OUT/initrd.cpio.gz" -l "$log" \
	-t 600 -x "$args" 2>"$log.err" || rc=$?
if ! grep -aq "BENCH DONE" "$log"; then
	echo "run-bench: the VM did not finish (boot.sh exit $rc); see $log" >&2
	tail -30 "$log" >&2
	exit 1
fi
grep -a "BENCH FAIL" "$log" >&2 && exit 1
grep -a '^{' "$log" | tr -d '\r' >"$JSONL"
