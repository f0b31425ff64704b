// SPDX-License-Identifier: GPL-2.0
/* A minimal PNG writer: see png.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "png.h"

#define STORED_MAX	65535U	/* bytes of one deflate stored block */

uint32_t png_crc32(uint32_t crc, const uint8_t *p, size_t len)
{
	static uint32_t table[256];
	uint32_t c, n, k;

	if (!table[1]) {
		for (n = 0; n < 256; n++) {
			c = n;
			for (k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320U ^ (c >> 1) : c >> 1;
			table[n] = c;
		}
	}
	crc = ~crc;
	while (len--)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static uint8_t *put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
	return p + 4;
}

/* A chunk of @len data bytes already at @p + 8; returns the end. */
static uint8_t *chunk(uint8_t *p, const char *type, uint32_t len)
{
	put32(p, len);
	memcpy(p + 4, type, 4);
	return put32(p + 8 + len, png_crc32(0, p + 4, 4 + (size_t)len));
}

int png_encode(const uint8_t *pixels, uint32_t width, uint32_t height,
	       uint32_t stride, uint32_t drm_format, uint8_t **out,
	       size_t *len)
{
	static const uint8_t sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a,
					'\n' };
	uint32_t ch = drm_format == PNG_DRM_ARGB8888 ? 4 : 3;
	uint32_t a = 1, b = 0, x, y, blocks, left, n;
	size_t line, raw, zlen, size;
	uint8_t *buf, *p, *d, *blk = NULL;
	const uint8_t *s;

	if ((drm_format != PNG_DRM_XRGB8888 &&
	     drm_format != PNG_DRM_ARGB8888) || !width || !height ||
	    width > 16384 || height > 16384 || stride / 4 < width)
		return -EINVAL;
	line = 1 + (size_t)width * ch;		/* filter byte + pixels */
	raw = line * height;
	blocks = (uint32_t)((raw + STORED_MAX - 1) / STORED_MAX);
	zlen = 2 + raw + 5 * (size_t)blocks + 4;
	size = sizeof(sig) + (12 + 13) + (12 + zlen) + 12;
	buf = malloc(size);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, sig, sizeof(sig));
	p = buf + sizeof(sig);
	d = put32(p + 8, width);
	d = put32(d, height);
	d[0] = 8;			/* bit depth */
	d[1] = ch == 4 ? 6 : 2;		/* RGBA or RGB */
	d[2] = d[3] = d[4] = 0;		/* deflate, filter 0, no interlace */
	p = chunk(p, "IHDR", 13);

	d = p + 8;
	*d++ = 0x78;			/* zlib: deflate, 32K window */
	*d++ = 0x01;			/* no dictionary, fastest; FCHECK */
	left = 0;
	for (y = 0; y < height; y++) {
		s = pixels + (size_t)y * stride;
		for (x = 0; x <= width * ch; x++) {
			uint8_t v;

			if (!x)
				v = 0;	/* filter type None */
			else if ((x - 1) % ch == 3)
				v = s[((x - 1) / ch) * 4 + 3];
			else
				v = s[((x - 1) / ch) * 4 + 2 - (x - 1) % ch];
			if (!left) {
				n = raw > STORED_MAX ? STORED_MAX : (uint32_t)raw;
				raw -= n;
				blk = d;
				blk[0] = raw ? 0 : 1;	/* BFINAL, BTYPE 00 */
				blk[1] = (uint8_t)n;
				blk[2] = (uint8_t)(n >> 8);
				blk[3] = (uint8_t)~n;
				blk[4] = (uint8_t)(~n >> 8);
				d += 5;
				left = n;
			}
			*d++ = v;
			left--;
			a = (a + v) % 65521;
			b = (b + a) % 65521;
		}
	}
	d = put32(d, b << 16 | a);
	p = chunk(p, "IDAT", (uint32_t)(d - (p + 8)));
	p = chunk(p, "IEND", 0);
	*out = buf;
	*len = (size_t)(p - buf);
	return 0;
}

int png_write(const char *path, const uint8_t *pixels, uint32_t width,
	      uint32_t height, uint32_t stride, uint32_t drm_format)
{
	uint8_t *buf;
	size_t len, done = 0;
	ssize_t n;
	int fd, ret;

	ret = png_encode(pixels, width, height, stride, drm_format, &buf,
			 &len);
	if (ret)
		return ret;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		ret = -errno;
		free(buf);
		return ret;
	}
	while (done < len) {
		n = write(fd, buf + done, len - done);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		done += (size_t)n;
	}
	if (close(fd) && !ret)
		ret = -errno;
	free(buf);
	return ret;
}
