/* SPDX-License-Identifier: MIT */
/* Unit tests for utf8.c, for msg_quote_n, which relies on it for invalid bytes, and for
 * charset_add_utf8, which decodes with it. */
#include <stdbool.h>
#include <stdint.h>

#include "charset.h"
#include "msg.h"
#include "unit.h"
#include "utf8.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
/* A string literal with its length, NUL bytes included. */
#define S(lit) lit, sizeof(lit) - 1

static const struct {
	const char *s;
	size_t len;
	bool valid;
	size_t bad; /* offset of the first bad byte when not valid */
} valid_cases[] = {
    {S(""), true, 0},
    {S("abc"), true, 0},
    {S("\xC3\xA4"), true, 0},         /* a-umlaut U+00E4 */
    {S("\xE2\x82\xAC"), true, 0},     /* euro U+20AC */
    {S("\xF0\x9D\x84\x9E"), true, 0}, /* G clef U+1D11E */
    {S("\xC2\x80"), true, 0},         /* U+0080, smallest 2-byte */
    {S("\xDF\xBF"), true, 0},         /* U+07FF */
    {S("\xE0\xA0\x80"), true, 0},     /* U+0800, smallest 3-byte */
    {S("\xED\x9F\xBF"), true, 0},     /* U+D7FF, just below the surrogates */
    {S("\xEE\x80\x80"), true, 0},     /* U+E000, just above them */
    {S("\xEF\xBF\xBD"), true, 0},     /* U+FFFD itself */
    {S("\xF0\x90\x80\x80"), true, 0}, /* U+10000, smallest 4-byte */
    {S("\xF4\x8F\xBF\xBF"), true, 0}, /* U+10FFFF, the last */
    {S("M\xC3\xBCnchen \xE2\x82\xAC"), true, 0},
    /* Overlong forms. */
    {S("\xC0\x80"), false, 0},
    {S("a\xC0\x80"), false, 1},
    {S("\xC1\xBF"), false, 0},
    {S("\xE0\x80\x80"), false, 0},
    {S("\xE0\x9F\xBF"), false, 0},
    {S("\xF0\x80\x80\x80"), false, 0},
    {S("\xF0\x8F\xBF\xBF"), false, 0},
    /* Surrogates. */
    {S("\xED\xA0\x80"), false, 0},
    {S("\xED\xBF\xBF"), false, 0},
    {S("ok\xED\xB0\x80"), false, 2},
    /* Beyond U+10FFFF, and bytes that never occur. */
    {S("\xF4\x90\x80\x80"), false, 0},
    {S("\xF5\x80\x80\x80"), false, 0},
    {S("\xF8\x88\x80\x80\x80"), false, 0},
    {S("\xFE"), false, 0},
    {S("\xFF"), false, 0},
    /* Truncated sequences. */
    {S("\xC3"), false, 0},
    {S("\xE2\x82"), false, 0},
    {S("\xF0\x9D\x84"), false, 0},
    {S("ab\xE2\x82"), false, 2},
    {S("\xC3z"), false, 0},
    {S("\xE2\x82z"), false, 0},
    {S("\xF0\x9D\x84z"), false, 0},
    /* Continuation bytes without a lead. */
    {S("\x80"), false, 0},
    {S("\xBF"), false, 0},
    {S("\xC3\xA4\x80"), false, 2},
    /* NUL. */
    {S("\0"), false, 0},
    {S("a\0b"), false, 1},
    {S("\xC3\xA4\0"), false, 2},
};

static const struct {
	const char *s;
	size_t len;
	uint32_t want[8];
	size_t n;
} next_cases[] = {
    {S("a\xC3\xA4\xE2\x82\xAC\xF0\x9D\x84\x9E"), {0x61, 0xE4, 0x20AC, 0x1D11E}, 4},
    {S("\xEF\xBF\xBD"), {0xFFFD}, 1},
    {S("\0"), {0}, 1},
    /* Each byte of an invalid sequence yields one U+FFFD. */
    {S("\xC0\x80"), {0xFFFD, 0xFFFD}, 2},
    {S("\xED\xA0\x80"), {0xFFFD, 0xFFFD, 0xFFFD}, 3},
    {S("\xF4\x90\x80\x80"), {0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD}, 4},
    {S("\xE2\x82"), {0xFFFD, 0xFFFD}, 2},
    {S("\xE2\x82z"), {0xFFFD, 0xFFFD, 0x7A}, 3},
    {S("\xC3\xC3\xA4"), {0xFFFD, 0xE4}, 2},
    {S("\xFFz"), {0xFFFD, 0x7A}, 2},
};

static const struct {
	uint32_t cp;
	const char *want;
} encode_cases[] = {
    {0x41, "A"},
    {0x7F, "\x7F"},
    {0x80, "\xC2\x80"},
    {0xE4, "\xC3\xA4"},
    {0x7FF, "\xDF\xBF"},
    {0x800, "\xE0\xA0\x80"},
    {0x20AC, "\xE2\x82\xAC"},
    {0xFFFF, "\xEF\xBF\xBF"},
    {0x10000, "\xF0\x90\x80\x80"},
    {0x1D11E, "\xF0\x9D\x84\x9E"},
    {0x10FFFF, "\xF4\x8F\xBF\xBF"},
    /* No UTF-8 form: U+FFFD instead. */
    {0xD800, "\xEF\xBF\xBD"},
    {0xDFFF, "\xEF\xBF\xBD"},
    {0x110000, "\xEF\xBF\xBD"},
    {0xFFFFFFFF, "\xEF\xBF\xBD"},
};

static const struct {
	const char *s;
	size_t len;
	size_t want;
} count_cases[] = {
    {S(""), 0},
    {S("abc"), 3},
    {S("\xC3\xA4\xE2\x82\xAC\xF0\x9D\x84\x9E"), 3},
    {S("M\xC3\xBCnchen"), 7},
    {S("\xC0\x80"), 2}, /* invalid: each byte counts */
};

static const struct {
	const char *s;
	size_t len;
	const char *want;
} quote_cases[] = {
    {S(""), "\"\""},
    {S("abc"), "\"abc\""},
    {S("say \"hi\""), "\"say \\\"hi\\\"\""},
    {S("a\nb\tc\\"), "\"a\\nb\\tc\\\\\""},
    {S("\x01\x1B\x7F"), "\"\\x01\\x1B\\x7F\""},
    {S("a\0b"), "\"a\\x00b\""},
    {S("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9D\x84\x9E"),
     "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9D\x84\x9E\""},
    /* Invalid UTF-8 shows as \xNN, one escape per byte. */
    {S("a\xFFz"), "\"a\\xFFz\""},
    {S("\xC0\x80"), "\"\\xC0\\x80\""},
    {S("\xED\xA0\x80"), "\"\\xED\\xA0\\x80\""},
    {S("\xF4\x90\x80\x80"), "\"\\xF4\\x90\\x80\\x80\""},
    {S("x\xE2\x82"), "\"x\\xE2\\x82\""},
    {S("\xE2\x82z"), "\"\\xE2\\x82z\""},
    {S("\x80\xC3\xA4"), "\"\\x80\xC3\xA4\""},
    {S("Latin-1 M\xFCnchen"), "\"Latin-1 M\\xFCnchen\""},
};

static void
test_valid(void)
{
	for (size_t i = 0; i < COUNT(valid_cases); i++) {
		size_t bad = 9999;
		bool ok = utf8_valid(valid_cases[i].s, valid_cases[i].len, &bad);
		CHECK(ok == valid_cases[i].valid);
		if (!valid_cases[i].valid)
			CHECK(bad == valid_cases[i].bad);
		else
			CHECK(bad == 9999); /* untouched */
		CHECK(utf8_valid(valid_cases[i].s, valid_cases[i].len, NULL) ==
		      valid_cases[i].valid);
		if (ok != valid_cases[i].valid)
			fprintf(stderr, "  valid case %zu\n", i);
	}
}

static void
test_next(void)
{
	for (size_t i = 0; i < COUNT(next_cases); i++) {
		const char *p = next_cases[i].s, *end = p + next_cases[i].len;
		size_t n = 0;
		while (p < end && n < 8) {
			uint32_t cp = utf8_next(&p, end);
			CHECK(n < next_cases[i].n && cp == next_cases[i].want[n]);
			n++;
		}
		CHECK(n == next_cases[i].n);
		CHECK(p == end);
	}
	/* At the end: U+FFFD, and no step past it. */
	const char *s = "a", *p = s + 1;
	CHECK(utf8_next(&p, s + 1) == 0xFFFD);
	CHECK(p == s + 1);
	/* A sequence cut by end, though more bytes follow in memory, is invalid. */
	const char *euro = "\xE2\x82\xAC";
	p = euro;
	CHECK(utf8_next(&p, euro + 2) == 0xFFFD);
	CHECK(p == euro + 1);
}

static void
test_encode(void)
{
	for (size_t i = 0; i < COUNT(encode_cases); i++) {
		char out[5] = {0};
		size_t n = utf8_encode(out, encode_cases[i].cp);
		CHECK(n == strlen(encode_cases[i].want));
		CHECK_STR(out, encode_cases[i].want);
	}
	/* Every scalar value survives encode, validate and decode. */
	int bad = 0;
	for (uint32_t cp = 1; cp <= 0x10FFFF && bad < 5; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		char out[4];
		size_t n = utf8_encode(out, cp);
		const char *p = out;
		bool ok = n == (cp < 0x80      ? 1u
		                : cp < 0x800   ? 2u
		                : cp < 0x10000 ? 3u
		                               : 4u) &&
		          utf8_valid(out, n, NULL) && utf8_next(&p, out + n) == cp &&
		          p == out + n && utf8_count(out, n) == 1;
		if (!ok) {
			fprintf(stderr, "  round trip failed for U+%04X\n", (unsigned)cp);
			bad++;
		}
	}
	CHECK(bad == 0);
}

static void
test_count(void)
{
	for (size_t i = 0; i < COUNT(count_cases); i++)
		CHECK(utf8_count(count_cases[i].s, count_cases[i].len) == count_cases[i].want);
}

static void
test_quote(void)
{
	char buf[MSG_QUOTE_SIZE];

	for (size_t i = 0; i < COUNT(quote_cases); i++)
		CHECK_STR(msg_quote_n(buf, quote_cases[i].s, quote_cases[i].len),
		          quote_cases[i].want);
	CHECK_STR(msg_quote(buf, "M\xFCller"), "\"M\\xFCller\"");

	/* Long values: 60 characters shown, then "..."; each unit is one character. */
	static const struct {
		const char *unit, *shown;
		size_t count;
		bool cut;
	} long_cases[] = {
	    {"x", "x", 60, false},
	    {"x", "x", 61, true},
	    {"x", "x", 200, true},
	    {"\xC3\xA4", "\xC3\xA4", 60, false},
	    {"\xC3\xA4", "\xC3\xA4", 70, true},
	    {"\xF0\x9D\x84\x9E", "\xF0\x9D\x84\x9E", 70, true},
	    {"\xFF", "\\xFF", 70, true},
	    {"\"", "\\\"", 70, true},
	    {"\n", "\\n", 61, true},
	    {"\x01", "\\x01", 100, true},
	};
	for (size_t i = 0; i < COUNT(long_cases); i++) {
		struct sbuf in = {0}, want = {0};
		sbuf_addc(&want, '"');
		for (size_t k = 0; k < long_cases[i].count; k++) {
			sbuf_adds(&in, long_cases[i].unit);
			if (k < 60)
				sbuf_adds(&want, long_cases[i].shown);
		}
		sbuf_adds(&want, long_cases[i].cut ? "...\"" : "\"");
		const char *got = msg_quote_n(buf, in.s, in.len);
		CHECK_STR(got, want.s);
		CHECK(strlen(got) < MSG_QUOTE_SIZE);
		sbuf_free(&in);
		sbuf_free(&want);
	}
}

/* charset_add_utf8 against adding each decoded character, with and without ASCII in the set. */
static void
test_charset(void)
{
	static struct charset got, want;
	uint32_t x = 2463534242u;
	for (int k = 0; k < 4000; k++) {
		char s[80];
		size_t n = 0, len = (size_t)k % 70;
		while (n < len) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			unsigned r = x % 16;
			if (r == 0)
				s[n++] = (char)(1 + x / 16 % 31); /* a control character */
			else if (r == 1)
				s[n++] = 0x7F;
			else if (r == 2 && n + 2 < len) {
				n += utf8_encode(s + n, 0xA0 + x / 16 % 0x700); /* two bytes */
			} else if (r == 3 && n + 3 < len) {
				n += utf8_encode(s + n, 0x2000 + x / 16 % 0x1000); /* three */
			} else if (r == 4)
				s[n++] = (char)0xC3; /* a lone lead byte */
			else
				s[n++] = (char)(0x20 + x / 16 % 0x5F);
		}
		s[n] = '\0';
		memset(&got, 0, sizeof(got));
		memset(&want, 0, sizeof(want));
		for (uint32_t cp = 0x20; k % 2 == 0 && cp <= 0x7E; cp++) {
			charset_add(&got, cp);
			charset_add(&want, cp);
		}
		charset_add_utf8(&got, s);
		const char *p = s, *end = s + n;
		while (p < end)
			charset_add(&want, utf8_next(&p, end));
		CHECK(memcmp(&got, &want, sizeof(got)) == 0);
	}
}

int
main(void)
{
	test_valid();
	test_next();
	test_encode();
	test_count();
	test_quote();
	test_charset();
	return UNIT_DONE();
}
