/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-width types for the pure core: the only dependency it has, taken
 * from the kernel or from <stdint.h> depending on where it is built.
 */
#ifndef GVT_MPT_TYPES_H
#define GVT_MPT_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
#endif

#endif /* GVT_MPT_TYPES_H */
