/* SPDX-License-Identifier: MIT */
/* The template language in one table: each element, where it stands, what it holds, its attributes. */
#ifndef PR_TPL_GRAMMAR_H
#define PR_TPL_GRAMMAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "doc.h"

/*
 * The table in tpl_grammar.c is the language. tpl_schema.c says with it what is
 * wrong when a template breaks templates/template.rng (tests/unit/unit_grammar.c
 * proves the two agree); tpl_load.c reads every element with the handler its row
 * names; docs/templates.md shows its contexts (a test compares them). A new element
 * is one row here, its handler, and its lines in template.rng and the docs; a new
 * attribute is one entry in its element's list and a line in its handler.
 */

/* The contexts: what an element's content may hold. */
enum tpl_cx {
	CX_NONE,     /* unknown element: content not known */
	CX_ROOT,     /* the document itself */
	CX_TEMPLATE, /* the sections, in order */
	CX_PART,     /* an included file: blocks, entries or styles */
	CX_FONTS,
	CX_STYLES,
	CX_CATALOG,
	CX_META,
	CX_BLOCK,  /* body, header, footer, keep */
	CX_TABLE,  /* directly in table */
	CX_ROW,    /* directly in head and row */
	CX_LIST,   /* directly in list */
	CX_INLINE, /* running text */
	CX_ENTRY,  /* running text of a catalogue entry: also <param> */
	CX_EMPTY,  /* no content */
	CX_SAME    /* if, else, for, b, i: the context they stand in */
};

#define TPL_IN(c) (1u << (c))
#define TPL_RUNNING (TPL_IN(CX_INLINE) | TPL_IN(CX_ENTRY))
#define TPL_BLOCKS (TPL_IN(CX_BLOCK) | TPL_IN(CX_PART))
#define TPL_CONTROL (TPL_BLOCKS | TPL_IN(CX_TABLE) | TPL_IN(CX_ROW) | TPL_IN(CX_LIST) | TPL_RUNNING)

/* The kinds of attribute values; each has one parser below and one form in template.rng. */
enum tpl_vk {
	V_TEXT,   /* literal text, shown as written */
	V_NAME,   /* a name the loader resolves: data, style, entry, family, loop variable */
	V_EXPR,   /* a test expression */
	V_ENUM,   /* one of values */
	V_LENGTH, /* 12, 10.5pt, 22mm, 2cm */
	V_COLOUR, /* #RGB, #RRGGBB */
	V_WIDTH,  /* a length, a share such as 2* or *, or auto */
	V_DIGIT,  /* 0 to 9 */
	V_COUNT,  /* a whole number */
	V_FONT,   /* a bare file name */
	V_PATH,   /* a relative path without ".." */
	V_PARAMS  /* names separated by spaces */
};

struct tpl_attr {
	const char *name;
	enum tpl_vk kind;
	bool required;
	bool running_only;  /* <for separator>: only a loop in running text takes it */
	const char *values; /* V_ENUM: space-separated, in the order tpl_parse_enum counts */
	const char *expect; /* the words for a bad value, when not the kind's own */
	const char *need;   /* the whole message when missing, when not <e> needs a="..." */
};

struct el; /* one element as the loader reads it (tpl_load_int.h) */
struct tnode;

struct tpl_elem {
	const char *name;
	enum tpl_cx content;
	unsigned where;               /* TPL_IN(...) of the contexts it may stand in */
	const struct tpl_attr *attrs; /* ends with a NULL name */
	bool more_attrs;              /* <msg>: every other attribute binds a parameter */
	int kind;                     /* the enum tkind of the node it becomes; -1: none */
	/* Reads the element (the schema has passed it); returns its node or NULL. */
	struct tnode *(*load)(struct el *e);
};

/* Every element, in the order the lists of "expected one of ..." show them. */
extern const struct tpl_elem tpl_elems[];
extern const size_t tpl_nelems;

/* The element named name, or NULL. */
const struct tpl_elem *tpl_elem_find(const char *name);
/* Its attribute named name, or NULL. */
const struct tpl_attr *tpl_attr_find(const struct tpl_elem *e, const char *name);

/*
 * The value parsers, one per kind. Each reads a value in the form template.rng and
 * docs/templates.md give, and returns false (leaving *out alone) for any other.
 */
/* A length in pt: digits with at most one point, no sign, then spaces and pt, mm or cm. */
bool tpl_parse_length(const char *s, double *out);
/* "#RRGGBB" or "#RGB" as 0xRRGGBB. */
bool tpl_parse_colour(const char *s, uint32_t *out);
/* The index of s in values (space-separated), white space collapsed as RELAX NG does; or -1. */
int tpl_parse_enum(const char *values, const char *s);
/* A column width: a share (2*, 1.45*, * = 1*, not 0*), auto, or a length. */
bool tpl_parse_width(const char *s, struct tcol *out);
/* The first name of a params list that is not a simple name other than id, or NULL. */
const char *tpl_bad_param(const char *s, size_t *len);
/* Whether v is a value of d's kind. */
bool tpl_value_ok(const struct tpl_attr *d, const char *v);
/*
 * The message for a bad value v of attribute d of the element named what (such as
 * "space" or "value of=\"x\""); the caller frees it. Not for V_PARAMS: one message
 * per bad name, said by the caller with tpl_bad_param.
 */
char *tpl_bad_value(const char *what, const struct tpl_attr *d, const char *v);

/* The value with white space collapsed and trimmed, as RELAX NG compares a <value>. */
char *tpl_token(const char *s);

#endif
