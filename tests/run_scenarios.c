// SPDX-License-Identifier: GPL-2.0
/*
 * Replays scenario files against the pure core through the test backend.
 * Usage: run_scenarios FILE...   Prints one line per scenario and a final
 * "N passed, N failed" line; exits non-zero on any failure.
 */
#include <stdio.h>

#include "scenario.h"
#include "testbackend.h"

int main(int argc, char **argv)
{
	static struct tb tb;
	struct scn_exec ex;
	int i, pass = 0, failed = 0;

	tb_init(&tb);
	tb_exec(&tb, &ex);
	for (i = 1; i < argc; i++) {
		if (scn_run_file(&ex, argv[i], stdout)) {
			printf("FAIL %s\n", argv[i]);
			failed++;
		} else {
			printf("PASS %s\n", argv[i]);
			pass++;
		}
	}
	printf("%d passed, %d failed\n", pass, failed);
	return failed || !pass;
}
