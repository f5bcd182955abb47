/* SPDX-License-Identifier: MIT */
/* The expanded document: what the template made of one report's data, ready for layout. */
#ifndef PR_DOC_H
#define PR_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* All lengths are in points (1/72 inch); colours are 0xRRGGBB. */

enum align {
	ALIGN_LEFT,
	ALIGN_RIGHT,
	ALIGN_CENTER,
	ALIGN_JUSTIFY,
	ALIGN_DECIMAL /* table columns: figures lined up on the decimal mark (doc's language) */
};

struct style {
	const char *name;
	int font;       /* index into the template's fonts */
	double size;    /* pt */
	double leading; /* pt, baseline to baseline */
	uint32_t color;
	double space_before; /* pt */
	double space_after;  /* pt */
	double indent;       /* pt, added to the left edge of every line */
	enum align align;
	bool keep_with_next; /* never the last thing on a page */
	bool hyphenate;      /* German hyphenation of its words */
};

enum span_field {
	SPAN_TEXT,
	SPAN_PAGE, /* the current page number, filled in when the page is emitted */
	SPAN_PAGES /* the page count */
};

/* A run of text in one font; words may continue across spans ("<b>7</b>%"). */
struct span {
	const char *text;
	enum span_field field;
	int font;
	double size; /* pt */
	uint32_t color;
	bool nohyph; /* figures and proper names are never hyphenated */
};

struct chart;

struct para {
	const struct style *style;
	struct span *spans;
	size_t nspans;
	/* A table cell may hold a small chart (a sparkline) instead of text. */
	const struct chart *chart;
	double chart_w, chart_h; /* pt; 0 width: the cell's */
	/*
	 * The layout's notes on this paragraph, valid in the layout numbered memo_serial
	 * (0: none; struct lay's serial): its height and the height of its first lines
	 * for the width and kind last measured; noted, the fonts' glyphs for all its
	 * characters were looked up in that layout. The keep rules and balanced endings
	 * ask the same heights many times. Only the thread laying the document out
	 * writes them.
	 */
	unsigned long memo_serial;
	double memo_avail, memo_h, memo_first;
	bool memo_cell;
	/* Its lines as last broken, in the layout numbered memo_breaks_serial (its arena). */
	unsigned long memo_breaks_serial;
	struct para_breaks *memo_breaks;
};

struct tcol {
	double width;  /* pt, or a share of the free width when relative */
	bool relative; /* "2*" */
	bool fit;      /* "auto": as wide as its widest cell */
	enum align align;
};

struct trow {
	struct para *cells; /* one per column */
	size_t ncells;
	bool head; /* repeated at the top of every page the table spans */
};

struct arena;

/*
 * Body rows made as they are laid out instead of held: a loop over a made list
 * (the overview's ten thousand partners) whose body is one <row>. The n rows stand
 * before stored row at. make builds row i in arena a, which the caller frees
 * when done with it; it cannot fail, since the expander made every row once and
 * reported what was wrong then.
 */
struct row_maker {
	size_t n, at;
	void (*make)(const void *ctx, size_t i, struct arena *a, struct trow *out);
	const void *ctx;
};

enum block_kind {
	BLOCK_PARA,
	BLOCK_HEADING, /* a paragraph that also makes a bookmark */
	BLOCK_TABLE,
	BLOCK_SPACE,
	BLOCK_RULE,
	BLOCK_PAGEBREAK,
	BLOCK_KEEP, /* its children stay on one page when they fit on one */
	BLOCK_IMAGE,
	BLOCK_CHART,
	BLOCK_TILES /* a row of tiles side by side: each child one tile, of blocks (child) */
};

enum chart_kind {
	CHART_BARS,     /* a bar per item, with a mark (the target) */
	CHART_LINE,     /* a line through the items, with a reference line (100 %) */
	CHART_HBARS,    /* a horizontal bar per item, and its comparison beside it */
	CHART_PARETO,   /* sorted bars, the cumulative share as a line, the class-a mark */
	CHART_SPARKLINE /* a small line, no axes */
};

/* One item of a chart: its label and numbers as the template bound them. */
struct chart_item {
	const char *label;  /* formatted text */
	double value, mark; /* mark: the target (bars), the comparison (hbars) */
	bool has_value, has_mark;
	bool highlight; /* pareto: the partner's own bar */
	double lo, hi;  /* hbars: the item's own scale (1 to 5), when has_scale */
	bool has_scale;
};

struct lang;

struct chart {
	enum chart_kind kind;
	const struct lang *lang; /* how the axis labels are written; NULL: German */
	struct chart_item *items;
	size_t nitems;
	const struct style *style; /* the labels' font, size and colour */
	int fmt;                   /* enum val_fmt of the values, for the axis labels */
	const char *currency;
	double reference; /* line: the reference value; pareto: the class-a share */
	bool has_reference;
	const char *value_label, *mark_label, *reference_label; /* legend texts, NULL: none */
	const char *line_label; /* pareto: the cumulative line's legend text */
};

struct image;

struct block {
	enum block_kind kind;
	struct block *next;
	struct para para;     /* PARA, HEADING */
	int level;            /* HEADING: outline level, 1 at the top */
	const char *bookmark; /* HEADING: the outline title, plain text */
	/* TABLE */
	struct tcol *cols;
	size_t ncols;
	struct trow *rows; /* stored rows */
	size_t nrows;
	const struct row_maker *made; /* NULL, or rows made when laid out, among them */
	double padding;               /* pt, inside each cell */
	uint32_t stripe;              /* background of every second body row */
	bool has_stripe;
	uint32_t
	    head_fill; /* background of the head rows; TILES: of each tile; KEEP: of its tile */
	bool has_head_fill;
	double gap; /* TILES: pt between tiles (padding: inside each) */
	/* SPACE: height; RULE: thickness, colour; TABLE: rule thickness, colour */
	double height;
	uint32_t color;
	/* PARA as a list item: the label ("•", "3.") in the margin, the text indented */
	const char *label;
	const struct style *label_style; /* NULL: the paragraph's */
	double hang;                     /* pt from the left edge to the text */
	struct block *child;             /* KEEP */
	const struct chart *chart;       /* CHART, drawn width x height pt */
	bool floats;             /* CHART: may move past a paragraph or two for a balanced ending */
	const struct image *img; /* IMAGE, drawn width x height pt */
	double width;
	enum align align;
};

struct page_setup {
	double width, height;            /* pt */
	double top, bottom, left, right; /* margins, pt */
};

struct doc {
	struct page_setup page;
	struct block *body;
	struct block *header; /* drawn in the top margin of every page */
	struct block *footer; /* drawn in the bottom margin of every page */
	const char *title, *subject, *author, *keywords; /* plain text, NULL if none */
	/* The template's language: the decimal mark figures line up on, the hyphenation
	 * patterns the caller lays it out with. NULL: German. */
	const struct lang *lang;
};

#endif
