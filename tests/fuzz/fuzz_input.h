/* SPDX-License-Identifier: GPL-2.0 */
/* Reading a fuzzer's input bytes: past the end everything reads as 0. */
#ifndef GVT_MPT_FUZZ_INPUT_H
#define GVT_MPT_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

struct input {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t get8(struct input *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static inline uint32_t get32(struct input *in)
{
	uint32_t x = 0;
	int i;

	for (i = 0; i < 4; i++)
		x = x << 8 | get8(in);
	return x;
}

#endif /* GVT_MPT_FUZZ_INPUT_H */
