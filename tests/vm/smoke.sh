#!/usr/bin/env bash
# smoke.sh - end-to-end check of the VM test infrastructure.
#
#   kvm: stock kernel boots; vfio, vfio_iommu_type1 and mdev load and
#        /dev/vfio/vfio appears.
#   xen: Xen boots the stock kernel as PV dom0; xen-evtchn, xen-privcmd and
#        xenfs load, /dev/xen/evtchn appears and xenfs reports control_d.
#
# Each test builds an initramfs (tests/vm/mkinitramfs.sh), boots it
# (tests/vm/boot.sh) and greps the serial log for its marker. The kernel is
# GVT_KABI (default: the 6.1 ABI). Outputs and logs go to
# $REPO/build/vm/$KABI/smoke/.
set -euo pipefail

usage() {
	cat <<'EOF'
usage: tests/vm/smoke.sh [-t TIMEOUT_S] [kvm] [xen]
  Runs the named tests (default: both) and prints
  "smoke-$KABI: N passed, M failed".
  Exit status 0 only if all passed.
EOF
}

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TIMEOUT=120

# Common /init prologue: mount the pseudo file systems, define load().
init_prologue() {
	cat <<'EOF'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
ok=1
load() {
	insmod "/lib/modules/$1.ko" || { echo "SMOKE: insmod $1 failed"; ok=0; }
}
EOF
}

write_init_kvm() {
	init_prologue
	cat <<'EOF'
for m in $(cat /lib/modules/load-order); do
	load "$m"
done
[ -c /dev/vfio/vfio ] || { echo "SMOKE: no /dev/vfio/vfio"; ok=0; }
[ "$ok" = 1 ] && echo "SMOKE: modules ok"
poweroff -f
EOF
}

write_init_xen() {
	init_prologue
	cat <<'EOF'
for m in $(cat /lib/modules/load-order); do
	load "$m"
done
[ -c /dev/xen/evtchn ] || { echo "SMOKE: no /dev/xen/evtchn"; ok=0; }
if mount -t xenfs xenfs /proc/xen; then
	grep -q control_d /proc/xen/capabilities || { echo "SMOKE: not dom0"; ok=0; }
else
	echo "SMOKE: cannot mount xenfs"; ok=0
fi
[ "$ok" = 1 ] && echo "SMOKE: xen ok"
poweroff -f
EOF
}

now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# run_test NAME: build, boot and judge one test; returns 0 on pass.
run_test() {
	local name=$1 marker mkargs=() bootargs=()
	case "$name" in
	kvm) marker="SMOKE: modules ok" ;;
	xen)
		marker="SMOKE: xen ok"
		mkargs=(--xen-modules)
		bootargs=(--xen)
		;;
	*) echo "smoke.sh: unknown test '$name'" >&2; usage >&2; exit 2 ;;
	esac

	local init="$OUT/init-$name" initrd="$OUT/initrd-$name.cpio.gz"
	local log="$OUT/$name.log" t0 t1 t2 rc=0
	"write_init_$name" >"$init"
	t0=$(now_ms)
	"$REPO/tests/vm/mkinitramfs.sh" -o "$initrd" -i "$init" "${mkargs[@]+"${mkargs[@]}"}"
	t1=$(now_ms)
	"$REPO/tests/vm/boot.sh" "${bootargs[@]+"${bootargs[@]}"}" -k "$VMLINUZ" \
		-r "$initrd" -l "$log" -t "$TIMEOUT" 2>"$log.err" || rc=$?
	t2=$(now_ms)

	local times
	times=$(printf 'initramfs %d.%03d s, boot %d.%03d s' \
		$(((t1 - t0) / 1000)) $(((t1 - t0) % 1000)) \
		$(((t2 - t1) / 1000)) $(((t2 - t1) % 1000)))
	if [ "$rc" -eq 0 ] && grep -aqF "$marker" "$log"; then
		echo "PASS $name ($times)"
		return 0
	fi
	echo "FAIL $name (boot.sh exit $rc; $times); last lines of $log:"
	tail -n 20 "$log" | sed 's/^/    /'
	sed 's/^/    /' "$log.err"
	return 1
}

main() {
	local tests=()
	while [ "$#" -gt 0 ]; do
		case "$1" in
		-t) TIMEOUT=${2:?}; shift ;;
		-h | --help) usage; exit 0 ;;
		-*) usage >&2; exit 2 ;;
		*) tests+=("$1") ;;
		esac
		shift
	done
	[ "${#tests[@]}" -gt 0 ] || tests=(kvm xen)

	local kvars xenflag=()
	case " ${tests[*]} " in *" xen "*) xenflag=(--xen) ;; esac
	kvars=$("$REPO/tests/vm/kernel.sh" "${xenflag[@]+"${xenflag[@]}"}")
	eval "$kvars"
	# Later kernel.sh calls (mkinitramfs.sh) then skip the ABI look-up.
	export XEN GVT_KABI="$KABI"
	OUT="$REPO/build/vm/$KABI/smoke"
	mkdir -p "$OUT"

	local t passed=0 failed=0
	for t in "${tests[@]}"; do
		if run_test "$t"; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
		fi
	done
	echo "smoke-$KABI: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

main "$@"
