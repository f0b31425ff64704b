#!/usr/bin/env bash
# kmod.sh - build the kernel modules out of tree for one kernel ABI.
#
# The kernel sources (Kbuild, Kconfig and the .c/.h/Kbuild files of
# common/ kvmgt/ xengt/ mpt/ uapi/) are mirrored into build/kmod/$KABI/ and
# built there with
# `make -C $KDIR M=build/kmod/$KABI`: every ABI has its own objects and the
# source tree stays clean.  KDIR defaults to the headers tests/vm/kernel.sh
# unpacks under build/ (never installed on the host).  Concurrent builds
# of one ABI are serialised.
#
# The modules end up in build/kmod/$KABI/{common/gvt_mpt,kvmgt/mpt_kvmgt,
# xengt/mpt_xengt}.ko.
set -euo pipefail

usage() {
	cat <<'EOF'
usage: scripts/kmod.sh [-k KERNEL] [-a KABI] [-C KDIR] [--print-dir] [KBUILD_ARG]...

  -k KERNEL    a supported kernel (scripts/deps.sh --kernels; default 6.1)
  -a KABI      the ABI directly (else GVT_KABI, else from KERNEL)
  -C KDIR      headers to build against (default: unpacked by
               tests/vm/kernel.sh --headers-only)
  --print-dir  print the build dir (build/kmod/$KABI) and exit
  KBUILD_ARG   passed to make -C KDIR M=...; default: modules
               (e.g. `C=2 modules` for sparse, `clean`)
EOF
}

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The files Kbuild needs, relative to the top of the tree.
KDIRS=(common kvmgt xengt mpt uapi)
KTOP=(Kbuild Kconfig)

# sync SRC DST: copy SRC to DST only if the contents differ.  An unchanged
# file keeps the mtime of its first copy, so Kbuild rebuilds only what
# changed; a changed one gets the time of the copy, so it is rebuilt even if
# SRC is older than the objects (a checkout or cp -p of an old file).
sync() {
	cmp -s "$1" "$2" || cp "$1" "$2"
}

# mirror DEST: copy the kernel sources into DEST.
mirror() {
	local dest=$1 d f rel
	mkdir -p "$dest"
	for f in "${KTOP[@]}"; do
		[ -f "$REPO/$f" ] && sync "$REPO/$f" "$dest/$f"
	done
	for d in "${KDIRS[@]}"; do
		[ -d "$REPO/$d" ] || continue
		mkdir -p "$dest/$d"
		for f in "$REPO/$d"/*.c "$REPO/$d"/*.h "$REPO/$d"/Kbuild "$REPO/$d"/Makefile; do
			[ -f "$f" ] || continue
			case "$f" in *.mod.c) continue ;; esac
			sync "$f" "$dest/$d/${f##*/}"
		done
		# Sources removed from the tree leave the mirror too.
		for f in "$dest/$d"/*.c "$dest/$d"/*.h "$dest/$d"/Kbuild "$dest/$d"/Makefile; do
			[ -f "$f" ] || continue
			case "$f" in *.mod.c) continue ;; esac
			rel=${f#"$dest/"}
			[ -f "$REPO/$rel" ] || rm -f "$f"
		done
	done
}

main() {
	local kernel="" kabi=${GVT_KABI:-} kdir="" print_dir=0
	while [ "$#" -gt 0 ]; do
		case "$1" in
		-k) kernel=${2:?}; shift ;;
		-a) kabi=${2:?}; shift ;;
		-C) kdir=${2:?}; shift ;;
		--print-dir) print_dir=1 ;;
		-h | --help) usage; exit 0 ;;
		--) shift; break ;;
		*) break ;;
		esac
		shift
	done
	[ "$#" -gt 0 ] || set -- modules

	if [ -z "$kabi" ]; then
		kabi=$("$REPO/scripts/deps.sh" --print-abi ${kernel:+"$kernel"})
	fi
	local out="$REPO/build/kmod/$kabi"
	if [ "$print_dir" -eq 1 ]; then
		echo "$out"
		return 0
	fi
	if [ -z "$kdir" ]; then
		kdir=$(GVT_KABI=$kabi "$REPO/tests/vm/kernel.sh" --headers-only --print KHEADERS)
	fi
	[ -f "$kdir/Makefile" ] || { echo "kmod.sh: no kernel headers at $kdir" >&2; exit 1; }

	mkdir -p "$out"
	exec 9>"$out/.lock"
	flock 9
	mirror "$out"
	make -C "$kdir" M="$out" "$@"
}

main "$@"
