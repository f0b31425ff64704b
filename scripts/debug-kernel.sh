#!/usr/bin/env bash
# debug-kernel.sh - build a debug kernel (KASAN, lockdep, KMEMLEAK, UBSAN,
# KFENCE, debugobjects...) from Debian's linux-source-6.12 for the VM tests.
#
# Config: `make tinyconfig`, scripts/debug-kernel.config merged over it
# (scripts/kconfig/merge_config.sh), `make olddefconfig`; every line of the
# fragment is then checked against the final .config.
#
# The result is cached outside the clone, so that a fresh clone reuses it:
#   $ROOT/src/$VER/linux-source-6.12     the extracted source (once per VER)
#   $ROOT/$VER-$HASH/obj                 the build tree (make O=)
#   $ROOT/$VER-$HASH/kernel/$KREL/       laid out as tests/vm/kernel.sh's
#       headers/usr/src/linux-headers-$KREL   cache: KDIR for out-of-tree
#                                              modules (install-extmod-build)
#       image/boot/vmlinuz-$KREL              bzImage
#       image/lib/modules/$KREL               modules, with modules.dep
# ROOT is ${XDG_CACHE_HOME:-$HOME/.cache}/gvt-mpt/debug-kernel (or
# GVT_DEBUGK_CACHE), VER the linux-source-6.12 package version, HASH the
# first 16 hex digits of the sha256 of the fragments (with --xen,
# scripts/debug-kernel-xen.config after scripts/debug-kernel.config).  So
#   eval "$(scripts/debug-kernel.sh)"
#   GVT_CACHE=$GVT_CACHE GVT_KABI=$GVT_KABI tests/vm/run-kvmgt.sh
# runs the VM tests on the debug kernel.
#
# Prints shell assignments on stdout (GVT_CACHE GVT_KABI KDIR VMLINUZ
# KMODDIR); the build's output goes to $ROOT/$VER-$HASH/build.log.
set -euo pipefail

PROG=debug-kernel.sh
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/shlib.sh
. "$REPO/scripts/shlib.sh"

SRC_PKG=linux-source-6.12
TARBALL=/usr/src/$SRC_PKG.tar.xz
FRAGMENTS=("$REPO/scripts/debug-kernel.config")
BUILD_DEPS=(bc bison flex libelf-dev libssl-dev cpio rsync xz-utils make gcc kmod)

usage() {
	cat <<EOF
usage: scripts/debug-kernel.sh [--xen] [-j JOBS] [--print VAR]

  --xen        the Xen PV dom0 variant: scripts/debug-kernel-xen.config
               over the fragment (no KASAN, which cannot boot as a PV guest)
  -j JOBS      parallel make jobs (default: nproc)
  --print VAR  print only VAR (GVT_CACHE GVT_KABI KDIR VMLINUZ KMODDIR)

Environment: GVT_DEBUGK_CACHE (default \${XDG_CACHE_HOME:-\$HOME/.cache}/gvt-mpt/debug-kernel)
EOF
}

die() {
	echo "$PROG: $*" >&2
	exit 1
}

log() {
	echo "$PROG: $*" >&2
}

ensure_deps() {
	local p missing=()
	for p in "${BUILD_DEPS[@]}" "$SRC_PKG"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	[ "${#missing[@]}" -eq 0 ] && return 0
	log "installing ${missing[*]}"
	quiet as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	quiet as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}

# extract: the source tree, once per package version.
extract() {
	local dir=$ROOT/src/$VER tmp
	SRC=$dir/$SRC_PKG
	[ -f "$dir/.ready" ] && return 0
	[ -f "$TARBALL" ] || die "no $TARBALL (package $SRC_PKG)"
	log "extracting $TARBALL"
	tmp=$dir.tmp.$$
	rm -rf "$tmp"
	mkdir -p "$tmp"
	tar -xf "$TARBALL" -C "$tmp"
	[ -f "$tmp/$SRC_PKG/Makefile" ] || die "no $SRC_PKG/Makefile in $TARBALL"
	rm -rf "$dir"
	mv "$tmp" "$dir"
	touch "$dir/.ready"
}

kmake() {
	make -C "$SRC" O="$OBJ" ARCH=x86_64 "$@"
}

# check_config: every line of the fragments (a later one overriding an
# earlier) must have stuck; print those that did not (a missing
# dependency, a typo, a symbol that lost its prompt) and fail.
check_config() {
	local line sym want have bad=0
	local -A wanted=()
	local -a order=()
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*)
			sym=${line%%=*}
			want=${line#*=}
			;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }
			sym=${sym%% *}
			want=n
			;;
		*) continue ;;
		esac
		[ -n "${wanted[$sym]+set}" ] || order+=("$sym")
		wanted[$sym]=$want
	done < <(cat "${FRAGMENTS[@]}")
	for sym in "${order[@]}"; do
		want=${wanted[$sym]}
		have=$(sed -n "s/^$sym=//p" "$OBJ/.config")
		[ -n "$have" ] || have=n
		if [ "$have" != "$want" ]; then
			log "config: $sym wanted $want, got $have"
			bad=1
		fi
	done
	return "$bad"
}

configure() {
	mkdir -p "$OBJ"
	kmake tinyconfig
	(cd "$SRC" && ARCH=x86_64 scripts/kconfig/merge_config.sh -m -O "$OBJ" "$OBJ/.config" "${FRAGMENTS[@]}")
	kmake olddefconfig
	check_config || die "the fragment does not apply cleanly (see above)"
}

# stage: bzImage, modules and the external-module build tree, laid out as
# tests/vm/kernel.sh's cache.
stage() {
	local krel top tmp hdr
	krel=$(cat "$OBJ/include/config/kernel.release")
	top=$OUT/kernel/$krel
	tmp=$top.tmp.$$
	rm -rf "$tmp"
	mkdir -p "$tmp/image/boot" "$tmp/headers/usr/src"
	cp "$OBJ/arch/x86/boot/bzImage" "$tmp/image/boot/vmlinuz-$krel"
	cp "$OBJ/System.map" "$tmp/image/boot/System.map-$krel"
	cp "$OBJ/.config" "$tmp/image/boot/config-$krel"
	kmake INSTALL_MOD_PATH="$tmp/image" modules_install
	depmod -b "$tmp/image" "$krel"
	hdr=$tmp/headers/usr/src/linux-headers-$krel
	(cd "$OBJ" && srctree=$SRC SRCARCH=x86 CC=gcc HOSTCC=gcc MAKE=make \
		"$SRC/scripts/package/install-extmod-build" "$hdr")
	cp "$OBJ/.config" "$hdr/.config"
	rm -f "$tmp/image/lib/modules/$krel/build"
	ln -s "../../../../headers/usr/src/linux-headers-$krel" "$tmp/image/lib/modules/$krel/build"
	touch "$tmp/image/.ready" "$tmp/headers/.ready"
	rm -rf "$top"
	mv "$tmp" "$top"
	echo "$krel" >"$OUT/kernel.release"
}

build() {
	local start=$SECONDS
	log "building in $OBJ (log: $OUT/build.log)"
	{
		configure
		kmake -j"$JOBS" bzImage modules
		stage
	} >"$OUT/build.log" 2>&1 || die "build failed, see $OUT/build.log"
	echo "$((SECONDS - start))" >"$OUT/build-seconds"
	touch "$OUT/.ready"
	log "built in $((SECONDS - start)) s"
}

main() {
	local print=""
	JOBS=$(nproc)
	while [ "$#" -gt 0 ]; do
		case "$1" in
		--xen) FRAGMENTS+=("$REPO/scripts/debug-kernel-xen.config") ;;
		-j) JOBS=${2:?}; shift ;;
		--print) print=${2:?}; shift ;;
		-h | --help) usage; exit 0 ;;
		*) usage >&2; exit 2 ;;
		esac
		shift
	done

	ROOT=${GVT_DEBUGK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gvt-mpt/debug-kernel}
	mkdir -p "$ROOT"
	ensure_deps
	VER=$(dpkg-query -W -f='${Version}' "$SRC_PKG" | tr -c 'A-Za-z0-9.+\n' '_')
	local hash
	hash=$(cat "${FRAGMENTS[@]}" | sha256sum | cut -c1-16)
	OUT=$ROOT/$VER-$hash
	OBJ=$OUT/obj
	mkdir -p "$OUT"

	exec 9>"$OUT/.lock"
	flock 9
	extract
	if [ -f "$OUT/.ready" ]; then
		log "cached: $OUT (built in $(cat "$OUT/build-seconds" 2>/dev/null || echo '?') s)"
	else
		build
	fi
	exec 9>&-

	local cache krel
	cache=$OUT/kernel
	krel=$(cat "$OUT/kernel.release")
	local -A val=(
		[GVT_CACHE]=$cache
		[GVT_KABI]=$krel
		[KDIR]=$cache/$krel/headers/usr/src/linux-headers-$krel
		[VMLINUZ]=$cache/$krel/image/boot/vmlinuz-$krel
		[KMODDIR]=$cache/$krel/image/lib/modules/$krel
	)
	if [ -n "$print" ]; then
		[ -n "${val[$print]+set}" ] || die "--print: no $print here"
		echo "${val[$print]}"
		return 0
	fi
	local var
	for var in GVT_CACHE GVT_KABI KDIR VMLINUZ KMODDIR; do
		printf '%s=%q\n' "$var" "${val[$var]}"
	done
}

main "$@"
