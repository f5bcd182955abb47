/* SPDX-License-Identifier: MIT */
/* What the layout's files share: the layout's state and the calls between its parts. */
#ifndef PR_LAYOUT_INT_H
#define PR_LAYOUT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dev.h"
#include "doc.h"
#include "hyph.h"
#include "layout_break.h"
#include "layout_dl.h"

/*
 * The layout's parts:
 *   layout.c        the document: blocks, pagination, keeps, images, charts, the
 *                   frame (header, footer) of every page, the two passes;
 *   layout_para.c   paragraphs: words measured and hyphenated into items, broken
 *                   into lines (layout_break.c), the lines placed;
 *   layout_table.c  tables: column widths, rows (stored or made when reached),
 *                   head rows repeated, rows split only when taller than a page;
 *   layout_dl.c     the display list: placed items per page, drawn on the device.
 *
 * Lifetimes, each with one owner:
 *   the document's  struct lay, for one layout_doc call;
 *   a page's        the display list: an op and its text live until the page is
 *                   drawn (layout_dl.h);
 *   a made row's    layout_table.c: the last two made rows, each in an arena of
 *                   its own; what is placed from them the display list copies;
 *   a chart's       the labels chart_draw makes, in an arena freed once drawn.
 */

/* A piece of a word in one span: what a box of the breaker stands for (its width is the box's). */
struct frag {
	const struct span *span;
	const char *s;
	size_t len;
};

/* A line of a paragraph: the breaker's, with its height. */
struct line {
	struct kp_line b;
	double height; /* the leading, scaled for bigger inline text */
	double size;   /* the largest font size on the line */
};

/*
 * A paragraph broken into lines: scratch reused from paragraph to paragraph. A
 * long paragraph is broken a segment at a time (layout_para.c): lines holds the
 * current segment's, and more says that others follow (lay_flow_next).
 */
struct flow {
	struct kp kp;
	struct frag *frags;
	size_t nfrags, fcap;
	struct line *lines;
	size_t nlines, lcap;
	bool more;
	size_t base; /* the lines of the segments before */
	bool cell;   /* a table cell's: hyphenated only where a word is wider than it */
	/* private */
	const struct para *para;
	double avail;
	struct textpos {
		size_t span, off; /* byte off of span */
	} next;                   /* where the next segment begins */
	const char *cut;
	bool split; /* a word was split for width */
};

/* Where the layout stands: the page (0-based; -1 before the first) and y on it. */
struct cursor {
	int page;
	double y; /* pt from the page's top: the next free position */
};

struct tables;

struct lay {
	/* The document's, fixed while it is laid out. */
	const struct doc *d;
	unsigned long serial; /* this layout's number in the process, from 1 (struct para's memo) */
	struct arena *memo;   /* what the paragraphs' notes point to (NULL: none yet) */
	size_t memo_bytes;    /* in it: past LAY_MEMO_MAX, all notes are dropped */
	const struct dev *dev;
	const struct hyph *hyph; /* NULL: no hyphenation */
	double top, bottom;      /* the body's limits on every page, pt */
	double left, width;
	/* Characters the fonts lack: a bit per code point (NULL: none yet). */
	unsigned char *missing;
	size_t nmissing;
	uint32_t first_missing;
	/* ASCII characters the device said fonts 0..7 have, a bit each: asked once. */
	uint64_t has_ascii[8][2];
	/* The pages': placed items and their text. */
	struct dl *dl;
	struct cursor at;
	/*
	 * Measuring stops past this y (INFINITY otherwise): all a measure decides is
	 * whether blocks fit on a page, so a chapter-long quote is measured a page deep.
	 */
	double stop_y;
	/* The body's vertical glue (space before and after, <space>) times this: 1, or another try at a balanced ending. */
	double vscale;
	int ink_page;      /* the last page a body piece is on, and */
	double ink_bottom; /* the lowest piece's bottom there (balanced endings) */
	/*
	 * Balanced endings: each page's lowest body piece (pt from the top; 0: none)
	 * and whether the page ends at a <page-break>, for the measure of page fill;
	 * pages of them.
	 */
	struct page_fill {
		double ink;
		bool forced;
	} * fills;
	size_t fill_cap;
	/*
	 * A floating chart moved (balanced endings): the blocks s1..t1 and s2..t2,
	 * which follow each other in one list, trade places; pred is the block before
	 * s1 (NULL: s1 heads its list), after the one after t2. s1 NULL: as written.
	 * guard: the heading of the chart's section (NULL: none). When it stands in
	 * the lowest third of a page, the first block after it that is not a
	 * paragraph must start on its page (guard_ok): a move never leaves a heading
	 * and its paragraphs alone at a page foot.
	 */
	struct lay_swap {
		const struct block *pred, *s1, *t1, *s2, *t2, *after;
		const struct block *guard;
	} swap;
	int guard_page;
	bool guard_open, guard_ok;
	int piece_block, piece_page; /* the last block with a piece, and its first piece's page */
	/*
	 * While a page's frame is placed: its page fields, and the margin's edge no
	 * line may pass (clip); NULL and 0 in the body.
	 */
	const char *page_text, *pages_text;
	double clip;
	/* The body block being placed: its number and kind of piece (dev_piece). */
	int block_id, nblocks;
	const char *piece_kind;
	/* The made rows and the column widths of tables (layout_table.c). */
	struct tables *tables;
	/* Kept groups' heights as measured (layout.c: measure_kept); an open hash, nkept slots. */
	struct kept_h *kept;
	size_t nkept, kept_used;
	/*
	 * Scratch: the paragraph being broken or placed. A page's frame is placed in
	 * the middle of a body paragraph's pages (layout_dl.c draws complete pages at
	 * safe points), so it has a scratch of its own, swapped in meanwhile.
	 */
	struct flow flow, frame_flow;
};

/* layout_para.c: a paragraph's height and that of its first lines (at most 2 of a longer one). */
double lay_para_first(struct lay *l, const struct para *p, double avail);
/* Drops what the layout noted in p (a copy of a paragraph set another way). */
void lay_para_forget(struct para *p);

/* layout.c */
void lay_new_page(struct lay *l);
/* A new number for l (what the paragraphs noted for it before no longer counts). */
void lay_new_serial(struct lay *l);
/* Tells the device where part of the current block fell (struct dev_piece). */
void lay_piece(struct lay *l, int page, const char *kind, size_t first, size_t count, bool last,
               double top, double bottom, int extra);
void lay_safe_point(struct lay *l);
size_t lay_add(struct lay *l, struct op o); /* o on the current page */
int lay_chart(struct lay *l, const struct chart *c, double x, double y, double w, double h);

/* layout_para.c */

/*
 * Breaks p into f's lines within avail pt: all of them, or of a long paragraph
 * the first segment's (f->more); lay_flow_next breaks the next segment (false:
 * there is none). lay_para_break breaks into l->flow.
 */
void lay_flow_break(struct lay *l, struct flow *f, const struct para *p, double avail, bool cell);
bool lay_flow_next(struct lay *l, struct flow *f);
void lay_flow_free(struct flow *f);
void lay_para_break(struct lay *l, const struct para *p, double avail);

/*
 * Places p at the current position between x and x + avail, running over pages
 * when paginate is set (with neither widow nor orphan where it can avoid them);
 * with stream, each page it completes is a safe point (nothing of it waits).
 */
void lay_para_place(struct lay *l, const struct para *p, double x, double avail, enum align al,
                    bool paginate, bool stream);

/* Places line ln of f at baseline y between x and x + avail. */
void lay_line_place(struct lay *l, const struct flow *f, const struct line *ln, enum align al,
                    double x, double avail, double y);

/* With cell: a table cell's (struct flow). */
double lay_para_height(struct lay *l, const struct para *p, double avail, bool cell);
double lay_para_natural(struct lay *l, const struct para *p); /* on one line */
double lay_para_least(struct lay *l, const struct para *p);   /* its widest unbreakable piece */

/* Decimal columns: the width after the decimal comma, or of the unit after the digits. */
double lay_para_tail(struct lay *l, const struct para *p);

/* layout_table.c */
struct tables *lay_tables_new(void);
void lay_tables_free(struct tables *t);
void lay_table_place(struct lay *l, const struct block *b, bool paginate);
/* What must follow the block before it on its page: the head and the first row. */
double lay_table_first(struct lay *l, const struct block *b);

#endif
