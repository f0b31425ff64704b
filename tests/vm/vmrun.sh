# Sourced by the VM runners (bash): what run-kvmgt.sh, run-xengt.sh and
# run-bench.sh share.  Callers set REPO, call vm_kabi, then set OUT.

# vm_kabi: KABI, the kernel to test: GVT_KABI, else the default kernel's
# ABI (6.1), as tests/vm/kernel.sh resolves it (fetching its headers).
# Exported as GVT_KABI so every script called later (kernel.sh,
# mkinitramfs.sh, kmod.sh) uses it.
vm_kabi() {
	KABI=$("$REPO/tests/vm/kernel.sh" --headers-only --print KABI)
	export GVT_KABI="$KABI"
}

# vm_prepare [--xen]: dependencies, the kernel (VMLINUZ, KMODDIR, ...), the
# modules (with xengt for --xen), built in KMOD (build/kmod/$KABI).
vm_prepare() {
	local kvars groups=(build kernel vm) xen=()
	if [ "${1:-}" = --xen ]; then
		groups+=(xen)
		xen=(--xen)
	fi
	"$REPO/scripts/deps.sh" "${groups[@]}"
	kvars=$("$REPO/tests/vm/kernel.sh" "${xen[@]+"${xen[@]}"}")
	eval "$kvars"
	export XEN
	KMOD=$("$REPO/scripts/kmod.sh" --print-dir)
	"$REPO/scripts/kmod.sh" -C "$KHEADERS" modules \
		${xen[0]:+CONFIG_GVT_MPT_XENGT=m} >"$OUT/build.log" 2>&1 ||
		{ cat "$OUT/build.log"; exit 1; }
}

# vm_storm_vm: a storm (gvt.storm=SECONDS in GVT_VM_ARGS) races on two
# CPUs, which one CPU of a non-preemptible kernel (the debug kernels)
# cannot do: the VM then gets GVT_VM_SMP virtual CPUs (default 2; boot.sh
# reads it).  vminit.sh takes all but the first offline at boot and
# vm_storm brings them back, so the tests before the storm (some
# timing-sensitive) run on one CPU as always.  (Not maxcpus=1: a Xen PV
# dom0 then drops the other CPUs for good, with a WARN.)  VM_STORM_S is
# the storm's length (0: none), for the runners' watchdog.
vm_storm_vm() {
	VM_STORM_S=0
	case " ${GVT_VM_ARGS:-} " in
	*" gvt.storm="*)
		export GVT_VM_SMP=${GVT_VM_SMP:-2}
		# shellcheck disable=SC2086 # one word per argument
		VM_STORM_S=$(printf '%s\n' ${GVT_VM_ARGS} |
			sed -n 's/^gvt\.storm=\([0-9][0-9]*\)$/\1/p' | tail -1)
		VM_STORM_S=${VM_STORM_S:-0}
		;;
	esac
}

# vm_cc OUT_NAME SOURCES...: a static test program in $OUT.
VM_CFLAGS="-static -O2 -g -Wall -Wextra -Werror -pthread"
vm_cc() {
	local out=$1
	shift
	# shellcheck disable=SC2086
	gcc $VM_CFLAGS -o "$OUT/$out" "$@"
}

# vm_guest: tests/guest/gvt-guest.elf in $OUT, the freestanding multiboot
# guest that the nested QEMU boots (32-bit, no libc; see guest.c).
vm_guest() {
	local g="$REPO/tests/guest"
	gcc -m32 -ffreestanding -nostdlib -fno-pic -fno-pie -fno-stack-protector \
		-O2 -Wall -Wextra -Werror -c "$g/guest.c" -o "$OUT/guest.o"
	ld -m elf_i386 --no-warn-rwx-segments -T "$g/guest.ld" \
		-o "$OUT/gvt-guest.elf" "$OUT/guest.o"
}

# vm_qemu_files ARRAY: append to the array named by $1 the -f arguments that
# put Debian's unmodified qemu-system-x86_64 into the image: the binary,
# every library ldd names (symlinks resolved, kept under their names), the
# TCG accelerator module where a QEMU in /bin looks for it
# (/bin/../lib/x86_64-linux-gnu/qemu), and under /qemu the firmware it
# loads (SeaBIOS, kvmvapic, the multiboot option ROM), for -L /qemu.
VM_QEMU=/usr/bin/qemu-system-x86_64
VM_QEMU_MODDIR=/usr/lib/x86_64-linux-gnu/qemu
vm_qemu_files() {
	local -n qarr=$1
	local lib f
	qarr+=(-f "$VM_QEMU:/bin/qemu-system-x86_64")
	while read -r lib; do
		qarr+=(-f "$(readlink -f "$lib"):$lib")
	done < <(ldd "$VM_QEMU" | grep -o '/[^ ]*' | sort -u)
	qarr+=(-f "$VM_QEMU_MODDIR/accel-tcg-x86_64.so:/lib/x86_64-linux-gnu/qemu/accel-tcg-x86_64.so")
	for f in /usr/share/seabios/bios-256k.bin /usr/share/qemu/kvmvapic.bin \
		/usr/share/qemu/multiboot_dma.bin /usr/share/qemu/linuxboot_dma.bin; do
		qarr+=(-f "$(readlink -f "$f"):/qemu/${f##*/}")
	done
}

# vm_files: the -f arguments of mkinitramfs.sh for the corpus and the init
# library, appended to the array named by $1.
vm_files() {
	local -n arr=$1
	local s
	arr+=(-f "$REPO/tests/vm/vminit.sh:/lib/vminit.sh")
	for s in "$REPO"/tests/scenarios/*.scn; do
		arr+=(-f "$s:/scenarios/$(basename "$s")")
	done
}

# vm_demo_out LOG OUT RC: the demo's JSON lines from LOG into OUT/demo.jsonl.
vm_demo_out() {
	if ! grep -aq "DEMO DONE" "$1"; then
		echo "demo: the VM did not finish (boot.sh exit $3); see $1"
		tail -30 "$1"
		exit 1
	fi
	grep -a '^{"workload"' "$1" | tr -d '\r' >"$2/demo.jsonl"
	vm_demo_frames "$1" "$2" "$(basename "$2")"
	vm_demo_timeline "$1" "$2" "$(basename "$2")"
}

# vm_demo_recv LOG TAG NAME SUM FILE: the file the VM put on the console as
# TAG NAME (vminit.sh vm_demo_send) into FILE; fails (FILE removed) unless
# its md5 is SUM.
vm_demo_recv() {
	# A garbled line fails the decode; the md5 below says so.
	grep -a "^$2 $3 " "$1" | tr -d '\r' | cut -d' ' -f3 |
		base64 -d >"$5" 2>/dev/null || true
	[ "$(md5sum <"$5" | cut -d' ' -f1)" = "$4" ] && return 0
	rm -f "$5"
	return 1
}

# vm_demo_frames LOG OUT BACKEND: the PNG snapshots the demo put on the
# console (vminit.sh vm_demo_png) into build/demo/BACKEND-$KABI-NAME.png,
# each checked against its md5; their paths go to OUT/frames.txt.
vm_demo_frames() {
	local dir="$REPO/build/demo" name sum png
	mkdir -p "$dir"
	: >"$2/frames.txt"
	while read -r _ name sum; do
		png="$dir/$3-$KABI-$name.png"
		if vm_demo_recv "$1" DEMOPNG "$name" "$sum" "$png"; then
			echo "$png" >>"$2/frames.txt"
		else
			echo "demo: the frame of $name came garbled off the console" >&2
		fi
	done < <(grep -a '^DEMOPNG-BEGIN ' "$1" | tr -d '\r')
}

# vm_demo_timeline LOG OUT BACKEND: the story's two timeline logs (DEMOTL
# event and timer) into OUT/timeline-{event,timer}.txt and their picture,
# build/demo/timeline-BACKEND-$KABI.png (scripts/demo-timeline.sh); its
# path goes to OUT/timeline.txt (empty if a log is missing or garbled).
vm_demo_timeline() {
	local png="$REPO/build/demo/timeline-$3-$KABI.png" name sum ok=0
	: >"$2/timeline.txt"
	rm -f "$2/timeline-event.txt" "$2/timeline-timer.txt"
	while read -r _ name sum; do
		if vm_demo_recv "$1" DEMOTL "$name" "$sum" "$2/timeline-$name.txt"; then
			ok=$((ok + 1))
		else
			echo "demo: the $name timeline came garbled off the console" >&2
		fi
	done < <(grep -a '^DEMOTL-BEGIN ' "$1" | tr -d '\r')
	if [ "$ok" -ne 2 ] || [ ! -s "$2/timeline-event.txt" ] ||
		[ ! -s "$2/timeline-timer.txt" ]; then
		echo "demo: no timeline picture (the logs did not both arrive)" >&2
		return 0
	fi
	"$REPO/scripts/demo-timeline.sh" "$2/timeline-event.txt" \
		"$2/timeline-timer.txt" "$png" \
		"$3 ($KABI), 60 Hz emulated vblank: the story (2 s each: idle, caret 2 flips/s, cursor 10 Hz, drawing 20 Hz, video 30 fps, idle), event mode vs a 30 ms timer" &&
		echo "$png" >"$2/timeline.txt"
}

# vm_report LOG PREFIX RC: one line per VMTEST result, details of failures;
# sets vm_pass and vm_fail.  A test that could run only in part says why
# in a "VMSKIP NAME: REASON" line of its output, shown as "SKIP PREFIX/NAME:
# REASON" (its VMTEST verdict still counts).
vm_report() {
	local verdict name
	vm_pass=0
	vm_fail=0
	while read -r _ verdict name; do
		echo "$verdict $2/$name"
		if [ "$verdict" = PASS ]; then
			vm_pass=$((vm_pass + 1))
		else
			vm_fail=$((vm_fail + 1))
		fi
	done < <(grep -a '^VMTEST \(PASS\|FAIL\)' "$1" | tr -d '\r')
	while read -r _ name; do
		echo "SKIP $2/$name"
	done < <(grep -a '^ *VMSKIP ' "$1" | tr -d '\r')
	if ! grep -aq "VMTEST END" "$1"; then
		echo "FAIL $2/complete (VM did not finish, boot.sh exit $3)"
		vm_fail=$((vm_fail + 1))
		tail -40 "$1"
	fi
	if [ "$vm_fail" -ne 0 ]; then
		echo "--- details from $1"
		grep -av '^\[' "$1" | grep -a -B2 -A30 'VMTEST FAIL' | head -150
	fi
}

# vm_summary SUITE BOOT_S: the suite's time and its result line, with the
# kernel release: "SUITE-$KABI: N passed, N failed" (CI parses that form).
# SUITE_START (bash SECONDS at the start of the runner) gives the whole time.
vm_summary() {
	echo "$1-$KABI: VM boot+tests $2 s, whole suite $((SECONDS - ${SUITE_START:-0})) s"
	echo "$1-$KABI: $vm_pass passed, $vm_fail failed"
}
