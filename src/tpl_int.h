/* SPDX-License-Identifier: MIT */
/* The loaded template as tpl_load.c leaves it for tpl_expand.c; private to the tpl module. */
#ifndef PR_TPL_INT_H
#define PR_TPL_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "doc.h"
#include "image.h"
#include "mem.h"
#include "val.h"

enum tkind {
	T_TEXT,
	/* blocks */
	T_P,
	T_H,
	T_TABLE,
	T_SPACE,
	T_RULE,
	T_PAGEBREAK,
	/* inside a table */
	T_COL,
	T_HEAD,
	T_ROW,
	T_CELL,
	/* control, in any content */
	T_IF,
	T_ELSE,
	T_FOR,
	/* inline */
	T_VALUE,
	T_B,
	T_I,
	T_MSG,
	T_PAGENUM,
	T_PAGECOUNT,
	T_PARAM, /* a catalogue entry's parameter: {name} or <param name="..."/> */
	T_ENTRY, /* a catalogue entry (only in the catalogue) */
	/* more blocks */
	T_LIST,
	T_ITEM,
	T_KEEP,
	T_IMAGE,
	T_CHART,
	T_TILES, /* a row of tiles (the cover's key figures): each block child one tile */
	T_TILE   /* a tile: blocks kept together */
};

/* A dotted name as written: "q.revenue" is {"q", "revenue"}. */
struct path {
	const char **seg;
	size_t n;
	const char *text; /* as written, for messages */
};

enum eop { E_PATH, E_STR, E_NUM, E_NULL, E_NOT, E_AND, E_OR, E_EQ, E_NE, E_LT, E_LE, E_GT, E_GE };

struct expr {
	enum eop op;
	struct expr *l, *r;
	struct path *path;
	const char *str;
	double num;
};

/* A style as the template declares it; the struct style comes first so pointers convert. */
struct tstyle {
	struct style s;
	int family;
	bool bold, italic;
};

struct family {
	const char *name;
	int face[4]; /* font index of regular, bold, italic, bold italic; -1 if not declared */
};

/* <h>: a heading, and the bookmark it makes. */
struct theading {
	const struct tstyle *style;
	int level;            /* 1 to 6 */
	const char *bookmark; /* literal; NULL: the heading's own text */
};

/* <table>: how it looks; its cols, heads and rows are its children. */
struct ttable {
	const struct tstyle *style;      /* body cells without their own */
	const struct tstyle *head_style; /* head cells without their own */
	double padding;                  /* pt, inside each cell */
	double rule;                     /* pt, the line under each row; 0: none */
	uint32_t rule_color;
	uint32_t stripe, head_fill; /* backgrounds, when has_... */
	bool has_stripe, has_head_fill;
};

/* <rule>: a line across the text width. */
struct trule {
	double thickness; /* pt */
	uint32_t color;
};

/* <for> (and the list of a <chart>): the list and the name of its item. */
struct tloop {
	struct path *each;
	const char *var; /* the simple name the item has in the loop */
	const char *sep; /* literal text between the items (loops in running text); NULL: none */
};

/* <value> and <param>: what is printed and how. */
struct tvalue {
	struct path *of;             /* <value of>; NULL for a parameter */
	int param;                   /* a parameter: its index in the entry's params; -1 if none */
	enum val_fmt fmt;            /* FMT_AUTO: the value's own */
	int digits;                  /* decimals; -1 for the format's default */
	const struct tnode *missing; /* what null shows: the catalogue entry "missing", */
	const char *missing_text;    /* or missing="..." when given (then missing is NULL) */
	int hyphenate;               /* 1 yes, 0 no, -1 as the value says */
};

/* <msg>: a use of a catalogue entry, binding its parameters. */
struct tmsg {
	const struct tnode *entry; /* kind T_ENTRY */
	struct path **args;        /* one per parameter of the entry; NULL without any */
};

/* A catalogue entry: named running text (its children), with parameters. */
struct tentry {
	const char *id;
	const char **params; /* the names its {placeholders} and <param>s use */
	size_t nparams;
};

/* <list>: labelled items. */
struct tlist {
	const struct tstyle *style;       /* every item's */
	const struct tstyle *label_style; /* the labels'; NULL: the items' */
	const char *bullet;               /* the label of a bullet list */
	int start;                        /* the first number of a numbered list */
	double indent;                    /* pt, from the label's left edge to the text */
	bool numbered;                    /* 1., 2., ... instead of bullets */
};

/* <image>: a picture loaded once for every report. */
struct timage {
	struct image *img;    /* owned by the template's image list */
	double width, height; /* pt; 0 when derived */
	enum align align;
};

/* <chart>: its items come from a list, the names below are in the item's scope. */
struct tchart {
	enum chart_kind kind;
	const struct tstyle *style; /* the labels' */
	struct tloop loop;          /* each and as; no separator */
	struct path *label, *value, *mark, *highlight;
	struct path *reference; /* reference="name", outside the item's scope; or */
	double reference_num;   /* reference="1" */
	bool has_reference;
	const char *value_label, *mark_label, *reference_label, *line_label; /* the legend */
	double width, height; /* pt; 0: the column's width, a default height */
	enum align align;
	struct path *label_key, *min, *max; /* label-key, min, max: in the item's scope */
	const char *label_entry;            /* label-entry: catalogue ids LABEL_ENTRY-key */
	bool floats; /* float="yes": may move past a paragraph or two (struct block) */
};

/* <tiles>: tiles side by side, each its own background. */
struct ttiles {
	double padding, gap; /* pt, inside each tile and between tiles */
	uint32_t fill;       /* when has_fill */
	bool has_fill;
};

/*
 * One node of the loaded template. What a node holds beyond its place in the tree
 * depends on its kind, as mandoc's roff_node: the member of the union named in the
 * comment, and nothing else, is set.
 *
 * What tpl_load promises of a template it returns (tpl_expand asserts it): every
 * name (path) a node uses is set and known; the styles p, h, table, list and chart
 * fall back to exist; every text is set in a face its family has; a <value> or
 * parameter has missing_text or missing; a <msg> has its entry; every <else> comes
 * right after an <if>; a table declares a column; a parameter's index is in its
 * entry's params.
 */
struct tnode {
	enum tkind kind;
	long line;
	const char *file; /* the template file it comes from (includes), for messages */
	struct tnode *child, *next;
	int font; /* the face its text is set in; -1 where that depends on use */
	union {
		const char *text;           /* T_TEXT, white space already collapsed */
		const struct tstyle *style; /* T_P, T_CELL (NULL: the table's), meta (NULL) */
		struct theading h;          /* T_H */
		struct ttable table;        /* T_TABLE */
		double height;              /* T_SPACE, pt */
		struct trule rule;          /* T_RULE */
		struct tcol col;            /* T_COL */
		struct expr *test;          /* T_IF */
		struct tloop loop;          /* T_FOR */
		struct tvalue value;        /* T_VALUE, T_PARAM */
		struct tmsg msg;            /* T_MSG */
		struct tentry entry;        /* T_ENTRY */
		struct tlist list;          /* T_LIST */
		struct timage image;        /* T_IMAGE */
		struct tchart chart;        /* T_CHART */
		struct ttiles tiles;        /* T_TILES; T_TILE: its fill only */
		bool omit_empty;            /* T_ROW: left out when every value in it is missing */
	};
};

struct tpl {
	char *path;
	const struct lang *lang; /* <template language>: how figures are written; German if none */
	struct arena *arena;     /* every node, style and string of the template */
	struct page_setup page;
	const char **font_paths;
	size_t nfonts;
	const char *fallback_path; /* <fallback file>, resolved; NULL: none */
	struct family *families;
	size_t nfamilies;
	struct tstyle **styles;
	size_t nstyles;
	struct tnode *catalog;         /* the entries, kind T_ENTRY */
	const struct tnode **entry_ix; /* the entries by id: an open hash, the first of an id */
	size_t entry_cap, nentry_ix;   /* its slots (a power of two, or 0) and entries */
	struct tnode *title, *subject, *author, *keywords; /* inline containers or NULL */
	struct tnode *header, *footer, *body;
	struct image **images; /* loaded once, shared by every report */
	const char **image_paths;
	size_t nimages;
};

/* The font index for a family with weight and slant, or -1. */
int tpl_face(const struct tpl *t, int family, bool bold, bool italic);

#endif
