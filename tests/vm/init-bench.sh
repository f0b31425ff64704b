#!/bin/sh
# /init of the benchmark VM (busybox), booted by tests/vm/run-bench.sh.
# Prints one JSON line per measurement ("BENCH ..." lines mark the phases)
# and "BENCH DONE"; the host collects the lines starting with '{'.
# GVT_BENCH_* on the kernel command line shorten the runs (quick checks).
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
# Keep kernel messages off the console: it carries the JSON lines.
dmesg -n 1
secs=3
lat=51
load=10
for a in $(cat /proc/cmdline); do
	case "$a" in
	gvt.bench_secs=*) secs=${a#gvt.bench_secs=} ;;
	gvt.bench_lat=*) lat=${a#gvt.bench_lat=} ;;
	gvt.bench_load=*) load=${a#gvt.bench_load=} ;;
	esac
done
for m in $(cat /lib/modules/load-order); do
	insmod /lib/modules/$m.ko || echo "BENCH FAIL insmod $m"
done
insmod /lib/modules/gvt_mpt.ko vblank_period_us=16667 || echo "BENCH FAIL insmod gvt_mpt"
insmod /lib/modules/mpt_kvmgt.ko || echo "BENCH FAIL insmod mpt_kvmgt"
w=/bin/vfio-display-watch

# 1. Wakeups per workload at 60 Hz: event mode, a 30 ms timer, a timer at
# the vblank period (a consumer woken at every vblank).
echo "BENCH wakeups"
for wl in idle video30 video60 async24 draw20 cursor twohead; do
	heads=1
	[ $wl = twohead ] && heads=3
	for t in 0 30 16.667; do
		opt=
		[ $t != 0 ] && opt="--timer $t"
		$w --create $heads --workload $wl --seconds "$secs" --json --quiet $opt
	done
done

# 2. Latency: 60 fps sync flips at 60 Hz, event mode vs a 30 ms timer.
echo "BENCH latency"
$w --create 1 --workload video60 --seconds "$lat" --json --quiet --vblank-latency
$w --create 1 --workload video60 --seconds "$lat" --json --quiet --vblank-latency --timer 30

# 3. Kernel CPU time: idle baseline (module loaded, no vGPU), 1 and 16 vGPUs.
echo "BENCH kernel"
for n in 0 1 16; do
	/bin/vgpu_load $n "$load"
done
echo "BENCH DONE"
poweroff -f
