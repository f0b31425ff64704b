#!/bin/sh
# /init of the xengt test VM: Xen PV dom0 (busybox).  Mode from the dom0
# command line: gvt.mode=test runs the VM tests, gvt.mode=demo the workload
# demo.  Every test prints "VMTEST PASS|FAIL name"; the host runner counts
# them.  "XENGT_BOOT_MS n" is dom0's uptime when /init starts.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
echo "XENGT_BOOT_MS $(awk '{ printf "%d", $1 * 1000 }' /proc/uptime)"
mode=test
for a in $(cat /proc/cmdline); do
	case "$a" in gvt.mode=*) mode=${a#gvt.mode=} ;; esac
done
echo 1 > /proc/sys/kernel/printk_ratelimit 2>/dev/null
fails=0
t() { # name, command...
	name=$1
	shift
	if "$@" > /tmp/out 2>&1; then
		echo "VMTEST PASS $name"
	else
		echo "VMTEST FAIL $name"
		fails=$((fails + 1))
	fi
	sed 's/^/    /' /tmp/out
}
# Stock Xen modules; privcmd before xenfs. libxenctrl uses /dev/xen/privcmd
# and /dev/xen/hypercall; xenfs at /proc/xen for the capabilities check.
for m in xen-evtchn xen-privcmd xenfs; do
	insmod /lib/modules/$m.ko || echo "VMTEST FAIL insmod-$m"
done
mkdir -p /proc/xen
mount -t xenfs xenfs /proc/xen || echo "VMTEST FAIL mount-xenfs"
t dom0 grep -q control_d /proc/xen/capabilities
t insmod-gvt_mpt insmod /lib/modules/gvt_mpt.ko vblank_period_us=0
t insmod-mpt_xengt insmod /lib/modules/mpt_xengt.ko
t misc-device ls -l /dev/mpt_xengt

if [ "$mode" = demo ]; then
	echo 16667 > /sys/module/gvt_mpt/parameters/vblank_period_us
	for w in video30 singlefb cursor idle blank; do
		for m in event timer; do
			opt=
			[ $m = timer ] && opt="--timer 30"
			/bin/xengt-display-watch --create 1 --workload $w \
				--seconds ${GVT_DEMO_SECONDS:-3} --json --quiet $opt
		done
	done
	echo "DEMO DONE"
else
	t scenarios /bin/scenario_xengt /scenarios/*.scn
	t badinput /bin/xengt_test badinput
	t latency /bin/xengt_test latency 2000
	echo 16667 > /sys/module/gvt_mpt/parameters/vblank_period_us
	t freerun-60hz /bin/xengt-display-watch --create 1 --workload video30 --seconds 5 --check
	t freerun-3head /bin/xengt-display-watch --create 3 --workload twohead --seconds 3 --check
	echo 0 > /sys/module/gvt_mpt/parameters/vblank_period_us
	t teardown-races /bin/xengt_test teardown 1000
	t rmmod sh -c 'rmmod mpt_xengt && rmmod gvt_mpt'
	t reload sh -c 'insmod /lib/modules/gvt_mpt.ko && insmod /lib/modules/mpt_xengt.ko && rmmod mpt_xengt && rmmod gvt_mpt'
fi
if dmesg | grep -E "WARNING:|BUG:|Oops|Call Trace|general protection" > /tmp/bad; then
	echo "VMTEST FAIL dmesg-clean"
	sed 's/^/    /' /tmp/bad
	dmesg | tail -60 | sed 's/^/    dmesg: /'
else
	echo "VMTEST PASS dmesg-clean"
fi
echo "VMTEST END"
poweroff -f
