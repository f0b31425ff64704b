// SPDX-License-Identifier: GPL-2.0
/*
 * Scenario interpreter.  Format: one command per line, '#' comments; see
 * tests/scenarios/README.md.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scenario.h"
#include "../uapi/gvt_mpt_display.h"
#include "../uapi/gvt_mpt_regs.h"

#define MAX_LINES	4096
#define MAX_TOK		40
#define MAX_DEPTH	8

struct scn {
	const struct scn_exec *ex;
	const char *name;
	FILE *log;
	char *lines[MAX_LINES];
	int nlines;
	int cur;		/* current vGPU */
	int created;
	int exists[SCN_MAX_VGPUS];
	int skipped;
	uint64_t commands;
};

static const struct {
	const char *name;
	uint32_t a_offset;
} regs[] = {
	{ "PIPECONF", GVT_MPT_PIPECONF(0) },
	{ "PIPE_FRMCOUNT", GVT_MPT_PIPE_FRMCOUNT(0) },
	{ "PIPE_FLIPCOUNT", GVT_MPT_PIPE_FLIPCOUNT(0) },
	{ "CURCNTR", GVT_MPT_CURCNTR(0) },
	{ "CURBASE", GVT_MPT_CURBASE(0) },
	{ "CURPOS", GVT_MPT_CURPOS(0) },
	{ "PLANE_CTL", GVT_MPT_PLANE_CTL(0) },
	{ "PLANE_STRIDE", GVT_MPT_PLANE_STRIDE(0) },
	{ "PLANE_SURF", GVT_MPT_PLANE_SURF(0) },
	{ "PLANE_SURFLIVE", GVT_MPT_PLANE_SURFLIVE(0) },
	{ "PLANE_POS", GVT_MPT_PLANE_POS(0) },
	{ "PLANE_SIZE", GVT_MPT_PLANE_SIZE(0) },
	{ "PIPESRC", GVT_MPT_PIPESRC(0) },
};

static const struct {
	const char *name;
	int err;
} errs[] = {
	{ "OK", 0 }, { "EINVAL", EINVAL }, { "EPERM", EPERM },
	{ "EBADF", EBADF }, { "ENODEV", ENODEV }, { "EBUSY", EBUSY },
};

static int fail(struct scn *s, int line, const char *fmt, const char *a,
		const char *b)
{
	fprintf(s->log, "%s:%d: ", s->name, line + 1);
	fprintf(s->log, fmt, a, b);
	fprintf(s->log, "\n");
	return -1;
}

static int parse_u64(const char *t, uint64_t *v)
{
	char *end;

	if (!t || !*t)
		return -1;
	errno = 0;
	*v = strtoull(t, &end, 0);
	return (*end || errno) ? -1 : 0;
}

static int parse_u32(const char *t, uint32_t *v)
{
	uint64_t x;

	if (parse_u64(t, &x) || x > UINT32_MAX)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

static int parse_err(const char *t, int *err)
{
	size_t i;

	if (t[0] != '!')
		return -1;
	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		if (!strcmp(t + 1, errs[i].name)) {
			*err = errs[i].err;
			return 0;
		}
	}
	return -1;
}

/* "A PLANE_SURF" or "@0x7019c 4" -> offset and size; returns tokens used. */
static int parse_where(char **tok, int n, uint64_t *off, uint32_t *size)
{
	size_t i;
	int pipe;

	if (n < 2)
		return -1;
	if (tok[0][0] == '@') {
		if (parse_u64(tok[0] + 1, off) || parse_u32(tok[1], size))
			return -1;
		return 2;
	}
	if (strlen(tok[0]) != 1 || tok[0][0] < 'A' || tok[0][0] > 'C')
		return -1;
	pipe = tok[0][0] - 'A';
	for (i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		if (!strcmp(tok[1], regs[i].name)) {
			*off = regs[i].a_offset +
			       (uint64_t)pipe * GVT_MPT_PIPE_STRIDE;
			*size = 4;
			return 2;
		}
	}
	return -1;
}

/* "A.pri" ... "C.cur": the pipe and plane; -1 if not one. */
static int parse_plane(const char *t, uint32_t *pipe, uint32_t *plane)
{
	if (strlen(t) != 5 || t[0] < 'A' || t[0] > 'C' || t[1] != '.')
		return -1;
	*pipe = (uint32_t)(t[0] - 'A');
	if (!strcmp(t + 2, "pri"))
		*plane = GVT_MPT_PLANE_PRIMARY;
	else if (!strcmp(t + 2, "cur"))
		*plane = GVT_MPT_PLANE_CURSOR;
	else
		return -1;
	return 0;
}

/* "none" | "full" | "moved" | "full moved" | bands "Y+H" ... */
static int parse_damage(char **tok, int n, struct scn_damage *dm)
{
	int i;

	memset(dm, 0, sizeof(*dm));
	if (n == 1 && !strcmp(tok[0], "none"))
		return 0;
	for (i = 0; i < n; i++) {
		uint64_t y, h;
		char *plus = strchr(tok[i], '+');

		if (!strcmp(tok[i], "full")) {
			dm->flags |= SCN_DAMAGE_FULL;
			continue;
		}
		if (!strcmp(tok[i], "moved")) {
			dm->flags |= SCN_DAMAGE_MOVED;
			continue;
		}
		if (!plus || dm->nr == SCN_DAMAGE_BANDS)
			return -1;
		*plus = 0;
		if (parse_u64(tok[i], &y) || parse_u64(plus + 1, &h) ||
		    y > UINT32_MAX || !h || h > UINT32_MAX)
			return -1;
		dm->y[dm->nr] = (uint32_t)y;
		dm->h[dm->nr] = (uint32_t)h;
		dm->nr++;
	}
	return n ? 0 : -1;
}

static void format_damage(const struct scn_damage *dm, char *buf, size_t len)
{
	size_t used;
	uint32_t i;

	snprintf(buf, len, "%s%s", dm->flags & SCN_DAMAGE_FULL ? "full " : "",
		 dm->flags & SCN_DAMAGE_MOVED ? "moved " : "");
	for (i = 0; i < dm->nr && i < SCN_DAMAGE_BANDS; i++) {
		used = strlen(buf);
		snprintf(buf + used, len - used, "%u+%u ", dm->y[i], dm->h[i]);
	}
	if (!buf[0])
		snprintf(buf, len, "none");
}

/* "0x0100..." | "none" | list of "A.pri", "B.cur" ... */
static int parse_counter(char **tok, int n, uint64_t *v)
{
	int i;

	*v = 0;
	if (n == 1 && !strcmp(tok[0], "none"))
		return 0;
	if (n == 1 && !parse_u64(tok[0], v))
		return 0;
	for (i = 0; i < n; i++) {
		uint32_t pipe, plane;

		if (parse_plane(tok[i], &pipe, &plane))
			return -1;
		*v += scn_event(GVT_MPT_SOURCE(pipe, plane));
	}
	return 0;
}

static int split(char *line, char **tok)
{
	int n = 0;
	char *save = NULL, *p = strchr(line, '#');

	if (p)
		*p = 0;
	for (p = strtok_r(line, " \t\r\n", &save); p && n < MAX_TOK;
	     p = strtok_r(NULL, " \t\r\n", &save))
		tok[n++] = p;
	return n;
}

static int check_err(struct scn *s, int line, int ret, int want)
{
	char got[32], exp[32];

	if (ret == -want)
		return 0;
	snprintf(got, sizeof(got), "%d", ret);
	snprintf(exp, sizeof(exp), "%d", -want);
	return fail(s, line, "returned %s, expected %s", got, exp);
}

static int find_end(struct scn *s, int from)
{
	int depth = 0, i;

	for (i = from; i < s->nlines; i++) {
		char buf[64];
		char *tok[MAX_TOK];
		int n;

		snprintf(buf, sizeof(buf), "%s", s->lines[i]);
		n = split(buf, tok);
		if (n && !strcmp(tok[0], "repeat"))
			depth++;
		if (n && !strcmp(tok[0], "end") && depth-- == 0)
			return i;
	}
	return -1;
}

static int exec_line(struct scn *s, int line);

static int exec_range(struct scn *s, int from, int to, int depth)
{
	int i, ret;

	for (i = from; i < to; i++) {
		char buf[512];
		char *tok[MAX_TOK];
		uint32_t times, k;
		int n, end;

		snprintf(buf, sizeof(buf), "%s", s->lines[i]);
		n = split(buf, tok);
		if (!n || strcmp(tok[0], "repeat")) {
			ret = exec_line(s, i);
			if (ret)
				return ret;
			continue;
		}
		end = find_end(s, i + 1);
		if (n != 2 || parse_u32(tok[1], &times) || end < 0 ||
		    end >= to || depth >= MAX_DEPTH)
			return fail(s, i, "bad repeat%s%s", "", "");
		for (k = 0; k < times; k++) {
			ret = exec_range(s, i + 1, end, depth + 1);
			if (ret)
				return ret;
		}
		i = end;
	}
	return 0;
}

static int exec_line(struct scn *s, int line)
{
	const struct scn_exec *ex = s->ex;
	char buf[512];
	char *tok[MAX_TOK];
	int n, used, want = 0, ret, g;
	uint64_t off, v64, got64;
	uint32_t size, v, id, start, count;
	uint8_t bools[64];

	snprintf(buf, sizeof(buf), "%s", s->lines[line]);
	n = split(buf, tok);
	if (!n)
		return 0;
	s->commands++;
	/*
	 * "r WHERE [VAL] [!ERR] guest [VAL] [!ERR]", "w WHERE VAL [!ERR] guest
	 * [!ERR]", "read X guest Y": before "guest" what the host path gives,
	 * after it what the guest path gives.  Keep this backend's tokens.
	 */
	for (g = 0; g < n && strcmp(tok[g], "guest"); g++)
		;
	if (g < n) {
		int keep = !strcmp(tok[0], "w") ? 4 : !strcmp(tok[0], "r") ? 3 :
			   !strcmp(tok[0], "read") ? 1 : 0;

		if (!keep || g < keep)
			return fail(s, line, "guest: after r WHERE, w WHERE VALUE or read%s%s",
				    "", "");
		if (ex->guest_path) {
			memmove(tok + keep, tok + g + 1,
				(size_t)(n - g - 1) * sizeof(*tok));
			n = keep + n - g - 1;
		} else {
			n = g;
		}
	}
	/* Trailing "!ERR" is the expected error of any command. */
	if (n > 1 && tok[n - 1][0] == '!') {
		if (parse_err(tok[n - 1], &want))
			return fail(s, line, "unknown error name %s%s",
				    tok[n - 1], "");
		n--;
	}

	if (!strcmp(tok[0], "singlefb")) {
		if (n != 2 || parse_u32(tok[1], &v) || s->created)
			return fail(s, line, "singlefb N, before any vgpu%s%s",
				    "", "");
		return check_err(s, line, ex->set_single_fb(ex->priv, v), want);
	}
	if (!strcmp(tok[0], "vgpu")) {
		if (n != 3 || parse_u32(tok[1], &id) || id >= SCN_MAX_VGPUS ||
		    parse_u32(tok[2], &v))
			return fail(s, line, "vgpu ID HEADS%s%s", "", "");
		if (s->exists[id])
			ret = -EBUSY;
		else if (v != 1 && v != 3)
			ret = -EINVAL;
		else
			ret = ex->create(ex->priv, (int)id, v);
		if (!ret) {
			s->cur = (int)id;
			s->created = 1;
			s->exists[id] = 1;
		}
		return check_err(s, line, ret, want);
	}
	if (!strcmp(tok[0], "use")) {
		if (n != 2 || parse_u32(tok[1], &id) || id >= SCN_MAX_VGPUS)
			return fail(s, line, "use ID%s%s", "", "");
		s->cur = (int)id;
		return 0;
	}
	if (strcmp(tok[0], "singlefb") && strcmp(tok[0], "vgpu") &&
	    strcmp(tok[0], "use") && strcmp(tok[0], "vblank") &&
	    !s->exists[s->cur])
		return check_err(s, line, -ENODEV, want);
	if (!strcmp(tok[0], "w")) {
		used = parse_where(tok + 1, n - 1, &off, &size);
		if (used < 0 || n != used + 2 || parse_u64(tok[used + 1], &v64))
			return fail(s, line, "w WHERE VALUE%s%s", "", "");
		ret = ex->write(ex->priv, s->cur, off, size, v64);
		return check_err(s, line, ret, want);
	}
	if (!strcmp(tok[0], "r")) {
		uint64_t exp = 0;

		used = parse_where(tok + 1, n - 1, &off, &size);
		if (used < 0 || (n != used + 2 && !(want && n == used + 1)) ||
		    (n == used + 2 && parse_u64(tok[used + 1], &exp)))
			return fail(s, line, "r WHERE EXPECTED%s%s", "", "");
		v64 = 0xdeadbeefdeadbeefULL;
		ret = ex->read(ex->priv, s->cur, off, size, &v64);
		if (check_err(s, line, ret, want))
			return -1;
		if (!ret && v64 != exp) {
			char a[24], b[24];

			snprintf(a, sizeof(a), "0x%" PRIx64, v64);
			snprintf(b, sizeof(b), "0x%" PRIx64, exp);
			return fail(s, line, "read %s, expected %s", a, b);
		}
		return 0;
	}
	if (!strcmp(tok[0], "vblank")) {
		v = 1;
		if (n > 2 || (n == 2 && parse_u32(tok[1], &v)))
			return fail(s, line, "vblank [N]%s%s", "", "");
		return check_err(s, line, ex->vblank(ex->priv, v), want);
	}
	if (!strcmp(tok[0], "mask") || !strcmp(tok[0], "unmask")) {
		if (n != 3 || parse_u32(tok[1], &start) ||
		    parse_u32(tok[2], &count))
			return fail(s, line, "%s START COUNT%s", tok[0], "");
		ret = ex->mask(ex->priv, s->cur, tok[0][0] == 'u', start,
			       count, NULL);
		return check_err(s, line, ret, want);
	}
	if (!strcmp(tok[0], "maskb") || !strcmp(tok[0], "unmaskb")) {
		int i;

		if (n < 3 || n - 2 > (int)sizeof(bools) ||
		    parse_u32(tok[1], &start))
			return fail(s, line, "%s START B...%s", tok[0], "");
		for (i = 2; i < n; i++) {
			if (parse_u32(tok[i], &v) || v > 255)
				return fail(s, line, "bad bool %s%s", tok[i],
					    "");
			bools[i - 2] = (uint8_t)v;
		}
		ret = ex->mask(ex->priv, s->cur, tok[0][0] == 'u', start,
			       (uint32_t)(n - 2), bools);
		return check_err(s, line, ret, want);
	}
	if (!strcmp(tok[0], "reset") && n == 1) {
		if (!ex->reset)
			return fail(s, line, "backend %s has no reset%s",
				    ex->name, "");
		return check_err(s, line, ex->reset(ex->priv, s->cur), want);
	}
	if (!strcmp(tok[0], "attach") && n == 1)
		return check_err(s, line, ex->attach(ex->priv, s->cur), want);
	if (!strcmp(tok[0], "detach") && n == 1)
		return check_err(s, line, ex->detach(ex->priv, s->cur), want);
	if (!strcmp(tok[0], "read")) {
		if (n < 2 || parse_counter(tok + 1, n - 1, &v64))
			return fail(s, line, "read COUNTER%s%s", "", "");
		ret = ex->consume(ex->priv, s->cur, &got64);
		if (check_err(s, line, ret, want))
			return -1;
		if (!ret && ex->sources_only &&
		    scn_sources(got64) == scn_sources(v64))
			return 0;
		if (!ret && got64 != v64) {
			char a[24], b[24];

			snprintf(a, sizeof(a), "0x%016" PRIx64, got64);
			snprintf(b, sizeof(b), "0x%016" PRIx64, v64);
			return fail(s, line, "counter %s, expected %s", a, b);
		}
		return 0;
	}
	if (!strcmp(tok[0], "damage")) {
		struct scn_damage exp = { 0 }, got;
		uint32_t pipe, plane;
		char a[128], b[128];

		if (n < 2 || parse_plane(tok[1], &pipe, &plane) ||
		    (n == 2 && !want) ||
		    (n > 2 && parse_damage(tok + 2, n - 2, &exp)))
			return fail(s, line, "damage P.pl none|full|moved|Y+H...%s%s",
				    "", "");
		memset(&got, 0, sizeof(got));
		ret = ex->damage(ex->priv, s->cur, GVT_MPT_SOURCE(pipe, plane),
				 &got);
		if (check_err(s, line, ret, want))
			return -1;
		if (ret)
			return 0;
		format_damage(&got, a, sizeof(a));
		format_damage(&exp, b, sizeof(b));
		if (strcmp(a, b))
			return fail(s, line, "damage %s, expected %s", a, b);
		return 0;
	}
	if (!strcmp(tok[0], "draw")) {
		uint32_t pipe, plane;
		uint64_t first, last;

		if (n != 4 || parse_plane(tok[1], &pipe, &plane) ||
		    parse_u64(tok[2], &first) || parse_u64(tok[3], &last))
			return fail(s, line, "draw P.pl FIRST LAST%s%s", "", "");
		if (!ex->draw) {
			s->skipped = 1;
			return -1;
		}
		ret = ex->draw(ex->priv, s->cur, pipe, plane, first, last);
		return check_err(s, line, ret, want);
	}
	return fail(s, line, "unknown command %s%s", tok[0], "");
}

int scn_run_string(const struct scn_exec *ex, const char *name,
		   const char *text, FILE *log)
{
	struct scn *s = calloc(1, sizeof(*s));
	char *copy = strdup(text), *p, *nl;
	int ret, i;

	if (!s || !copy) {
		free(s);
		free(copy);
		return -1;
	}
	s->ex = ex;
	s->name = name;
	s->log = log;
	for (p = copy; *p && s->nlines < MAX_LINES; p = nl + 1) {
		s->lines[s->nlines++] = p;
		nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = 0;
	}
	ret = exec_range(s, 0, s->nlines, 0);
	if (s->skipped)
		ret = SCN_SKIPPED;
	for (i = 0; i < SCN_MAX_VGPUS; i++)
		if (s->exists[i])
			ex->destroy(ex->priv, i);
	ex->set_single_fb(ex->priv, SCN_SINGLE_FB_DEFAULT);
	free(copy);
	free(s);
	return ret;
}

int scn_run_file(const struct scn_exec *ex, const char *path, FILE *log)
{
	FILE *f = fopen(path, "r");
	char *text;
	long len;
	int ret;

	if (!f) {
		fprintf(log, "%s: cannot open\n", path);
		return -1;
	}
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	text = calloc(1, (size_t)len + 1);
	if (!text || fread(text, 1, (size_t)len, f) != (size_t)len) {
		fclose(f);
		free(text);
		return -1;
	}
	fclose(f);
	ret = scn_run_string(ex, path, text, log);
	free(text);
	return ret;
}

int scn_main(const struct scn_exec *ex, const char *label, int argc,
	     char **argv)
{
	int i, pass = 0, failed = 0, skipped = 0;

	for (i = 1; i < argc; i++) {
		int ret = scn_run_file(ex, argv[i], stdout);

		if (ret == SCN_SKIPPED) {
			printf("SKIP %s %s (draws: the backend learns of writes on its own clock)\n",
			       label, argv[i]);
			skipped++;
			continue;
		}
		printf("%s %s %s\n", !ret ? "PASS" : "FAIL", label, argv[i]);
		pass += !ret;
		failed += !!ret;
	}
	if (skipped)
		printf("%s: %d passed, %d failed, %d skipped\n", label, pass,
		       failed, skipped);
	else
		printf("%s: %d passed, %d failed\n", label, pass, failed);
	return failed || !pass;
}
