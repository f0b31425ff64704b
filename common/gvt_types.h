/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-width types for the pure core: the only dependency it has, taken
 * from the kernel or from the compiler depending on where it is built.
 */
#ifndef GVT_MPT_TYPES_H
#define GVT_MPT_TYPES_H

#ifdef __KERNEL__
#include <linux/nospec.h>
#include <linux/types.h>
/* An index checked against @n, clamped under speculation too. */
#define gvt_index_nospec(i, n)	array_index_nospec(i, n)
#else
#define gvt_index_nospec(i, n)	((void)(n), (i))
/* The compiler's own fixed-width types: no libc header needed. */
typedef __UINT8_TYPE__ u8;
typedef __UINT16_TYPE__ u16;
typedef __UINT32_TYPE__ u32;
typedef __UINT64_TYPE__ u64;
typedef __INT32_TYPE__ s32;
#endif

#define gvt_offsetof(type, member)	__builtin_offsetof(type, member)

#endif /* GVT_MPT_TYPES_H */
