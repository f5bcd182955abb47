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

enum eop {
	E_PATH,
	E_STR,
	E_NUM,
	E_NOT,
	E_AND,
	E_OR,
	E_EQ,
	E_NE,
	E_LT,
	E_LE,
	E_GT,
	E_GE
};

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

struct tnode {
	enum tkind kind;
	long line;
	struct tnode *child, *next;
	const char *text;          /* T_TEXT, whitespace already collapsed */
	const struct tstyle *style;      /* T_P, T_H, T_CELL (may be NULL), T_TABLE (cells) */
	const struct tstyle *head_style; /* T_TABLE */
	int level;                 /* T_H */
	struct path *path;         /* T_VALUE of, T_FOR each */
	const char *var;           /* T_FOR as */
	const char *sep;           /* T_FOR separator (inline loops) */
	struct expr *test;         /* T_IF */
	enum val_fmt fmt;          /* T_VALUE: FMT_AUTO means the value's own */
	int digits;                /* T_VALUE: decimals, -1 for the format's default */
	const struct tnode *missing; /* T_VALUE: what null shows (a catalogue entry) */
	const char *missing_text;  /* T_VALUE: missing="..." instead */
	int hyphenate;             /* T_VALUE: 1 yes, 0 no, -1 as the value says */
	const struct tnode *msg;   /* T_MSG: the catalogue entry */
	double num;                /* T_SPACE height, T_RULE and T_TABLE rule thickness, */
	double padding;            /* T_TABLE cell padding */
	uint32_t color;            /* T_RULE, T_TABLE rules */
	uint32_t stripe, head_fill;
	bool has_stripe, has_head_fill;
	struct tcol col;           /* T_COL */
	const char *id;            /* catalogue entries */
	int font;                  /* the face its text is set in; -1 where that depends on use */
	const char *file;          /* the template file it comes from (includes), for messages */
	const char **params;       /* catalogue entries: the parameter names */
	size_t nparams;
	struct path **args;        /* T_MSG: one per parameter of its entry */
	int param;                 /* T_PARAM: the index in its entry's params */
	bool numbered;             /* T_LIST: 1., 2., ... instead of bullets */
	const struct tstyle *label_style; /* T_LIST: the labels' style, NULL: the items' */
	const char *bullet;        /* T_LIST */
	int start;                 /* T_LIST: the first number */
	double indent;             /* T_LIST: where the item text starts, pt */
	struct image *img;         /* T_IMAGE */
	int chart;                 /* T_CHART: enum chart_kind */
	struct path *label, *value, *mark, *highlight, *reference; /* T_CHART, in the loop's scope */
	double reference_num;      /* T_CHART: reference="1" */
	bool has_reference;
	const char *value_label, *mark_label, *reference_label, *line_label; /* T_CHART legend */
	double width, height;      /* T_IMAGE: pt, 0 when derived */
	enum align align;          /* T_IMAGE */
	bool omit_empty;           /* T_ROW: left out when every value in it is missing */
	struct path *label_key, *min, *max; /* T_CHART: label-key, min, max (per item) */
	const char *label_entry;   /* T_CHART: label-entry, catalogue ids PREFIX-key */
	/* T_TILES: padding (pt, inside each tile), num the gap between tiles (pt),
	   head_fill / has_head_fill each tile's background */
};

struct tpl {
	char *path;
	struct arena *arena; /* every node, style and string of the template */
	struct page_setup page;
	const char **font_paths;
	size_t nfonts;
	const char *fallback_path; /* <fallback file>, resolved; NULL: none */
	struct family *families;
	size_t nfamilies;
	struct tstyle **styles;
	size_t nstyles;
	struct tnode *catalog; /* entries: kind T_MSG with id, content in child */
	struct tnode *title, *subject, *author, *keywords; /* inline containers or NULL */
	struct tnode *header, *footer, *body;
	struct image **images; /* loaded once, shared by every report */
	const char **image_paths;
	size_t nimages;
};

/* The font index for a family with weight and slant, or -1. */
int tpl_face(const struct tpl *t, int family, bool bold, bool italic);

#endif
