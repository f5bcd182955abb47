/* SPDX-License-Identifier: MIT */
/*
 * FNV-1a, the one hash of the program's tables: ids and keys of the inputs (load_*.c),
 * CSV header names, hyphenation's words and cache (hyph.c). Not for anything an attacker
 * could aim at for more than a longer probe: every table using it bounds its probes or its
 * input. Start with HASH_SEED, feed bytes with hash_byte or hash_mem.
 */
#ifndef PR_HASH_H
#define PR_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_SEED UINT64_C(14695981039346656037)

static inline uint64_t
hash_byte(uint64_t h, unsigned char c)
{
	return (h ^ c) * UINT64_C(1099511628211);
}

static inline uint64_t
hash_mem(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++)
		h = hash_byte(h, s[i]);
	return h;
}

#endif
