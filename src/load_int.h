/* SPDX-License-Identifier: MIT */
/* Between the input readers (load_*.c): the file's text, its JSON scan and tree, shared checks. */
#ifndef PR_LOAD_INT_H
#define PR_LOAD_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "model.h"

/*
 * How an input goes (README, "How it works"):
 *   load_text.c   the file's bytes (mapped, pages given back as read) and its form
 *   load_scan.c   JSON, pass 1: the strict check of syntax and UTF-8, every byte once
 *   load_tree.c   JSON, pass 2: cJSON trees of the members the format names, one
 *                 partner (one wave's response) at a time; the rest is skipped
 *   load_json.c   those trees into the model: metrics.json, and the readers of one
 *                 value at its JSON path that both files use (load_json.h)
 *   load_json_survey.c  survey.json
 *   load_csv.c    the CSV form into the model: metrics.csv, survey.csv, passwords
 *   load_csv_grammar.c  its records and cells, the header row as columns (load_csv.h)
 *   load_check.c  the checks of a value both forms share, so that they say the same
 *   load_par.c    both files on two threads: the survey beside the metrics' scan, then
 *                 the metrics' partners in pieces on both (load_inputs)
 *   load_goals.c  goals.json of an earlier review (--previous)
 */

/* ---- load_text.c ---------------------------------------------------------- */

/*
 * An input file's bytes: a regular file, mapped (or, for files read by any thread,
 * read into memory). A file of up to LOAD_RESIDENT bytes is mapped whole at once and
 * stays so until closed: both passes read it without a page fault. The pages of a
 * bigger one are mapped a few steps ahead and given back as each pass goes on
 * (load_text_release), so that it is never resident as a whole.
 */
struct load_text {
	const char *path;
	const char *s; /* the file, s[0..len); s[len] must not be read */
	size_t len;
	size_t bom;  /* 3 after a UTF-8 byte order mark, else 0 */
	void *map;   /* the mapping when pages are given back; NULL: all stay */
	void *whole; /* the mapping of a file that stays resident, or NULL */
	size_t kept; /* the pass's pages from here on are still resident */
	int bus;     /* its slot in load_text.c's SIGBUS handler */
};

/*
 * A file this small stays mapped while it is read: some 12,000 partners' figures.
 * Page faults are dear on a virtual machine, and the peak of a run of that size is
 * its portfolio overview, not the loading (bench/README.md). Not more: the survey is
 * read beside the metrics' model, and the 50 MB survey of 100,000 partners, resident
 * whole, made the peak of that run (bench/README.md, "third round").
 */
enum { LOAD_RESIDENT = 24 << 20 };

/*
 * Opens path, a regular file; false after a message ("cannot read FILE: ...") when it
 * is none or cannot be read. map: mapped (the big inputs, read before anything is
 * written; a mapping cut short raises SIGBUS, whose handler names the file and exits
 * 2); else read into memory (goals files, read by the workers).
 */
bool load_text_open(struct load_text *t, const char *path, bool map);
void load_text_close(struct load_text *t);

/* Pages are given back in steps of this many bytes. */
enum { LOAD_RELEASE_STEP = 1 << 20 };

void load_text_give_back(struct load_text *t, size_t upto);

/* Gives back the pages before byte upto, in steps; a no-op when read into memory. */
static inline void
load_text_release(struct load_text *t, size_t upto)
{
	if (t->map != NULL && upto >= t->kept + LOAD_RELEASE_STEP)
		load_text_give_back(t, upto);
}

/* A pass that goes back to byte at (a new pass) releases from there on. */
void load_text_restart(struct load_text *t, size_t at);

/* Line and column (1-based, in characters, after the BOM) of byte off; CR LF, LF, CR end lines. */
void load_text_position(const struct load_text *t, size_t off, long *line, long *col);

/* Checks the whole file's encoding (UTF-8, no NUL); false after a message naming the place. */
bool load_text_utf8(struct load_text *t);

/*
 * The form, told by the content (README, "The CSV form"): JSON starts with '{' or '['
 * after a BOM and white space, anything else is CSV; an empty file is CSV when its name
 * ends in ".csv".
 */
bool load_text_is_csv(const struct load_text *t);

/* Refuses a file that starts with two byte order marks; false after a message. */
bool load_text_one_bom(const struct load_text *t);

/* ---- the formats' shape (load_json.c, load_goals.c), read by pass 1 and 2 -- */

/* What a member of an object holds, as the format names it. */
enum load_kind {
	J_LEAF,   /* a string, number, true, false or null (the reader checks which) */
	J_OBJECT, /* an object of schema sub */
	J_ARRAY,  /* an array of objects of schema sub, all in the tree */
	J_LAZY,   /* the same, left out of the tree and read one element at a time */
	J_MAP     /* an object of any keys (a survey's answers), every value a leaf */
};

struct load_schema;

struct load_field {
	const char *name;
	size_t len; /* strlen(name): LOAD_FIELD writes it */
	enum load_kind kind;
	const struct load_schema *sub; /* J_OBJECT, J_ARRAY, J_LAZY: the members' shape */
};

/* clang-format off */
#define LOAD_FIELD(name, kind, sub) {name, sizeof(name) - 1, kind, sub}
/* clang-format on */

/* Whether field f is named k[0..len) (len > 0). */
static inline bool
load_field_is(const struct load_field *f, const char *k, size_t len)
{
	return f->len == len && f->name[0] == k[0] && memcmp(f->name, k, len) == 0;
}

/* The members an object may have; any other key is unknown and skipped. */
struct load_schema {
	const struct load_field *fields;
	size_t n;
};

/* The field of schema s named by the JSON string at p (its opening quote), or NULL. */
const struct load_field *load_schema_field(const struct load_schema *s, const char *p,
                                           const char *end);

/* The field of schema s named k[0..len) (len > 0), or NULL. */
const struct load_field *load_schema_field_n(const struct load_schema *s, const char *k,
                                             size_t len);

/* ---- load_scan.c ---------------------------------------------------------- */

/*
 * The first byte at or after p (before end) that ends a run of plain string bytes:
 * '"', '\\', a control character or a byte above 0x7F; end when there is none. Eight
 * bytes at a time (the scan's and the tree's inner loop).
 */
static inline const char *
load_plain_run(const char *p, const char *end)
{
#if defined(__SSE2__)
	/*
	 * Sixteen bytes at a time: as signed bytes, a control character (below 0x20) and a
	 * byte above 0x7F (negative) are both less than 0x20.
	 */
	const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'),
	              space = _mm_set1_epi8(0x20);
	while (end - p >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i hit = _mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)),
		    _mm_cmplt_epi8(x, space));
		int mask = _mm_movemask_epi8(hit);
		if (mask != 0)
			return p + __builtin_ctz((unsigned)mask);
		p += 16;
	}
#endif
	const uint64_t ones = UINT64_C(0x0101010101010101), highs = ones * 0x80;
	while (end - p >= 8) {
		uint64_t x;
		memcpy(&x, p, sizeof(x));
		uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
		/*
		 * The high bit of each byte that is '"' or '\\' (zero after the xor), below
		 * 0x20, or above 0x7F. A borrow may mark a byte after a true one, never one
		 * before it: the lowest mark is the first such byte (little-endian).
		 */
		uint64_t hit =
		    (((q - ones) & ~q) | ((b - ones) & ~b) | ((x - ones * 0x20) & ~x) | x) & highs;
		if (hit != 0) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			return p + (__builtin_ctzll(hit) >> 3);
#else
			break; /* the bytes one at a time below */
#endif
		}
		p += 8;
	}
	while (p < end) {
		unsigned char c = (unsigned char)*p;
		if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80)
			break;
		p++;
	}
	return p;
}

/* Past the JSON white space at p (before end): most often none or one space. */
static inline const char *
load_skip_space(const char *p, const char *end)
{
	if (p < end && (unsigned char)*p > ' ')
		return p;
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	return p;
}

/*
 * Where an element of a lazy array starts: the scan records some, about LOAD_CUTS in a
 * file, so that the elements can be read in pieces, on two threads (load_json.c).
 */
struct load_cut {
	size_t index; /* the element's */
	size_t at;    /* the offset of its first byte */
};
enum { LOAD_CUTS = 64 };

/*
 * A JSON file from this size up has its model in huge pages from its first byte
 * (arena_new_huge; below, a model's first 512 KiB come in small pages): such a model
 * takes megabytes, so the last huge page's unused part is small beside it.
 */
enum { LOAD_BIG = 4 << 20 };

/* An array the tree leaves out (a J_LAZY member, see load_tree.c), as the scan found it. */
struct load_lazy {
	size_t at, end; /* the offsets of its '[' and just past its ']' */
	size_t count;   /* its elements */
	size_t cut,
	    ncuts; /* its cuts: cuts[cut .. cut + ncuts) of the file's, the first at element 0 */
};

/* What the scan found: the lazy arrays and their cuts (the caller frees both). */
struct load_found {
	struct load_lazy *lazy; /* in file order */
	size_t nlazy;
	struct load_cut *cuts; /* in file order, each lazy array's together */
	size_t ncuts;
};

/*
 * Pass 1: checks that t holds one JSON value and nothing else, by the grammar of RFC
 * 8259 with valid UTF-8 in strings, no \u0000 and no unpaired surrogates, nesting at
 * most 100 deep. The arrays that root (an object's schema) marks J_LAZY, at their
 * place, are recorded in *found; one whose elements hold no lazy array with a cut at
 * its first element and then at each element at least t->len / LOAD_CUTS bytes after
 * the last cut (the others have none). false after one
 * message naming line and column (an invalid UTF-8 byte anywhere is named before a
 * syntax error, as if the encoding were checked first). [*start, *end) is the value.
 */
bool load_scan(struct load_text *t, const struct load_schema *root, struct load_found *found,
               size_t *start, size_t *end);

/*
 * A JSON string of text the scan has passed, read one byte of its value at a time
 * (escapes decoded, \u as UTF-8): load_str_begin at its opening quote, then
 * load_str_byte until it returns -1, at the closing quote (p then just after it).
 */
struct load_str {
	const char *p;
	unsigned char buf[4];
	int n, i;
};
void load_str_begin(struct load_str *s, const char *quote);
int load_str_byte(struct load_str *s);

/*
 * The value of the string at quote into out (size bytes, NUL-terminated), *cut set
 * when it did not fit; returns the bytes written.
 */
size_t load_str_copy(const char *quote, char *out, size_t size, bool *cut);

/* ---- load_par.c: the inputs on two threads (load_inputs, load.h) ----------- */

/*
 * The readers' second thread: it runs a task of its own first (the survey), then takes
 * pieces of the work the first thread shares (the metrics' partners), until the end.
 */
struct load_team;

/*
 * Runs fn(arg, k, worker) for k = 0 .. n-1, each once, on this thread (worker 0) and on
 * the team's second thread (worker 1) whenever it is free; returns when all are done.
 * Which thread does which k depends on timing: fn must not. t NULL: all on this thread.
 */
void load_team_run(struct load_team *t, size_t n, void (*fn)(void *arg, size_t k, int worker),
                   void *arg);

/*
 * load_metrics with a team (load_json.c); NULL: one thread. ids not NULL: set to the
 * partners by id (load_json.h) when the result is not NULL and the file is JSON, else
 * left empty (slot NULL); the caller frees ids->slot.
 */
struct id_index;
struct metrics *load_metrics_team(const char *path, struct load_team *team, struct id_index *ids);

/*
 * The survey read before the metrics are known, on another thread (load_json_survey.c):
 * load_survey_start reads it, its messages held; load_survey_end(sx, m, ids) prints them
 * as load_survey(path, m) would have, links the responses to m's partners (by ids, m's
 * by load_metrics_team, when its slot is not NULL; it takes them) and returns
 * what load_survey would (a CSV survey is read only then); both free sx. load_survey_drop
 * forgets it all, unsaid (sx NULL: nothing). path is borrowed until then.
 */
struct survey_ctx;
struct survey_ctx *load_survey_start(const char *path);
struct survey *load_survey_end(struct survey_ctx *sx, struct metrics *m, struct id_index *ids);
void load_survey_drop(struct survey_ctx *sx);

/* ---- load_check.c --------------------------------------------------------- */

/* The checks of a figure, shared so that both forms say the same words. */
enum load_figure {
	LOAD_MONEY,   /* never negative, at most LOAD_MAX_MONEY */
	LOAD_COUNT,   /* whole, >= 0, exact in a double */
	LOAD_POSITIVE /* money > 0 (a quarter's target) */
};

/*
 * The largest amount of money: 2^53, the largest a double holds to the unit, so that
 * every amount the report prints is the one the file gives (README, "Limits").
 */
#define LOAD_MAX_MONEY 9007199254740992.0

/* The kinds of text, by their longest (README, "Limits"). */
enum load_text_kind {
	LOAD_NAME, /* names, e-mail, phone, region, tier, topic: at most LOAD_MAX_NAME characters */
	LOAD_PROSE /* a question's text, a comment, a wish: at most LOAD_MAX_PROSE characters */
};
#define LOAD_MAX_NAME 1000
#define LOAD_MAX_PROSE 32000

/* Room for the problem load_check_* write. */
#define LOAD_WHY_SIZE 400

/*
 * NULL when the finite number v is a sound figure of this kind; otherwise the
 * problem, worded as the JSON loader reports it ("must not be negative, got -5"),
 * written into why (LOAD_WHY_SIZE bytes) and returned.
 */
const char *load_check_figure(enum load_figure kind, double v, char *why, size_t size);

/* As load_check_figure, for a survey answer on the scale min..max. */
const char *load_check_answer(double v, double min, double max, char *why, size_t size);

/* As load_check_figure, for the valid UTF-8 text s of this kind: its length. */
const char *load_check_text(enum load_text_kind kind, const char *s, char *why, size_t size);

/* As load_check_figure, for a partner's language: two lowercase letters (ISO 639-1). */
const char *load_check_language(const char *s, char *why, size_t size);

/* v as a message shows it: 450000, -5, 3.5 (the shortest that reads back); returns buf. */
const char *load_num_text(char *buf, size_t size, double v);

/*
 * A string's hash for the loaders' lookup tables (partner ids, columns, reps, strings):
 * hash.h's hash_content; load_hash_n of s[0..len).
 */
size_t load_hash(const char *s);
size_t load_hash_n(const char *s, size_t len);

/* ---- load_csv.c ----------------------------------------------------------- */

/*
 * A file's text as load_json.c has it open, its UTF-8 already checked: s[start..len)
 * is the CSV (start skips a byte order mark). release(ctx, off) may give back the
 * pages before byte off once they are read.
 */
struct csv_src {
	const char *s;
	size_t start, len;
	void (*release)(void *ctx, size_t off);
	void *ctx;
};

/* load_metrics and load_survey for the CSV form (see load.h for what they promise). */
struct metrics *load_csv_metrics(const char *path, const struct csv_src *src);
struct survey *load_csv_survey(const char *path, const struct csv_src *src, struct metrics *m);

/* The passwords of --pdf-password (load.h), sorted by id once read (passwords_finish). */
struct passwords {
	struct pw_entry {
		char *id, *password;
		long line; /* CSV: its line; JSON: 0 */
	} * items;
	size_t n, cap;
};
struct passwords *load_csv_passwords(const char *path, const struct csv_src *src);
/* Adds one (copies both); sorts and checks for repeated ids: false after a message. */
void passwords_add(struct passwords *pw, const char *id, const char *password, long line);
bool passwords_finish(struct passwords *pw, const char *path);

#endif
