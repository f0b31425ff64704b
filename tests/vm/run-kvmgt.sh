#!/usr/bin/env bash
# run-kvmgt.sh [test|demo] - build the modules and the static test programs,
# boot the stock Debian kernel under QEMU (TCG) and run the kvmgt VM tests
# (or the demo) inside.  Prints one line per test and "N passed, N failed".
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MODE=${1:-test}
OUT="$REPO/build/vm/kvmgt"
mkdir -p "$OUT"

"$REPO/scripts/deps.sh" build kernel vm
kvars=$("$REPO/tests/vm/kernel.sh")
eval "$kvars"

make -s -C "$REPO" modules KABI="$KABI" >"$OUT/build.log" 2>&1 ||
	{ cat "$OUT/build.log"; exit 1; }
CFLAGS="-static -O2 -g -Wall -Wextra -Werror -pthread"
gcc $CFLAGS -o "$OUT/scenario_vfio" "$REPO/tests/vm/scenario_vfio.c" \
	"$REPO/tests/scenario.c" "$REPO/tools/vfio_display.c"
gcc $CFLAGS -o "$OUT/kvmgt_test" "$REPO/tests/vm/kvmgt_test.c" "$REPO/tests/vm/vmutil.c" \
	"$REPO/tools/vfio_display.c"
gcc $CFLAGS -o "$OUT/vfio-display-watch" "$REPO/tools/vfio-display-watch.c" \
	"$REPO/tools/vfio_display.c"

files=(-f "$OUT/scenario_vfio:/bin/scenario_vfio"
	-f "$OUT/kvmgt_test:/bin/kvmgt_test"
	-f "$OUT/vfio-display-watch:/bin/vfio-display-watch")
for s in "$REPO"/tests/scenarios/*.scn; do
	files+=(-f "$s:/scenarios/$(basename "$s")")
done
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
	if ! grep -aq "DEMO DONE" "$log"; then
		echo "demo: the VM did not finish (boot.sh exit $rc); see $log"
		tail -30 "$log"
		exit 1
	fi
	grep -a '^{"workload"' "$log" | tr -d '\r' >"$OUT/demo.jsonl"
	exit 0
fi

pass=0
fail=0
while read -r _ verdict name; do
	echo "$verdict kvmgt-vm/$name"
	if [ "$verdict" = PASS ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done < <(grep -a '^VMTEST \(PASS\|FAIL\)' "$log" | tr -d '\r')
if ! grep -aq "VMTEST END" "$log"; then
	echo "FAIL kvmgt-vm/complete (VM did not finish, boot.sh exit $rc)"
	fail=$((fail + 1))
	tail -40 "$log"
fi
if [ "$fail" -ne 0 ]; then
	echo "--- details from $log"
	grep -av '^\[' "$log" | grep -a -B2 -A30 'VMTEST FAIL' | head -150
fi
echo "kvmgt VM: boot+tests ${elapsed} s"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
