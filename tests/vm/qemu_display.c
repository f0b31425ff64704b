// SPDX-License-Identifier: GPL-2.0
/*
 * qemu_display [--display off] - in the kvmgt VM: Debian's unmodified
 * qemu-system-x86_64 (TCG, nested) runs tests/guest/gvt-guest.elf with the
 * vGPU mdev as `-device vfio-pci,...,display=on`, and what QEMU's display
 * shows is checked pixel for pixel through QMP screendump.
 *
 * The guest's COM1 is a pipe chardev (/tmp/gser.in: host to guest,
 * /tmp/gser.out: guest to host; both FIFOs are made and opened read-write
 * here before QEMU starts, so neither side's open blocks and nothing the
 * guest says before this program reads is lost).  QMP is a unix socket.
 * The guest reports its flip check, then runs three steps, each ended by a
 * "GVTGUEST step N drawn" line after which it waits for a byte on COM1
 * (tests/guest/guest.c); the line must show the registers as the step left
 * them (PLANE_SURFLIVE, PIPE_FLIPCOUNT, CURPOS).  At each step this program
 * takes a screendump (PPM P6, the format of QEMU 7.2's screendump without
 * "format") and compares it with tests/guest/pattern.h:
 *   step 1  pattern A, 320x200: every pixel exact
 *   step 2  pattern B after a flip to the second buffer: every pixel exact
 *   step 3  a 64x64 opaque cursor on and moved over pattern B: the dump
 *           must still be pattern B exactly.  QEMU's region display path
 *           (hw/vfio/display.c, vfio_display_region_update(); the same in
 *           this respect from its first version, QEMU 2.12, through the
 *           later ones with the ramfb fallback, 7.2 among them) makes one
 *           QUERY_GFX_PLANE with flags REGION and drm_plane_type left 0
 *           (it never names a plane: the device answers with its primary
 *           surface), maps that region as the console's surface and never
 *           asks for a cursor plane (only the dmabuf path does); and
 *           screendump saves the console surface, which carries no
 *           cursor.  Should a later QEMU compose the cursor, this step
 *           fails and says so.
 * It then sends 'g' (or 'q' after a failure, which ends the guest at
 * once), and at the end wants the guest's "done", QEMU's exit through
 * isa-debug-exit with the guest's code 0 (status 1) and no line mentioning
 * vfio on QEMU's stderr.
 *
 * --display off: the same run with display=off and no screendumps (the
 * handshake and the guest's flip and BAR checks only).
 * --check-ppm FILE a|b: only the comparison of FILE with pattern A or B
 * (the checker's own test, runs anywhere).
 * Needs the vblank timer running (vblank_period_us != 0).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../guest/pattern.h"
#include "vmutil.h"

#define UUID		"6d7a0000-0000-4000-8000-000000000401"
#define TYPES		"/sys/class/mdev_bus/mpt_kvmgt/mdev_supported_types"
#define MDEV		"/sys/bus/mdev/devices/" UUID
#define SER		"/tmp/gser"
#define QMP_SOCK	"/tmp/qmp.sock"
/* QEMU opens SER.in and SER.out (host to guest, guest to host). */
#define SER_CHARDEV	"pipe,id=s0,path=/tmp/gser"
#define QMP_CHARDEV	"unix:/tmp/qmp.sock,server=on,wait=off"
#define QEMU_ERR	"/tmp/qemu.err"
#define RUN_SECONDS	120	/* the whole nested run, boot to exit */
#define FLIPS_LINE	"GVTGUEST flips 0x0000000a live-ok 0x0000000a flipcount 0x0000000a"

static pid_t qemu_pid = -1;
static int qemu_status = -1;
static int ser_in = -1, ser_out = -1, qmp = -1;
static double t0;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("FAIL: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
}

/* QEMU gone?  Reaps it and keeps its wait status in qemu_status. */
static int qemu_exited(int block)
{
	if (qemu_pid < 0)
		return 1;
	if (waitpid(qemu_pid, &qemu_status, block ? 0 : WNOHANG) == qemu_pid) {
		qemu_pid = -1;
		return 1;
	}
	return 0;
}

/*
 * Read one line (without the newline) from @fd into @buf within the run's
 * deadline; @pend/@npend keep what was read past it.  0, or -1 on timeout,
 * EOF or QEMU's exit (with nothing more to read).
 */
struct reader {
	int fd;
	int eof;	/* the writer closed: QEMU is gone */
	char pend[8192];
	size_t n;
};

static int read_line(struct reader *r, char *buf, size_t size)
{
	for (;;) {
		char *nl = memchr(r->pend, '\n', r->n);
		struct pollfd p = { .fd = r->fd, .events = POLLIN };
		ssize_t got;
		int ms = (int)((t0 + RUN_SECONDS - now()) * 1000);

		if (nl) {
			size_t len = (size_t)(nl - r->pend);
			size_t keep = len < size ? len : size - 1;

			memcpy(buf, r->pend, keep);
			buf[keep] = 0;
			if (keep && buf[keep - 1] == '\r')
				buf[keep - 1] = 0;
			r->n -= len + 1;
			memmove(r->pend, nl + 1, r->n);
			return 0;
		}
		if (r->n == sizeof(r->pend))
			r->n = 0;	/* an endless line: drop it */
		if (ms <= 0)
			return -1;
		if (poll(&p, 1, ms < 200 ? ms : 200) < 0 && errno != EINTR)
			return -1;
		if (!(p.revents & (POLLIN | POLLHUP))) {
			/* Nothing within 200 ms: is QEMU still there? */
			if (qemu_exited(0) && r->fd == ser_out)
				return -1;
			continue;
		}
		got = read(r->fd, r->pend + r->n, sizeof(r->pend) - r->n);
		if (got <= 0) {
			r->eof = 1;
			return -1;
		}
		r->n += (size_t)got;
	}
}

static struct reader guest = { .fd = -1 };
static struct reader qmpr = { .fd = -1 };

/* The guest's next line starting with @prefix (others are printed too). */
static int guest_expect(const char *prefix, char *line, size_t size)
{
	while (!read_line(&guest, line, size)) {
		printf("guest %6.2f s: %s\n", now() - t0, line);
		if (!strncmp(line, prefix, strlen(prefix)))
			return 0;
	}
	fail("no guest line \"%s\" (%s)", prefix,
	     qemu_pid < 0 ? "QEMU exited" : "timeout");
	return -1;
}

static int guest_say(char c)
{
	return write(ser_in, &c, 1) == 1 ? 0 : -1;
}

static int qmp_send(const char *cmd)
{
	size_t len = strlen(cmd);

	return write(qmp, cmd, len) == (ssize_t)len ? 0 : -1;
}

/* The reply to the command just sent: 0 for "return", -1 otherwise. */
static int qmp_reply(const char *what)
{
	char line[4096];

	while (!read_line(&qmpr, line, sizeof(line))) {
		if (strstr(line, "\"event\""))
			continue;
		if (strstr(line, "\"return\""))
			return 0;
		fail("QMP %s: %s", what, line);
		return -1;
	}
	fail("QMP %s: no reply (%s)", what,
	     qmpr.eof ? "QEMU closed the socket" : "timeout");
	return -1;
}

static int qmp_connect(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char line[4096];

	strcpy(sa.sun_path, QMP_SOCK);
	while (now() < t0 + RUN_SECONDS && !qemu_exited(0)) {
		qmp = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (qmp < 0)
			break;
		if (!connect(qmp, (struct sockaddr *)&sa, sizeof(sa)))
			break;
		close(qmp);
		qmp = -1;
		usleep(50000);
	}
	if (qmp < 0) {
		fail("no QMP socket %s", QMP_SOCK);
		return -1;
	}
	qmpr.fd = qmp;
	if (read_line(&qmpr, line, sizeof(line)) || !strstr(line, "\"QMP\"")) {
		fail("no QMP greeting");
		return -1;
	}
	if (qmp_send("{\"execute\": \"qmp_capabilities\"}\n"))
		return -1;
	return qmp_reply("qmp_capabilities");
}

/* Skip PPM whitespace and comments, then read a decimal number. */
static int ppm_num(const unsigned char *d, size_t n, size_t *i, unsigned *v)
{
	for (;;) {
		while (*i < n && isspace(d[*i]))
			(*i)++;
		if (*i < n && d[*i] == '#') {
			while (*i < n && d[*i] != '\n')
				(*i)++;
			continue;
		}
		break;
	}
	if (*i >= n || !isdigit(d[*i]))
		return -1;
	for (*v = 0; *i < n && isdigit(d[*i]) && *v < 100000; (*i)++)
		*v = *v * 10 + (unsigned)(d[*i] - '0');
	return 0;
}

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *d = NULL;
	long len;

	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (len = ftell(f)) > 0 &&
	    !fseek(f, 0, SEEK_SET)) {
		d = malloc((size_t)len);
		if (d && fread(d, 1, (size_t)len, f) != (size_t)len) {
			free(d);
			d = NULL;
		}
		*n = (size_t)len;
	}
	fclose(f);
	return d;
}

/*
 * The screendump in @path must be a GVT_PAT_W x GVT_PAT_H PPM (P6, maxval
 * 255) whose every pixel is gvt_pat_rgb(@pat(x, y)).
 */
static int check_ppm(const char *path, uint32_t (*pat)(uint32_t, uint32_t),
		     const char *name)
{
	unsigned w, h, maxval, x, y, bad = 0, fx = 0, fy = 0;
	uint32_t fgot = 0, fwant = 0;
	size_t n = 0, i = 2;
	unsigned char *d = slurp(path, &n);
	int rc = -1;

	if (!d) {
		fail("cannot read %s", path);
		return -1;
	}
	if (n < 2 || d[0] != 'P' || d[1] != '6' ||
	    ppm_num(d, n, &i, &w) || ppm_num(d, n, &i, &h) ||
	    ppm_num(d, n, &i, &maxval) || i >= n || !isspace(d[i])) {
		fail("%s: not a binary PPM (P6) header", path);
		goto out;
	}
	i++;
	if (w != GVT_PAT_W || h != GVT_PAT_H || maxval != 255) {
		fail("%s: %ux%u maxval %u, want %ux%u maxval 255%s", path, w, h,
		     maxval, GVT_PAT_W, GVT_PAT_H, w == 640 && h == 480 ?
		     " (640x480 is QEMU's placeholder: it has no surface of the vGPU)" : "");
		goto out;
	}
	if (n - i != (size_t)w * h * 3) {
		fail("%s: %zu bytes of pixels, want %u", path, n - i, w * h * 3);
		goto out;
	}
	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++, i += 3) {
			uint32_t got = (uint32_t)d[i] << 16 |
				       (uint32_t)d[i + 1] << 8 | d[i + 2];
			uint32_t want = gvt_pat_rgb(pat(x, y));

			if (got == want)
				continue;
			if (!bad++) {
				fx = x;
				fy = y;
				fgot = got;
				fwant = want;
			}
		}
	}
	if (bad) {
		fail("%s: %u of %u pixels differ from %s; first at (%u, %u): got RGB %06x, want %06x",
		     path, bad, w * h, name, fx, fy, fgot, fwant);
		goto out;
	}
	printf("%s: %ux%u, every pixel is %s\n", path, w, h, name);
	rc = 0;
out:
	free(d);
	return rc;
}

/* One step: the guest's line, the dump, the comparison, the go. */
/*
 * One step: the guest's line, which must show the registers as the step
 * left them (PLANE_SURFLIVE @surf, PIPE_FLIPCOUNT @flips, CURPOS @curpos),
 * the dump, the comparison, the go.
 */
static int step(int n, int display, uint32_t surf, uint32_t flips,
		uint32_t curpos, uint32_t (*pat)(uint32_t, uint32_t),
		const char *name)
{
	char line[256], want[256], cmd[256], path[64];
	double t;

	snprintf(want, sizeof(want),
		 "GVTGUEST step 0x%08x drawn surflive 0x%08x flipcount 0x%08x curpos 0x%08x",
		 n, surf, flips, curpos);
	if (guest_expect("GVTGUEST step ", line, sizeof(line)))
		return -1;
	if (strcmp(line, want)) {
		fail("step %d: want \"%s\"", n, want);
		guest_say('q');
		return -1;
	}
	if (display) {
		snprintf(path, sizeof(path), "/tmp/step%d.ppm", n);
		unlink(path);
		snprintf(cmd, sizeof(cmd),
			 "{\"execute\": \"screendump\", \"arguments\": {\"filename\": \"%s\"}}\n",
			 path);
		t = now();
		if (qmp_send(cmd) || qmp_reply("screendump") ||
		    check_ppm(path, pat, name)) {
			guest_say('q');
			return -1;
		}
		printf("step %d: screendump and check %.2f s\n", n, now() - t);
	}
	return guest_say('g');
}

static int start_qemu(int display)
{
	char dev[160];
	char *argv[] = {
		"/bin/qemu-system-x86_64", "-L", "/qemu", "-nodefaults",
		"-display", "none", "-machine", "pc", "-accel", "tcg",
		"-m", "32", "-no-reboot", "-kernel", "/gvt-guest.elf",
		"-chardev", SER_CHARDEV, "-serial", "chardev:s0",
		"-qmp", QMP_CHARDEV,
		"-device", "isa-debug-exit,iobase=0xf4,iosize=4",
		"-device", dev, NULL
	};
	int err;

	snprintf(dev, sizeof(dev), "vfio-pci,sysfsdev=%s,display=%s", MDEV,
		 display ? "on" : "off");
	unlink(SER ".in");
	unlink(SER ".out");
	unlink(QMP_SOCK);
	if (mkfifo(SER ".in", 0600) || mkfifo(SER ".out", 0600)) {
		fail("mkfifo: %s", strerror(errno));
		return -1;
	}
	ser_in = open(SER ".in", O_RDWR | O_CLOEXEC);
	ser_out = open(SER ".out", O_RDWR | O_CLOEXEC);
	err = open(QEMU_ERR, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (ser_in < 0 || ser_out < 0 || err < 0) {
		fail("open: %s", strerror(errno));
		if (err >= 0)
			close(err);
		return -1;
	}
	guest.fd = ser_out;
	t0 = now();
	qemu_pid = fork();
	if (qemu_pid < 0) {
		fail("fork: %s", strerror(errno));
		close(err);
		return -1;
	}
	if (!qemu_pid) {
		dup2(err, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	close(err);
	return 0;
}

/* QEMU's stderr, printed; -1 if a line of it mentions vfio. */
static int check_stderr(void)
{
	FILE *f = fopen(QEMU_ERR, "r");
	char line[512];
	int rc = 0;

	if (!f) {
		fail("no %s", QEMU_ERR);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *c;

		printf("qemu stderr: %s", line);
		for (c = line; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		if (strstr(line, "vfio"))
			rc = -1;
	}
	fclose(f);
	if (rc)
		fail("QEMU's stderr mentions vfio");
	return rc;
}

static int run(int display)
{
	char line[256];

	if (start_qemu(display))
		return -1;
	if (display && qmp_connect())
		return -1;
	if (guest_expect("GVTGUEST flips", line, sizeof(line)))
		return -1;
	if (strncmp(line, FLIPS_LINE, strlen(FLIPS_LINE))) {
		fail("flip check: want \"%s\"", FLIPS_LINE);
		return -1;
	}
	/* Each step's flip counts one more; the cursor only moves. */
	if (step(1, display, GVT_PAT_SURF_A, 11, 0, gvt_pat_a, "pattern A") ||
	    step(2, display, GVT_PAT_SURF_B, 12, 0, gvt_pat_b, "pattern B") ||
	    /* The cursor is not composed: see the header comment. */
	    step(3, display, GVT_PAT_SURF_B, 12,
		 GVT_PAT_CUR_Y1 << 16 | GVT_PAT_CUR_X1, gvt_pat_b,
		 "pattern B (no cursor composed)"))
		return -1;
	return guest_expect("GVTGUEST done", line, sizeof(line));
}

int main(int argc, char **argv)
{
	int display = !(argc == 3 && !strcmp(argv[1], "--display") &&
			!strcmp(argv[2], "off"));
	int ok, exit_ok, err_ok;
	double t_end;

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	if (argc == 4 && !strcmp(argv[1], "--check-ppm"))
		return check_ppm(argv[2], argv[3][0] == 'b' ? gvt_pat_b : gvt_pat_a,
				 argv[3][0] == 'b' ? "pattern B" : "pattern A") ? 1 : 0;
	if (argc != 1 && display) {
		fprintf(stderr, "usage: qemu_display [--display off | --check-ppm FILE a|b]\n");
		return 2;
	}
	if (vm_write_file(TYPES "/mpt_kvmgt-1head/create", UUID)) {
		fail("cannot create mdev %s", UUID);
		return 1;
	}
	ok = !run(display);
	/* Wait for QEMU's own exit; kill it if the run went wrong. */
	while (qemu_pid > 0 && now() < t0 + RUN_SECONDS && !qemu_exited(0))
		usleep(20000);
	if (qemu_pid > 0) {
		fail("QEMU still running: killed");
		kill(qemu_pid, SIGKILL);
		qemu_exited(1);
		ok = 0;
	}
	t_end = now();
	/* isa-debug-exit: status (code << 1) | 1, so guest code 0 is 1. */
	exit_ok = WIFEXITED(qemu_status) && WEXITSTATUS(qemu_status) == 1;
	printf("nested QEMU (display=%s): %.1f s, wait status 0x%x\n",
	       display ? "on" : "off", t_end - t0, qemu_status);
	if (!exit_ok)
		fail("QEMU exit: want status 1 (guest code 0)");
	err_ok = !check_stderr();
	if (vm_write_file(MDEV "/remove", "1")) {
		fail("cannot remove mdev %s", UUID);
		ok = 0;
	}
	ok = ok && exit_ok && err_ok;
	printf("qemu_display: %s\n", ok ? "PASS" : "FAIL");
	return ok ? 0 : 1;
}
