/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userspace test MPT backend: vGPUs on the pure core, with an "eventfd"
 * that is a recorded 64-bit counter plus a log of every signal.
 */
#ifndef GVT_MPT_TESTBACKEND_H
#define GVT_MPT_TESTBACKEND_H

#include <stdint.h>

#include "../common/gvt_display.h"
#include "scenario.h"

struct tb_vgpu {
	int exists;
	int attached;		/* an "eventfd" is attached */
	uint64_t counter;	/* the eventfd counter */
	uint64_t signals;	/* hook calls that reached the counter */
	uint64_t per_source[GVT_MAX_SOURCES];
	struct gvt_display d;
};

struct tb {
	uint32_t single_fb;
	struct tb_vgpu v[SCN_MAX_VGPUS];
};

extern const struct gvt_mpt_ops tb_ops;
extern const struct scn_exec tb_exec_template;

void tb_init(struct tb *tb);
/* Fill @ex for @tb (copy of the template with priv = tb). */
void tb_exec(struct tb *tb, struct scn_exec *ex);
/* The same with the registers on the guest path (as kvmgt's BAR0). */
void tb_exec_guest(struct tb *tb, struct scn_exec *ex);

#endif /* GVT_MPT_TESTBACKEND_H */
