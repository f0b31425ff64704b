#!/bin/sh
# /init of the kvmgt test VM (busybox).  Mode from the kernel command line:
# gvt.mode=test runs the VM tests, gvt.mode=demo the workload demo.
# gvt.cdev=y|n|unknown (run-kvmgt.sh, from the kernel's config): whether
# the kernel has CONFIG_VFIO_DEVICE_CDEV=y.
# Every test prints "VMTEST PASS|FAIL name"; the host runner counts them.
. /lib/vminit.sh
vm_setup
cdev=unknown
for a in $(cat /proc/cmdline); do
	case "$a" in gvt.cdev=*) cdev=${a#gvt.cdev=} ;; esac
done

# vm_cdev KVMGT_TEST SCENARIO_VFIO WATCH CDEV: kvmgt_test cdev CDEV; then,
# on a kernel with the VFIO device cdev (its char major, vfio-dev, in
# /proc/devices; /dev/vfio/devices exists only while a device does), the
# corpus (without 23-stall-10min: 40 s of vblanks under KASAN that say
# nothing about the path) and WATCH (--check --verify: events, damage, every pixel; one
# eventfd per source, and --shared) through the cdev, each WATCH run
# saying it used the cdev; without, WATCH --cdev fails with its one-line
# reason and WATCH --group works.  Manual vblanks on entry and exit (the
# WATCH runs have the 60 Hz timer).
vm_cdev() {
	rc=0
	"$1" cdev "$4" || rc=1
	vb=/sys/module/gvt_mpt/parameters/vblank_period_us
	if grep -q ' vfio-dev$' /proc/devices; then
		# shellcheck disable=SC2046 # one file per word
		"$2" --cdev $(ls /scenarios/*.scn | grep -v stall-10min) > /tmp/cdev.out 2>&1 || rc=1
		grep -v '^PASS' /tmp/cdev.out
		echo 16667 > $vb
		for args in "--create 1 --workload draw20" \
			"--create 3 --workload twohead --shared"; do
			# shellcheck disable=SC2086 # the words of $args
			"$3" --cdev $args --seconds 3 --check --verify > /tmp/cdev.out 2>&1 || rc=1
			grep -q '^vfio: cdev /dev/vfio/devices/vfio[0-9]*, bound' /tmp/cdev.out || rc=1
			echo "watch --cdev $args:"
			sed 's/^/  /' /tmp/cdev.out
		done
		echo 0 > $vb
	else
		echo 16667 > $vb
		"$3" --cdev --create 1 --workload idle --seconds 1 > /tmp/cdev.out 2>&1
		r=$?
		cat /tmp/cdev.out
		[ $r -eq 1 ] && grep -q 'kernel built without VFIO_DEVICE_CDEV' /tmp/cdev.out || rc=1
		"$3" --group --create 1 --workload draw20 --seconds 2 --check --verify > /tmp/cdev.out 2>&1 || rc=1
		grep -q '^vfio: group /dev/vfio/[0-9]*,' /tmp/cdev.out || rc=1
		sed 's/^/  /' /tmp/cdev.out
		echo 0 > $vb
	fi
	return $rc
}
# Stock modules (vfio, vfio_iommu_type1, mdev and their dependencies, and
# iommufd where it is a module), dependencies first, as mkinitramfs.sh
# listed them.
for m in $(cat /lib/modules/load-order); do
	insmod /lib/modules/$m.ko || echo "VMTEST FAIL insmod-$m"
done
t insmod-gvt_mpt insmod /lib/modules/gvt_mpt.ko vblank_period_us=0
t insmod-mpt_kvmgt insmod /lib/modules/mpt_kvmgt.ko
t mdev-types ls /sys/class/mdev_bus/mpt_kvmgt/mdev_supported_types/mpt_kvmgt-1head /sys/class/mdev_bus/mpt_kvmgt/mdev_supported_types/mpt_kvmgt-3head

if [ "$mode" = demo ]; then
	vm_demo /bin/vfio-display-watch
else
	t scenarios /bin/scenario_vfio /scenarios/*.scn
	t scenarios-shared /bin/scenario_vfio --shared /scenarios/*.scn
	t caps /bin/kvmgt_test caps
	t badinput /bin/kvmgt_test badinput
	t transport /bin/kvmgt_test transport
	t user-reset /bin/kvmgt_test user
	t request /bin/kvmgt_test request
	t aperture /bin/kvmgt_test aperture
	t planes /bin/kvmgt_test planes
	# The VFIO device cdev bound to an iommufd, and the group path beside
	# it; on a kernel without the cdev the group path only (SKIP said),
	# unless its config has CONFIG_VFIO_DEVICE_CDEV=y (then FAIL).
	t cdev vm_cdev /bin/kvmgt_test /bin/scenario_vfio /bin/vfio-display-watch "$cdev"
	t tracking /bin/kvmgt_test tracking
	t memory /bin/kvmgt_test memory
	echo 16667 > /sys/module/gvt_mpt/parameters/vblank_period_us
	# No host work when nothing changes: 0 timer passes a second with no
	# vGPU and with 64 idle ones (PIPE_FRMCOUNT still at 60 Hz).
	t timer-idle /bin/kvmgt_test idle
	# Exact refresh: write tracking instead of the single-FB heuristic.
	t trackevents /bin/kvmgt_test trackevents
	# What changed, per source: damage records and capabilities.
	t damage /bin/kvmgt_test damage
	# The consumer copies only the damage: bytes per event, both modes.
	t damage-copy vm_damage_copy /bin/vfio-display-watch
	t freerun-60hz /bin/vfio-display-watch --create 1 --workload video30 --seconds 5 --check
	t freerun-3head /bin/vfio-display-watch --create 3 --workload twohead --seconds 3 --check
	t freerun-shared /bin/vfio-display-watch --create 3 --workload twohead --seconds 3 --check --shared
	# The consumer's pixels: plane query, view region, PNG, every pixel.
	t snapshot sh -c '/bin/vfio-display-watch --create 1 --workload idle --seconds 1 --quiet \
		--snapshot /tmp/snap.png && /bin/kvmgt_test snapshot /tmp/snap.png'
	# An unmodified QEMU (nested, TCG) and a guest that programs the vGPU:
	# its flips and QEMU's display of the vGPU (display=on), checked pixel
	# for pixel by QMP screendump.
	t qemu-display /bin/qemu_display
	t cadence /bin/kvmgt_test cadence
	echo 0 > /sys/module/gvt_mpt/parameters/vblank_period_us
	t teardown-races /bin/kvmgt_test teardown 1000
	# Unload with live vGPUs (one open with an eventfd in another process
	# is not possible: an open device pins the module) while the vblank
	# timer fires every millisecond.
	types=/sys/class/mdev_bus/mpt_kvmgt/mdev_supported_types
	t rmmod-live-vgpus sh -c "echo 1000 > /sys/module/gvt_mpt/parameters/vblank_period_us &&
		echo 6d7a0000-0000-4000-8000-000000000201 > $types/mpt_kvmgt-1head/create &&
		echo 6d7a0000-0000-4000-8000-000000000203 > $types/mpt_kvmgt-3head/create &&
		sleep 1 && rmmod mpt_kvmgt && rmmod gvt_mpt && ! ls /sys/bus/mdev/devices/* 2>/dev/null"
	t reload sh -c 'insmod /lib/modules/gvt_mpt.ko vblank_period_us=1000 && insmod /lib/modules/mpt_kvmgt.ko &&
		/bin/vfio-display-watch --create 3 --workload video60 --seconds 1 --quiet &&
		rmmod mpt_kvmgt && rmmod gvt_mpt'
	t max-instances sh -c "insmod /lib/modules/gvt_mpt.ko && insmod /lib/modules/mpt_kvmgt.ko max_instances=1 &&
		echo 6d7a0000-0000-4000-8000-000000000301 > $types/mpt_kvmgt-1head/create &&
		grep -qx 0 $types/mpt_kvmgt-3head/available_instances &&
		! echo 6d7a0000-0000-4000-8000-000000000302 > $types/mpt_kvmgt-3head/create 2>/tmp/err &&
		grep -q 'No space left' /tmp/err &&
		echo 1 > /sys/bus/mdev/devices/6d7a0000-0000-4000-8000-000000000301/remove &&
		grep -qx 1 $types/mpt_kvmgt-3head/available_instances &&
		rmmod mpt_kvmgt && rmmod gvt_mpt"
	# rmmod from a second process at random points while a consumer runs:
	# it fails with EBUSY while the device is open, never oopses.
	t rmmod-cycles vm_rmmod_cycles 20 mpt_kvmgt /bin/vfio-display-watch
	# The bounded randomized storm (gvt.storm=SECONDS, GVT_VM_ARGS on the
	# host): several processes at once, every result classified; it
	# unloads the modules and the kmemleak scans of vm_finish follow.
	[ -n "$storm" ] && t storm vm_storm kvmgt
fi
vm_finish
