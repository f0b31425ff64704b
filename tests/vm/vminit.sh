# Sourced by the VM /init scripts (busybox sh), installed as /lib/vminit.sh.
# vm_setup: mounts and the mode (gvt.mode=test|demo on the command line);
# t NAME CMD...: run a test, print "VMTEST PASS|FAIL NAME" and its output;
# vm_demo TOOL: the demo workloads, event and 30 ms timer, as JSON lines;
# vm_finish: the dmesg check, "VMTEST END", power off.
vm_setup() {
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev
	mount -t debugfs debugfs /sys/kernel/debug
	mode=test
	for a in $(cat /proc/cmdline); do
		case "$a" in gvt.mode=*) mode=${a#gvt.mode=} ;; esac
	done
	echo 1 > /proc/sys/kernel/printk_ratelimit 2>/dev/null
}

t() {
	name=$1
	shift
	if "$@" > /tmp/out 2>&1; then
		echo "VMTEST PASS $name"
	else
		echo "VMTEST FAIL $name"
	fi
	sed 's/^/    /' /tmp/out
}

vm_demo() {
	echo 16667 > /sys/module/gvt_mpt/parameters/vblank_period_us
	for w in video30 draw20 cursor idle blank; do
		"$1" --create 1 --workload $w --seconds "${GVT_DEMO_SECONDS:-3}" --json --quiet
		"$1" --create 1 --workload $w --seconds "${GVT_DEMO_SECONDS:-3}" --json --quiet --timer 30
	done
	echo "DEMO DONE"
}

vm_finish() {
	if dmesg | grep -E "WARNING:|BUG:|Oops|Call Trace|general protection" > /tmp/bad; then
		echo "VMTEST FAIL dmesg-clean"
		sed 's/^/    /' /tmp/bad
		dmesg | tail -60 | sed 's/^/    dmesg: /'
	else
		echo "VMTEST PASS dmesg-clean"
	fi
	echo "VMTEST END"
	poweroff -f
}
