#!/bin/sh
# /init of the xengt test VM: Xen PV dom0 (busybox).  Mode from the dom0
# command line: gvt.mode=test runs the VM tests, gvt.mode=demo the workload
# demo.  Every test prints "VMTEST PASS|FAIL name"; the host runner counts
# them.  "XENGT_BOOT_MS n" is dom0's uptime when /init starts.
. /lib/vminit.sh
vm_setup
echo "XENGT_BOOT_MS $(awk '{ printf "%d", $1 * 1000 }' /proc/uptime)"
# Stock Xen modules (xen-evtchn, xen-privcmd, xenfs and their dependencies:
# privcmd before xenfs), as mkinitramfs.sh listed them. libxenctrl uses
# /dev/xen/privcmd and /dev/xen/hypercall; xenfs at /proc/xen for the
# capabilities check.
for m in $(cat /lib/modules/load-order); do
	insmod /lib/modules/$m.ko || echo "VMTEST FAIL insmod-$m"
done
mkdir -p /proc/xen
mount -t xenfs xenfs /proc/xen || echo "VMTEST FAIL mount-xenfs"
t dom0 grep -q control_d /proc/xen/capabilities
t insmod-gvt_mpt insmod /lib/modules/gvt_mpt.ko vblank_period_us=0
t insmod-mpt_xengt insmod /lib/modules/mpt_xengt.ko
t misc-device ls -l /dev/mpt_xengt

if [ "$mode" = demo ]; then
	vm_demo /bin/xengt-display-watch
else
	t scenarios /bin/scenario_xengt /scenarios/*.scn
	t badinput /bin/xengt_test badinput
	t ports /bin/xengt_test ports
	t port-hijack /bin/xengt_test hijack
	t aperture /bin/xengt_test aperture
	t memory /bin/xengt_test memory
	t plane /bin/xengt_test plane
	t tracking /bin/xengt_test tracking
	t latency /bin/xengt_test latency 2000
	echo 16667 > /sys/module/gvt_mpt/parameters/vblank_period_us
	# No host work when nothing changes: 0 timer passes a second with no
	# vGPU and with 64 idle ones (PIPE_FRMCOUNT still at 60 Hz).
	t timer-idle /bin/xengt_test idle
	# Exact refresh: write tracking instead of the single-FB heuristic.
	t trackevents /bin/xengt_test trackevents
	# What changed, per plane: TAKE_DAMAGE and REFRESH_MODE.
	t damage /bin/xengt_test damage
	# The consumer copies only the damage: bytes per event, both modes.
	t damage-copy vm_damage_copy /bin/xengt-display-watch
	t freerun-60hz /bin/xengt-display-watch --create 1 --workload video30 --seconds 5 --check
	t freerun-3head /bin/xengt-display-watch --create 3 --workload twohead --seconds 3 --check
	# The consumer's pixels: QUERY_PLANE, the mapped memory, PNG, every pixel.
	t snapshot sh -c '/bin/xengt-display-watch --create 1 --workload idle --seconds 1 --quiet \
		--snapshot /tmp/snap.png && /bin/xengt_test snapshot /tmp/snap.png'
	echo 0 > /sys/module/gvt_mpt/parameters/vblank_period_us
	t teardown-races /bin/xengt_test teardown 1000
	t rmmod sh -c 'rmmod mpt_xengt && rmmod gvt_mpt'
	t reload sh -c 'insmod /lib/modules/gvt_mpt.ko && insmod /lib/modules/mpt_xengt.ko && rmmod mpt_xengt && rmmod gvt_mpt'
	# rmmod from a second process at random points while the device model
	# runs: EBUSY while /dev/mpt_xengt is open, never an oops.
	t rmmod-cycles vm_rmmod_cycles 10 mpt_xengt /bin/xengt-display-watch
	# The bounded randomized storm (gvt.storm=SECONDS, GVT_VM_ARGS on the
	# host): several processes at once, every result classified; it
	# unloads the modules and the kmemleak scans of vm_finish follow.
	[ -n "$storm" ] && t storm vm_storm xengt
fi
vm_finish
