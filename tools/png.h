/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal PNG writer for the reference consumers' snapshots: 8-bit RGB
 * or RGBA, one IDAT, deflate "stored" blocks (no compression, no zlib
 * needed).  Frames are small and written rarely; simplicity wins.
 */
#ifndef GVT_MPT_PNG_H
#define GVT_MPT_PNG_H

#include <stddef.h>
#include <stdint.h>

/* DRM fourccs accepted (drm_fourcc.h): XRGB8888 and ARGB8888. */
#define PNG_DRM_XRGB8888	0x34325258U	/* 'XR24': B, G, R, X bytes */
#define PNG_DRM_ARGB8888	0x34325241U	/* 'AR24': B, G, R, A bytes */

/*
 * Encode @height lines of @width pixels of @drm_format, @stride bytes
 * apart, into a new malloc()ed buffer (*@out, *@len).  XRGB8888 becomes an
 * RGB image, ARGB8888 an RGBA one.  Returns 0, -EINVAL for a format or
 * size it cannot write, -ENOMEM.
 */
int png_encode(const uint8_t *pixels, uint32_t width, uint32_t height,
	       uint32_t stride, uint32_t drm_format, uint8_t **out,
	       size_t *len);
/* png_encode() into the file @path (replaced); 0 or -errno. */
int png_write(const char *path, const uint8_t *pixels, uint32_t width,
	      uint32_t height, uint32_t stride, uint32_t drm_format);
/* CRC-32 (ISO 3309, as PNG and zlib use) of @len bytes, continuing @crc. */
uint32_t png_crc32(uint32_t crc, const uint8_t *p, size_t len);

#endif /* GVT_MPT_PNG_H */
