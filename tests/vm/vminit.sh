# Sourced by the VM /init scripts (busybox sh), installed as /lib/vminit.sh.
# vm_setup: mounts and the mode (gvt.mode=test|demo on the command line);
# t NAME CMD...: run a test, print "VMTEST PASS|FAIL NAME" and its output;
# vm_demo TOOL: the demo workloads, event and 30 ms timer, as JSON lines;
# vm_storm BACKEND: the randomized storm, when gvt.storm=SECONDS is given;
# vm_finish: the dmesg and kmemleak checks, "VMTEST END", power off.
vm_setup() {
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev
	mount -t debugfs debugfs /sys/kernel/debug
	mode=test
	only=
	storm=
	storm_workers=4
	storm_seed=
	for a in $(cat /proc/cmdline); do
		case "$a" in
		gvt.mode=*) mode=${a#gvt.mode=} ;;
		gvt.only=*) only=",${a#gvt.only=}," ;;
		# The debug kernels: consumers check pixels, not timing.
		gvt.notiming=1) export GVT_CHECK_NO_TIMING=1 ;;
		gvt.storm=*) storm=${a#gvt.storm=} ;;
		gvt.storm_workers=*) storm_workers=${a#gvt.storm_workers=} ;;
		gvt.storm_seed=*) storm_seed=${a#gvt.storm_seed=} ;;
		esac
	done
	echo 1 > /proc/sys/kernel/printk_ratelimit 2>/dev/null
	# A storm's VM has more CPUs (vmrun.sh vm_storm_vm): the tests before it
	# run on the first one only, vm_storm brings the others back.
	if [ -n "$storm" ]; then
		vm_cpus 0
	fi
}

# vm_cpus 0|1: every CPU but the first offline, or all online.
vm_cpus() {
	for c in /sys/devices/system/cpu/cpu[0-9]*/online; do
		[ -w "$c" ] && [ "$(cat "$c")" != "$1" ] && echo "$1" > "$c"
	done
}

t() {
	name=$1
	shift
	# gvt.only=a,b,c (GVT_VM_ONLY on the host): run only those tests,
	# and the module loads they need.
	if [ -n "$only" ]; then
		case "$name" in
		insmod-*|mdev-types) ;;
		*) case "$only" in *",$name,"*) ;; *) return 0 ;; esac ;;
		esac
	fi
	if "$@" > /tmp/out 2>&1; then
		echo "VMTEST PASS $name"
	else
		echo "VMTEST FAIL $name"
	fi
	sed 's/^/    /' /tmp/out
}

# vm_damage_copy WATCH: the consumer WATCH in event mode on draw20 (16
# lines redrawn in a still buffer at 20 Hz), with the single-framebuffer
# heuristic, then with write tracking; both JSON lines printed.  Fails
# unless each run passes --check and --verify (its copies, made of damaged
# rectangles, equal the planes at the end) and reports its refresh mode,
# and the tracked one copies under half a 320x240 XRGB8888 plane per event.
vm_damage_copy() {
	wt=/sys/module/gvt_mpt/parameters/write_tracking
	old=$(cat $wt)
	echo 0 > $wt
	"$1" --create 1 --workload draw20 --seconds 3 --json --check --verify > /tmp/dc0.json
	rc0=$?
	echo 1 > $wt
	"$1" --create 1 --workload draw20 --seconds 3 --json --check --verify > /tmp/dc1.json
	rc1=$?
	echo "$old" > $wt
	cat /tmp/dc0.json /tmp/dc1.json
	[ $rc0 -eq 0 ] && [ $rc1 -eq 0 ] &&
		grep -q '"refresh":"heuristic"' /tmp/dc0.json &&
		grep -q '"refresh":"tracking"' /tmp/dc1.json || return 1
	b=$(sed -n 's/.*"bytes_per_event":\([0-9]*\).*/\1/p' /tmp/dc1.json)
	echo "bytes per event: heuristic $(sed -n 's/.*"bytes_per_event":\([0-9]*\).*/\1/p' /tmp/dc0.json), tracking $b"
	[ -n "$b" ] && [ "$b" -lt 153600 ]
}

# vm_demo_send TAG NAME FILE: FILE onto the console for the host
# (tests/vm/vmrun.sh vm_demo_recv): "TAG-BEGIN NAME md5", then its base64
# lines, each "TAG NAME ...".
vm_demo_send() {
	[ -s "$3" ] || return 0
	# Kernel messages would break lines on the shared console: quiet.
	dmesg -n 1
	echo "$1-BEGIN $2 $(md5sum < "$3" | cut -d' ' -f1)"
	base64 "$3" | sed "s/^/$1 $2 /"
	dmesg -n 7
}

# vm_demo_png NAME: /tmp/demo-NAME.png onto the console (DEMOPNG).
vm_demo_png() {
	vm_demo_send DEMOPNG "$1" "/tmp/demo-$1.png"
}

# vm_demo TOOL: each workload in event mode (its last frame as a PNG) and
# with a 30 ms timer, then the scripted story (2 s each: idle, caret,
# cursor10, draw20, video30, idle) once in each mode with --timeline, the
# two logs onto the console (DEMOTL event, DEMOTL timer) for the host's
# timeline picture (vmrun.sh vm_demo_timeline).
vm_demo() {
	echo 16667 > /sys/module/gvt_mpt/parameters/vblank_period_us
	for w in video30 draw20 cursor idle blank; do
		"$1" --create 1 --workload $w --seconds "${GVT_DEMO_SECONDS:-3}" --json --quiet \
			--snapshot "/tmp/demo-$w.png"
		vm_demo_png $w
		"$1" --create 1 --workload $w --seconds "${GVT_DEMO_SECONDS:-3}" --json --quiet --timer 30
	done
	"$1" --create 1 --workload story --seconds 12 --json --quiet --timeline /tmp/tl-event.txt
	"$1" --create 1 --workload story --seconds 12 --json --quiet --timer 30 --timeline /tmp/tl-timer.txt
	vm_demo_send DEMOTL event /tmp/tl-event.txt
	vm_demo_send DEMOTL timer /tmp/tl-timer.txt
	echo "DEMO DONE"
}

# vm_rmmod_cycles N BACKEND TOOL: N times load gvt_mpt (1 kHz vblank) and
# BACKEND, run TOOL on a 3-head vGPU with a 60 fps workload and rmmod
# BACKEND from this shell at a random point meanwhile: EBUSY while the
# device is open, never an oops; both modules unload at the end.
vm_rmmod_cycles() {
	for i in $(seq "$1"); do
		insmod /lib/modules/gvt_mpt.ko vblank_period_us=1000 &&
		insmod "/lib/modules/$2.ko" || return 1
		"$3" --create 3 --workload video60 --seconds 0.3 --quiet >/dev/null 2>&1 &
		usleep $((RANDOM % 400000))
		rmmod "$2" 2>/dev/null
		wait
		if grep -q "^$2 " /proc/modules; then
			rmmod "$2" || return 1
		fi
		rmmod gvt_mpt || return 1
	done
	echo "$1 rmmod cycles"
}

# vm_storm BACKEND: tests/vm/storm.c for gvt.storm=SECONDS (workers:
# gvt.storm_workers, default 4; gvt.storm_seed repeats a run's choices)
# on every CPU (vm_setup took all but the first offline), with gvt_mpt
# and mpt_BACKEND loaded afresh: unloaded if the tests before left them
# loaded (this fails if they cannot be), then loaded with their defaults
# (the 60 Hz timer), but for kvmgt 12 instances at most, fewer than the
# storm's 16 UUIDs, so creates also meet the limit.  The storm unloads
# both at its end; its output goes to the console as it runs (a crash
# mid-storm leaves it in the log), its closing lines start with
# "storm-BACKEND:".
vm_storm() {
	vm_cpus 1
	for m in "mpt_$1" gvt_mpt; do
		if grep -q "^$m " /proc/modules; then
			rmmod "$m" || return 1
		fi
	done
	insmod /lib/modules/gvt_mpt.ko || return 1
	if [ "$1" = kvmgt ]; then
		insmod /lib/modules/mpt_kvmgt.ko max_instances=12 || return 1
	else
		insmod "/lib/modules/mpt_$1.ko" || return 1
	fi
	/bin/storm "$1" --seconds "$storm" --workers "$storm_workers" \
		${storm_seed:+--seed "$storm_seed"} > /dev/console 2>&1
}

vm_finish() {
	if dmesg | grep -E "WARNING:|BUG:|Oops|Call Trace|general protection|UBSAN:|ODEBUG:" > /tmp/bad; then
		echo "VMTEST FAIL dmesg-clean"
		sed 's/^/    /' /tmp/bad
		dmesg | tail -60 | sed 's/^/    dmesg: /'
	else
		echo "VMTEST PASS dmesg-clean"
	fi
	# A kmemleak kernel (scripts/debug-kernel.sh): by now every vGPU and
	# module is gone, so whatever a scan still finds unreferenced leaked.
	# Scanned twice: an object is reported only once it is old enough.
	# (A debugfs file has size 0 whatever it holds: read it to know.)
	kml=/sys/kernel/debug/kmemleak
	: > /tmp/kml
	if [ -w "$kml" ]; then
		echo scan > "$kml" && sleep 6 && echo scan > "$kml"
		cat "$kml" > /tmp/kml
		if [ -s /tmp/kml ]; then
			echo "VMTEST FAIL kmemleak"
			head -80 /tmp/kml | sed 's/^/    /'
		else
			echo "VMTEST PASS kmemleak"
		fi
	fi
	# For tests/vm/reports.sh on the host, which counts the other
	# kinds of report on the console.
	n=$(grep -c "^unreferenced object" /tmp/kml)
	echo "VMREPORTS kmemleak=$n"
	echo "VMTEST END"
	poweroff -f
}
