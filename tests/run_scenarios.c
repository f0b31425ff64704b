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

	tb_init(&tb);
	tb_exec(&tb, &ex);
	return scn_main(&ex, "core", argc, argv);
}
