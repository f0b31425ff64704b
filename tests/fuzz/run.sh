#!/usr/bin/env bash
# run.sh SECONDS TARGET... - run libFuzzer targets (built in build/fuzz/)
# for SECONDS each, all at once (one core each), starting from the seed
# corpus tests/fuzz/corpus/TARGET/.  The committed corpus is read only:
# new inputs go to build/fuzz/corpus-TARGET/, crash reproducers to
# build/fuzz/TARGET-crash-*.  Prints executions per target; exits non-zero
# if any target crashed (an invariant aborted, or a sanitizer fired).
#
# Environment: FUZZ_FLAGS adds libFuzzer flags.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT="$REPO/build/fuzz"
secs=$1
shift

pids=()
for t in "$@"; do
	mkdir -p "$OUT/corpus-$t"
	# shellcheck disable=SC2086
	"$OUT/$t" -max_total_time="$secs" -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$OUT/$t-" ${FUZZ_FLAGS:-} \
		"$OUT/corpus-$t" "$REPO/tests/fuzz/corpus/$t" \
		>"$OUT/$t.log" 2>&1 &
	pids+=($!)
done

fail=0
i=0
for t in "$@"; do
	rc=0
	wait "${pids[$i]}" || rc=$?
	i=$((i + 1))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/$t.log" | tail -n1)
	cov=$(grep -a '^#[0-9]' "$OUT/$t.log" | tail -n1 | grep -o 'cov: [0-9]*' || true)
	if [ "$rc" -eq 0 ]; then
		echo "PASS fuzz/$t: ${execs:-?} executions in ${secs} s (${cov:-cov: ?})"
	else
		fail=$((fail + 1))
		echo "FAIL fuzz/$t (exit $rc) after ${execs:-?} executions; log $OUT/$t.log"
		grep -a -m5 -e 'invariant' -e 'ERROR:' -e 'runtime error' "$OUT/$t.log" || true
		ls "$OUT/$t"-crash-* "$OUT/$t"-leak-* "$OUT/$t"-timeout-* 2>/dev/null || true
	fi
done
echo "fuzz: $(($# - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
