#!/bin/sh
# /init of the detector self-test VM (busybox; tests/vm/run-plant.sh):
# loads gvt_plant.ko, plants one bug of each kind, in the module's order
# (or gvt.plants=a,b,c from the command line), then vm_finish: its
# kmemleak scans report the planted leak ("VMREPORTS kmemleak=N").  The
# host counts the reports per plant (tests/vm/reports.sh); the VMTEST
# lines of vm_finish fail here by design.
. /lib/vminit.sh
vm_setup
plants=
for a in $(cat /proc/cmdline); do
	case "$a" in
	gvt.plants=*) plants=$(echo "${a#gvt.plants=}" | tr , ' ') ;;
	esac
done
f=/sys/kernel/debug/gvt_plant/plant
if insmod /lib/modules/gvt_plant.ko; then
	[ -n "$plants" ] || plants=$(cat $f)
	echo "PLANT KINDS $plants"
	for k in $plants; do
		# From a child that exits: no stale copy of the leaked
		# pointer stays on a live task's stack for kmemleak to find.
		sh -c "echo $k > $f"
		echo "PLANT RC $k $?"
	done
	echo "PLANT DONE"
else
	echo "PLANT FAIL insmod"
fi
vm_finish
