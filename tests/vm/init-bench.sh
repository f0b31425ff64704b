#!/bin/sh
# /init of the benchmark VM (busybox), booted by tests/vm/run-bench.sh.
# Prints one JSON line per measurement ("BENCH ..." lines mark the phases)
# and "BENCH DONE"; the host collects the lines starting with '{'.
# gvt.bench_* on the kernel command line set the run lengths (quick checks
# use short ones).
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
# Keep kernel messages off the console: it carries the JSON lines.
dmesg -n 1
secs=5
lat=21
load=8
idle=10
reps=2
awarm=92
for a in $(cat /proc/cmdline); do
	case "$a" in
	gvt.bench_secs=*) secs=${a#gvt.bench_secs=} ;;
	gvt.bench_lat=*) lat=${a#gvt.bench_lat=} ;;
	gvt.bench_load=*) load=${a#gvt.bench_load=} ;;
	gvt.bench_idle=*) idle=${a#gvt.bench_idle=} ;;
	gvt.bench_reps=*) reps=${a#gvt.bench_reps=} ;;
	gvt.bench_awarm=*) awarm=${a#gvt.bench_awarm=} ;;
	esac
done
for m in $(cat /lib/modules/load-order); do
	insmod /lib/modules/$m.ko || echo "BENCH FAIL insmod $m"
done
insmod /lib/modules/gvt_mpt.ko vblank_period_us=16667 || echo "BENCH FAIL insmod gvt_mpt"
insmod /lib/modules/mpt_kvmgt.ko || echo "BENCH FAIL insmod mpt_kvmgt"
w=/bin/vfio-display-watch

# 1. Wakeups and bytes copied per workload at 60 Hz: event mode, a 30 ms
# timer copying every plane, the VNC-like adaptive timer.  Every run counts
# after a 1 s warm-up; the adaptive timer on the idle desktop after $awarm s
# (it needs about 91 s to back off from 30 ms to 3000 ms).
echo "BENCH wakeups"
for wl in idle caret cursor10 draw20 video30 video60 fullredraw60; do
	for m in event timer30 adaptive; do
		warm=1
		case $m in
		event) opt= ;;
		timer30) opt="--timer 30" ;;
		adaptive)
			opt=--adaptive
			[ $wl = idle ] && warm=$awarm
			;;
		esac
		# shellcheck disable=SC2086
		$w --create 1 --workload $wl --seconds "$((secs + warm))" \
			--warmup $warm --json --quiet $opt
	done
done

# 1b. For comparison, event mode with the single-framebuffer heuristic
# alone (write_tracking 0, which applies to vGPUs created after): a still
# plane refreshed at every vblank, whole.
echo "BENCH heuristic"
wt=/sys/module/gvt_mpt/parameters/write_tracking
echo 0 > $wt
for wl in idle draw20; do
	$w --create 1 --workload $wl --seconds "$((secs + 1))" --warmup 1 \
		--json --quiet
done
echo 1 > $wt

# 2. The first update after $idle s idle: from the guest's write into the
# live buffer to the consumer's copy that shows it, per mode.
echo "BENCH first-update"
i=0
while [ $i -lt "$reps" ]; do
	for m in event timer30 adaptive; do
		case $m in
		event) opt= ;;
		timer30) opt="--timer 30" ;;
		adaptive) opt=--adaptive ;;
		esac
		# shellcheck disable=SC2086
		$w --create 1 --workload idle-then-draw --idle-secs "$idle" \
			--seconds "$((idle + 4))" --json --quiet $opt
	done
	i=$((i + 1))
done

# 3. Latency: 60 fps sync flips at 60 Hz, event mode vs a 30 ms timer.
echo "BENCH latency"
$w --create 1 --workload video60 --seconds "$lat" --json --quiet --vblank-latency
$w --create 1 --workload video60 --seconds "$lat" --json --quiet --vblank-latency --timer 30

# Every vGPU is made with the module's defaults (but for 1b and the one
# run below): write tracking on (a still plane is watched, not refreshed at
# every vblank; a full redraw every frame falls back to the heuristic).
# 4. The kernel: timer passes and CPU with no vGPU, 1 and 64 idle vGPUs
# (pipe A and a still primary plane on, nothing drawn), 1 idle vGPU under
# the heuristic alone, and 1 busy vGPU (30 fps flips).
echo "BENCH kernel"
/bin/vgpu_load 0 "$load"
/bin/vgpu_load 1 "$load" idle
/bin/vgpu_load 64 "$load" idle
echo 0 > $wt
/bin/vgpu_load 1 "$load" idle
echo 1 > $wt
/bin/vgpu_load 1 "$load"
echo "BENCH DONE"
poweroff -f
