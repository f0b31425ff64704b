#!/usr/bin/env bash
# deps.sh - install the Debian packages a part of gvt-mpt needs.
#
# Idempotent: packages already installed are skipped (one dpkg-query call),
# so a warm run costs well under a second. `apt-get update` runs at most once,
# and only when something is missing. Quiet unless apt fails.
#
# The stock kernel ABI (for linux-headers-$ABI) is resolved at run time from
# the linux-image-amd64 metapackage; set GVT_KABI to skip that look-up.
set -euo pipefail

usage() {
	cat <<'EOF'
usage: scripts/deps.sh GROUP...
       scripts/deps.sh --print-abi

Groups:
  build   gcc make libcmocka-dev pkg-config
  kernel  linux-headers-$ABI kmod sparse linux-source-6.1
  vm      qemu-system-x86 busybox-static cpio kmod
  xen     libxen-dev pkg-config (the hypervisor itself is fetched, not
          installed, by tests/vm/kernel.sh --xen)
  bench   valgrind gnuplot-nox
  fuzz    clang libclang-rt-14-dev
  lint    clang-tidy cppcheck libcmocka-dev libxen-dev (make lint-user)

--print-abi prints the stock kernel ABI (e.g. 6.1.0-56-amd64) and exits.
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

# Stock kernel ABI named by the linux-image-amd64 metapackage.
abi_lookup() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\([0-9][^ ]*\)$/\1/p' | head -n1
}

# Sets ABI (global, so the apt-get update done here is remembered).
ABI=
resolve_abi() {
	[ -n "$ABI" ] && return 0
	ABI=${GVT_KABI:-}
	[ -n "$ABI" ] && return 0
	ABI=$(abi_lookup)
	if [ -z "$ABI" ]; then
		# Empty or stale package lists: refresh once and retry.
		apt_update_once
		ABI=$(abi_lookup)
	fi
	if [ -z "$ABI" ]; then
		echo "deps.sh: cannot resolve the stock kernel ABI from linux-image-amd64" >&2
		exit 1
	fi
}

# Appends the packages of group $1 to the global array WANTED.
WANTED=()
add_group() {
	case "$1" in
	build)  WANTED+=(gcc make libcmocka-dev pkg-config) ;;
	kernel)
		resolve_abi
		WANTED+=("linux-headers-$ABI" kmod sparse linux-source-6.1)
		;;
	vm)     WANTED+=(qemu-system-x86 busybox-static cpio kmod) ;;
	xen)    WANTED+=(libxen-dev pkg-config) ;;
	bench)  WANTED+=(valgrind gnuplot-nox) ;;
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
		resolve_abi
		echo "$ABI"
		exit 0
		;;
	esac

	local group
	for group in "$@"; do
		add_group "$group"
	done

	find_missing
	[ "${#MISSING[@]}" -eq 0 ] && return 0

	# Refresh the lists before installing; the kernel ABI may have moved on.
	apt_update_once
	if [ -z "${GVT_KABI:-}" ] && [ -n "$ABI" ]; then
		ABI=
		WANTED=()
		for group in "$@"; do
			add_group "$group"
		done
		find_missing
	fi
	quiet as_root env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq "${MISSING[@]}"
}

main "$@"
