#!/usr/bin/env bash
# check.sh - `make check`: every test on every supported kernel, timed part
# by part.
#
# Parts: deps (packages, and the headers, images and Xen of every kernel
# fetched up front), lint (checkpatch + sparse, both kernels), lint-user,
# harness, fuzz (60 s per target), and the VM suites vm-kvmgt and vm-xengt
# on each kernel (scripts/deps.sh --kernels).  After deps, parts run
# GVT_CHECK_JOBS at a time (default 2: a TCG VM and most tools use one
# core each), in three stages so that no timing-sensitive VM shares the
# machine with the fuzzers:
#   1. deps
#   2. fuzz (two targets, both cores, 60 s of wall time whatever the load)
#      beside lint, lint-user, harness (one after the other)
#   3. the VM suites, longest first, two at a time
# Each part's output goes to build/check/<part>.log; the terminal gets one
# line per part as it ends (the log's tail if it failed), then the result
# lines ("<suite>: N passed, N failed") of every part, one "time: <part>:
# N s" line per part and the total.  Exit status non-zero if any part
# failed.
#
# check.sh --debug (`make check-debug`): the same on the debug kernels
# (scripts/debug-kernel.sh: 6.12 with KASAN, lockdep, UBSAN, kmemleak,
# KFENCE, debugobjects; --xen, the dom0 variant without KASAN).  Parts:
# deps, debug-kernel (both builds, cached outside the clone), detectors
# (planted bugs: every detector must fire and be counted), then both VM
# suites with a GVT_STORM-second randomized storm each (default 60), one
# at a time, then reports: the count of each kind of kernel report in both
# suites' logs (tests/vm/reports.sh), which must all be 0.  Logs in
# build/check-debug/.
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO" || exit 1
DEBUG=0
[ "${1:-}" = --debug ] && DEBUG=1
LOGS="$REPO/build/check"
[ "$DEBUG" -eq 0 ] || LOGS="$REPO/build/check-debug"
JOBS=${GVT_CHECK_JOBS:-2}
# Every kernel is tested: a GVT_KABI from the caller would pin one ABI.
unset GVT_KABI
T0=$SECONDS

PARTS=()         # every part, in the order of the summary
declare -A RC    # part -> exit status
declare -A TIME  # part -> wall time in s
declare -A CMD   # part -> command (a bash string)

log_of() {
	echo "$LOGS/${1// /-}.log"
}

# part NAME COMMAND: declare a part.
part() {
	PARTS+=("$1")
	CMD[$1]=$2
}

# finish NAME RC START: record and report a part that ended.
finish() {
	local name=$1 rc=$2 start=$3 log
	log=$(log_of "$name")
	RC[$name]=$rc
	TIME[$name]=$((SECONDS - start))
	if [ "$rc" -eq 0 ]; then
		printf '[%4d s] PASS %s (%d s)\n' $((SECONDS - T0)) "$name" "${TIME[$name]}"
	else
		printf '[%4d s] FAIL %s (%d s, exit %d); last lines of %s:\n' \
			$((SECONDS - T0)) "$name" "${TIME[$name]}" "$rc" "${log#"$REPO/"}"
		tail -n 60 "$log" | sed 's/^/    /'
	fi
}

# stage NAME...: run the parts, JOBS at a time, in order; wait for all.
stage() {
	local -A pid_part=() pid_start=()
	local name pid rc
	for name in "$@"; do
		while [ "${#pid_part[@]}" -ge "$JOBS" ]; do
			rc=0
			wait -n -p pid "${!pid_part[@]}" || rc=$?
			finish "${pid_part[$pid]}" "$rc" "${pid_start[$pid]}"
			unset "pid_part[$pid]" "pid_start[$pid]"
		done
		printf '[%4d s] start %s\n' $((SECONDS - T0)) "$name"
		bash -c "${CMD[$name]}" </dev/null >"$(log_of "$name")" 2>&1 &
		pid_part[$!]=$name
		pid_start[$!]=$SECONDS
	done
	while [ "${#pid_part[@]}" -gt 0 ]; do
		rc=0
		wait -n -p pid "${!pid_part[@]}" || rc=$?
		finish "${pid_part[$pid]}" "$rc" "${pid_start[$pid]}"
		unset "pid_part[$pid]" "pid_start[$pid]"
	done
}

# results: the result lines and times of every part; exit 1 if one failed.
results() {
	echo
	echo "== results"
	local name failed=()
	for name in "${PARTS[@]}"; do
		grep -aE '^[^ ]+: [0-9]+ passed, [0-9]+ failed$|^(reports|detectors|storm[^ ]*):' \
			"$(log_of "$name")" || true
		[ "${RC[$name]}" -eq 0 ] || failed+=("$name")
	done
	for name in "${PARTS[@]}"; do
		echo "time: $name: ${TIME[$name]} s"
	done
	echo "time: total: $((SECONDS - T0)) s"
	if [ "${#failed[@]}" -eq 0 ]; then
		echo "check: all ${#PARTS[@]} parts ok"
	else
		echo "check: FAILED: ${failed[*]} (logs in ${LOGS#"$REPO/"}/)"
		exit 1
	fi
}

# main_debug: `make check-debug`.
main_debug() {
	local storm=${GVT_STORM:-60} env
	part deps "scripts/deps.sh build kernel vm xen"
	part debug-kernel "scripts/debug-kernel.sh && scripts/debug-kernel.sh --xen"
	part detectors "scripts/check-detectors.sh --xen"
	env="GVT_VM_ARGS='gvt.storm=$storm gvt.notiming=1'"
	# kasan_multi_shot: every KASAN report, not only the first.
	part "vm-kvmgt debug" \
		"eval \"\$(scripts/debug-kernel.sh)\" && GVT_CACHE=\$GVT_CACHE GVT_KABI=\$GVT_KABI GVT_VM_ARGS='gvt.storm=$storm gvt.notiming=1 kasan_multi_shot' tests/vm/run-kvmgt.sh test"
	part "vm-xengt debug" \
		"eval \"\$(scripts/debug-kernel.sh --xen)\" && GVT_CACHE=\$GVT_CACHE GVT_KABI=\$GVT_KABI $env tests/vm/run-xengt.sh test"
	part reports "tests/vm/reports.sh \
		build/vm/\$(scripts/debug-kernel.sh --print GVT_KABI)/kvmgt/test.log \
		build/vm/\$(scripts/debug-kernel.sh --xen --print GVT_KABI)/xengt/test.log"

	echo "check-debug: debug kernels, storms of $storm s; logs in ${LOGS#"$REPO/"}/"
	stage deps
	[ "${RC[deps]}" -eq 0 ] || { echo "check-debug: deps failed, nothing else run"; exit 1; }
	# The kernel build uses both cores by itself.
	stage debug-kernel
	[ "${RC[debug-kernel]}" -eq 0 ] || { results; exit 1; }
	stage detectors
	# One at a time: the debug suites are slow under TCG and some of
	# their checks are timing-sensitive.
	JOBS=1
	stage "vm-kvmgt debug" "vm-xengt debug"
	stage reports
	results
}

main() {
	mkdir -p "$LOGS"
	rm -f "$LOGS"/*.log
	if [ "$DEBUG" -eq 1 ]; then
		main_debug
		return
	fi

	local k abi kernels=() abis=()
	read -ra kernels <<<"$(scripts/deps.sh --kernels)"
	for k in "${kernels[@]}"; do
		abi=$(scripts/deps.sh --print-abi "$k") || exit 1
		abis+=("$abi")
	done

	local fetch=""
	for k in "${kernels[@]}"; do
		fetch+=" && tests/vm/kernel.sh -k $k --xen >/dev/null"
	done
	part deps "scripts/deps.sh build kernel vm xen lint fuzz$fetch"
	part lint "make --no-print-directory lint"
	part lint-user "make --no-print-directory lint-user"
	part harness "make --no-print-directory check-harness"
	part fuzz "make --no-print-directory check-fuzz"
	local i vms=()
	for suite in xengt kvmgt; do
		for i in "${!kernels[@]}"; do
			part "vm-$suite ${kernels[$i]}" \
				"GVT_KABI='${abis[$i]}' tests/vm/run-$suite.sh test"
			vms+=("vm-$suite ${kernels[$i]}")
		done
	done

	echo "check: kernels ${kernels[*]} (${abis[*]}), $JOBS parts at a time; logs in build/check/"
	stage deps
	if [ "${RC[deps]}" -ne 0 ]; then
		echo "check: deps failed, nothing else run"
		exit 1
	fi
	stage fuzz lint lint-user harness
	stage "${vms[@]}"
	results
}

main "$@"
