#!/usr/bin/env bash
# run.sh - `make bench`: measure, then write bench/results.md (printed too),
# bench/results.json and bench/results.png.  Nothing here passes or fails
# on the numbers.
#
#  1. userspace, on the host: instructions per vblank in the pure core
#     (callgrind, bench/core_cost.c) and wall time per vblank tick for 1 to
#     4096 vGPUs (run first, while the machine is otherwise quiet);
#  2. in the VM (tests/vm/run-bench.sh): wakeups and bytes copied per
#     workload for events, a 30 ms timer and a VNC-like adaptive timer,
#     the first update after idle, latency, the kernel's timer passes.
# Raw data stays in build/bench/$KABI/.  The kernel is GVT_KABI (default:
# the 6.1 ABI; make bench KERNEL=6.12 sets it).  Environment: see
# tests/vm/run-bench.sh.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KABI=$("$REPO/scripts/deps.sh" --print-abi)
export GVT_KABI="$KABI"
OUT="$REPO/build/bench/$KABI"
mkdir -p "$OUT"
start=$SECONDS

"$REPO/scripts/deps.sh" build bench
gcc -std=gnu11 -O2 -g -Wall -Wextra -Werror -o "$OUT/core_cost" \
	"$REPO/bench/core_cost.c" "$REPO/common/gvt_display.c"

echo "bench: pure core under callgrind"
: >"$OUT/callgrind.txt"
for path in idle event; do
	for pipes in 1 3; do
		for k in 1000 2000; do
			f="$OUT/callgrind.$path.$pipes.$k.out"
			valgrind -q --tool=callgrind --toggle-collect=gvt_display_vblank \
				--callgrind-out-file="$f" \
				"$OUT/core_cost" run "$path" "$pipes" "$k" >/dev/null
			ir=$(sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$f")
			echo "$path $pipes $k $ir" >>"$OUT/callgrind.txt"
		done
	done
done

echo "bench: wall time per vblank tick"
"$OUT/core_cost" wall >"$OUT/wall.jsonl"

echo "bench: VM (about 8 minutes)"
"$REPO/tests/vm/run-bench.sh" "$OUT/vm.jsonl"

{
	echo "machine: $(nproc) CPU ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n1)), $(qemu-system-x86_64 --version | head -n1), guest kernel $KABI 1 vCPU TCG"
	echo "commit: $(git -C "$REPO" describe --always --dirty 2>/dev/null || echo unknown), $(date -u '+%Y-%m-%d %H:%M UTC')"
} >"$OUT/machine.txt"
"$REPO/bench/report.sh" "$OUT" "$REPO/bench/results.md"
(cd "$OUT" && gnuplot "$REPO/bench/plot.gp") >"$OUT/gnuplot.log" 2>&1 ||
	{ cat "$OUT/gnuplot.log"; exit 1; }
cp "$OUT/results.png" "$REPO/bench/results.png"
cp "$OUT/results.json" "$REPO/bench/results.json"
cat "$REPO/bench/results.md"
echo
echo "bench: wrote bench/results.{md,json,png} in $((SECONDS - start)) s"
