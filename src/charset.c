/* SPDX-License-Identifier: MIT */
/* Sets of characters: what a run's documents can show, and what its fonts lack. */
#include <string.h>

#include "charset.h"
#include "utf8.h"

void
charset_add(struct charset *cs, uint32_t cp)
{
	if (cp < 65536)
		cs->bits[cp / 8] = (uint8_t)(cs->bits[cp / 8] | 1u << (cp % 8));
}

void
charset_add_utf8(struct charset *cs, const char *s)
{
	if (s == NULL)
		return;
	const char *end = s + strlen(s);
	while (s < end) {
		/* ASCII, most of a model's text, without decoding (every string of 10,000
		 * partners passes here once a run: 100 M instructions byte by byte). */
		unsigned char c = (unsigned char)*s;
		if (c < 0x80) {
			cs->bits[c / 8] = (uint8_t)(cs->bits[c / 8] | 1u << (c % 8));
			s++;
		} else {
			charset_add(cs, utf8_next(&s, end));
		}
	}
}
