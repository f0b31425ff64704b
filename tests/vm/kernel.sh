#!/usr/bin/env bash
# kernel.sh - fetch the stock Debian kernel (and optionally Xen) for VM tests.
#
# Makes sure the headers for the stock ABI are installed (scripts/deps.sh
# kernel), fetches linux-image-$ABI with `apt-get download` into a cache dir
# and unpacks it with dpkg-deb -x (never installed on the host), then runs
# depmod on the unpacked tree. With --xen it does the same for the Xen
# hypervisor and leaves an uncompressed xen image beside it.
#
# Prints shell assignments on stdout, for `eval "$(tests/vm/kernel.sh)"`.
# A second call finds everything cached and only prints.
set -euo pipefail

XEN_PKG=xen-hypervisor-4.17-amd64
XEN_GZ=boot/xen-4.17-amd64.gz

usage() {
	cat <<EOF
usage: tests/vm/kernel.sh [--xen]

Prints (one per line, shell-quoted):
  KABI=      stock kernel ABI, e.g. 6.1.0-56-amd64
  KROOT=     unpacked linux-image-\$KABI (the dir given to depmod -b)
  VMLINUZ=   \$KROOT/boot/vmlinuz-\$KABI
  KMODDIR=   \$KROOT/lib/modules/\$KABI (with modules.dep)
  KHEADERS=  /usr/src/linux-headers-\$KABI (make -C \$KHEADERS M=...)
  XEN=       uncompressed Xen hypervisor image (only with --xen)

Environment:
  GVT_CACHE  cache dir (default: \$REPO/build/vm/kernel)
EOF
}

die() {
	echo "kernel.sh: $*" >&2
	exit 1
}

PROG=kernel.sh
# shellcheck source=scripts/shlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/shlib.sh"

# fetch_unpack PKG DEST: apt-get download PKG and dpkg-deb -x it into DEST.
# Unpacks into a temp dir first and renames, so an interrupted run leaves
# no half-filled DEST behind.
fetch_unpack() {
	local pkg=$1 dest=$2 dl tmp deb
	dl=$(mktemp -d "$CACHE/.dl.XXXXXX")
	tmp="$dest.tmp.$$"
	rm -rf "$tmp"
	if ! (cd "$dl" && quiet apt-get download "$pkg"); then
		# The package lists may be stale (an older ABI gone from the archive).
		quiet as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
		(cd "$dl" && quiet apt-get download "$pkg") || {
			rm -rf "$dl"
			die "cannot download $pkg"
		}
	fi
	deb=$(find "$dl" -maxdepth 1 -name '*.deb' | head -n1)
	[ -n "$deb" ] || die "apt-get download $pkg left no .deb"
	mkdir -p "$tmp"
	dpkg-deb -x "$deb" "$tmp"
	rm -rf "$dl" "$dest"
	mv "$tmp" "$dest"
}

ensure_kernel() {
	KROOT="$CACHE/$KABI"
	VMLINUZ="$KROOT/boot/vmlinuz-$KABI"
	KMODDIR="$KROOT/lib/modules/$KABI"
	KHEADERS="/usr/src/linux-headers-$KABI"

	if [ -f "$KROOT/.ready" ] && [ -d "$KHEADERS" ]; then
		return 0
	fi
	"$REPO/scripts/deps.sh" kernel
	# deps.sh may have refreshed the lists and found a newer ABI.
	local abi
	abi=$("$REPO/scripts/deps.sh" --print-abi)
	if [ "$abi" != "$KABI" ]; then
		KABI=$abi
		ensure_kernel
		return 0
	fi
	[ -d "$KHEADERS" ] || die "headers not found at $KHEADERS"

	if [ ! -f "$KROOT/.ready" ]; then
		fetch_unpack "linux-image-$KABI" "$KROOT"
		[ -f "$VMLINUZ" ] || die "no $VMLINUZ in linux-image-$KABI"
		[ -d "$KMODDIR" ] || die "no $KMODDIR in linux-image-$KABI"
		depmod -b "$KROOT" "$KABI"
		touch "$KROOT/.ready"
	fi
}

ensure_xen() {
	local root="$CACHE/xen"
	XEN="$root/${XEN_GZ##*/}"
	XEN="${XEN%.gz}"
	[ -f "$root/.ready" ] && [ -f "$XEN" ] && return 0

	fetch_unpack "$XEN_PKG" "$root"
	[ -f "$root/$XEN_GZ" ] || die "no $XEN_GZ in $XEN_PKG"
	gzip -dc "$root/$XEN_GZ" >"$XEN.tmp"
	mv "$XEN.tmp" "$XEN"
	touch "$root/.ready"
}

main() {
	local want_xen=0
	while [ "$#" -gt 0 ]; do
		case "$1" in
		--xen) want_xen=1 ;;
		-h | --help)
			usage
			exit 0
			;;
		*)
			usage >&2
			exit 2
			;;
		esac
		shift
	done

	REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	CACHE=${GVT_CACHE:-$REPO/build/vm/kernel}
	mkdir -p "$CACHE"
	CACHE=$(cd "$CACHE" && pwd)

	# Serialise concurrent callers sharing one cache.
	exec 9>"$CACHE/.lock"
	flock 9

	KABI=$("$REPO/scripts/deps.sh" --print-abi)
	ensure_kernel
	[ "$want_xen" -eq 1 ] && ensure_xen

	local var
	for var in KABI KROOT VMLINUZ KMODDIR KHEADERS; do
		printf '%s=%q\n' "$var" "${!var}"
	done
	if [ "$want_xen" -eq 1 ]; then
		printf 'XEN=%q\n' "$XEN"
	fi
}

main "$@"
