/* SPDX-License-Identifier: MIT */
/* The languages a template may be written in: how each writes figures, dates and quarters, and its hyphenation patterns. */
#ifndef PR_LANG_H
#define PR_LANG_H

#include <stdbool.h>

enum lang_date {
	LANG_DATE_DMY_DOTS,   /* 31.12.2026 */
	LANG_DATE_MDY_SLASHES /* 12/31/2026 */
};

enum lang_quarter {
	LANG_QUARTER_SLASH, /* Q3/2026 */
	LANG_QUARTER_SPACE  /* Q3 2026, with a no-break space */
};

/*
 * One language's conventions, read-only (static tables in lang.c). fmt.c writes the
 * figures by them; the layout lines figures up on the decimal mark; the run hyphenates
 * with the patterns named here.
 */
/* A partner's quotation marks, as inner_quote of struct lang replaces them. */
enum lang_inner_quote {
	LANG_INNER_ASCII_OPEN,  /* '"' that opens (the 1st, 3rd, ... in a text) */
	LANG_INNER_ASCII_CLOSE, /* '"' that closes */
	LANG_INNER_LOW9,        /* U+201E „ */
	LANG_INNER_LEFT,        /* U+201C “ */
	LANG_INNER_RIGHT,       /* U+201D ” */
	LANG_INNER_COUNT
};

/* How many languages lang.c knows: the size of a table by struct lang's index. */
enum { LANG_COUNT = 2 };

struct lang {
	unsigned index;     /* 0..LANG_COUNT-1, for tables by language; German is 0 */
	const char *code;   /* "de", "en": what a template's language attribute says */
	const char *name;   /* "German", for messages */
	char group;         /* between groups of three digits: 1.234.567 */
	char decimal;       /* before the fraction: 1234,5 */
	bool symbol_first;  /* money: "$412,500" rather than "412.500 $" */
	bool percent_space; /* a no-break space between the figure and "%" */
	enum lang_date date;
	enum lang_quarter quarter;
	const char *hyph_file;    /* the libhyphen patterns (absolute path) */
	const char *hyph_package; /* the Debian package that installs them, for messages */
	/*
	 * What a partner's own quotation marks become inside the report's (a comment is
	 * quoted „…“ in German, “…” in English), by enum lang_inner_quote: UTF-8.
	 */
	const char *inner_quote[LANG_INNER_COUNT];
};

/* German: the language of a template that names none. */
extern const struct lang lang_de;

/* The language of index i (0..LANG_COUNT-1). */
const struct lang *lang_at(unsigned i);

/* The language whose code is code ("de", "en"), or NULL when there is none. */
const struct lang *lang_find(const char *code);

/* Every known code, separated by ", " ("de, en"), for messages. A static string. */
const char *lang_codes(void);

#endif
