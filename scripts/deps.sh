#!/usr/bin/env bash
# deps.sh - install the Debian packages a part of gvt-mpt needs.
#
# Idempotent: packages already installed are skipped (one dpkg-query call),
# so a warm run costs well under a second. `apt-get update` runs at most once,
# and only when something is missing. Quiet unless apt fails.
#
# The supported kernels live here and only here (KERNELS below: name and
# the metapackage that names its ABI); the Makefile and the VM scripts ask
# `deps.sh --kernels` and `deps.sh --print-abi KERNEL`.  The ABI is resolved
# at run time; set GVT_KABI to skip that look-up (it then wins for every
# kernel name).  Kernel headers and images are never installed here: they
# are fetched with `apt-get download` and unpacked under build/ by
# tests/vm/kernel.sh (linux-headers-6.12-* Depends on a kernel image).
set -euo pipefail

# name:metapackage.  The first one is the default kernel.  6.1 is Debian
# 12's own kernel, 6.12 the LTS kernel Debian 12 carries (metapackages
# linux-image-6.12-amd64 / linux-headers-6.12-amd64).
KERNELS=(6.1:linux-image-amd64 6.12:linux-image-6.12-amd64)

usage() {
	cat <<'EOF'
usage: scripts/deps.sh GROUP...
       scripts/deps.sh --print-abi

Groups:
  build   gcc make libcmocka-dev pkg-config
  kernel  gcc-12 pahole kmod sparse xz-utils linux-source-<K> for each
          supported kernel K (the headers are fetched by tests/vm/kernel.sh)
  vm      qemu-system-x86 busybox-static cpio kmod xz-utils
  xen     libxen-dev pkg-config (the hypervisor itself is fetched, not
          installed, by tests/vm/kernel.sh --xen)
  bench   valgrind gnuplot-nox
  demo    gnuplot-nox (the demo's timeline picture)
  fuzz    clang libclang-rt-14-dev
  lint    clang-tidy cppcheck libcmocka-dev libxen-dev (make lint-user)

--print-abi [KERNEL]  prints the ABI of a supported kernel (default: the
                      first, 6.1), e.g. 6.1.0-56-amd64 or 6.12.117+deb12-amd64
--kernels             prints the supported kernels (6.1 6.12)
Environment: GVT_KABI overrides the ABI look-up.
EOF
}

PROG=deps.sh
# shellcheck source=scripts/shlib.sh
. "$(dirname "${BASH_SOURCE[0]}")/shlib.sh"

updated=0
apt_update_once() {
	[ "$updated" -eq 1 ] && return 0
	quiet as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	updated=1
}

kernel_names() {
	local k
	for k in "${KERNELS[@]}"; do
		echo "${k%%:*}"
	done
}

# metapackage KERNEL: the image metapackage of a supported kernel.
metapackage() {
	local k
	for k in "${KERNELS[@]}"; do
		if [ "${k%%:*}" = "$1" ]; then
			echo "${k#*:}"
			return 0
		fi
	done
	echo "deps.sh: unsupported kernel '$1' (supported: $(kernel_names | xargs))" >&2
	exit 2
}

# abi_lookup METAPACKAGE: the ABI its Depends names.
abi_lookup() {
	apt-cache depends "$1" 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\([0-9][^ ]*\)$/\1/p' | head -n1
}

# resolve_abi [KERNEL]: sets ABI (global, so the apt-get update done here is
# remembered).
ABI=
resolve_abi() {
	local kernel=${1:-${KERNELS[0]%%:*}} meta
	ABI=${GVT_KABI:-}
	[ -n "$ABI" ] && return 0
	meta=$(metapackage "$kernel")
	ABI=$(abi_lookup "$meta")
	if [ -z "$ABI" ]; then
		# Empty or stale package lists: refresh once and retry.
		apt_update_once
		ABI=$(abi_lookup "$meta")
	fi
	if [ -z "$ABI" ]; then
		echo "deps.sh: cannot resolve the kernel $kernel ABI from $meta" >&2
		exit 1
	fi
}

# Appends the packages of group $1 to the global array WANTED.
WANTED=()
add_group() {
	case "$1" in
	build)  WANTED+=(gcc make libcmocka-dev pkg-config) ;;
	kernel)
		# gcc-12: the compiler both header sets were built with; pahole:
		# BTF for the modules where the headers carry vmlinux (6.12).
		WANTED+=(gcc-12 pahole kmod sparse xz-utils)
		local k
		for k in $(kernel_names); do
			WANTED+=("linux-source-$k")
		done
		;;
	vm)     WANTED+=(qemu-system-x86 busybox-static cpio kmod xz-utils) ;;
	xen)    WANTED+=(libxen-dev pkg-config) ;;
	bench)  WANTED+=(valgrind gnuplot-nox) ;;
	demo)   WANTED+=(gnuplot-nox) ;;
	fuzz)   WANTED+=(clang libclang-rt-14-dev) ;;
	lint)   WANTED+=(clang-tidy cppcheck libcmocka-dev libxen-dev) ;;
	*)
		echo "deps.sh: unknown group '$1'" >&2
		usage >&2
		exit 2
		;;
	esac
}

# Sets MISSING to the packages of WANTED that are not installed ("ii"),
# using one dpkg-query call for all of them.
MISSING=()
find_missing() {
	local installed p
	installed=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' \
		"${WANTED[@]}" 2>/dev/null | awk '$1 == "ii" { print $2 }' || true)
	MISSING=()
	for p in "${WANTED[@]}"; do
		grep -qxF "$p" <<<"$installed" && continue
		case " ${MISSING[*]-} " in *" $p "*) ;; *) MISSING+=("$p") ;; esac
	done
}

main() {
	if [ "$#" -eq 0 ]; then
		usage >&2
		exit 2
	fi
	case "$1" in
	-h | --help)
		usage
		exit 0
		;;
	--print-abi)
		resolve_abi "${2:-}"
		echo "$ABI"
		exit 0
		;;
	--kernels)
		kernel_names | xargs
		exit 0
		;;
	esac

	local group
	for group in "$@"; do
		add_group "$group"
	done

	find_missing
	[ "${#MISSING[@]}" -eq 0 ] && return 0

	# Refresh the lists before installing.
	apt_update_once
	quiet as_root env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq "${MISSING[@]}"
}

main "$@"
