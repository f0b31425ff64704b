// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of tools/png.c: the file is decoded here by an independent
 * reader (bitwise CRC-32, the stored-block inflate, Adler-32 written out
 * again) and every pixel is compared with what was encoded.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../tools/png.h"

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* CRC-32 bit by bit, the definition rather than png.c's table. */
static uint32_t crc_bitwise(const uint8_t *p, size_t len)
{
	uint32_t crc = 0xffffffffU;
	int k;

	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320U & -(crc & 1));
	}
	return ~crc;
}

struct image {
	uint32_t width, height, channels;
	uint8_t *data;		/* filter bytes removed: width * channels per line */
};

/* Decode what png_encode() writes; fails the test on any inconsistency. */
static void decode(const uint8_t *png, size_t len, struct image *img)
{
	static const uint8_t sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a,
					'\n' };
	const uint8_t *p = png + 8, *z = NULL, *zend;
	uint8_t *raw = NULL, *grown;
	size_t rawlen = 0, zlen = 0, i;
	uint32_t a = 1, b = 0, y, final = 0;

	assert_true(len > 8 && !memcmp(png, sig, 8));
	memset(img, 0, sizeof(*img));
	while (p + 12 <= png + len) {
		uint32_t n = get32(p);

		assert_true(p + 12 + n <= png + len);
		assert_int_equal(get32(p + 8 + n), crc_bitwise(p + 4, 4 + n));
		if (!memcmp(p + 4, "IHDR", 4)) {
			assert_int_equal(n, 13);
			img->width = get32(p + 8);
			img->height = get32(p + 12);
			assert_int_equal(p[16], 8);
			assert_true(p[17] == 2 || p[17] == 6);
			img->channels = p[17] == 6 ? 4 : 3;
		} else if (!memcmp(p + 4, "IDAT", 4)) {
			assert_null(z);		/* one IDAT */
			z = p + 8;
			zlen = n;
		} else {
			assert_memory_equal(p + 4, "IEND", 4);
			assert_int_equal(n, 0);
			assert_ptr_equal(p + 12, png + len);
		}
		p += 12 + n;
	}
	if (!z || zlen < 6) {
		fail_msg("no IDAT, or one too short for zlib");
		return;
	}
	assert_int_equal((z[0] << 8 | z[1]) % 31, 0);	/* zlib FCHECK */
	zend = z + zlen - 4;
	z += 2;
	while (!final) {
		uint32_t n;

		assert_true(z + 5 <= zend);
		assert_int_equal(z[0] & 6, 0);		/* stored */
		final = z[0] & 1;
		n = (uint32_t)z[1] | (uint32_t)z[2] << 8;
		assert_int_equal(n ^ 0xffff, (uint32_t)z[3] | (uint32_t)z[4] << 8);
		assert_true(z + 5 + n <= zend);
		grown = realloc(raw, rawlen + n);
		if (!grown) {
			free(raw);
			fail_msg("out of memory");
			return;
		}
		raw = grown;
		memcpy(raw + rawlen, z + 5, n);
		rawlen += n;
		z += 5 + n;
	}
	assert_ptr_equal(z, zend);
	for (i = 0; i < rawlen; i++) {
		a = (a + raw[i]) % 65521;
		b = (b + a) % 65521;
	}
	assert_int_equal(get32(zend), b << 16 | a);
	assert_int_equal(rawlen, (size_t)img->height *
			 (1 + (size_t)img->width * img->channels));
	if (!img->width || !img->height || !img->channels) {
		free(raw);
		fail_msg("no IHDR");
		return;
	}
	img->data = malloc((size_t)img->height * img->width * img->channels);
	assert_non_null(img->data);
	for (y = 0; y < img->height; y++) {
		const uint8_t *l = raw + y * (1 + (size_t)img->width * img->channels);

		assert_int_equal(l[0], 0);		/* filter None */
		memcpy(img->data + (size_t)y * img->width * img->channels, l + 1,
		       (size_t)img->width * img->channels);
	}
	free(raw);
}

/* A test frame: pixel (x, y) of a given seed, in DRM byte order B G R A. */
static uint8_t *frame(uint32_t w, uint32_t h, uint32_t stride, uint32_t seed)
{
	uint8_t *f = malloc((size_t)stride * h);
	uint32_t x, y;

	assert_non_null(f);
	memset(f, 0xee, (size_t)stride * h);	/* padding past each line */
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			uint8_t *px = f + (size_t)y * stride + 4 * (size_t)x;

			px[0] = (uint8_t)(x * 7 + seed);	/* B */
			px[1] = (uint8_t)(y * 13 + seed);	/* G */
			px[2] = (uint8_t)(x ^ y ^ seed);	/* R */
			px[3] = (uint8_t)(x + y);		/* A or X */
		}
	return f;
}

static void check_roundtrip(uint32_t w, uint32_t h, uint32_t stride,
			    uint32_t fmt)
{
	uint8_t *f = frame(w, h, stride, w + h), *png;
	struct image img;
	uint32_t x, y, ch = fmt == PNG_DRM_ARGB8888 ? 4 : 3;
	size_t len;

	assert_int_equal(png_encode(f, w, h, stride, fmt, &png, &len), 0);
	decode(png, len, &img);
	if (!img.data) {
		fail_msg("not decoded");
		return;
	}
	assert_int_equal(img.width, w);
	assert_int_equal(img.height, h);
	assert_int_equal(img.channels, ch);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			const uint8_t *s = f + (size_t)y * stride + 4 * (size_t)x;
			const uint8_t *d = img.data + ((size_t)y * w + x) * ch;

			assert_int_equal(d[0], s[2]);
			assert_int_equal(d[1], s[1]);
			assert_int_equal(d[2], s[0]);
			if (ch == 4)
				assert_int_equal(d[3], s[3]);
		}
	free(img.data);
	free(png);
	free(f);
}

static void test_small_xrgb_with_padding(void **state)
{
	(void)state;
	check_roundtrip(3, 2, 16, PNG_DRM_XRGB8888);
}

static void test_argb_keeps_alpha(void **state)
{
	(void)state;
	check_roundtrip(64, 64, 256, PNG_DRM_ARGB8888);
}

/* 1024 x 768 RGB: 2.4 MB of raw lines, many stored blocks. */
static void test_large_frame_spans_blocks(void **state)
{
	(void)state;
	check_roundtrip(1024, 768, 4096, PNG_DRM_XRGB8888);
	/* A line that ends exactly at a block boundary: 65535 = 3 * 21845. */
	check_roundtrip(7281, 3, 7281 * 4, PNG_DRM_ARGB8888);
}

static void test_bad_arguments(void **state)
{
	uint8_t px[64] = { 0 }, *png = NULL;
	size_t len;

	(void)state;
	assert_int_equal(png_encode(px, 2, 2, 8, 0x36314752U /* RG16 */, &png,
				    &len), -EINVAL);
	assert_int_equal(png_encode(px, 0, 2, 8, PNG_DRM_XRGB8888, &png, &len),
			 -EINVAL);
	assert_int_equal(png_encode(px, 3, 2, 8, PNG_DRM_XRGB8888, &png, &len),
			 -EINVAL);	/* stride shorter than a line */
	assert_int_equal(png_encode(px, 20000, 1, 80000, PNG_DRM_XRGB8888, &png,
				    &len), -EINVAL);
	assert_null(png);
}

static void test_write_file(void **state)
{
	char path[] = "/tmp/test_png.XXXXXX";
	uint8_t *f = frame(5, 4, 20, 1), *png, buf[4096];
	size_t len;
	ssize_t n;
	FILE *fp;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(png_write(path, f, 5, 4, 20, PNG_DRM_XRGB8888), 0);
	assert_int_equal(png_encode(f, 5, 4, 20, PNG_DRM_XRGB8888, &png, &len),
			 0);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	n = (ssize_t)fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	unlink(path);
	assert_int_equal(n, (ssize_t)len);
	assert_memory_equal(buf, png, len);
	assert_int_equal(png_write("/nonexistent-dir/x.png", f, 5, 4, 20,
				   PNG_DRM_XRGB8888), -ENOENT);
	free(png);
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_xrgb_with_padding),
		cmocka_unit_test(test_argb_keeps_alpha),
		cmocka_unit_test(test_large_frame_spans_blocks),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_write_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
