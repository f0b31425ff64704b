/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reference display-event consumer (tools/watch.c) over a transport:
 * VFIO (vfio-display-watch) or the XenGT misc device and an event channel
 * (xengt-display-watch).  A transport drives one vGPU.
 */
#ifndef GVT_MPT_WATCH_H
#define GVT_MPT_WATCH_H

#include <stdint.h>

struct gvt_mpt_damage;

/* What a plane shows, as a transport's read_plane() reads it. */
struct watch_plane {
	/*
	 * Its first pixel: valid until the same plane is read again or the
	 * transport is closed.
	 */
	const uint8_t *pixels;
	uint32_t drm_format;	/* DRM fourcc: [XA]RGB8888 or [XA]BGR8888 */
	uint32_t width;		/* pixels */
	uint32_t height;	/* lines */
	uint32_t stride;	/* bytes from one line to the next */
	int32_t x;		/* position of the top left pixel on the pipe */
	int32_t y;
};

#define WATCH_MAX_FLAGS	4

struct watch_transport {
	const char *name;	/* program name, for usage */
	const char *synopsis;	/* how the vGPU is named on the command line */
	const char *help;	/* help lines of the transport's option */
	const char *extra_opt;	/* its long option (with an argument) */
	/* The option's value: 0, or -EINVAL for a bad one. */
	int (*set_extra)(const char *arg);
	/*
	 * The transport's flags (long options without an argument), up to
	 * WATCH_MAX_FLAGS, NULL-terminated; set_flag(i) for flag_opts[i].
	 */
	const char *const *flag_opts;
	void (*set_flag)(unsigned int i);
	/*
	 * Create a vGPU with @heads heads (0: open the one the extra option
	 * names) and set @nr_sources; -EINVAL with *nr_sources 0 for a bad
	 * command line, else 0 or -errno (a message printed).
	 */
	int (*open)(int heads, uint32_t *nr_sources);
	void (*close)(void);
	void (*describe)(void);
	int (*reg_read)(uint64_t off, uint32_t *val);
	int (*reg_write)(uint64_t off, uint32_t val);
	/* Start event delivery; returns the fd to poll, or -errno. */
	int (*attach)(void);
	/*
	 * After the fd polled readable: the sources that fired (bitmap) and
	 * how many of their fields exceeded 1 (never, with automasking).
	 */
	int (*take)(uint32_t *sources, uint64_t *bad);
	/* Mask or unmask the sources whose byte is set; NULL: all. */
	int (*mask)(int unmask, const uint8_t *bools);
	/*
	 * What plane @plane (0: primary, 1: cursor) of pipe @pipe shows now:
	 * 0 with @p filled, -ENODATA when it shows nothing, else -errno.
	 * NULL: the transport reads no pixels.
	 */
	int (*read_plane)(uint32_t pipe, uint32_t plane, struct watch_plane *p);
	/*
	 * The vGPU's display memory as its guest sees it (read/write, for
	 * the --workload guest to draw into), its size in *@size; NULL if
	 * the transport has none.
	 */
	uint8_t *(*aperture)(uint64_t *size);
	/*
	 * Take (return and clear) what changed in plane @plane of pipe @pipe
	 * since it was last taken (DAMAGE in uapi/gvt_mpt_display.h): 0 with
	 * @dm filled, or -errno (-ENOENT: the device gives no damage), after
	 * which the whole plane is copied.  NULL: the transport has none.
	 */
	int (*take_damage)(uint32_t pipe, uint32_t plane,
			   struct gvt_mpt_damage *dm);
	/*
	 * The vGPU's refresh mode (REFRESH MODES in uapi/gvt_mpt_display.h):
	 * 0 with GVT_MPT_REFRESH_* in *@flags and N in *@n, or -errno when the
	 * device does not say.  NULL: the transport cannot ask.
	 */
	int (*refresh_mode)(uint32_t *flags, uint32_t *n);
};

int watch_main(const struct watch_transport *t, int argc, char **argv);

#endif /* GVT_MPT_WATCH_H */
