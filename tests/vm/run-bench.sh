#!/usr/bin/env bash
# run-bench.sh [OUT.jsonl] - build the modules and the static benchmark
# programs, boot the stock Debian kernel under QEMU (TCG) with
# tests/vm/init-bench.sh as /init and collect its JSON lines (default
# build/bench/$KABI/vm.jsonl).  Environment: GVT_KABI (the kernel; default
# the 6.1 ABI), GVT_BENCH_SECS (s counted per workload and mode, default
# 5), GVT_BENCH_IDLE (s of idle before the first update, default 10),
# GVT_BENCH_REPS (first-update runs per mode, default 2), GVT_BENCH_AWARM
# (s of warm-up of the adaptive timer on the idle desktop, default 92),
# GVT_BENCH_LAT (s per latency run, default 21), GVT_BENCH_LOAD (s per
# kernel run, default 8).
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
args="gvt.bench_secs=${GVT_BENCH_SECS:-5} gvt.bench_lat=${GVT_BENCH_LAT:-21}"
args+=" gvt.bench_load=${GVT_BENCH_LOAD:-8} gvt.bench_idle=${GVT_BENCH_IDLE:-10}"
args+=" gvt.bench_reps=${GVT_BENCH_REPS:-2} gvt.bench_awarm=${GVT_BENCH_AWARM:-92}"
rc=0
"$REPO/tests/vm/boot.sh" -k "$VMLINUZ" -r "$OUT/initrd.cpio.gz" -l "$log" \
	-t 900 -x "$args" 2>"$log.err" || rc=$?
if ! grep -aq "BENCH DONE" "$log"; then
	echo "run-bench: the VM did not finish (boot.sh exit $rc); see $log" >&2
	tail -30 "$log" >&2
	exit 1
fi
grep -a "BENCH FAIL" "$log" >&2 && exit 1
grep -a '^{' "$log" | tr -d '\r' >"$JSONL"
