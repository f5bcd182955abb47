/* SPDX-License-Identifier: MIT */
/* Reads metrics.json and survey.json into the model; the only file that sees cJSON. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "load.h"
#include "mem.h"
#include "msg.h"
#include "utf8.h"

#define METRICS_FORMAT "partnerreview-metrics/1"
#define SURVEY_FORMAT "partnerreview-survey/1"

/* Deeper than any real export; keeps the syntax check's recursion small. */
#define MAX_DEPTH 100

/* The largest integer a double holds exactly: counts above it are refused. */
#define MAX_COUNT 9007199254740992.0

/* ---------------------------------------------------------------------------
 * Reading the file and checking its syntax.
 *
 * cJSON accepts more than JSON (leading zeros, "1.", raw control characters in
 * strings, any byte below 0x20 as white space) and says only where it stopped,
 * not why. So a strict scanner checks the text first and words the message; cJSON
 * then only builds the tree of text already known to be good.
 * ------------------------------------------------------------------------- */

struct scan {
	const char *p, *end;
	const char *err_at; /* where the problem is, NULL for none */
	char err[200];
	int depth;
};

static bool scan_value(struct scan *sc);

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
		/* The text is valid UTF-8 here; show the character and its code, since
		 * no-break spaces and typographic quotes look like their ASCII cousins. */
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
	while (sc->p < sc->end &&
	       (*sc->p == ' ' || *sc->p == '\t' || *sc->p == '\n' || *sc->p == '\r'))
		sc->p++;
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

static bool
scan_string(struct scan *sc)
{
	const char *open = sc->p++;
	for (;;) {
		if (sc->p >= sc->end)
			return scan_fail(sc, open, "unterminated string");
		unsigned char ch = (unsigned char)*sc->p;
		if (ch == '"') {
			sc->p++;
			return true;
		}
		if (ch == '\n' || ch == '\r')
			return scan_fail(sc, sc->p,
			                 "line break inside a string (missing closing quote?)");
		if (ch < 0x20)
			return scan_fail(sc, sc->p,
			                 "unescaped control character U+%04X in a string", ch);
		if (ch != '\\') {
			sc->p++;
			continue;
		}
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
			break;
		case 'u': {
			long cp = hex4(sc->p + 1, sc->end);
			if (cp < 0)
				return scan_fail(sc, esc,
				                 "\\u must be followed by four hex digits");
			/* cJSON would cut the string here without a word. */
			if (cp == 0)
				return scan_fail(sc, esc,
				                 "\\u0000 (NUL) is not allowed in a string");
			sc->p += 5;
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				long lo =
				    sc->end - sc->p >= 6 && sc->p[0] == '\\' && sc->p[1] == 'u'
				        ? hex4(sc->p + 2, sc->end)
				        : -1;
				if (lo < 0xDC00 || lo > 0xDFFF)
					return scan_fail(
					    sc, esc, "unpaired surrogate \\u%04lX in a string", cp);
				sc->p += 6;
			} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
				return scan_fail(sc, esc, "unpaired surrogate \\u%04lX in a string",
				                 cp);
			}
			break;
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
scan_number(struct scan *sc)
{
	const char *s = sc->p;
	while (sc->p < sc->end && strchr("0123456789+-.eE", *sc->p) != NULL)
		sc->p++;
	size_t n = (size_t)(sc->p - s);
	if (!number_ok(s, n))
		return scan_fail(sc, s, "invalid number '%.*s%s'", n > 40 ? 40 : (int)n, s,
		                 n > 40 ? "..." : "");
	return true;
}

static bool
scan_object(struct scan *sc)
{
	char buf[64];
	const char *open = sc->p++;
	if (++sc->depth > MAX_DEPTH)
		return scan_fail(sc, open, "nesting deeper than %d levels", MAX_DEPTH);
	skip_space(sc);
	if (sc->p < sc->end && *sc->p == '}') {
		sc->p++;
		sc->depth--;
		return true;
	}
	for (;;) {
		skip_space(sc);
		if (sc->p >= sc->end || *sc->p != '"')
			return scan_fail(sc, sc->p, "expected a key in double quotes, got %s",
			                 describe(sc, sc->p, buf, sizeof(buf)));
		if (!scan_string(sc))
			return false;
		skip_space(sc);
		if (sc->p >= sc->end || *sc->p != ':')
			return scan_fail(sc, sc->p, "expected ':' after an object key, got %s",
			                 describe(sc, sc->p, buf, sizeof(buf)));
		sc->p++;
		if (!scan_value(sc))
			return false;
		skip_space(sc);
		if (sc->p < sc->end && *sc->p == ',') {
			sc->p++;
			continue;
		}
		if (sc->p < sc->end && *sc->p == '}') {
			sc->p++;
			sc->depth--;
			return true;
		}
		return scan_fail(sc, sc->p, "expected ',' or '}' after an object member, got %s",
		                 describe(sc, sc->p, buf, sizeof(buf)));
	}
}

static bool
scan_array(struct scan *sc)
{
	char buf[64];
	const char *open = sc->p++;
	if (++sc->depth > MAX_DEPTH)
		return scan_fail(sc, open, "nesting deeper than %d levels", MAX_DEPTH);
	skip_space(sc);
	if (sc->p < sc->end && *sc->p == ']') {
		sc->p++;
		sc->depth--;
		return true;
	}
	for (;;) {
		if (!scan_value(sc))
			return false;
		skip_space(sc);
		if (sc->p < sc->end && *sc->p == ',') {
			sc->p++;
			continue;
		}
		if (sc->p < sc->end && *sc->p == ']') {
			sc->p++;
			sc->depth--;
			return true;
		}
		return scan_fail(sc, sc->p, "expected ',' or ']' after an array element, got %s",
		                 describe(sc, sc->p, buf, sizeof(buf)));
	}
}

static bool
scan_value(struct scan *sc)
{
	char buf[64];
	skip_space(sc);
	if (sc->p < sc->end) {
		switch (*sc->p) {
		case '{':
			return scan_object(sc);
		case '[':
			return scan_array(sc);
		case '"':
			return scan_string(sc);
		case '-':
		case '+':
		case '.':
		case '0':
		case '1':
		case '2':
		case '3':
		case '4':
		case '5':
		case '6':
		case '7':
		case '8':
		case '9':
			return scan_number(sc);
		default: {
			static const char *const literals[] = {"true", "false", "null"};
			size_t n = 0;
			while (sc->p + n < sc->end && is_word_char((unsigned char)sc->p[n]))
				n++;
			for (size_t i = 0; i < sizeof(literals) / sizeof(literals[0]); i++)
				if (n == strlen(literals[i]) &&
				    memcmp(sc->p, literals[i], n) == 0) {
					sc->p += n;
					return true;
				}
		}
		}
	}
	return scan_fail(sc, sc->p, "expected a value, got %s",
	                 describe(sc, sc->p, buf, sizeof(buf)));
}

/* Line and column (1-based, in characters) of byte off; CR LF, LF and CR end a line. */
static void
text_position(const char *text, size_t off, long *line, long *col)
{
	long l = 1, c = 1;
	for (size_t i = 0; i < off; i++) {
		unsigned char ch = (unsigned char)text[i];
		if (ch == '\n' || (ch == '\r' && text[i + 1] != '\n')) {
			l++;
			c = 1;
		} else if (ch != '\r' && (ch & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* The whole file, NUL-terminated; NULL (after a message) when it cannot be read. */
static char *
read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		msg(MSG_ERROR, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	size_t n = 0, cap = 0;
	char *buf = NULL;
	for (;;) {
		xgrow(&buf, &cap, n + 4096, 1);
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		int e = errno;
		msg(MSG_ERROR, "cannot read %s: %s", path, strerror(e ? e : EIO));
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static void *
cjson_alloc(size_t n)
{
	return xmalloc(n);
}

static void
cjson_hooks(void)
{
	cJSON_Hooks hooks = {cjson_alloc, free};
	cJSON_InitHooks(&hooks);
}

/* Reads, checks and parses path; NULL after a message on any problem. */
static cJSON *
parse_file(const char *path)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, cjson_hooks);

	size_t len;
	char *text = read_whole(path, &len);
	if (text == NULL)
		return NULL;

	/* A byte order mark is allowed and not counted as a column. */
	size_t start = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	long line, col;
	size_t bad;
	if (!utf8_valid(text, len, &bad)) {
		text_position(text + start, bad - start, &line, &col);
		if (text[bad] == '\0')
			msg_at(
			    MSG_ERROR, path, line, col,
			    "NUL byte in the file (is it UTF-16 or not text?); save it as UTF-8");
		else
			msg_at(MSG_ERROR, path, line, col,
			       "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
			       (unsigned char)text[bad]);
		free(text);
		return NULL;
	}

	struct scan sc = {.p = text + start, .end = text + len};
	skip_space(&sc);
	if (sc.p == sc.end) {
		msg_at(MSG_ERROR, path, 0, 0, "invalid JSON: the file is empty");
		free(text);
		return NULL;
	}
	bool ok = scan_value(&sc);
	if (ok) {
		skip_space(&sc);
		if (sc.p < sc.end) {
			char buf[64];
			ok = scan_fail(&sc, sc.p,
			               "expected end of file after the JSON value, got %s",
			               describe(&sc, sc.p, buf, sizeof(buf)));
		}
	}
	if (!ok) {
		text_position(text + start, (size_t)(sc.err_at - text) - start, &line, &col);
		msg_at(MSG_ERROR, path, line, col, "invalid JSON: %s", sc.err);
		free(text);
		return NULL;
	}

	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
	if (root == NULL) {
		/* Not expected after the scan above; a limit of this cJSON build. */
		size_t off = end != NULL && end >= text + start ? (size_t)(end - text) - start : 0;
		text_position(text + start, off, &line, &col);
		msg_at(MSG_ERROR, path, line, col, "invalid JSON: rejected by the JSON parser");
	}
	free(text);
	return root;
}

/* ---------------------------------------------------------------------------
 * Finding repeated ids and periods.
 * ------------------------------------------------------------------------- */

struct keyed {
	const char *s; /* a string key, or NULL */
	int n;         /* an int key when s is NULL */
	size_t idx;    /* the position in the file */
};

static int
keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int r = x->s != NULL ? strcmp(x->s, y->s) : (x->n > y->n) - (x->n < y->n);
	if (r != 0)
		return r;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/*
 * For entries k[0..n) (all string keys or all int keys), first[idx] becomes the
 * position of the first entry with the same key, SIZE_MAX for the first itself.
 * first has total elements. Sorts k.
 */
static void
find_repeats(struct keyed *k, size_t n, size_t *first, size_t total)
{
	for (size_t i = 0; i < total; i++)
		first[i] = SIZE_MAX;
	qsort(k, n, sizeof(*k), keyed_cmp);
	size_t head = 0;
	for (size_t i = 1; i < n; i++) {
		bool same = k[i].s != NULL ? strcmp(k[i].s, k[head].s) == 0 : k[i].n == k[head].n;
		if (same)
			first[k[i].idx] = k[head].idx;
		else
			head = i;
	}
}

/* ---------------------------------------------------------------------------
 * Walking the tree: the JSON path of the current value, and the messages.
 * ------------------------------------------------------------------------- */

enum scope {
	SC_FILE, /* errors spoil the whole file */
	SC_ITEM, /* errors fail the current partner (or response of a known partner) */
	SC_SOFT, /* problems are warnings: a response nobody can be blamed for */
};

struct ctx {
	const char *file;
	struct sbuf path;
	enum scope scope;
	size_t fatal; /* errors in SC_FILE */
	size_t local; /* problems in the current SC_ITEM or SC_SOFT */
};

static void
ctx_init(struct ctx *c, const char *file)
{
	memset(c, 0, sizeof(*c));
	c->file = file;
	sbuf_add(&c->path, "", 0);
}

static bool
key_is_plain(const char *k)
{
	if (*k == '\0')
		return false;
	for (; *k != '\0'; k++)
		if (!is_word_char((unsigned char)*k) && *k != '-')
			return false;
	return true;
}

/* Appends .key (or ["key"] when it is not a plain word); returns the mark for path_pop. */
static size_t
path_key(struct ctx *c, const char *key)
{
	size_t mark = c->path.len;
	if (key_is_plain(key)) {
		if (mark > 0)
			sbuf_addc(&c->path, '.');
		sbuf_adds(&c->path, key);
	} else {
		char q[MSG_QUOTE_SIZE];
		sbuf_printf(&c->path, "[%s]", msg_quote(q, key));
	}
	return mark;
}

static size_t
path_index(struct ctx *c, size_t i)
{
	size_t mark = c->path.len;
	sbuf_printf(&c->path, "[%zu]", i);
	return mark;
}

static void
path_pop(struct ctx *c, size_t mark)
{
	c->path.len = mark;
	c->path.s[mark] = '\0';
}

/* A problem at the current path: an error or, in SC_SOFT, a warning. */
static void report(struct ctx *c, const char *fmt, ...) PR_PRINTF(2, 3);

static void
report(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	msg_path(c->scope == SC_SOFT ? MSG_WARNING : MSG_ERROR, c->file, c->path.s, "%s", text);
	free(text);
	if (c->scope == SC_FILE)
		c->fatal++;
	else
		c->local++;
}

/* A warning at the current path that fails nothing. */
static void warn(struct ctx *c, const char *fmt, ...) PR_PRINTF(2, 3);

static void
warn(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	msg_path(MSG_WARNING, c->file, c->path.s, "%s", text);
	free(text);
}

/* v as the file could have said it: 450000, -5, 3.5, 1e+20 (the shortest that reads back). */
static const char *
num_text(char *buf, size_t size, double v)
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

/* Appends a short JSON form of v; stops adding once b is longer than limit. */
static void
render(struct sbuf *b, const cJSON *v, size_t limit)
{
	char buf[MSG_QUOTE_SIZE];
	if (b->len > limit)
		return;
	if (cJSON_IsFalse(v)) {
		sbuf_adds(b, "false");
	} else if (cJSON_IsTrue(v)) {
		sbuf_adds(b, "true");
	} else if (cJSON_IsNull(v)) {
		sbuf_adds(b, "null");
	} else if (cJSON_IsNumber(v)) {
		sbuf_adds(b, num_text(buf, sizeof(buf), v->valuedouble));
	} else if (cJSON_IsString(v)) {
		sbuf_adds(b, msg_quote(buf, v->valuestring));
	} else if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
		bool obj = cJSON_IsObject(v);
		sbuf_addc(b, obj ? '{' : '[');
		for (const cJSON *k = v->child; k != NULL && b->len <= limit; k = k->next) {
			if (k != v->child)
				sbuf_addc(b, ',');
			if (obj) {
				sbuf_adds(b, msg_quote(buf, k->string));
				sbuf_addc(b, ':');
			}
			render(b, k, limit);
		}
		sbuf_addc(b, obj ? '}' : ']');
	}
}

/* v as a message shows it: JSON, cut after 60 characters. The caller frees. */
static char *
shown(const cJSON *v)
{
	struct sbuf b = {0};
	render(&b, v, 300);
	size_t chars = 0, i;
	for (i = 0; i < b.len; i++)
		if (((unsigned char)b.s[i] & 0xC0) != 0x80 && ++chars > 60)
			break;
	if (i < b.len) {
		b.len = i;
		b.s[i] = '\0';
		sbuf_adds(&b, "...");
	}
	return sbuf_take(&b);
}

static void
bad_type(struct ctx *c, const char *expected, const cJSON *v)
{
	char *s = shown(v);
	report(c, "expected %s, got %s", expected, s);
	free(s);
}

/* Reports every key that occurs twice in obj; the first occurrence is the one used. */
static void
check_keys(struct ctx *c, const cJSON *obj)
{
	size_t n = 0;
	for (const cJSON *k = obj->child; k != NULL; k = k->next)
		n++;
	if (n < 2)
		return;
	struct keyed *keys = xmalloc(n * sizeof(*keys));
	size_t *first = xmalloc(n * sizeof(*first));
	size_t i = 0;
	for (const cJSON *k = obj->child; k != NULL; k = k->next, i++)
		keys[i] = (struct keyed){k->string, 0, i};
	find_repeats(keys, n, first, n);
	i = 0;
	for (const cJSON *k = obj->child; k != NULL; k = k->next, i++) {
		if (first[i] == SIZE_MAX)
			continue;
		char q[MSG_QUOTE_SIZE];
		size_t mark = path_key(c, k->string);
		report(c, "duplicate key %s", msg_quote(q, k->string));
		path_pop(c, mark);
	}
	free(first);
	free(keys);
}

/*
 * The member key of obj with the path already at key; NULL when it is absent.
 * JSON null counts as absent for an optional member; for a required one it is
 * left to the type check.
 */
static const cJSON *
member(struct ctx *c, const cJSON *obj, const char *key, bool required)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (v == NULL) {
		if (required)
			report(c, "required field is missing");
		return NULL;
	}
	if (cJSON_IsNull(v) && !required)
		return NULL;
	return v;
}

static bool
is_blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

/*
 * Text: a copy of the string, or NULL. An empty optional string counts as absent
 * (exports write "" for "not known"); an empty required one is an error.
 */
static char *
val_text(struct ctx *c, const cJSON *v, bool required)
{
	if (!cJSON_IsString(v)) {
		bad_type(c, "a string", v);
		return NULL;
	}
	if (is_blank(v->valuestring)) {
		if (required)
			report(c, "must not be empty");
		return NULL;
	}
	return xstrdup(v->valuestring);
}

static char *
get_text(struct ctx *c, const cJSON *obj, const char *key, bool required)
{
	size_t mark = path_key(c, key);
	const cJSON *v = member(c, obj, key, required);
	char *s = v != NULL ? val_text(c, v, required) : NULL;
	path_pop(c, mark);
	return s;
}

static char *
val_id(struct ctx *c, const cJSON *v)
{
	char q[MSG_QUOTE_SIZE];
	if (!cJSON_IsString(v)) {
		bad_type(c, "a string", v);
		return NULL;
	}
	if (!is_valid_id(v->valuestring)) {
		report(c,
		       "invalid id %s; an id is 1 to 64 characters of A-Z a-z 0-9 . _ -, starting "
		       "with a letter or digit",
		       msg_quote(q, v->valuestring));
		return NULL;
	}
	return xstrdup(v->valuestring);
}

static char *
get_id(struct ctx *c, const cJSON *obj, const char *key)
{
	size_t mark = path_key(c, key);
	const cJSON *v = member(c, obj, key, true);
	char *s = v != NULL ? val_id(c, v) : NULL;
	path_pop(c, mark);
	return s;
}

static int
val_period(struct ctx *c, const cJSON *v)
{
	char q[MSG_QUOTE_SIZE];
	if (!cJSON_IsString(v)) {
		bad_type(c, "a string", v);
		return 0;
	}
	int period = parse_period(v->valuestring);
	if (period == 0)
		report(c, "invalid period %s; expected YYYY-Qn with n from 1 to 4",
		       msg_quote(q, v->valuestring));
	return period;
}

static int
get_period(struct ctx *c, const cJSON *obj, const char *key)
{
	size_t mark = path_key(c, key);
	const cJSON *v = member(c, obj, key, true);
	int period = v != NULL ? val_period(c, v) : 0;
	path_pop(c, mark);
	return period;
}

/* An optional date: YYYYMMDD, or 0 when absent or bad. */
static int
get_date(struct ctx *c, const cJSON *obj, const char *key)
{
	char q[MSG_QUOTE_SIZE];
	size_t mark = path_key(c, key);
	const cJSON *v = member(c, obj, key, false);
	int date = 0;
	if (v == NULL) {
		/* absent */
	} else if (!cJSON_IsString(v)) {
		bad_type(c, "a string", v);
	} else if (*v->valuestring != '\0') {
		date = parse_date(v->valuestring);
		if (date == 0)
			report(c, "invalid date %s; expected an existing date YYYY-MM-DD",
			       msg_quote(q, v->valuestring));
	}
	path_pop(c, mark);
	return date;
}

/* A finite JSON number into out; false (after a message) otherwise. */
static bool
val_number(struct ctx *c, const cJSON *v, const char *expected, struct num *out)
{
	if (!cJSON_IsNumber(v)) {
		bad_type(c, expected, v);
		return false;
	}
	if (!isfinite(v->valuedouble)) {
		report(c, "number out of range");
		return false;
	}
	/* -0 becomes 0, so that nothing downstream prints a minus sign for it. */
	out->v = v->valuedouble + 0.0;
	out->set = true;
	return true;
}

static bool
val_money(struct ctx *c, const cJSON *v, struct num *out)
{
	char buf[40];
	struct num n = {0};
	if (!val_number(c, v, "a number", &n))
		return false;
	if (n.v < 0) {
		report(c, "must not be negative, got %s", num_text(buf, sizeof(buf), n.v));
		return false;
	}
	*out = n;
	return true;
}

static bool
val_count(struct ctx *c, const cJSON *v, struct num *out)
{
	char buf[40];
	struct num n = {0};
	if (!val_number(c, v, "a whole number", &n))
		return false;
	if (n.v != floor(n.v)) {
		report(c, "expected a whole number, got %s", num_text(buf, sizeof(buf), n.v));
		return false;
	}
	if (n.v < 0) {
		report(c, "must not be negative, got %s", num_text(buf, sizeof(buf), n.v));
		return false;
	}
	if (n.v > MAX_COUNT) {
		report(c, "too large for a count, got %s", num_text(buf, sizeof(buf), n.v));
		return false;
	}
	*out = n;
	return true;
}

enum numkind { MONEY, COUNT };

/* An optional (or required) figure; out stays unset when absent or bad. */
static void
get_num(struct ctx *c, const cJSON *obj, const char *key, enum numkind kind, bool required,
        struct num *out)
{
	size_t mark = path_key(c, key);
	const cJSON *v = member(c, obj, key, required);
	if (v != NULL) {
		if (kind == MONEY)
			val_money(c, v, out);
		else
			val_count(c, v, out);
	}
	path_pop(c, mark);
}

/*
 * The member key when it is of the wanted kind (object or array), with the path
 * left at key for reading it: the caller pops to *mark. NULL when absent or wrong.
 */
static const cJSON *
enter(struct ctx *c, const cJSON *obj, const char *key, bool array, bool required, size_t *mark)
{
	*mark = path_key(c, key);
	const cJSON *v = member(c, obj, key, required);
	if (v == NULL)
		return NULL;
	if (array ? !cJSON_IsArray(v) : !cJSON_IsObject(v)) {
		bad_type(c, array ? "an array" : "an object", v);
		return NULL;
	}
	if (!array)
		check_keys(c, v);
	return v;
}

/* A person object: name required, email and phone optional. */
static void
read_person(struct ctx *c, const cJSON *o, struct person *p)
{
	p->name = get_text(c, o, "name", true);
	p->email = get_text(c, o, "email", false);
	p->phone = get_text(c, o, "phone", false);
}

/* format must be exactly want; false when it is present but wrong (nothing else is read). */
static bool
check_format(struct ctx *c, const cJSON *root, const char *want, const char *other,
             const char *other_name)
{
	char q[MSG_QUOTE_SIZE];
	size_t mark = path_key(c, "format");
	const cJSON *v = member(c, root, "format", true);
	bool ok = true;
	if (v == NULL) {
		/* Missing: reported; go on and show the rest. */
	} else if (!cJSON_IsString(v)) {
		bad_type(c, "a string", v);
		ok = false;
	} else if (strcmp(v->valuestring, want) != 0) {
		char *hint = strcmp(v->valuestring, other) == 0
		                 ? xasprintf(" (this is a %s file)", other_name)
		                 : xstrdup("");
		report(c, "expected \"%s\", got %s%s", want, msg_quote(q, v->valuestring), hint);
		free(hint);
		ok = false;
	}
	path_pop(c, mark);
	return ok;
}

static bool
check_root(struct ctx *c, const cJSON *root)
{
	if (cJSON_IsObject(root)) {
		check_keys(c, root);
		return true;
	}
	char *s = shown(root);
	msg_path(MSG_ERROR, c->file, NULL, "the top level must be an object, got %s", s);
	free(s);
	c->fatal++;
	return false;
}

static void
period_text(char *buf, size_t size, int period)
{
	snprintf(buf, size, "\"%04d-Q%d\"", period / 10, period % 10);
}

/* ---------------------------------------------------------------------------
 * metrics.json
 * ------------------------------------------------------------------------- */

static void
read_reps(struct ctx *c, const cJSON *q, struct quarter *qu)
{
	size_t mark;
	const cJSON *arr = enter(c, q, "reps", true, false, &mark);
	if (arr != NULL && cJSON_GetArraySize(arr) > 0) {
		qu->nreps = (size_t)cJSON_GetArraySize(arr);
		qu->reps = xcalloc(qu->nreps, sizeof(*qu->reps));
		size_t i = 0;
		for (const cJSON *r = arr->child; r != NULL; r = r->next, i++) {
			size_t m2 = path_index(c, i);
			if (!cJSON_IsObject(r)) {
				bad_type(c, "an object", r);
			} else {
				struct rep_figures *rep = &qu->reps[i];
				check_keys(c, r);
				rep->name = get_text(c, r, "name", true);
				get_num(c, r, "revenue", MONEY, false, &rep->revenue);
				get_num(c, r, "deals_won", COUNT, false, &rep->deals_won);
			}
			path_pop(c, m2);
		}
	}
	path_pop(c, mark);
}

static void
read_quarter(struct ctx *c, const cJSON *q, struct quarter *qu)
{
	char buf[40];
	if (!cJSON_IsObject(q)) {
		bad_type(c, "an object", q);
		return;
	}
	check_keys(c, q);
	qu->period = get_period(c, q, "period");
	get_num(c, q, "revenue", MONEY, true, &qu->revenue);

	size_t mark = path_key(c, "target");
	const cJSON *v = member(c, q, "target", true);
	if (v != NULL && val_number(c, v, "a number", &qu->target) && qu->target.v <= 0) {
		report(c, "must be greater than 0, got %s",
		       num_text(buf, sizeof(buf), qu->target.v));
		qu->target.set = false;
	}
	path_pop(c, mark);

	get_num(c, q, "leads_received", COUNT, false, &qu->leads_received);
	get_num(c, q, "leads_followed_up", COUNT, false, &qu->leads_followed_up);
	get_num(c, q, "deals_won", COUNT, false, &qu->deals_won);
	get_num(c, q, "pipeline", MONEY, false, &qu->pipeline);
	get_num(c, q, "certified_reps", COUNT, false, &qu->certified_reps);
	get_num(c, q, "service_tickets", COUNT, false, &qu->service_tickets);
	get_num(c, q, "channel_conflicts", COUNT, false, &qu->channel_conflicts);
	read_reps(c, q, qu);
}

static int
quarter_cmp(const void *a, const void *b)
{
	const struct quarter *x = a, *y = b;
	return (x->period > y->period) - (x->period < y->period);
}

static void
read_quarters(struct ctx *c, const cJSON *po, struct partner *p)
{
	size_t mark;
	const cJSON *arr = enter(c, po, "quarters", true, true, &mark);
	if (arr == NULL) {
		path_pop(c, mark);
		return;
	}
	size_t n = (size_t)cJSON_GetArraySize(arr);
	if (n == 0) {
		report(c, "must not be empty");
		path_pop(c, mark);
		return;
	}
	p->quarters = xcalloc(n, sizeof(*p->quarters));
	p->nquarters = n;
	struct keyed *keys = xmalloc(n * sizeof(*keys));
	size_t nkeys = 0, i = 0;
	for (const cJSON *q = arr->child; q != NULL; q = q->next, i++) {
		size_t m2 = path_index(c, i);
		read_quarter(c, q, &p->quarters[i]);
		path_pop(c, m2);
		if (p->quarters[i].period != 0)
			keys[nkeys++] = (struct keyed){NULL, p->quarters[i].period, i};
	}
	size_t *first = xmalloc(n * sizeof(*first));
	find_repeats(keys, nkeys, first, n);
	for (i = 0; i < n; i++) {
		if (first[i] == SIZE_MAX)
			continue;
		char pt[32];
		size_t m2 = path_index(c, i);
		size_t m3 = path_key(c, "period");
		period_text(pt, sizeof(pt), p->quarters[i].period);
		report(c, "duplicate period %s, first at quarters[%zu]", pt, first[i]);
		path_pop(c, m3);
		path_pop(c, m2);
	}
	free(first);
	free(keys);
	qsort(p->quarters, n, sizeof(*p->quarters), quarter_cmp);
	path_pop(c, mark);
}

static void
read_contact(struct ctx *c, const cJSON *po, struct partner *p)
{
	char q[MSG_QUOTE_SIZE];
	size_t mark;
	const cJSON *o = enter(c, po, "contact", false, false, &mark);
	if (o != NULL) {
		p->has_contact = true;
		read_person(c, o, &p->contact);
		size_t m2 = path_key(c, "salutation");
		const cJSON *v = member(c, o, "salutation", false);
		if (v == NULL) {
			/* neutral greeting */
		} else if (!cJSON_IsString(v)) {
			bad_type(c, "a string", v);
		} else if (strcmp(v->valuestring, "Herr") == 0) {
			p->salutation = SAL_HERR;
		} else if (strcmp(v->valuestring, "Frau") == 0) {
			p->salutation = SAL_FRAU;
		} else if (*v->valuestring != '\0') {
			report(c, "expected \"Herr\" or \"Frau\", got %s",
			       msg_quote(q, v->valuestring));
		}
		path_pop(c, m2);
	}
	path_pop(c, mark);
}

static void
read_team(struct ctx *c, const cJSON *po, struct partner *p)
{
	size_t mark;
	const cJSON *arr = enter(c, po, "sales_team", true, false, &mark);
	if (arr != NULL && cJSON_GetArraySize(arr) > 0) {
		p->nteam = (size_t)cJSON_GetArraySize(arr);
		p->team = xcalloc(p->nteam, sizeof(*p->team));
		size_t i = 0;
		for (const cJSON *t = arr->child; t != NULL; t = t->next, i++) {
			size_t m2 = path_index(c, i);
			if (!cJSON_IsObject(t)) {
				bad_type(c, "an object", t);
			} else {
				check_keys(c, t);
				read_person(c, t, &p->team[i]);
			}
			path_pop(c, m2);
		}
	}
	path_pop(c, mark);
}

static void
read_engagement(struct ctx *c, const cJSON *po, struct partner *p)
{
	size_t mark;
	const cJSON *o = enter(c, po, "engagement", false, false, &mark);
	if (o != NULL) {
		struct engagement *e = &p->engagement;
		p->has_engagement = true;
		size_t m2 = path_key(c, "onsite_visit_accepted");
		const cJSON *v = member(c, o, "onsite_visit_accepted", false);
		if (v != NULL && !cJSON_IsBool(v)) {
			bad_type(c, "true or false", v);
		} else if (v != NULL) {
			e->onsite_known = true;
			e->onsite_accepted = cJSON_IsTrue(v);
		}
		path_pop(c, m2);
		e->last_meeting = get_date(c, o, "last_meeting");
		get_num(c, o, "meetings_declined", COUNT, false, &e->meetings_declined);
	}
	path_pop(c, mark);
}

static void
read_partner(struct ctx *c, const cJSON *po, struct partner *p)
{
	if (!cJSON_IsObject(po)) {
		bad_type(c, "an object", po);
		return;
	}
	check_keys(c, po);
	p->id = get_id(c, po, "id");
	p->name = get_text(c, po, "name", true);
	p->region = get_text(c, po, "region", false);
	p->tier = get_text(c, po, "tier", false);
	p->since = get_date(c, po, "partner_since");
	read_contact(c, po, p);
	read_team(c, po, p);
	read_engagement(c, po, p);
	read_quarters(c, po, p);
}

static void
read_partners(struct ctx *c, const cJSON *root, struct metrics *m)
{
	size_t mark;
	const cJSON *arr = enter(c, root, "partners", true, true, &mark);
	if (arr != NULL && cJSON_GetArraySize(arr) == 0)
		report(c, "must not be empty");
	path_pop(c, mark);
	if (arr == NULL || cJSON_GetArraySize(arr) == 0)
		return;

	/*
	 * Repeated ids are found first, from the tree, so that each message comes with
	 * the rest of its partner's. Every partner with a repeated id fails, the first
	 * one too.
	 */
	size_t n = (size_t)cJSON_GetArraySize(arr), nkeys = 0, i = 0;
	struct keyed *keys = xmalloc(n * sizeof(*keys));
	for (const cJSON *po = arr->child; po != NULL; po = po->next, i++) {
		const cJSON *id =
		    cJSON_IsObject(po) ? cJSON_GetObjectItemCaseSensitive(po, "id") : NULL;
		if (cJSON_IsString(id) && is_valid_id(id->valuestring))
			keys[nkeys++] = (struct keyed){id->valuestring, 0, i};
	}
	size_t *first = xmalloc(n * sizeof(*first));
	find_repeats(keys, nkeys, first, n);

	m->partners = xcalloc(n, sizeof(*m->partners));
	m->npartners = n;
	i = 0;
	for (const cJSON *po = arr->child; po != NULL; po = po->next, i++) {
		struct partner *p = &m->partners[i];
		p->index = i;
		mark = path_key(c, "partners");
		path_index(c, i);
		c->scope = SC_ITEM;
		c->local = 0;
		read_partner(c, po, p);
		if (first[i] != SIZE_MAX) {
			char q[MSG_QUOTE_SIZE];
			path_key(c, "id");
			report(c, "duplicate id %s, first at partners[%zu]", msg_quote(q, p->id),
			       first[i]);
			m->partners[first[i]].failed = true;
		}
		p->failed = c->local > 0;
		c->scope = SC_FILE;
		path_pop(c, mark);
	}
	free(first);
	free(keys);
}

static void
read_vendor(struct ctx *c, const cJSON *root, struct metrics *m)
{
	size_t mark;
	const cJSON *o = enter(c, root, "vendor", false, true, &mark);
	if (o != NULL) {
		m->vendor_name = get_text(c, o, "name", true);
		size_t m2;
		const cJSON *cm = enter(c, o, "channel_manager", false, true, &m2);
		if (cm != NULL)
			read_person(c, cm, &m->manager);
		path_pop(c, m2);
	}
	path_pop(c, mark);
}

static void
read_currency(struct ctx *c, const cJSON *root, struct metrics *m)
{
	char q[MSG_QUOTE_SIZE];
	size_t mark = path_key(c, "currency");
	const cJSON *v = member(c, root, "currency", false);
	if (v == NULL) {
		/* EUR */
	} else if (!cJSON_IsString(v)) {
		bad_type(c, "a string", v);
	} else {
		const char *s = v->valuestring;
		bool ok = strlen(s) == 3;
		for (int i = 0; ok && i < 3; i++)
			ok = s[i] >= 'A' && s[i] <= 'Z';
		if (ok)
			memcpy(m->currency, s, 4);
		else
			report(
			    c,
			    "invalid currency %s; expected three capital letters (ISO 4217) such "
			    "as \"EUR\"",
			    msg_quote(q, s));
	}
	path_pop(c, mark);
}

struct metrics *
load_metrics(const char *path)
{
	cJSON *root = parse_file(path);
	if (root == NULL)
		return NULL;

	struct ctx c;
	ctx_init(&c, path);
	struct metrics *m = xcalloc(1, sizeof(*m));
	m->path = xstrdup(path);
	memcpy(m->currency, "EUR", 4);

	/* A file of another format or version is not read further: its other
	 * problems would only be noise. */
	if (check_root(&c, root) &&
	    check_format(&c, root, METRICS_FORMAT, SURVEY_FORMAT, "survey")) {
		read_vendor(&c, root, m);
		read_currency(&c, root, m);
		read_partners(&c, root, m);
	}

	cJSON_Delete(root);
	sbuf_free(&c.path);
	if (c.fatal > 0) {
		metrics_free(m);
		return NULL;
	}
	return m;
}

/* ---------------------------------------------------------------------------
 * survey.json
 * ------------------------------------------------------------------------- */

struct survey_ctx {
	struct ctx c;
	struct survey *s;
	struct metrics *m;
	bool questions_ok; /* questions and scales are sound: answers can be checked */
	char **unknown;    /* unknown question ids already warned about */
	size_t nunknown, capunknown;
};

/* A scale object: min and max numbers, min < max. false (after a message) otherwise. */
static bool
read_scale(struct ctx *c, const cJSON *obj, double *min, double *max)
{
	char b1[40], b2[40];
	size_t mark;
	bool ok = false;
	const cJSON *o = enter(c, obj, "scale", false, false, &mark);
	if (o != NULL) {
		struct num lo = {0}, hi = {0};
		size_t m2 = path_key(c, "min");
		const cJSON *v = member(c, o, "min", true);
		if (v != NULL)
			val_number(c, v, "a number", &lo);
		path_pop(c, m2);
		m2 = path_key(c, "max");
		v = member(c, o, "max", true);
		if (v != NULL)
			val_number(c, v, "a number", &hi);
		path_pop(c, m2);
		if (lo.set && hi.set && lo.v >= hi.v)
			report(c, "min must be less than max, got %s..%s",
			       num_text(b1, sizeof(b1), lo.v), num_text(b2, sizeof(b2), hi.v));
		else if (lo.set && hi.set) {
			*min = lo.v;
			*max = hi.v;
			ok = true;
		}
	}
	path_pop(c, mark);
	return ok;
}

static void
read_questions(struct survey_ctx *sx, const cJSON *root)
{
	struct ctx *c = &sx->c;
	struct survey *s = sx->s;
	size_t mark;
	const cJSON *arr = enter(c, root, "questions", true, true, &mark);
	if (arr == NULL) {
		path_pop(c, mark);
		return;
	}
	sx->questions_ok = true;
	size_t n = (size_t)cJSON_GetArraySize(arr);
	s->questions = xcalloc(n ? n : 1, sizeof(*s->questions));
	s->nquestions = n;
	struct keyed *keys = xmalloc((n ? n : 1) * sizeof(*keys));
	size_t nkeys = 0, i = 0;
	for (const cJSON *qo = arr->child; qo != NULL; qo = qo->next, i++) {
		struct question *q = &s->questions[i];
		q->scale_min = s->scale_min;
		q->scale_max = s->scale_max;
		size_t m2 = path_index(c, i);
		if (!cJSON_IsObject(qo)) {
			bad_type(c, "an object", qo);
		} else {
			check_keys(c, qo);
			q->id = get_id(c, qo, "id");
			q->text = get_text(c, qo, "text", true);
			q->topic = get_text(c, qo, "topic", false);
			read_scale(c, qo, &q->scale_min, &q->scale_max);
			if (q->id != NULL)
				keys[nkeys++] = (struct keyed){q->id, 0, i};
		}
		path_pop(c, m2);
	}
	size_t *first = xmalloc((n ? n : 1) * sizeof(*first));
	find_repeats(keys, nkeys, first, n);
	for (i = 0; i < n; i++) {
		if (first[i] == SIZE_MAX)
			continue;
		char q[MSG_QUOTE_SIZE];
		size_t m2 = path_index(c, i);
		path_key(c, "id");
		report(c, "duplicate question id %s, first at questions[%zu]",
		       msg_quote(q, s->questions[i].id), first[i]);
		path_pop(c, m2);
	}
	free(first);
	free(keys);
	path_pop(c, mark);
}

static ptrdiff_t
question_index(const struct survey *s, const char *id)
{
	for (size_t i = 0; i < s->nquestions; i++)
		if (s->questions[i].id != NULL && strcmp(s->questions[i].id, id) == 0)
			return (ptrdiff_t)i;
	return -1;
}

static void
read_answers(struct survey_ctx *sx, const cJSON *ro, struct response *r)
{
	struct ctx *c = &sx->c;
	const struct survey *s = sx->s;
	char b1[40], b2[40], b3[40];
	size_t mark;
	const cJSON *o = enter(c, ro, "answers", false, true, &mark);
	for (const cJSON *a = o != NULL ? o->child : NULL; a != NULL; a = a->next) {
		if (!sx->questions_ok)
			break;
		/* A repeated key was reported by check_keys; the first one counts. */
		if (cJSON_GetObjectItemCaseSensitive(o, a->string) != a)
			continue;
		size_t m2 = path_key(c, a->string);
		ptrdiff_t qi = question_index(s, a->string);
		if (qi < 0) {
			bool seen = false;
			for (size_t i = 0; i < sx->nunknown && !seen; i++)
				seen = strcmp(sx->unknown[i], a->string) == 0;
			if (!seen) {
				char q[MSG_QUOTE_SIZE];
				warn(c, "unknown question id %s, ignored", msg_quote(q, a->string));
				xgrow(&sx->unknown, &sx->capunknown, sx->nunknown, sizeof(char *));
				sx->unknown[sx->nunknown++] = xstrdup(a->string);
			}
		} else if (!cJSON_IsNull(a)) {
			const struct question *q = &s->questions[qi];
			struct num v = {0};
			if (!val_number(c, a, "a number or null", &v)) {
				/* reported */
			} else if (v.v < q->scale_min || v.v > q->scale_max) {
				report(c, "%s is outside the scale %s..%s",
				       num_text(b1, sizeof(b1), v.v),
				       num_text(b2, sizeof(b2), q->scale_min),
				       num_text(b3, sizeof(b3), q->scale_max));
			} else {
				r->answers[qi] = v;
			}
		}
		path_pop(c, m2);
	}
	path_pop(c, mark);
}

/*
 * One response. Its partner_id decides who answers for its problems: a partner of
 * the metrics fails, a response of an unknown partner only gets warnings. Returns
 * false when the response is dropped (no usable partner_id).
 */
static bool
read_response(struct survey_ctx *sx, const cJSON *ro, struct response *r)
{
	struct ctx *c = &sx->c;
	char q[MSG_QUOTE_SIZE];
	c->scope = SC_SOFT;
	if (!cJSON_IsObject(ro)) {
		char *sh = shown(ro);
		warn(c, "expected an object, got %s; response ignored", sh);
		free(sh);
		return false;
	}
	size_t mark = path_key(c, "partner_id");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(ro, "partner_id");
	bool ok = false;
	if (v == NULL) {
		warn(c, "required field is missing; response ignored");
	} else if (!cJSON_IsString(v)) {
		char *sh = shown(v);
		warn(c, "expected a string, got %s; response ignored", sh);
		free(sh);
	} else if (!is_valid_id(v->valuestring)) {
		warn(c, "invalid id %s; response ignored", msg_quote(q, v->valuestring));
	} else {
		ok = true;
		r->partner_id = xstrdup(v->valuestring);
		if (sx->m != NULL) {
			r->partner = metrics_find(sx->m, r->partner_id);
			if (r->partner == NULL)
				warn(c, "partner %s is not in %s", msg_quote(q, r->partner_id),
				     sx->m->path);
		}
	}
	path_pop(c, mark);
	if (!ok)
		return false;

	/* Without metrics nobody can be failed, but the run stops anyway: errors. */
	c->scope = r->partner != NULL || sx->m == NULL ? SC_ITEM : SC_SOFT;
	c->local = 0;
	check_keys(c, ro);
	r->respondent = get_text(c, ro, "respondent", false);
	r->submitted = get_date(c, ro, "submitted");
	r->comment = get_text(c, ro, "comment", false);
	r->wish = get_text(c, ro, "wish", false);
	/* Always one slot per question, so readers need no NULL check. */
	if (sx->s->nquestions > 0)
		r->answers = xcalloc(sx->s->nquestions, sizeof(*r->answers));
	read_answers(sx, ro, r);
	if (c->local > 0 && r->partner != NULL && c->scope == SC_ITEM)
		r->partner->failed = true;
	return true;
}

static void
read_wave(struct survey_ctx *sx, const cJSON *wo, struct wave *w)
{
	struct ctx *c = &sx->c;
	if (!cJSON_IsObject(wo)) {
		bad_type(c, "an object", wo);
		return;
	}
	check_keys(c, wo);
	w->period = get_period(c, wo, "id");
	w->closed = get_date(c, wo, "closed");

	size_t mark;
	const cJSON *arr = enter(c, wo, "responses", true, false, &mark);
	if (arr != NULL && cJSON_GetArraySize(arr) > 0) {
		size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
		w->responses = xcalloc(n, sizeof(*w->responses));
		for (const cJSON *ro = arr->child; ro != NULL; ro = ro->next, i++) {
			size_t m2 = path_index(c, i);
			if (read_response(sx, ro, &w->responses[w->nresponses]))
				w->nresponses++;
			c->scope = SC_FILE;
			path_pop(c, m2);
		}
	}
	path_pop(c, mark);
}

static int
wave_cmp(const void *a, const void *b)
{
	const struct wave *x = a, *y = b;
	return (x->period > y->period) - (x->period < y->period);
}

static void
read_waves(struct survey_ctx *sx, const cJSON *root)
{
	struct ctx *c = &sx->c;
	struct survey *s = sx->s;
	size_t mark;
	const cJSON *arr = enter(c, root, "waves", true, true, &mark);
	size_t n = arr != NULL ? (size_t)cJSON_GetArraySize(arr) : 0;
	if (n == 0) {
		path_pop(c, mark);
		return;
	}
	s->waves = xcalloc(n, sizeof(*s->waves));
	s->nwaves = n;
	struct keyed *keys = xmalloc(n * sizeof(*keys));
	size_t nkeys = 0, i = 0;
	for (const cJSON *wo = arr->child; wo != NULL; wo = wo->next, i++) {
		size_t m2 = path_index(c, i);
		read_wave(sx, wo, &s->waves[i]);
		path_pop(c, m2);
		if (s->waves[i].period != 0)
			keys[nkeys++] = (struct keyed){NULL, s->waves[i].period, i};
	}
	size_t *first = xmalloc(n * sizeof(*first));
	find_repeats(keys, nkeys, first, n);
	for (i = 0; i < n; i++) {
		if (first[i] == SIZE_MAX)
			continue;
		char pt[32];
		size_t m2 = path_index(c, i);
		path_key(c, "id");
		period_text(pt, sizeof(pt), s->waves[i].period);
		report(c, "duplicate wave %s, first at waves[%zu]", pt, first[i]);
		path_pop(c, m2);
	}
	free(first);
	free(keys);
	qsort(s->waves, n, sizeof(*s->waves), wave_cmp);
	path_pop(c, mark);
}

struct survey *
load_survey(const char *path, struct metrics *m)
{
	cJSON *root = parse_file(path);
	if (root == NULL)
		return NULL;

	struct survey_ctx sx = {.m = m};
	struct ctx *c = &sx.c;
	ctx_init(c, path);
	struct survey *s = sx.s = xcalloc(1, sizeof(*s));
	s->path = xstrdup(path);
	s->scale_min = 1;
	s->scale_max = 5;

	if (check_root(c, root) &&
	    check_format(c, root, SURVEY_FORMAT, METRICS_FORMAT, "metrics")) {
		/* The file's scale first: the questions inherit it. */
		size_t before = c->fatal;
		read_scale(c, root, &s->scale_min, &s->scale_max);
		read_questions(&sx, root);
		/* With a broken question list, answers cannot be judged: checking them
		 * would only repeat its problems. */
		if (c->fatal > before)
			sx.questions_ok = false;
		read_waves(&sx, root);
	}

	cJSON_Delete(root);
	sbuf_free(&c->path);
	for (size_t i = 0; i < sx.nunknown; i++)
		free(sx.unknown[i]);
	free(sx.unknown);
	if (c->fatal > 0) {
		survey_free(s);
		return NULL;
	}
	return s;
}

/* ---- goals.json of an earlier review ---- */

static bool
goal_fail(struct goal_set *g, const char *path, const char *where, const char *what)
{
	msg_path(MSG_WARNING, path, where, "%s; the earlier goals are left out", what);
	goal_set_free(g);
	return false;
}

struct goal_set *
load_goals(const char *path)
{
	cJSON *root = parse_file(path);
	if (root == NULL)
		return NULL;
	struct goal_set *g = xcalloc(1, sizeof(*g));
	const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "partner_id");
	const cJSON *period = cJSON_GetObjectItemCaseSensitive(root, "period");
	const cJSON *goals = cJSON_GetObjectItemCaseSensitive(root, "goals");
	bool ok = true;
	if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "partnerreview-goals/1") != 0)
		ok = goal_fail(g, path, "format", "expected \"partnerreview-goals/1\"");
	else if (!cJSON_IsString(id) || !is_valid_id(id->valuestring))
		ok = goal_fail(g, path, "partner_id", "expected a partner id");
	else if (!cJSON_IsString(period) || parse_period(period->valuestring) == 0)
		ok = goal_fail(g, path, "period", "expected a period such as 2026-Q3");
	else if (!cJSON_IsArray(goals))
		ok = goal_fail(g, path, "goals", "expected an array");
	if (!ok) {
		cJSON_Delete(root);
		return NULL;
	}
	g->partner_id = xstrdup(id->valuestring);
	g->period = parse_period(period->valuestring);
	size_t n = (size_t)cJSON_GetArraySize(goals), i = 0;
	g->goals = xcalloc(n + 1, sizeof(*g->goals));
	const cJSON *it;
	cJSON_ArrayForEach(it, goals)
	{
		char where[64];
		snprintf(where, sizeof(where), "goals[%zu]", i++);
		const cJSON *fig = cJSON_GetObjectItemCaseSensitive(it, "figure");
		const cJSON *own = cJSON_GetObjectItemCaseSensitive(it, "owner");
		const cJSON *base = cJSON_GetObjectItemCaseSensitive(it, "baseline");
		const cJSON *tgt = cJSON_GetObjectItemCaseSensitive(it, "target");
		const cJSON *low = cJSON_GetObjectItemCaseSensitive(it, "lower_is_better");
		const cJSON *due = cJSON_GetObjectItemCaseSensitive(it, "due");
		if (!cJSON_IsString(fig) || !cJSON_IsString(own) || !cJSON_IsNumber(base) ||
		    !cJSON_IsNumber(tgt) || !cJSON_IsBool(low) || !cJSON_IsString(due) ||
		    parse_date(due->valuestring) == 0 || !isfinite(base->valuedouble) ||
		    !isfinite(tgt->valuedouble)) {
			goal_fail(g, path, where,
				  "expected figure, owner, baseline, target, lower_is_better and due");
			cJSON_Delete(root);
			return NULL;
		}
		struct prev_goal *pg = &g->goals[g->ngoals++];
		pg->figure = xstrdup(fig->valuestring);
		pg->owner = xstrdup(own->valuestring);
		pg->baseline = base->valuedouble;
		pg->target = tgt->valuedouble;
		pg->lower_is_better = cJSON_IsTrue(low);
		pg->due = parse_date(due->valuestring);
	}
	cJSON_Delete(root);
	return g;
}
