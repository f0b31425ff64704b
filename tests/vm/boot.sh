#!/usr/bin/env bash
# boot.sh - boot a kernel + initramfs under QEMU (TCG, no KVM) with a watchdog.
#
# Plain boot: the stock kernel directly. --xen: the Xen hypervisor with the
# kernel as PV dom0 (Xen image from tests/vm/kernel.sh --xen, or env XEN).
# The serial console goes to LOGFILE. This script never judges the guest:
# callers grep LOGFILE for their markers (QEMU exits 0 on a clean poweroff
# and on a guest panic alike).
#
# Exit status: 0 when QEMU ended by itself (or hung after the guest powered
# off, see below), 124 when the watchdog had to kill it, QEMU's own status
# if it failed to start, 2 on bad usage.
#
# QEMU 7.2 (TCG) now and then stays up after the guest's last words
# ("reboot: Power down"; Xen: "Entering ACPI S5 state"): once those are in
# the log, QEMU gets POWEROFF_GRACE seconds to exit and is then killed,
# which counts as a normal end (noted in the log), not as a timeout.
set -euo pipefail

QBOOT=/usr/share/qemu/qboot.rom
POWEROFF_GRACE=10
POWEROFF_RE='reboot: Power down|reboot: Restarting system|reboot: System halted|\(XEN\) Entering ACPI S5 state'

usage() {
	cat <<'EOF'
usage: tests/vm/boot.sh [--xen] -k VMLINUZ -r INITRD -l LOGFILE
                        [-t TIMEOUT_S] [-x EXTRA_KERNEL_ARGS]

  --xen     boot Xen with VMLINUZ as PV dom0 (-m 2G -cpu qemu64)
  -k        kernel image (e.g. VMLINUZ from tests/vm/kernel.sh)
  -r        initramfs (e.g. from tests/vm/mkinitramfs.sh)
  -l        serial log file (overwritten)
  -t        watchdog timeout in seconds (default 120)
  -x        extra Linux (dom0) command line arguments

Exit: 0 QEMU ended, 124 timeout (QEMU killed), other: QEMU failed to start.
Environment: XEN (Xen image, --xen), GVT_BIOS=default (do not use qboot),
GVT_VM_SMP (virtual CPUs, default 1; with --xen Xen's CPUs, all dom0's).
EOF
}

die() {
	echo "boot.sh: $*" >&2
	exit 2
}

# QEMU option values escape ',' as ',,'.
qesc() {
	printf '%s' "${1//,/,,}"
}

# Kill the QEMU we started, if still alive; found by its -pidfile and
# checked by its command line so that no other process is ever hit.
kill_qemu() {
	local pid
	[ -n "${PIDFILE:-}" ] && [ -s "$PIDFILE" ] || return 0
	pid=$(cat "$PIDFILE" 2>/dev/null) || return 0
	[ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 0
	tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$PIDFILE" || return 0
	kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
	kill_qemu
	[ -n "${WORK:-}" ] && rm -rf "$WORK"
}

main() {
	local xen=0 kernel="" initrd="" log="" tmo=120 extra=""
	while [ "$#" -gt 0 ]; do
		case "$1" in
		--xen) xen=1 ;;
		-k) kernel=${2:?}; shift ;;
		-r) initrd=${2:?}; shift ;;
		-l) log=${2:?}; shift ;;
		-t) tmo=${2:?}; shift ;;
		-x) extra=${2?}; shift ;;
		-h | --help) usage; exit 0 ;;
		*) usage >&2; exit 2 ;;
		esac
		shift
	done
	if [ -z "$kernel" ] || [ -z "$initrd" ] || [ -z "$log" ]; then
		usage >&2
		exit 2
	fi
	[ -f "$kernel" ] || die "no kernel $kernel"
	[ -f "$initrd" ] || die "no initrd $initrd"
	[[ "$tmo" =~ ^[1-9][0-9]*$ ]] || die "bad timeout '$tmo'"

	local repo
	repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	"$repo/scripts/deps.sh" vm

	local smp=${GVT_VM_SMP:-1}
	[[ "$smp" =~ ^[1-8]$ ]] || die "bad GVT_VM_SMP '$smp'"
	local qemu=(qemu-system-x86_64 -nographic -no-reboot -nic none -smp "$smp")
	if [ "$xen" -eq 1 ]; then
		if [ -z "${XEN:-}" ]; then
			local kvars
			kvars=$("$repo/tests/vm/kernel.sh" --xen)
			eval "$kvars"
		fi
		[ -f "$XEN" ] || die "no Xen image $XEN"
		# Xen reads the multiboot module list from -initrd: the dom0 kernel
		# with its command line, then the initramfs. No 'noreboot': after a
		# dom0 crash Xen resets in 5 s, and -no-reboot then ends QEMU.
		local dom0="$kernel console=hvc0 earlyprintk=xen panic=-1 $extra"
		qemu+=(-m 2G -cpu qemu64
			-kernel "$XEN"
			-append "console=com1 com1=115200,8n1 dom0_mem=512M,max:512M dom0=pv"
			-initrd "$(qesc "${dom0% }"),$(qesc "$initrd")")
	else
		qemu+=(-m 1G)
		if [ "${GVT_BIOS:-}" != default ] && [ -f "$QBOOT" ]; then
			qemu+=(-bios "$QBOOT")
		fi
		qemu+=(-kernel "$kernel" -initrd "$initrd"
			-append "console=ttyS0 panic=-1${extra:+ $extra}")
	fi

	mkdir -p "$(dirname "$log")"
	: >"$log"
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/gvt-boot.XXXXXX")
	PIDFILE="$WORK/qemu.pid"
	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	qemu+=(-monitor none -serial "file:$log" -pidfile "$PIDFILE")

	local rc=0 start=$SECONDS qpid off_at="" hung=0
	timeout -k 5 "$tmo" "${qemu[@]}" </dev/null &
	qpid=$!
	while kill -0 "$qpid" 2>/dev/null; do
		sleep 0.5
		if [ -z "$off_at" ]; then
			grep -aqE "$POWEROFF_RE" "$log" && off_at=$SECONDS
		elif [ $((SECONDS - off_at)) -ge "$POWEROFF_GRACE" ]; then
			hung=1
			kill_qemu
			break
		fi
	done
	wait "$qpid" || rc=$?
	kill_qemu
	if [ "$hung" -eq 1 ]; then
		echo "[boot.sh] QEMU still up ${POWEROFF_GRACE} s after the guest powered off: killed" >>"$log"
		echo "boot.sh: QEMU hung after the guest powered off; killed after $((SECONDS - start)) s" >&2
		return 0
	fi
	case "$rc" in
	0)
		echo "boot.sh: QEMU ended after $((SECONDS - start)) s" >&2
		;;
	124 | 137)
		echo "[boot.sh] watchdog: QEMU killed after $tmo s" >>"$log"
		echo "boot.sh: timeout after $tmo s, QEMU killed" >&2
		return 124
		;;
	*)
		echo "boot.sh: QEMU failed ($rc)" >&2
		return "$rc"
		;;
	esac
}

main "$@"
