/* SPDX-License-Identifier: MIT */
/* UTF-8 validation and decoding, strict as in Unicode's table 3-7 (well-formed byte sequences). */
#include "utf8.h"

/*
 * Decodes the sequence at p[0..n) (n >= 1). Returns its length in bytes and stores the
 * code point in *cp, or returns 0 when the sequence is ill-formed: a stray continuation
 * byte, an overlong form, a surrogate, a value above U+10FFFF or a truncated sequence.
 * The second byte's allowed range depends on the lead byte; that one check excludes
 * overlongs (E0, F0), surrogates (ED) and values past U+10FFFF (F4).
 */
static size_t
decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	unsigned char c = p[0];
	size_t len;
	unsigned char lo = 0x80, hi = 0xBF;
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		/* 80-BF (continuation without lead), C0-C1 (always overlong), F5-FF. */
		return 0;
	}
	if (n < len)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	v = (v << 6) | (p[1] & 0x3F);
	for (size_t i = 2; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3F);
	}
	*cp = v;
	return len;
}

bool
utf8_valid(const char *s, size_t len, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = decode(p + i, len - i, &cp);
		if (n == 0 || cp == 0) {
			if (bad != NULL)
				*bad = i;
			return false;
		}
		i += n;
	}
	return true;
}

uint32_t
utf8_next(const char **s, const char *end)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t cp;

	/* Called at the end, it yields U+FFFD and stays put rather than read past end. */
	if (*s >= end)
		return 0xFFFD;
	size_t n = decode(p, (size_t)(end - *s), &cp);
	if (n == 0) {
		*s += 1;
		return 0xFFFD;
	}
	*s += n;
	return cp;
}

size_t
utf8_encode(char *out, uint32_t cp)
{
	unsigned char *o = (unsigned char *)out;

	/* Surrogates and values past U+10FFFF have no UTF-8 form; they become U+FFFD. */
	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		cp = 0xFFFD;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	} else if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t
utf8_count(const char *s, size_t len)
{
	const char *end = s + len;
	size_t n = 0;

	/* On invalid input each bad byte counts as one character, as utf8_next decodes it. */
	while (s < end) {
		utf8_next(&s, end);
		n++;
	}
	return n;
}
