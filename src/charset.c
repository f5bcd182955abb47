/* SPDX-License-Identifier: MIT */
/* Sets of characters: what a run's documents can show, and what its fonts lack. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "charset.h"
#include "utf8.h"

void
charset_add(struct charset *cs, uint32_t cp)
{
	if (cp < 65536)
		cs->bits[cp / 8] = (uint8_t)(cs->bits[cp / 8] | 1u << (cp % 8));
}

/* True when cs holds every printable ASCII character, 0x20 to 0x7E (a run's set does). */
static bool
has_printable(const struct charset *cs)
{
	uint64_t lo; /* 0x20 to 0x5F */
	memcpy(&lo, cs->bits + 0x20 / 8, sizeof(lo));
	const uint8_t *hi = cs->bits + 0x60 / 8;
	return lo == UINT64_MAX && hi[0] == 0xFF && hi[1] == 0xFF && hi[2] == 0xFF &&
	       (hi[3] & 0x7F) == 0x7F;
}

/* The first byte at or after s (before end) that is no printable ASCII character. */
static const char *
printable_run(const char *s, const char *end)
{
#if defined(__SSE2__)
	/* As signed bytes, a control character and a byte above 0x7F are below 0x20. */
	const __m128i space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7F);
	for (;;) {
		size_t left = (size_t)(end - s);
		char tail[16];
		const char *at = s;
		if (left == 0)
			return s;
		if (left < 16) {
			/* The last bytes, padded with spaces: no read past the string. */
			memset(tail, ' ', sizeof(tail));
			memcpy(tail, s, left);
			at = tail;
		}
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)at);
		int mask = _mm_movemask_epi8(
		    _mm_or_si128(_mm_cmplt_epi8(x, space), _mm_cmpeq_epi8(x, del)));
		if (mask != 0)
			return s + __builtin_ctz((unsigned)mask);
		if (left <= 16)
			return end;
		s += 16;
	}
#else
	while (s < end && (unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7F)
		s++;
	return s;
#endif
}

void
charset_add_utf8(struct charset *cs, const char *s)
{
	if (s == NULL)
		return;
	const char *end = s + strlen(s);
	/*
	 * Every string of the model passes here once a run (300,000 of them for 10,000
	 * partners): the printable ASCII characters, most of the text, are in a run's set
	 * from the start and are passed sixteen at a time.
	 */
	bool printable = has_printable(cs);
	while (s < end) {
		if (printable && (s = printable_run(s, end)) == end)
			break;
		unsigned char c = (unsigned char)*s;
		if (c < 0x80) {
			cs->bits[c / 8] = (uint8_t)(cs->bits[c / 8] | 1u << (c % 8));
			s++;
		} else {
			charset_add(cs, utf8_next(&s, end));
		}
	}
}
