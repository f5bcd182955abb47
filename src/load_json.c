/* SPDX-License-Identifier: MIT */
/* Reads metrics.json and survey.json into the model; the only file that sees cJSON. */
/* madvise(MADV_DONTNEED) is no POSIX function. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "load.h"
#include "load_int.h"
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

struct text;

struct scan {
	const char *p, *end;
	const char *err_at; /* where the problem is, NULL for none */
	char err[200];
	int depth;
	struct text *t; /* pages behind p are given back while scanning; NULL: not */
};

static bool scan_value(struct scan *sc);
static void scan_release(struct scan *sc);

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
		scan_release(sc);
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
		scan_release(sc);
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

/* ---------------------------------------------------------------------------
 * The file's bytes.
 *
 * A regular file is mapped, not read, and the pages already passed are given back
 * as each pass goes on: a metrics file of ten thousand partners (about 19 MB) is
 * never resident as a whole. Anything else (a pipe) is read into memory.
 * ------------------------------------------------------------------------- */

/* Pages are given back in steps of this many bytes. */
enum { RELEASE_STEP = 1 << 20 };

struct text {
	const char *s; /* the file, s[0..len); s[len] must not be read */
	size_t len;
	size_t bom;           /* 3 after a UTF-8 byte order mark, else 0 */
	void *map;            /* the mapping; NULL when s was read into memory */
	size_t kept;          /* the pass's pages from here on are still resident */
	struct sigaction bus; /* SIGBUS's handler before the file was mapped */
};

/* Gives back the pages before byte upto, in steps; a no-op when read into memory. */
static void
text_release(struct text *t, size_t upto)
{
	if (t->map == NULL || upto < t->kept + RELEASE_STEP)
		return;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t to = upto / page * page;
	/* The mapping is private and never written: the pages read back from the file. */
	madvise((char *)t->map + t->kept, to - t->kept, MADV_DONTNEED);
	t->kept = to;
}

/* A pass that goes back to byte at (a new pass, an array read again) releases from there. */
static void
text_restart(struct text *t, size_t at)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	t->kept = at / page * page;
}

static void
scan_release(struct scan *sc)
{
	if (sc->t != NULL)
		text_release(sc->t, (size_t)(sc->p - sc->t->s));
}

/* The rest of f, NUL-terminated; NULL (after a message) when it cannot be read. Closes f. */
static char *
read_all(FILE *f, const char *path, size_t *len)
{
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

/*
 * A mapped file cut short by another program while it is read raises SIGBUS where
 * read() would have returned less: say so and stop, as for any unusable input
 * (nothing is written while the inputs are read). One message, made beforehand.
 */
static char bus_message[600];
static size_t bus_length;

static void
on_bus(int sig)
{
	(void)sig;
	ssize_t w = write(2, bus_message, bus_length);
	(void)w;
	_exit(2);
}

/*
 * Opens path; false after a message when it cannot be read. map: a regular file
 * is mapped (the big inputs, read before anything is written; single-threaded).
 */
static bool
text_open(struct text *t, const char *path, bool map)
{
	memset(t, 0, sizeof(*t));
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		msg(MSG_ERROR, "cannot read %s: %s", path, strerror(errno));
		return false;
	}
	struct stat st;
	if (map && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p != MAP_FAILED) {
			t->map = p;
			t->s = p;
			t->len = (size_t)st.st_size;
		}
	}
	if (t->map != NULL) {
		close(fd);
		int n = snprintf(bus_message, sizeof(bus_message),
		                 "partnerreview: error: cannot read %s: it was cut short while "
		                 "being read; nothing written\n",
		                 path);
		bus_length = n < 0                             ? 0
		             : (size_t)n < sizeof(bus_message) ? (size_t)n
		                                               : sizeof(bus_message) - 1;
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_bus;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGBUS, &sa, &t->bus);
	} else {
		/* Not mappable (a pipe, an empty file): read, from this very descriptor, as a
		 * named pipe cannot be opened twice. */
		FILE *f = fdopen(fd, "rb");
		char *buf = NULL;
		if (f == NULL) {
			msg(MSG_ERROR, "cannot read %s: %s", path, strerror(errno));
			close(fd);
		} else {
			buf = read_all(f, path, &t->len);
		}
		if (buf == NULL)
			return false;
		t->s = buf;
	}
	t->bom = t->len >= 3 && memcmp(t->s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	return true;
}

static void
text_close(struct text *t)
{
	if (t->map != NULL) {
		munmap(t->map, t->len);
		sigaction(SIGBUS, &t->bus, NULL);
	} else
		free((char *)t->s);
	memset(t, 0, sizeof(*t));
}

/*
 * Line and column (1-based, in characters) of byte off, counted after the byte
 * order mark; CR LF, LF and CR end a line.
 */
static void
text_position(const struct text *t, size_t off, long *line, long *col)
{
	long l = 1, c = 1;
	for (size_t i = t->bom; i < off; i++) {
		unsigned char ch = (unsigned char)t->s[i];
		if (ch == '\n' || (ch == '\r' && (i + 1 >= t->len || t->s[i + 1] != '\n'))) {
			l++;
			c = 1;
		} else if (ch != '\r' && (ch & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* utf8_valid over the whole file, a piece at a time; *bad as there. */
static bool
text_utf8(struct text *t, size_t *bad)
{
	enum { PIECE = 1 << 20 };
	size_t i = 0;
	while (i < t->len) {
		size_t end = t->len - i > PIECE ? i + PIECE : t->len;
		/* Never inside a character: a valid one cannot run past a byte that starts one. */
		while (end < t->len && end > i && ((unsigned char)t->s[end] & 0xC0) == 0x80)
			end--;
		if (end == i)
			end = t->len - i > PIECE ? i + PIECE : t->len;
		size_t b;
		if (!utf8_valid(t->s + i, end - i, &b)) {
			*bad = i + b;
			return false;
		}
		i = end;
		text_release(t, i);
	}
	return true;
}

/* Checks the file's encoding; false after a message. */
static bool
text_check_utf8(struct text *t, const char *path)
{
	long line, col;
	size_t bad;
	text_restart(t, 0);
	if (!text_utf8(t, &bad)) {
		text_position(t, bad, &line, &col);
		if (t->s[bad] == '\0')
			msg_at(
			    MSG_ERROR, path, line, col,
			    "NUL byte in the file (is it UTF-16 or not text?); save it as UTF-8");
		else
			msg_at(MSG_ERROR, path, line, col,
			       "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
			       (unsigned char)t->s[bad]);
		return false;
	}
	return true;
}

/* Checks the file's encoding and syntax; false after a message. [*start, *end) is the value. */
static bool
text_check(struct text *t, const char *path, size_t *start, size_t *end)
{
	long line, col;
	if (!text_check_utf8(t, path))
		return false;

	text_restart(t, 0);
	struct scan sc = {.p = t->s + t->bom, .end = t->s + t->len, .t = t};
	skip_space(&sc);
	if (sc.p == sc.end) {
		msg_at(MSG_ERROR, path, 0, 0, "invalid JSON: the file is empty");
		return false;
	}
	*start = (size_t)(sc.p - t->s);
	bool ok = scan_value(&sc);
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
	if (!ok) {
		text_position(t, (size_t)(sc.err_at - t->s), &line, &col);
		msg_at(MSG_ERROR, path, line, col, "invalid JSON: %s", sc.err);
		return false;
	}
	return true;
}

/* ---------------------------------------------------------------------------
 * The tree, built piece by piece.
 *
 * The loader names the large arrays of its file (the partners; the waves and
 * their responses). Such an array is left out of the tree, an empty array
 * standing in its place, and is read one element at a time (struct elements):
 * each element's tree is freed before the next one is parsed. Everything else
 * becomes a cJSON tree as before, of text the strict scan has passed.
 * ------------------------------------------------------------------------- */

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

/* An array left out of the tree. */
struct lazy {
	const cJSON *item;       /* the empty array standing in for it */
	size_t at;               /* the offset of its '[' */
	const char *const *keys; /* the arrays left out of each of its elements */
};

struct jdoc {
	const char *path;
	struct text t;
	struct lazy *lazy; /* a stack: an element's arrays above its array's */
	size_t nlazy, cap;
	bool failed; /* an element cJSON rejected (reported): the file is unusable */
};

/* Steps through an object or array of text the scan has passed. */
struct walk {
	struct scan sc;
	bool object, done;
};

/* at is the offset of the '{' or '['; pages behind the walk are given back. */
static void
walk_begin(struct walk *w, struct text *t, size_t at)
{
	w->sc = (struct scan){.p = t->s + at + 1, .end = t->s + t->len, .t = t};
	w->object = t->s[at] == '{';
	skip_space(&w->sc);
	w->done = *w->sc.p == (w->object ? '}' : ']');
}

/* The next member (key and value) or element (value); false after the last. */
static bool
walk_next(struct walk *w, struct text *t, size_t *key, size_t *key_end, size_t *val,
          size_t *val_end)
{
	if (w->done)
		return false;
	skip_space(&w->sc);
	if (w->object) {
		*key = (size_t)(w->sc.p - t->s);
		scan_string(&w->sc);
		*key_end = (size_t)(w->sc.p - t->s);
		skip_space(&w->sc);
		w->sc.p++; /* ':' */
		skip_space(&w->sc);
	}
	*val = (size_t)(w->sc.p - t->s);
	scan_value(&w->sc);
	*val_end = (size_t)(w->sc.p - t->s);
	skip_space(&w->sc);
	w->done = *w->sc.p != ',';
	w->sc.p++; /* ',' or the closing bracket */
	return true;
}

/* cJSON's tree of the value at [start, end); NULL after a message when it rejects it. */
static cJSON *
parse_piece(struct jdoc *d, size_t start, size_t end)
{
	const char *stop = NULL;
	cJSON *v = cJSON_ParseWithLengthOpts(d->t.s + start, end - start, &stop, 0);
	if (v == NULL) {
		/* Not expected after the scan; a limit of this cJSON build. */
		long line, col;
		size_t off =
		    stop != NULL && stop >= d->t.s + d->t.bom ? (size_t)(stop - d->t.s) : d->t.bom;
		text_position(&d->t, off, &line, &col);
		msg_at(MSG_ERROR, d->path, line, col, "invalid JSON: rejected by the JSON parser");
	}
	return v;
}

/*
 * The value at [start, end) into *out. With keys, the first member named keys[0]
 * of an object, when it is an array, is left out (see above) and its elements get
 * keys + 1; a later member of that name, never read, becomes null. false after a
 * message when cJSON rejects a piece (not expected: the scan is the stricter).
 */
static bool
build(struct jdoc *d, size_t start, size_t end, const char *const *keys, cJSON **out)
{
	if (keys == NULL || keys[0] == NULL || d->t.s[start] != '{') {
		*out = parse_piece(d, start, end);
		return *out != NULL;
	}
	cJSON *obj = cJSON_CreateObject();
	bool ok = true, seen = false;
	struct walk w;
	size_t k, ke, v, ve;
	walk_begin(&w, &d->t, start);
	while (ok && walk_next(&w, &d->t, &k, &ke, &v, &ve)) {
		cJSON *key = parse_piece(d, k, ke);
		if (key == NULL) {
			ok = false;
			break;
		}
		bool named = strcmp(key->valuestring, keys[0]) == 0;
		cJSON *item = NULL;
		if (named && !seen && d->t.s[v] == '[') {
			item = cJSON_CreateArray();
			xgrow(&d->lazy, &d->cap, d->nlazy, sizeof(*d->lazy));
			d->lazy[d->nlazy++] = (struct lazy){item, v, keys + 1};
		} else if (named && seen) {
			item = cJSON_CreateNull();
		} else {
			ok = build(d, v, ve, NULL, &item);
		}
		seen |= named;
		if (item != NULL)
			cJSON_AddItemToObject(obj, key->valuestring, item);
		cJSON_Delete(key);
	}
	*out = ok ? obj : NULL;
	if (!ok)
		cJSON_Delete(obj);
	return ok;
}

/*
 * The CSV form (load_csv.c) is told by the content, not the name: JSON starts with
 * '{' (or '[', which the top-level check then refuses), after a byte order mark and
 * white space; anything else is CSV. An empty file has no content to tell by: it is
 * CSV when its name ends in ".csv", so that the message speaks of the right form.
 */
static bool
text_is_csv(const struct text *t, const char *path)
{
	size_t i = t->bom;
	while (i < t->len &&
	       (t->s[i] == ' ' || t->s[i] == '\t' || t->s[i] == '\n' || t->s[i] == '\r'))
		i++;
	if (i < t->len)
		return t->s[i] != '{' && t->s[i] != '[';
	size_t n = strlen(path);
	return n >= 4 && strcasecmp(path + n - 4, ".csv") == 0;
}

static void
csv_release(void *t, size_t upto)
{
	text_release(t, upto);
}

/* The text of d as a CSV source, its encoding checked as JSON's is; false after a message. */
static bool
csv_source(struct jdoc *d, struct csv_src *src)
{
	if (!text_check_utf8(&d->t, d->path))
		return false;
	text_restart(&d->t, 0);
	*src = (struct csv_src){d->t.s, d->t.bom, d->t.len, csv_release, &d->t};
	return true;
}

/*
 * Opens (mapped when map is set: text_open), checks and parses path, the arrays
 * named by keys (NULL-terminated, or NULL) left out; false after a message on any
 * problem. The root is the caller's (cJSON_Delete), d the caller's too (jdoc_close).
 * With csv non-NULL, a file that is no JSON (text_is_csv) sets *csv and returns
 * false with the text open and nothing reported.
 */
static bool
jdoc_open(struct jdoc *d, const char *path, const char *const *keys, bool map, cJSON **root,
          bool *csv)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, cjson_hooks);

	memset(d, 0, sizeof(*d));
	d->path = path;
	*root = NULL;
	size_t start, end;
	if (!text_open(&d->t, path, map))
		return false;
	if (csv != NULL && text_is_csv(&d->t, path)) {
		*csv = true;
		return false;
	}
	if (!text_check(&d->t, path, &start, &end))
		return false;
	text_restart(&d->t, 0);
	return build(d, start, end, keys, root);
}

static void
jdoc_close(struct jdoc *d)
{
	text_close(&d->t);
	free(d->lazy);
	memset(d, 0, sizeof(*d));
}

/* The left-out array that item stands for, or NULL when item is a plain one. */
static const struct lazy *
lazy_of(const struct jdoc *d, const cJSON *item)
{
	for (size_t i = d->nlazy; i-- > 0;)
		if (d->lazy[i].item == item)
			return &d->lazy[i];
	return NULL;
}

/* The elements of an array, whether in the tree or left out of it. */
struct elements {
	struct jdoc *d;
	const cJSON *next; /* in the tree: the next element */
	bool lazy;         /* left out of it: */
	struct lazy lz;    /* where it is (a copy: d->lazy moves as it grows) */
	struct walk w;
	size_t mark; /* d->nlazy without the current element's arrays */
	cJSON *cur;  /* the current element's tree */
};

static void
elements_begin(struct elements *e, struct jdoc *d, const cJSON *arr)
{
	memset(e, 0, sizeof(*e));
	e->d = d;
	const struct lazy *lz = lazy_of(d, arr);
	if (lz == NULL) {
		e->next = arr->child;
		return;
	}
	e->lazy = true;
	e->lz = *lz;
	e->mark = d->nlazy;
	text_restart(&d->t, lz->at);
	walk_begin(&e->w, &d->t, lz->at);
}

/* The next element, NULL after the last; it lives until the next call. */
static const cJSON *
elements_next(struct elements *e)
{
	if (!e->lazy) {
		const cJSON *v = e->next;
		if (v != NULL)
			e->next = v->next;
		return v;
	}
	cJSON_Delete(e->cur);
	e->cur = NULL;
	e->d->nlazy = e->mark;
	size_t k, ke, v, ve;
	if (!walk_next(&e->w, &e->d->t, &k, &ke, &v, &ve))
		return NULL;
	/* Not expected after the scan (the file changed under us?): the file is unusable. */
	if (!build(e->d, v, ve, e->lz.keys, &e->cur))
		e->d->failed = true;
	return e->cur;
}

static void
elements_end(struct elements *e)
{
	if (e->lazy) {
		cJSON_Delete(e->cur);
		e->d->nlazy = e->mark;
	}
	memset(e, 0, sizeof(*e));
}

/* The number of elements of an array, whether in the tree or left out of it. */
static size_t
elements_count(struct jdoc *d, const cJSON *arr)
{
	const struct lazy *lz = lazy_of(d, arr);
	if (lz == NULL)
		return (size_t)cJSON_GetArraySize(arr);
	struct walk w;
	size_t n = 0, k, ke, v, ve;
	text_restart(&d->t, lz->at);
	walk_begin(&w, &d->t, lz->at);
	while (walk_next(&w, &d->t, &k, &ke, &v, &ve))
		n++;
	return n;
}

/* The whole tree of path (a small file, read by any thread); NULL after a message. */
static cJSON *
parse_file(const char *path)
{
	struct jdoc d;
	cJSON *root = NULL;
	jdoc_open(&d, path, NULL, false, &root, NULL);
	jdoc_close(&d);
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
	struct jdoc *doc;     /* the file's text, for the arrays left out of the tree */
	struct arena *arena;  /* the model's */
	const char *seen[24]; /* strings of the partner being read, to share repeats */
	size_t nseen;
	bool share; /* reading a partner: its repeated strings share a copy */
	struct sbuf path;
	enum scope scope;
	size_t fatal; /* errors in SC_FILE */
	size_t local; /* problems in the current SC_ITEM or SC_SOFT */
};

static void
ctx_init(struct ctx *c, const char *file, struct arena *arena)
{
	memset(c, 0, sizeof(*c));
	c->file = file;
	c->arena = arena;
	sbuf_add(&c->path, "", 0);
}

/*
 * A copy of s in the model. Within a partner, a string met before (a rep of its
 * sales team, the contact among them) is not copied again.
 */
static char *
model_strdup(struct ctx *c, const char *s)
{
	for (size_t i = 0; c->share && i < c->nseen; i++)
		if (strcmp(c->seen[i], s) == 0)
			return (char *)c->seen[i];
	char *p = arena_strdup(c->arena, s);
	if (c->share && c->nseen < sizeof(c->seen) / sizeof(c->seen[0]))
		c->seen[c->nseen++] = p;
	return p;
}

/* n zeroed elements of size sz in the model. */
static void *
model_calloc(struct ctx *c, size_t n, size_t sz)
{
	/* Too much fails as out of memory in arena_alloc, as in xcalloc. */
	return arena_alloc(c->arena, n > SIZE_MAX / sz ? SIZE_MAX : n * sz);
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
	return model_strdup(c, v->valuestring);
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
	return model_strdup(c, v->valuestring);
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
	*out = num_of(v->valuedouble + 0.0);
	return true;
}

const char *
load_num_text(char *buf, size_t size, double v)
{
	return num_text(buf, size, v);
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
	if (what == NULL)
		return NULL;
	snprintf(why, size, "%s, got %s", what, num_text(buf, sizeof(buf), v));
	return why;
}

const char *
load_check_answer(double v, double min, double max, char *why, size_t size)
{
	char b1[40], b2[40], b3[40];
	if (v >= min && v <= max)
		return NULL;
	snprintf(why, size, "%s is outside the scale %s..%s", num_text(b1, sizeof(b1), v),
	         num_text(b2, sizeof(b2), min), num_text(b3, sizeof(b3), max));
	return why;
}

static bool
val_money(struct ctx *c, const cJSON *v, struct num *out)
{
	char why[LOAD_WHY_SIZE];
	struct num n = {0};
	if (!val_number(c, v, "a number", &n))
		return false;
	if (load_check_figure(LOAD_MONEY, num_v(n), why, sizeof(why)) != NULL) {
		report(c, "%s", why);
		return false;
	}
	*out = n;
	return true;
}

static bool
val_count(struct ctx *c, const cJSON *v, struct num *out)
{
	char why[LOAD_WHY_SIZE];
	struct num n = {0};
	if (!val_number(c, v, "a whole number", &n))
		return false;
	if (load_check_figure(LOAD_COUNT, num_v(n), why, sizeof(why)) != NULL) {
		report(c, "%s", why);
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
		qu->reps = model_calloc(c, qu->nreps, sizeof(*qu->reps));
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
	char why[LOAD_WHY_SIZE];
	if (!cJSON_IsObject(q)) {
		bad_type(c, "an object", q);
		return;
	}
	check_keys(c, q);
	qu->period = get_period(c, q, "period");
	get_num(c, q, "revenue", MONEY, true, &qu->revenue);

	size_t mark = path_key(c, "target");
	const cJSON *v = member(c, q, "target", true);
	if (v != NULL && val_number(c, v, "a number", &qu->target) &&
	    load_check_figure(LOAD_POSITIVE, num_v(qu->target), why, sizeof(why)) != NULL) {
		report(c, "%s", why);
		qu->target = NUM_NONE;
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
	p->quarters = model_calloc(c, n, sizeof(*p->quarters));
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
		p->team = model_calloc(c, p->nteam, sizeof(*p->team));
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

/*
 * Where each id was first seen, so that a repeated one is known when its partner
 * is read: an open-addressing table of indices into partners[].
 */
struct id_index {
	size_t *slot; /* SIZE_MAX: free */
	size_t mask;
};

size_t
load_hash(const char *s)
{
	size_t h = 2166136261u;
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* An empty index for n partners. */
static void
id_index_init(struct id_index *ix, size_t n)
{
	ix->mask = 15;
	while (ix->mask < 2 * n)
		ix->mask = ix->mask * 2 + 1;
	ix->slot = xmalloc((ix->mask + 1) * sizeof(*ix->slot));
	memset(ix->slot, 0xFF, (ix->mask + 1) * sizeof(*ix->slot));
}

/* The slot of id: its first partner's, or the free one where it would go. */
static size_t *
id_slot(const struct id_index *ix, const struct partner *all, const char *id)
{
	size_t i = load_hash(id) & ix->mask;
	while (ix->slot[i] != SIZE_MAX && strcmp(all[ix->slot[i]].id, id) != 0)
		i = (i + 1) & ix->mask;
	return &ix->slot[i];
}

/* The index of the first partner with p's id, or SIZE_MAX after adding p as the first. */
static size_t
id_first(struct id_index *ix, const struct partner *all, const struct partner *p)
{
	size_t *slot = id_slot(ix, all, p->id);
	if (*slot != SIZE_MAX)
		return *slot;
	*slot = p->index;
	return SIZE_MAX;
}

static void
read_partners(struct ctx *c, const cJSON *root, struct metrics *m)
{
	size_t mark;
	const cJSON *arr = enter(c, root, "partners", true, true, &mark);
	size_t n = arr != NULL ? elements_count(c->doc, arr) : 0;
	if (arr != NULL && n == 0)
		report(c, "must not be empty");
	path_pop(c, mark);
	if (n == 0)
		return;

	/*
	 * Every partner with a repeated id fails, the first one too; the message comes
	 * with the rest of the repeating partner's.
	 */
	struct id_index ix;
	id_index_init(&ix, n);

	m->partners = model_calloc(c, n, sizeof(*m->partners));
	m->npartners = n;
	struct elements e;
	elements_begin(&e, c->doc, arr);
	const cJSON *po;
	for (size_t i = 0; i < n && (po = elements_next(&e)) != NULL; i++) {
		struct partner *p = &m->partners[i];
		p->index = i;
		mark = path_key(c, "partners");
		path_index(c, i);
		c->scope = SC_ITEM;
		c->local = 0;
		c->share = true;
		c->nseen = 0;
		read_partner(c, po, p);
		c->share = false;
		size_t first = p->id != NULL ? id_first(&ix, m->partners, p) : SIZE_MAX;
		if (first != SIZE_MAX) {
			char q[MSG_QUOTE_SIZE];
			path_key(c, "id");
			report(c, "duplicate id %s, first at partners[%zu]", msg_quote(q, p->id),
			       first);
			m->partners[first].failed = true;
		}
		p->failed = c->local > 0;
		c->scope = SC_FILE;
		path_pop(c, mark);
	}
	elements_end(&e);
	free(ix.slot);
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
	static const char *const lazy[] = {"partners", NULL};
	struct jdoc d;
	cJSON *root;
	bool csv = false;
	if (!jdoc_open(&d, path, lazy, true, &root, &csv)) {
		struct csv_src src;
		struct metrics *m =
		    csv && csv_source(&d, &src) ? load_csv_metrics(path, &src) : NULL;
		jdoc_close(&d);
		return m;
	}

	struct metrics *m = xcalloc(1, sizeof(*m));
	m->arena = arena_new();
	struct ctx c;
	ctx_init(&c, path, m->arena);
	c.doc = &d;
	m->path = arena_strdup(m->arena, path);
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
	bool failed = d.failed;
	jdoc_close(&d);
	sbuf_free(&c.path);
	if (c.fatal > 0 || failed) {
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
	struct id_index ids; /* m's partners by id, as metrics_find has them */
	bool questions_ok;   /* questions and scales are sound: answers can be checked */
	char **unknown;      /* unknown question ids already warned about */
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
		if (num_known(lo) && num_known(hi) && num_v(lo) >= num_v(hi))
			report(c, "min must be less than max, got %s..%s",
			       num_text(b1, sizeof(b1), num_v(lo)),
			       num_text(b2, sizeof(b2), num_v(hi)));
		else if (num_known(lo) && num_known(hi)) {
			*min = num_v(lo);
			*max = num_v(hi);
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
	s->questions = model_calloc(c, n ? n : 1, sizeof(*s->questions));
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
	char why[LOAD_WHY_SIZE];
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
			} else if (load_check_answer(num_v(v), q->scale_min, q->scale_max, why,
			                             sizeof(why)) != NULL) {
				report(c, "%s", why);
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
		r->partner_id = model_strdup(c, v->valuestring);
		if (sx->m != NULL) {
			size_t at = *id_slot(&sx->ids, sx->m->partners, r->partner_id);
			r->partner = at != SIZE_MAX ? &sx->m->partners[at] : NULL;
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
		r->answers = model_calloc(c, sx->s->nquestions, sizeof(*r->answers));
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
	size_t n = arr != NULL ? elements_count(c->doc, arr) : 0;
	if (n > 0) {
		w->responses = model_calloc(c, n, sizeof(*w->responses));
		struct elements e;
		elements_begin(&e, c->doc, arr);
		const cJSON *ro;
		for (size_t i = 0; i < n && (ro = elements_next(&e)) != NULL; i++) {
			size_t m2 = path_index(c, i);
			if (read_response(sx, ro, &w->responses[w->nresponses]))
				w->nresponses++;
			c->scope = SC_FILE;
			path_pop(c, m2);
		}
		elements_end(&e);
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
	size_t n = arr != NULL ? elements_count(c->doc, arr) : 0;
	if (n == 0) {
		path_pop(c, mark);
		return;
	}
	s->waves = model_calloc(c, n, sizeof(*s->waves));
	s->nwaves = n;
	struct keyed *keys = xmalloc(n * sizeof(*keys));
	size_t nkeys = 0, i = 0;
	struct elements e;
	elements_begin(&e, c->doc, arr);
	for (const cJSON *wo; i < n && (wo = elements_next(&e)) != NULL; i++) {
		size_t m2 = path_index(c, i);
		read_wave(sx, wo, &s->waves[i]);
		path_pop(c, m2);
		if (s->waves[i].period != 0)
			keys[nkeys++] = (struct keyed){NULL, s->waves[i].period, i};
	}
	elements_end(&e);
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
	static const char *const lazy[] = {"waves", "responses", NULL};
	struct jdoc d;
	cJSON *root;
	bool csv = false;
	if (!jdoc_open(&d, path, lazy, true, &root, &csv)) {
		struct csv_src src;
		struct survey *s =
		    csv && csv_source(&d, &src) ? load_csv_survey(path, &src, m) : NULL;
		jdoc_close(&d);
		return s;
	}

	struct survey_ctx sx = {.m = m};
	struct ctx *c = &sx.c;
	struct survey *s = sx.s = xcalloc(1, sizeof(*s));
	s->arena = arena_new();
	ctx_init(c, path, s->arena);
	c->doc = &d;
	/* One look-up per response: by hash, not metrics_find's walk through all partners. */
	id_index_init(&sx.ids, m != NULL ? m->npartners : 0);
	for (size_t i = 0; m != NULL && i < m->npartners; i++)
		if (m->partners[i].id != NULL)
			id_first(&sx.ids, m->partners, &m->partners[i]);
	s->path = arena_strdup(s->arena, path);
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
	if (d.failed)
		c->fatal++;
	jdoc_close(&d);
	sbuf_free(&c->path);
	for (size_t i = 0; i < sx.nunknown; i++)
		free(sx.unknown[i]);
	free(sx.unknown);
	free(sx.ids.slot);
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

/* ---- the passwords of --pdf-password ---- */

void
passwords_add(struct passwords *pw, const char *id, const char *password, long line)
{
	xgrow(&pw->items, &pw->cap, pw->n, sizeof(*pw->items));
	pw->items[pw->n++] = (struct pw_entry){xstrdup(id), xstrdup(password), line};
}

static int
pw_cmp(const void *a, const void *b)
{
	const struct pw_entry *x = a, *y = b;
	int r = strcmp(x->id, y->id);
	return r != 0 ? r : (x->line > y->line) - (x->line < y->line);
}

bool
passwords_finish(struct passwords *pw, const char *path)
{
	char q[MSG_QUOTE_SIZE];
	if (pw->n > 1)
		qsort(pw->items, pw->n, sizeof(*pw->items), pw_cmp);
	bool ok = true;
	for (size_t i = 1; i < pw->n; i++)
		if (strcmp(pw->items[i].id, pw->items[i - 1].id) == 0) {
			msg_at(MSG_ERROR, path, pw->items[i].line, 0,
			       "partner %s has a password already (line %ld)",
			       msg_quote(q, pw->items[i].id), pw->items[i - 1].line);
			ok = false;
		}
	return ok;
}

struct passwords *
load_passwords(const char *path)
{
	char q[MSG_QUOTE_SIZE];
	struct jdoc d;
	cJSON *root;
	bool csv = false;
	struct passwords *pw = NULL;
	if (!jdoc_open(&d, path, NULL, false, &root, &csv)) {
		struct csv_src src;
		pw = csv && csv_source(&d, &src) ? load_csv_passwords(path, &src) : NULL;
		jdoc_close(&d);
		return pw;
	}
	pw = xcalloc(1, sizeof(*pw));
	bool ok = cJSON_IsObject(root);
	if (!ok)
		msg_path(MSG_ERROR, path, NULL,
		         "expected an object of partner ids and passwords, such as "
		         "{\"US-CA-014\": \"...\"}");
	const cJSON *it;
	const cJSON *obj = ok ? root : NULL;
	cJSON_ArrayForEach(it, obj)
	{
		if (!is_valid_id(it->string)) {
			msg_path(MSG_ERROR, path, NULL, "%s is not a partner id",
			         msg_quote(q, it->string));
			ok = false;
		} else if (!cJSON_IsString(it) || it->valuestring[0] == '\0') {
			msg_path(MSG_ERROR, path, it->string, "expected a password (a non-empty string)");
			ok = false;
		} else {
			passwords_add(pw, it->string, it->valuestring, 0);
		}
	}
	/* JSON has no repeated keys by now: jdoc_open refuses them. */
	ok = passwords_finish(pw, path) && ok;
	cJSON_Delete(root);
	jdoc_close(&d);
	if (!ok) {
		passwords_free(pw);
		return NULL;
	}
	return pw;
}

const char *
passwords_find(const struct passwords *pw, const char *id)
{
	size_t lo = 0, hi = pw->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(pw->items[mid].id, id);
		if (r == 0)
			return pw->items[mid].password;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void
passwords_free(struct passwords *pw)
{
	if (pw == NULL)
		return;
	for (size_t i = 0; i < pw->n; i++) {
		/* Secrets do not outlive their use in freed memory. */
		volatile char *c = pw->items[i].password;
		while (*c != '\0')
			*c++ = '\0';
		free(pw->items[i].password);
		free(pw->items[i].id);
	}
	free(pw->items);
	free(pw);
}
