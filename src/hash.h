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
#include <string.h>

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

/*
 * A file's content, hashed 8 bytes at a time (about 0.3 ms a megabyte): how the build's
 * prebuilt data (hyph_pre.h, tpl_valid.h) names the file it stands for. Not FNV-1a, and
 * not meant to withstand a file made to collide.
 */
static inline uint64_t
hash_content(const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t h = UINT64_C(0x9E3779B97F4A7C15) ^ n;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h = (h ^ w) * UINT64_C(0xFF51AFD7ED558CCD);
		h ^= h >> 32;
	}
	for (; i < n; i++)
		h = (h ^ p[i]) * UINT64_C(0xC4CEB9FE1A85EC53);
	return h ^ (h >> 29);
}

#endif
