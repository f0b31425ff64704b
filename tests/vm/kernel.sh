#!/usr/bin/env bash
# kernel.sh - fetch a stock Debian kernel's headers and image (and
# optionally Xen) for the module builds and the VM tests.
#
# Nothing is installed on the host: every package is fetched with
# `apt-get download` into a per-ABI cache dir and unpacked with dpkg-deb -x.
#   $CACHE/$KABI/headers  linux-headers-$KABI with the linux-headers-*-common
#                         and linux-kbuild-* packages it depends on, in one
#                         root (their relative scripts/tools links resolve
#                         inside it); KHEADERS is the dir for make -C.
#   $CACHE/$KABI/image    linux-image-$KABI (vmlinuz and modules), with
#                         modules.dep from depmod -b (the .deb has none).
#   $CACHE/xen            the Xen hypervisor (--xen), uncompressed beside.
#
# Prints shell assignments on stdout, for `eval "$(tests/vm/kernel.sh)"`.
# A second call finds everything cached and only prints.
set -euo pipefail

XEN_PKG=xen-hypervisor-4.17-amd64
XEN_GZ=boot/xen-4.17-amd64.gz

usage() {
	cat <<EOF
usage: tests/vm/kernel.sh [-k KERNEL] [--headers-only] [--xen] [--print VAR]

  -k KERNEL       a supported kernel (scripts/deps.sh --kernels; default
                  6.1); GVT_KABI, if set, names the ABI directly
  --headers-only  fetch the headers only (for module builds)
  --xen           also fetch the Xen hypervisor
  --print VAR     print only the value of VAR (unquoted)

Prints (one per line, shell-quoted):
  KABI=      kernel ABI, e.g. 6.1.0-56-amd64 or 6.12.117+deb12-amd64
  KHEADERS=  unpacked headers (make -C \$KHEADERS M=...)
  KROOT=     unpacked linux-image-\$KABI (the dir given to depmod -b)
  VMLINUZ=   \$KROOT/boot/vmlinuz-\$KABI
  KMODDIR=   \$KROOT/lib/modules/\$KABI (with modules.dep)
  XEN=       uncompressed Xen hypervisor image (only with --xen)

Environment:
  GVT_KABI   the ABI (skips the metapackage look-up)
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

# download DIR PKG...: apt-get download the packages into DIR; on failure
# refresh the package lists once (they may be stale) and retry.
download() {
	local dir=$1
	shift
	(cd "$dir" && quiet apt-get download "$@") && return 0
	quiet as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	(cd "$dir" && quiet apt-get download "$@")
}

# fetch_unpack DEST PKG...: download the packages and dpkg-deb -x them all
# into DEST.  Unpacks into a temp dir first and renames, so an interrupted
# run leaves no half-filled DEST behind.  Returns 1 if the download failed.
fetch_unpack() {
	local dest=$1 dl tmp deb
	shift
	dl=$(mktemp -d "$CACHE/.dl.XXXXXX")
	tmp="$dest.tmp.$$"
	rm -rf "$tmp"
	download "$dl" "$@" || {
		rm -rf "$dl"
		echo "kernel.sh: cannot download $*" >&2
		return 1
	}
	mkdir -p "$tmp"
	for deb in "$dl"/*.deb; do
		[ -f "$deb" ] || die "apt-get download $* left no .deb"
		dpkg-deb -x "$deb" "$tmp"
	done
	rm -rf "$dl" "$dest"
	mv "$tmp" "$dest"
}

# header_packages ABI: linux-headers-$ABI and the header/kbuild packages it
# depends on (not the kernel image that 6.12's headers also depend on, nor
# the compiler: that one is installed, scripts/deps.sh kernel).
header_packages() {
	echo "linux-headers-$1"
	apt-cache depends "linux-headers-$1" 2>/dev/null |
		sed -n 's/^ *|\?Depends: \(linux-\(headers\|kbuild\)-[^ ]*\)$/\1/p' | sort -u
}

ensure_headers() {
	local root="$CACHE/$KABI/headers" pkgs
	KHEADERS="$root/usr/src/linux-headers-$KABI"
	[ -f "$root/.ready" ] && return 0

	pkgs=$(header_packages "$KABI")
	if [ "$(wc -l <<<"$pkgs")" -lt 3 ]; then
		quiet as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
		pkgs=$(header_packages "$KABI")
	fi
	# shellcheck disable=SC2086 # one package name per word
	fetch_unpack "$root" $pkgs || return 1
	[ -f "$KHEADERS/Makefile" ] || die "no $KHEADERS/Makefile in linux-headers-$KABI"
	# The arch Makefile includes the common one by its absolute path under
	# /usr/src: point it at the unpacked copy, relative to itself.
	# shellcheck disable=SC2016 # $(...) is make's
	sed -i 's|^include /usr/src/\(linux-headers-[^/]*\)/Makefile$|include $(dir $(lastword $(MAKEFILE_LIST)))../\1/Makefile|' \
		"$KHEADERS/Makefile"
	if grep -q '/usr/src/' "$KHEADERS/Makefile"; then
		die "cannot relocate $KHEADERS/Makefile"
	fi
	[ -e "$KHEADERS/scripts/Makefile.build" ] ||
		die "$KHEADERS/scripts does not resolve (linux-kbuild package missing?)"
	touch "$root/.ready"
}

ensure_image() {
	KROOT="$CACHE/$KABI/image"
	VMLINUZ="$KROOT/boot/vmlinuz-$KABI"
	KMODDIR="$KROOT/lib/modules/$KABI"
	[ -f "$KROOT/.ready" ] && return 0

	fetch_unpack "$KROOT" "linux-image-$KABI" || return 1
	if [ ! -f "$VMLINUZ" ] || [ ! -d "$KMODDIR/kernel" ]; then
		# Where the signed package is only a shell, the unsigned one has
		# the kernel and its modules.
		fetch_unpack "$KROOT" "linux-image-$KABI-unsigned" || return 1
	fi
	[ -f "$VMLINUZ" ] || die "no $VMLINUZ in linux-image-$KABI"
	[ -d "$KMODDIR" ] || die "no $KMODDIR in linux-image-$KABI"
	depmod -b "$KROOT" "$KABI" || die "depmod -b $KROOT $KABI failed"
	touch "$KROOT/.ready"
}

ensure_xen() {
	local root="$CACHE/xen"
	XEN="$root/${XEN_GZ##*/}"
	XEN="${XEN%.gz}"
	[ -f "$root/.ready" ] && [ -f "$XEN" ] && return 0

	fetch_unpack "$root" "$XEN_PKG" || die "cannot fetch $XEN_PKG"
	[ -f "$root/$XEN_GZ" ] || die "no $XEN_GZ in $XEN_PKG"
	gzip -dc "$root/$XEN_GZ" >"$XEN.tmp"
	mv "$XEN.tmp" "$XEN"
	touch "$root/.ready"
}

# fetch_kernel WANT_IMAGE: headers (and image) of KABI, under the ABI's
# lock (concurrent callers share one cache).  Returns 1 if a download
# failed.
fetch_kernel() {
	local rc=0
	mkdir -p "$CACHE/$KABI"
	exec 9>"$CACHE/$KABI/.lock"
	flock 9
	ensure_headers || rc=1
	if [ "$rc" -eq 0 ] && [ "$1" -eq 1 ]; then
		ensure_image || rc=1
	fi
	exec 9>&-
	return "$rc"
}

main() {
	local want_xen=0 want_image=1 kernel="" print=""
	while [ "$#" -gt 0 ]; do
		case "$1" in
		-k) kernel=${2:?}; shift ;;
		--headers-only) want_image=0 ;;
		--xen) want_xen=1 ;;
		--print) print=${2:?}; shift ;;
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

	KABI=$("$REPO/scripts/deps.sh" --print-abi ${kernel:+"$kernel"})
	if ! [ -f "$CACHE/$KABI/headers/.ready" ] ||
		{ [ "$want_image" -eq 1 ] && ! [ -f "$CACHE/$KABI/image/.ready" ]; } ||
		{ [ "$want_xen" -eq 1 ] && ! [ -f "$CACHE/xen/.ready" ]; }; then
		# Tools for what follows (depmod, xz, the compiler for the headers).
		"$REPO/scripts/deps.sh" kernel
	fi

	if ! fetch_kernel "$want_image"; then
		# The package lists were stale (download refreshed them) and the
		# archive has moved on to a newer ABI: take it, unless pinned.
		local abi
		abi=$("$REPO/scripts/deps.sh" --print-abi ${kernel:+"$kernel"})
		if [ -n "${GVT_KABI:-}" ] || [ "$abi" = "$KABI" ]; then
			die "cannot fetch kernel $KABI"
		fi
		echo "kernel.sh: $KABI is gone from the archive, now $abi" >&2
		KABI=$abi
		fetch_kernel "$want_image" || die "cannot fetch kernel $KABI"
	fi
	if [ "$want_xen" -eq 1 ]; then
		exec 9>"$CACHE/.lock.xen"
		flock 9
		ensure_xen
		exec 9>&-
	fi

	local var vars=(KABI KHEADERS)
	[ "$want_image" -eq 1 ] && vars+=(KROOT VMLINUZ KMODDIR)
	[ "$want_xen" -eq 1 ] && vars+=(XEN)
	if [ -n "$print" ]; then
		case " ${vars[*]} " in
		*" $print "*) echo "${!print}" ;;
		*) die "--print: no $print here" ;;
		esac
		return 0
	fi
	for var in "${vars[@]}"; do
		printf '%s=%q\n' "$var" "${!var}"
	done
}

main "$@"
