/* SPDX-License-Identifier: MIT */
/* The checks of a value that JSON and CSV share (figures, answers, text, language, period, date, id). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "load.h"
#include "hash.h"
#include "load_int.h"
#include "msg.h"
#include "utf8.h"

/* The largest integer a double holds exactly: counts above it are refused. */
#define MAX_COUNT 9007199254740992.0

const char *
load_num_text(char *buf, size_t size, double v)
{
	if (!isfinite(v)) {
		snprintf(buf, size, "an out-of-range number");
		return buf;
	}
	if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(buf, size, "%.0f", v);
	} else {
		for (int prec = 1; prec <= 17; prec++) {
			snprintf(buf, size, "%.*g", prec, v);
			if (strtod(buf, NULL) == v)
				break;
		}
	}
	/* A locale with a decimal comma must not leak into messages. */
	for (char *p = buf; *p != '\0'; p++)
		if (*p == ',')
			*p = '.';
	return buf;
}

const char *
load_check_figure(enum load_figure kind, double v, char *why, size_t size)
{
	char buf[40];
	const char *what = NULL;
	if (kind == LOAD_COUNT && v != floor(v))
		what = "expected a whole number";
	else if (kind == LOAD_POSITIVE && v <= 0)
		what = "must be greater than 0";
	else if (v < 0)
		what = "must not be negative";
	else if (kind == LOAD_COUNT && v > MAX_COUNT)
		what = "too large for a count";
	else if (kind != LOAD_COUNT && v > LOAD_MAX_MONEY)
		what = "must be at most 9007199254740992";
	if (what == NULL)
		return NULL;
	snprintf(why, size, "%s, got %s", what, load_num_text(buf, sizeof(buf), v));
	return why;
}

const char *
load_check_answer(double v, double min, double max, char *why, size_t size)
{
	char b1[40], b2[40], b3[40];
	if (v >= min && v <= max)
		return NULL;
	snprintf(why, size, "%s is outside the scale %s..%s", load_num_text(b1, sizeof(b1), v),
	         load_num_text(b2, sizeof(b2), min), load_num_text(b3, sizeof(b3), max));
	return why;
}

const char *
load_check_text(enum load_text_kind kind, const char *s, char *why, size_t size)
{
	size_t most = kind == LOAD_NAME ? LOAD_MAX_NAME : LOAD_MAX_PROSE;
	/* Quick: a text of no more bytes than the limit has no more characters. */
	size_t bytes = strlen(s);
	if (bytes <= most)
		return NULL;
	size_t chars = utf8_count(s, bytes);
	if (chars <= most)
		return NULL;
	char q[MSG_QUOTE_SIZE];
	snprintf(why, size, "%zu characters, more than the %zu %s may have: %s", chars, most,
	         kind == LOAD_NAME ? "a name" : "a text", msg_quote(q, s));
	return why;
}

const char *
load_check_language(const char *s, char *why, size_t size)
{
	if (s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z' && s[2] == '\0')
		return NULL;
	char q[MSG_QUOTE_SIZE];
	snprintf(why, size,
	         "invalid language %s; expected a two-letter lowercase code (ISO 639-1) such "
	         "as \"en\" or \"de\"",
	         msg_quote(q, s));
	return why;
}

size_t
load_hash(const char *s)
{
	return load_hash_n(s, strlen(s));
}

size_t
load_hash_n(const char *s, size_t len)
{
	/* Eight bytes at a time: the loaders hash every string of a big export. */
	return (size_t)hash_content(s, len);
}

static int
digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
parse_period(const char *s)
{
	if (strlen(s) != 7 || s[4] != '-' || s[5] != 'Q')
		return 0;
	int year = digits(s, 4), q = digits(s + 6, 1);
	if (year < 0 || q < 1 || q > 4)
		return 0;
	return year * 10 + q;
}

int
parse_date(const char *s)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 0 || m < 1 || m > 12 || d < 1)
		return 0;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[m - 1] + (m == 2 && leap))
		return 0;
	return y * 10000 + m * 100 + d;
}

static bool
is_alnum(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

int
is_valid_id(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 64 || !is_alnum(s[0]))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!is_alnum(s[i]) && s[i] != '.' && s[i] != '_' && s[i] != '-')
			return 0;
	return 1;
}
