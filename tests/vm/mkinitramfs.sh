#!/usr/bin/env bash
# mkinitramfs.sh - build a small busybox initramfs (newc cpio, gzip) for VM tests.
#
# Contents: busybox-static with a symlink in /bin for every applet, mount
# points /dev /proc /sys /tmp, stock modules with everything they depend on
# (modules.dep), any -m modules, all flat in /lib/modules/NAME.ko
# (decompressed: the 6.12 image ships .ko.xz), the -f files, and
# INIT_SCRIPT as /init.  /lib/modules/load-order lists the stock modules,
# one name per line, dependencies first: the init scripts insmod them in
# that order.  The stock modules come from the unpacked kernel that
# tests/vm/kernel.sh provides for GVT_KABI (default: the 6.1 ABI).
set -euo pipefail

VFIO_MODULES=(vfio vfio_iommu_type1 mdev)
# With --vfio-modules also these, where the kernel has them as modules:
# iommufd gives /dev/iommu, which the VFIO device cdev binds to (a kernel
# with IOMMUFD=y has it built in, one without has neither).
VFIO_OPTIONAL_MODULES=(iommufd)
XEN_MODULES=(xen-evtchn xen-privcmd xenfs)

usage() {
	cat <<'EOF'
usage: tests/vm/mkinitramfs.sh -o OUT.cpio.gz -i INIT_SCRIPT
                               [-m MODULE.ko]... [-s STOCK_MODULE]...
                               [-f SRC:DST]... [--vfio-modules]
                               [--xen-modules]

  -o OUT            output file (gzip-compressed newc cpio)
  -i INIT_SCRIPT    becomes /init (made executable; needs a #! line)
  -m MODULE.ko      extra module, copied to /lib/modules/ (repeatable)
  -s NAME           extra stock module by name, e.g. vfio-pci (repeatable)
  -f SRC:DST        copy file or dir SRC to DST inside the image (repeatable)
  --vfio-modules    the stock vfio, vfio_iommu_type1, mdev, and iommufd
                    if the kernel has it as a module (the default unless
                    --xen-modules is given)
  --xen-modules     the stock xen-evtchn, xen-privcmd, xenfs

Stock modules go to /lib/modules/NAME.ko with their dependencies, and
their names, dependencies first, to /lib/modules/load-order.
Environment: GVT_KABI, GVT_CACHE as for tests/vm/kernel.sh.
EOF
}

die() {
	echo "mkinitramfs.sh: $*" >&2
	exit 1
}

# install_module SRC DIR: copy a module into DIR as NAME.ko, decompressing
# .ko.xz / .ko.zst / .ko.gz.
install_module() {
	local src=$1 dir=$2 base
	base=${src##*/}
	case "$base" in
	*.ko.xz) xz -dc "$src" >"$dir/${base%.xz}" ;;
	*.ko.zst) zstd -qdc "$src" >"$dir/${base%.zst}" ;;
	*.ko.gz) gzip -dc "$src" >"$dir/${base%.gz}" ;;
	*.ko) cp "$src" "$dir/$base" ;;
	*) die "not a kernel module: $src" ;;
	esac
}

# stock_module_rel NAME: path of a stock module relative to KMODDIR, from
# modules.dep.  '-' and '_' are interchangeable in names, as for modprobe.
stock_module_rel() {
	local name=$1 re rel
	re=${name//[-_]/[-_]}
	rel=$(grep -oE "^([^:]*/)?${re}\.ko(\.xz|\.zst|\.gz)?:" "$KMODDIR/modules.dep" |
		head -n1) || true
	[ -n "$rel" ] || die "stock module '$name' not found in $KMODDIR"
	echo "${rel%:}"
}

# stock_module_exists NAME: is NAME a module of the kernel (modules.dep)?
stock_module_exists() {
	local re=${1//[-_]/[-_]}
	grep -qE "^([^:]*/)?${re}\.ko(\.xz|\.zst|\.gz)?:" "$KMODDIR/modules.dep"
}

# module_name REL: kernel/drivers/xen/xen-evtchn.ko.xz -> xen-evtchn
module_name() {
	local base=${1##*/}
	echo "${base%%.ko*}"
}

# add_stock REL: append REL's dependencies (recursively, each once) and
# then REL to the global ORDER.
ORDER=()
add_stock() {
	local rel=$1 dep deps
	case " ${ORDER[*]-} " in *" $rel "*) return 0 ;; esac
	deps=$(awk -v m="$rel:" '$1 == m { $1 = ""; print; exit }' "$KMODDIR/modules.dep")
	for dep in $deps; do
		add_stock "$dep"
	done
	case " ${ORDER[*]-} " in *" $rel "*) ;; *) ORDER+=("$rel") ;; esac
}

main() {
	local out="" init="" xen=0 vfio=0
	local extra_mods=() stock=() files=()
	while [ "$#" -gt 0 ]; do
		case "$1" in
		-o) out=${2:?}; shift ;;
		-i) init=${2:?}; shift ;;
		-m) extra_mods+=("${2:?}"); shift ;;
		-s) stock+=("${2:?}"); shift ;;
		-f) files+=("${2:?}"); shift ;;
		--xen-modules) xen=1 ;;
		--vfio-modules) vfio=1 ;;
		-h | --help) usage; exit 0 ;;
		*) usage >&2; exit 2 ;;
		esac
		shift
	done
	if [ -z "$out" ] || [ -z "$init" ]; then
		usage >&2
		exit 2
	fi
	[ -f "$init" ] || die "no init script $init"
	[ "$(head -c2 "$init")" = "#!" ] || die "$init has no #! line"
	[ "$xen" -eq 0 ] && vfio=1
	[ "$vfio" -eq 1 ] && stock=("${VFIO_MODULES[@]}" "${stock[@]+"${stock[@]}"}")
	[ "$xen" -eq 1 ] && stock+=("${XEN_MODULES[@]}")

	local repo busybox kvars
	repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	"$repo/scripts/deps.sh" vm
	busybox=/bin/busybox
	[ -x "$busybox" ] || die "no $busybox (package busybox-static)"
	kvars=$("$repo/tests/vm/kernel.sh")
	eval "$kvars"

	local root
	root=$(mktemp -d "${TMPDIR:-/tmp}/gvt-initramfs.XXXXXX")
	# shellcheck disable=SC2064 # expand now: root is local
	trap "rm -rf '$root'" EXIT

	mkdir -p "$root"/{bin,dev,proc,sys,tmp,lib/modules,usr,etc,root}
	ln -s bin "$root/sbin"
	ln -s ../bin "$root/usr/bin"
	ln -s ../bin "$root/usr/sbin"
	chmod 1777 "$root/tmp"
	cp "$busybox" "$root/bin/busybox"
	local applet
	for applet in $("$busybox" --list); do
		[ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
	done

	local name rel m
	if [ "$vfio" -eq 1 ]; then
		for name in "${VFIO_OPTIONAL_MODULES[@]}"; do
			if stock_module_exists "$name"; then
				stock+=("$name")
			fi
		done
	fi
	for name in "${stock[@]}"; do
		add_stock "$(stock_module_rel "$name")"
	done
	: >"$root/lib/modules/load-order"
	for rel in "${ORDER[@]}"; do
		install_module "$KMODDIR/$rel" "$root/lib/modules"
		module_name "$rel" >>"$root/lib/modules/load-order"
	done
	for m in "${extra_mods[@]+"${extra_mods[@]}"}"; do
		[ -f "$m" ] || die "no module $m"
		install_module "$m" "$root/lib/modules"
	done

	local spec src dst
	for spec in "${files[@]+"${files[@]}"}"; do
		src=${spec%%:*}
		dst=${spec#*:}
		if [ "$src" = "$spec" ] || [ -z "$dst" ]; then
			die "-f wants SRC:DST, got '$spec'"
		fi
		[ -e "$src" ] || die "no file $src"
		dst=/${dst#/}
		mkdir -p "$root$(dirname "$dst")"
		cp -a "$src" "$root$dst"
	done

	cp "$init" "$root/init"
	chmod 755 "$root/init"

	mkdir -p "$(dirname "$out")"
	(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
		cpio --quiet -o -H newc -R 0:0) | gzip -6 >"$out.tmp"
	mv "$out.tmp" "$out"
}

main "$@"
