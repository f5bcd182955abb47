/* SPDX-License-Identifier: MIT */
/* Sets of characters: what a run's documents can show, and what its fonts lack. */
#ifndef PR_CHARSET_H
#define PR_CHARSET_H

#include <stdint.h>

/* A set of Basic Multilingual Plane characters (libharu cannot show others). */
struct charset {
	uint8_t bits[65536 / 8];
};

/* Adds the character cp; one beyond the BMP is left out. */
void charset_add(struct charset *cs, uint32_t cp);
/* Adds every character of the UTF-8 string s (NULL is nothing). */
void charset_add_utf8(struct charset *cs, const char *s);
/* True when cp is in cs. */
static inline int
charset_has(const struct charset *cs, uint32_t cp)
{
	return cp < 65536 && (cs->bits[cp / 8] >> (cp % 8) & 1);
}

#endif
