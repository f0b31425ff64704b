#!/bin/sh
# qemu-guest.sh - in the kvmgt VM: Debian's unmodified qemu-system-x86_64
# (TCG, nested) runs tests/guest/gvt-guest.elf with the vGPU mdev as a
# vfio-pci device.  The guest finds it on PCI and programs it through
# QEMU's BAR0 forwarding; it must see every flip go live at a vblank and
# PIPE_FLIPCOUNT count them (values only gvt_mpt's model computes), and
# QEMU must log no vfio error.  Needs the vblank timer running
# (vblank_period_us != 0).
uuid=6d7a0000-0000-4000-8000-000000000401
types=/sys/class/mdev_bus/mpt_kvmgt/mdev_supported_types
echo $uuid > $types/mpt_kvmgt-1head/create || exit 1
start=$(cut -d' ' -f1 /proc/uptime)
timeout 300 /bin/qemu-system-x86_64 -L /qemu -nodefaults -display none \
	-machine pc -accel tcg -m 32 -no-reboot -kernel /gvt-guest.elf \
	-serial file:/tmp/guest.log \
	-device isa-debug-exit,iobase=0xf4,iosize=4 \
	-device vfio-pci,sysfsdev=/sys/bus/mdev/devices/$uuid,display=off \
	2>/tmp/qemu.err
rc=$?
end=$(cut -d' ' -f1 /proc/uptime)
echo 1 > /sys/bus/mdev/devices/$uuid/remove
echo "qemu exit $rc, $start -> $end s uptime"
sed 's/^/guest: /' /tmp/guest.log
sed 's/^/qemu stderr: /' /tmp/qemu.err
# isa-debug-exit: status (code << 1) | 1; the guest exits with 0 on success.
[ "$rc" = 1 ] || exit 1
grep -q '^GVTGUEST flips 0x0000000a live-ok 0x0000000a flipcount 0x0000000a' \
	/tmp/guest.log || exit 1
! grep -qi vfio /tmp/qemu.err
