// SPDX-License-Identifier: GPL-2.0
/*
 * Replays scenario files against the pure core through the test backend,
 * once with the registers on the host path ("core") and once on the guest
 * path ("core-guest", as kvmgt's BAR0).  Usage: run_scenarios FILE...
 * Prints one line per scenario and run and a "N passed, N failed" line per
 * run; exits non-zero on any failure.
 */
#include <stdio.h>

#include "scenario.h"
#include "testbackend.h"

int main(int argc, char **argv)
{
	static struct tb tb;
	struct scn_exec ex;
	int ret;

	tb_init(&tb);
	tb_exec(&tb, &ex);
	ret = scn_main(&ex, "core", argc, argv);
	tb_init(&tb);
	tb_exec_guest(&tb, &ex);
	return scn_main(&ex, "core-guest", argc, argv) || ret;
}
