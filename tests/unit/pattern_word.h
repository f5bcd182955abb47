/* SPDX-License-Identifier: MIT */
/* A word spelt by a line of hyphen-de's patterns, for the hyphenation tests and bench. */
#ifndef PR_PATTERN_WORD_H
#define PR_PATTERN_WORD_H

#include <stddef.h>

/*
 * The letters of the pattern line (ISO-8859-1, lower case: "1ver3trieb") as a UTF-8
 * word with its first letter capitalised, as a German noun is ("Vertrieb"). Reads
 * at most max letters, up to the first blank; u needs 2 * max + 1 bytes. Returns the
 * number of letters; *len gets the word's length in bytes.
 */
static size_t
pattern_word(const char *line, size_t max, char *u, size_t *len)
{
	size_t letters = 0, ul = 0;
	for (const char *p = line; *p != '\0' && letters < max; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ')
			break;
		if (!((c >= 'a' && c <= 'z') || (c >= 0xDF && c != 0xF7)))
			continue;
		if (letters++ == 0 && c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 32);
		if (c < 0x80) {
			u[ul++] = (char)c;
		} else {
			u[ul++] = (char)(0xC0 | (c >> 6));
			u[ul++] = (char)(0x80 | (c & 0x3F));
		}
	}
	u[ul] = '\0';
	*len = ul;
	return letters;
}

#endif
