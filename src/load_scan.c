/* SPDX-License-Identifier: MIT */
/* JSON, pass 1: the strict check of a file's syntax and UTF-8, every byte once; where the lazy arrays are. */
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load_int.h"
#include "mem.h"
#include "msg.h"
#include "utf8.h"

/*
 * cJSON accepts more than JSON (leading zeros, "1.", raw control characters in
 * strings, any byte below 0x20 as white space) and says only where it stopped, not
 * why. So this scan checks the text first and words the message; cJSON then only
 * reads text known to be good (load_tree.c). The scan also checks the encoding as
 * it goes: outside strings only ASCII is valid JSON, inside them each run of bytes
 * above 0x7F is checked as UTF-8. Only when it fails is the whole file's encoding
 * checked from the start (load_text_utf8), so that an invalid byte anywhere is named
 * before a syntax error, as when the encoding was a pass of its own.
 */

/* Deeper than any real export; keeps the recursion small. */
#define MAX_DEPTH 100

struct scan {
	const char *p, *end;
	const char *err_at; /* where the problem is, NULL for none */
	char err[200];
	struct load_text *t;    /* pages behind p are given back while scanning */
	struct load_lazy *lazy; /* the arrays found so far */
	size_t nlazy, caplazy;
	struct load_cut *cuts; /* and their cuts */
	size_t ncuts, capcuts;
	size_t step; /* bytes from one cut to the next, at least */
	size_t last; /* the offset of the last cut */
};

/* The bytes of a number. */
static unsigned char numeric[256];

static void
init_tables(void)
{
	for (const char *s = "0123456789+-.eE"; *s != '\0'; s++)
		numeric[(unsigned char)*s] = 1;
}

/* Goals files are scanned by the workers: the tables are made once. */
static void
tables(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, init_tables);
}

static bool scan_fail(struct scan *sc, const char *at, const char *fmt, ...) PR_PRINTF(3, 4);

static bool
scan_fail(struct scan *sc, const char *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sc->err, sizeof(sc->err), fmt, ap);
	va_end(ap);
	sc->err_at = at;
	return false;
}

static void
scan_release(struct scan *sc)
{
	load_text_release(sc->t, (size_t)(sc->p - sc->t->s));
}

static bool
is_word_char(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_';
}

/* What stands at p, for "expected X, got Y": a word, a character, or end of file. */
static const char *
describe(const struct scan *sc, const char *p, char *buf, size_t size)
{
	if (p >= sc->end)
		return "end of file";
	unsigned char ch = (unsigned char)*p;
	if (is_word_char(ch)) {
		size_t n = 0;
		while (p + n < sc->end && n < 24 && is_word_char((unsigned char)p[n]))
			n++;
		bool more = p + n < sc->end && is_word_char((unsigned char)p[n]);
		snprintf(buf, size, "'%.*s%s'", (int)n, p, more ? "..." : "");
	} else if (ch < 0x20 || ch == 0x7F) {
		snprintf(buf, size, "control character U+%04X", ch);
	} else if (ch >= 0x80) {
		/* Shown only when the file is valid UTF-8 (else that is the message): the
		 * character and its code, as no-break spaces and typographic quotes look
		 * like their ASCII cousins. */
		const char *q = p;
		uint32_t cp = utf8_next(&q, sc->end);
		snprintf(buf, size, "'%.*s' (U+%04X)", (int)(q - p), p, (unsigned)cp);
	} else if (ch == '\'') {
		snprintf(buf, size, "\"'\"");
	} else {
		snprintf(buf, size, "'%c'", ch);
	}
	return buf;
}

static void
skip_space(struct scan *sc)
{
	sc->p = load_skip_space(sc->p, sc->end);
}

static long
hex4(const char *p, const char *end)
{
	long v = 0;
	if (end - p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		char ch = p[i];
		int d;
		if (ch >= '0' && ch <= '9')
			d = ch - '0';
		else if (ch >= 'a' && ch <= 'f')
			d = ch - 'a' + 10;
		else if (ch >= 'A' && ch <= 'F')
			d = ch - 'A' + 10;
		else
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* The escape at sc->p (its backslash); false after scan_fail. */
static bool
scan_escape(struct scan *sc, const char *open)
{
	const char *esc = sc->p++;
	if (sc->p >= sc->end)
		return scan_fail(sc, open, "unterminated string");
	switch (*sc->p) {
	case '"':
	case '\\':
	case '/':
	case 'b':
	case 'f':
	case 'n':
	case 'r':
	case 't':
		sc->p++;
		return true;
	case 'u': {
		long cp = hex4(sc->p + 1, sc->end);
		if (cp < 0)
			return scan_fail(sc, esc, "\\u must be followed by four hex digits");
		/* cJSON would cut the string here without a word. */
		if (cp == 0)
			return scan_fail(sc, esc, "\\u0000 (NUL) is not allowed in a string");
		sc->p += 5;
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			long lo = sc->end - sc->p >= 6 && sc->p[0] == '\\' && sc->p[1] == 'u'
			              ? hex4(sc->p + 2, sc->end)
			              : -1;
			if (lo < 0xDC00 || lo > 0xDFFF)
				return scan_fail(sc, esc, "unpaired surrogate \\u%04lX in a string",
				                 cp);
			sc->p += 6;
		} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
			return scan_fail(sc, esc, "unpaired surrogate \\u%04lX in a string", cp);
		}
		return true;
	}
	default: {
		char what[80], buf[64];
		unsigned char e = (unsigned char)*sc->p;
		if (e > 0x20 && e < 0x7F)
			snprintf(what, sizeof(what), "'\\%c'", e);
		else
			snprintf(what, sizeof(what), "'\\' followed by %s",
			         describe(sc, sc->p, buf, sizeof(buf)));
		return scan_fail(sc, esc, "invalid escape %s in a string", what);
	}
	}
}

/* The rest of the string opened at open, from sc->p, a byte that ends a plain run. */
static bool
scan_string_rest(struct scan *sc, const char *open)
{
	for (;;) {
		const unsigned char *p = (const unsigned char *)load_plain_run(sc->p, sc->end);
		const unsigned char *end = (const unsigned char *)sc->end;
		sc->p = (const char *)p;
		if (p >= end)
			return scan_fail(sc, open, "unterminated string");
		unsigned char ch = *p;
		if (ch == '"') {
			sc->p++;
			return true;
		}
		if (ch >= 0x80) {
			/* A run of non-ASCII bytes starts and ends at character boundaries. */
			const unsigned char *q = p;
			while (q < end && *q >= 0x80)
				q++;
			size_t bad;
			if (!utf8_valid((const char *)p, (size_t)(q - p), &bad))
				return scan_fail(sc, sc->p + bad, "invalid UTF-8");
			sc->p = (const char *)q;
		} else if (ch == '\\') {
			if (!scan_escape(sc, open))
				return false;
		} else if (ch == '\n' || ch == '\r') {
			return scan_fail(sc, sc->p,
			                 "line break inside a string (missing closing quote?)");
		} else {
			return scan_fail(sc, sc->p,
			                 "unescaped control character U+%04X in a string", ch);
		}
	}
}

/* The string at sc->p: most are plain ASCII to the closing quote. */
static inline bool
scan_string(struct scan *sc)
{
	const char *open = sc->p;
	const char *p = load_plain_run(open + 1, sc->end);
	if (p < sc->end && *p == '"') {
		sc->p = p + 1;
		return true;
	}
	sc->p = p;
	return scan_string_rest(sc, open);
}

/* The JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool
number_ok(const char *s, size_t n)
{
	size_t i = 0;
#define DIGIT(k) ((k) < n && s[k] >= '0' && s[k] <= '9')
	if (i < n && s[i] == '-')
		i++;
	if (!DIGIT(i))
		return false;
	if (s[i] == '0')
		i++;
	else
		while (DIGIT(i))
			i++;
	if (i < n && s[i] == '.') {
		i++;
		if (!DIGIT(i))
			return false;
		while (DIGIT(i))
			i++;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (!DIGIT(i))
			return false;
		while (DIGIT(i))
			i++;
	}
#undef DIGIT
	return i == n;
}

static bool
scan_number_any(struct scan *sc)
{
	const char *s = sc->p;
	while (sc->p < sc->end && numeric[(unsigned char)*sc->p])
		sc->p++;
	size_t n = (size_t)(sc->p - s);
	if (!number_ok(s, n))
		return scan_fail(sc, s, "invalid number '%.*s%s'", n > 40 ? 40 : (int)n, s,
		                 n > 40 ? "..." : "");
	return true;
}

/* The number at sc->p: most are whole, -?[1-9][0-9]*, followed by no number byte. */
static inline bool
scan_number(struct scan *sc)
{
	const char *p = sc->p, *end = sc->end;
	if (p < end && *p == '-')
		p++;
	if (p < end && *p >= '1' && *p <= '9') {
		do
			p++;
		while (p < end && *p >= '0' && *p <= '9');
		if (p == end || !numeric[(unsigned char)*p]) {
			sc->p = p;
			return true;
		}
	}
	return scan_number_any(sc);
}

/* An open object or array. */
struct frame {
	const struct load_schema *sch; /* an object's, to record its lazy arrays; NULL: none */
	const struct load_schema *sub; /* an array's: its elements' schema (a J_LAZY array) */
	uint64_t seen;                 /* an object's lazy fields met (only a first one counts) */
	size_t rec;                    /* a J_LAZY array's record in sc->lazy, else SIZE_MAX */
	size_t count;                  /* its elements so far */
	bool object;
	bool cuts; /* a J_LAZY array whose cuts are recorded: its elements hold no lazy array */
};

static bool
has_lazy(const struct load_schema *sch)
{
	for (size_t i = 0; sch != NULL && i < sch->n; i++)
		if (sch->fields[i].kind == J_LAZY)
			return true;
	return false;
}

/* A string, number or literal at sc->p (not white space); false after scan_fail. */
static bool
scan_scalar(struct scan *sc)
{
	char buf[64];
	unsigned char c = (unsigned char)*sc->p;
	if (c == '"')
		return scan_string(sc);
	if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))
		return scan_number(sc);
	static const char *const literals[] = {"true", "false", "null"};
	size_t n = 0;
	while (sc->p + n < sc->end && is_word_char((unsigned char)sc->p[n]))
		n++;
	for (size_t i = 0; i < sizeof(literals) / sizeof(literals[0]); i++)
		if (n == strlen(literals[i]) && memcmp(sc->p, literals[i], n) == 0) {
			sc->p += n;
			return true;
		}
	return scan_fail(sc, sc->p, "expected a value, got %s",
	                 describe(sc, sc->p, buf, sizeof(buf)));
}

/* An element of the lazy array of frame f starts at sc->p: a cut when it is far enough. */
static void
cut(struct scan *sc, const struct frame *f)
{
	size_t at = (size_t)(sc->p - sc->t->s);
	struct load_lazy *rec = &sc->lazy[f->rec];
	if (rec->ncuts > 0 && at - sc->last < sc->step)
		return;
	xgrow(&sc->cuts, &sc->capcuts, sc->ncuts, sizeof(*sc->cuts));
	sc->cuts[sc->ncuts++] = (struct load_cut){f->count, at};
	rec->ncuts++;
	sc->last = at;
}

/*
 * The value at sc->p, of schema sch when it is an object, walked with a stack of the
 * open objects and arrays rather than by recursion. Each lazy array (a J_LAZY member of
 * an object with a schema, the first of that name) is recorded with its elements' count.
 */
static bool
scan_value(struct scan *sc, const struct load_schema *sch)
{
	char buf[64];
	struct frame st[MAX_DEPTH + 1];
	int top = -1;                             /* st[top] is the innermost open container */
	const struct load_schema *next_sch = sch; /* the schema of the next value's object */
	const struct load_field *lazy = NULL;     /* the next value is this lazy member's */
	for (;;) {
		/* A value. */
		skip_space(sc);
		if (sc->p >= sc->end)
			return scan_fail(sc, sc->p, "expected a value, got %s",
			                 describe(sc, sc->p, buf, sizeof(buf)));
		if (top >= 0 && st[top].rec != SIZE_MAX && st[top].cuts)
			cut(sc, &st[top]);
		char c = *sc->p;
		if (c == '{' || c == '[') {
			const char *open = sc->p++;
			if (top + 1 >= MAX_DEPTH)
				return scan_fail(sc, open, "nesting deeper than %d levels",
				                 MAX_DEPTH);
			struct frame *f = &st[++top];
			*f = (struct frame){NULL, NULL, 0, SIZE_MAX, 0, c == '{', false};
			if (f->object) {
				/* Only a schema with lazy arrays has anything to record. */
				f->sch = has_lazy(next_sch) ? next_sch : NULL;
			} else if (lazy != NULL) {
				/* Recorded before its elements, so that the records go in file order. */
				f->sub = lazy->sub;
				f->rec = sc->nlazy;
				/* Cuts of an array inside its elements would come between its own. */
				f->cuts = !has_lazy(f->sub);
				xgrow(&sc->lazy, &sc->caplazy, sc->nlazy, sizeof(*sc->lazy));
				sc->lazy[sc->nlazy++] = (struct load_lazy){
				    (size_t)(open - sc->t->s), 0, 0, sc->ncuts, 0};
			}
			skip_space(sc);
			if (sc->p < sc->end && *sc->p == (f->object ? '}' : ']')) {
				sc->p++;
				goto closed;
			}
			if (f->object)
				goto key;
			next_sch = f->sub;
			lazy = NULL;
			continue;
		}
		if (!scan_scalar(sc))
			return false;
		goto after;

	key:
		/* A member's key and colon; then its value. */
		{
			struct frame *f = &st[top];
			skip_space(sc);
			if (sc->p >= sc->end || *sc->p != '"')
				return scan_fail(sc, sc->p,
				                 "expected a key in double quotes, got %s",
				                 describe(sc, sc->p, buf, sizeof(buf)));
			const char *key = sc->p;
			if (!scan_string(sc))
				return false;
			lazy = NULL;
			if (f->sch != NULL) {
				const struct load_field *fl =
				    load_schema_field(f->sch, key, sc->end);
				if (fl != NULL && fl->kind == J_LAZY) {
					uint64_t bit = UINT64_C(1) << (size_t)(fl - f->sch->fields);
					if ((f->seen & bit) == 0)
						lazy = fl;
					f->seen |= bit;
				}
			}
			skip_space(sc);
			if (sc->p >= sc->end || *sc->p != ':')
				return scan_fail(sc, sc->p,
				                 "expected ':' after an object key, got %s",
				                 describe(sc, sc->p, buf, sizeof(buf)));
			sc->p++;
			next_sch = NULL;
			/* Only an array is a lazy member's to record. */
			skip_space(sc);
			if (lazy != NULL && (sc->p >= sc->end || *sc->p != '['))
				lazy = NULL;
			continue;
		}

	closed:
		/* The container st[top] just ended. */
		if (st[top].rec != SIZE_MAX) {
			sc->lazy[st[top].rec].end = (size_t)(sc->p - sc->t->s);
			sc->lazy[st[top].rec].count = st[top].count;
		}
		top--;

	after:
		/* After a value: the end, or what its container holds next. */
		if (top < 0)
			return true;
		scan_release(sc);
		skip_space(sc);
		{
			struct frame *f = &st[top];
			if (!f->object)
				f->count++;
			if (sc->p < sc->end && *sc->p == ',') {
				sc->p++;
				if (f->object)
					goto key;
				next_sch = f->sub;
				lazy = NULL;
				continue;
			}
			if (sc->p < sc->end && *sc->p == (f->object ? '}' : ']')) {
				sc->p++;
				goto closed;
			}
			if (f->object)
				return scan_fail(
				    sc, sc->p, "expected ',' or '}' after an object member, got %s",
				    describe(sc, sc->p, buf, sizeof(buf)));
			return scan_fail(sc, sc->p,
			                 "expected ',' or ']' after an array element, got %s",
			                 describe(sc, sc->p, buf, sizeof(buf)));
		}
	}
}

bool
load_scan(struct load_text *t, const struct load_schema *root, struct load_found *found,
          size_t *start, size_t *end)
{
	tables();
	memset(found, 0, sizeof(*found));
	load_text_restart(t, 0);
	struct scan sc = {.p = t->s + t->bom, .end = t->s + t->len, .t = t};
	sc.step = t->len / LOAD_CUTS;
	skip_space(&sc);
	if (sc.p == sc.end) {
		/* Only white space: nothing for the encoding to be wrong about. */
		msg_at(MSG_ERROR, t->path, 0, 0, "invalid JSON: the file is empty");
		return false;
	}
	*start = (size_t)(sc.p - t->s);
	bool ok = scan_value(&sc, root);
	*end = (size_t)(sc.p - t->s);
	if (ok) {
		skip_space(&sc);
		if (sc.p < sc.end) {
			char buf[64];
			ok = scan_fail(&sc, sc.p,
			               "expected end of file after the JSON value, got %s",
			               describe(&sc, sc.p, buf, sizeof(buf)));
		}
	}
	if (ok) {
		*found = (struct load_found){sc.lazy, sc.nlazy, sc.cuts, sc.ncuts};
		return true;
	}
	free(sc.lazy);
	free(sc.cuts);
	/* An invalid byte anywhere is the message, as if the encoding were checked first. */
	if (!load_text_utf8(t))
		return false;
	long line, col;
	load_text_position(t, (size_t)(sc.err_at - t->s), &line, &col);
	msg_at(MSG_ERROR, t->path, line, col, "invalid JSON: %s", sc.err);
	return false;
}

/* ---------------------------------------------------------------------------
 * Strings of text the scan has passed, read a byte of their value at a time.
 * ------------------------------------------------------------------------- */

void
load_str_begin(struct load_str *s, const char *quote)
{
	s->p = quote + 1;
	s->n = s->i = 0;
}

int
load_str_byte(struct load_str *s)
{
	if (s->i < s->n)
		return s->buf[s->i++];
	unsigned char c = (unsigned char)*s->p;
	if (c == '"') {
		s->p++;
		return -1;
	}
	if (c != '\\') {
		s->p++;
		return c;
	}
	char e = s->p[1];
	s->p += 2;
	switch (e) {
	case 'b':
		return '\b';
	case 'f':
		return '\f';
	case 'n':
		return '\n';
	case 'r':
		return '\r';
	case 't':
		return '\t';
	case 'u': {
		/* The scan passed it: four hex digits, a surrogate always paired. */
		uint32_t cp = (uint32_t)hex4(s->p, s->p + 4);
		s->p += 4;
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			uint32_t lo = (uint32_t)hex4(s->p + 2, s->p + 6);
			s->p += 6;
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		}
		s->n = (int)utf8_encode((char *)s->buf, cp);
		s->i = 1;
		return s->buf[0];
	}
	default: /* '"', '\\', '/' */
		return (unsigned char)e;
	}
}

size_t
load_str_copy(const char *quote, char *out, size_t size, bool *cut)
{
	struct load_str s;
	load_str_begin(&s, quote);
	size_t n = 0;
	int c;
	*cut = false;
	while ((c = load_str_byte(&s)) >= 0) {
		if (n + 1 < size)
			out[n++] = (char)c;
		else
			*cut = true;
	}
	if (size > 0)
		out[n] = '\0';
	return n;
}

const struct load_field *
load_schema_field_n(const struct load_schema *sch, const char *k, size_t len)
{
	for (size_t i = 0; i < sch->n; i++) {
		if (load_field_is(&sch->fields[i], k, len))
			return &sch->fields[i];
	}
	return NULL;
}

const struct load_field *
load_schema_field(const struct load_schema *sch, const char *p, const char *end)
{
	const char *k = p + 1, *q = k;
	while (q < end && *q != '"' && *q != '\\')
		q++;
	if (q < end && *q == '\\') {
		/* An escaped key ("\u006Eame" is "name"): its value, when short enough. */
		char buf[64];
		bool cut;
		size_t len = load_str_copy(p, buf, sizeof(buf), &cut);
		return cut || len == 0 ? NULL : load_schema_field_n(sch, buf, len);
	}
	return q > k ? load_schema_field_n(sch, k, (size_t)(q - k)) : NULL;
}
