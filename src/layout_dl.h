/* SPDX-License-Identifier: MIT */
/* The layout's display list: what is placed on which page, drawn on the device page by page. */
#ifndef PR_LAYOUT_DL_H
#define PR_LAYOUT_DL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dev.h"

/*
 * The layout places items (ops) here, each on a page, and the list draws them on
 * the device in page order, a page's frame (header and footer) first.
 *
 * Ownership, the one rule: an op owns its text. dl_add copies it into the arena
 * of the op's page, and the arena goes when the page is drawn. So a caller may
 * place text that dies right after (a table row made for the moment, a chart's
 * labels, a page number). While the list measures (dl_measure .. dl_rollback) or
 * only counts pages, it holds no op at all: none would be drawn, and none is read
 * back for a decision (a list label is placed after the first text op, which a
 * measure need not know; a row's fill only colours).
 *
 * Ways through a document (hidden in here; the layout only asks dl_again):
 *  - kept: every op is held and drawn at the end (dl_finish);
 *  - counted, then streamed: once the list holds more than limit ops at a safe
 *    point, it drops them and only counts pages from there; the layout then runs
 *    again (dl_again), and each page is drawn as soon as it is complete. The device
 *    sees the very same calls either way.
 */

enum op_kind {
	OP_TEXT,
	OP_LINE,    /* from x, y, w long; h is the thickness */
	OP_SEGMENT, /* from x, y to w, h; size is the thickness */
	OP_RECT,
	OP_BOOKMARK,
	OP_IMAGE,
	OP_PIECE /* the device's piece: s the kind, level the id, x first, w count,
		    size 1 when last, y top, h bottom, font extra */
};

struct image;

struct op {
	enum op_kind kind;
	int page; /* 0-based */
	double x, y, w, h;
	int font;
	double size;
	uint32_t color;
	const char *s; /* TEXT, BOOKMARK: the list's own copy, once added */
	size_t len;
	int level;
	const struct image *img;
	size_t seq; /* private: the order placed, for a stable sort by page */
};

struct dl;

/*
 * Draws page's frame (header and footer): adds ops to dl for that page, which are
 * drawn before the page's body and then dropped.
 */
typedef void dl_frame_fn(void *ctx, struct dl *dl, int page);

/*
 * A list that draws on dev, on pages width x height pt, each page's frame drawn by
 * frame(ctx, ...); limit: the ops it holds before it turns to counting.
 */
struct dl *dl_new(const struct dev *dev, double width, double height, size_t limit,
                  dl_frame_fn *frame, void *ctx);
void dl_free(struct dl *dl);

/*
 * Adds a copy of *o (its text too: o->s, o->len); returns its index, or SIZE_MAX
 * while measuring or counting (nothing held).
 */
size_t dl_add(struct dl *dl, const struct op *o);

/* Whether an op added now is held (to be drawn): not while measuring or counting. */
bool dl_holds(const struct dl *dl);

/* The number of ops held: a mark for dl_get and dl_rollback. */
size_t dl_count(const struct dl *dl);

/* Op i (i < dl_count); valid until the next dl_add or safe point. */
const struct op *dl_get(const struct dl *dl, size_t i);

/*
 * Sets op i's box and colour (a row's fill, placed before its height is known);
 * i == SIZE_MAX: nothing.
 */
void dl_set_box(struct dl *dl, size_t i, double x, double y, double w, double h, uint32_t rgb);

/*
 * Measuring: between dl_measure and dl_rollback(dl, mark), mark being
 * dl_measure's result, ops are not held. Pairs may nest.
 */
size_t dl_measure(struct dl *dl);
void dl_rollback(struct dl *dl, size_t mark);

/*
 * A safe point: no op placed so far waits for another, and the pages before page
 * are complete. Here a long document turns to counting, and a streaming one draws
 * the complete pages.
 */
void dl_safe_point(struct dl *dl, int page);

/*
 * The body laid out, on pages pages: true when the list only counted and the
 * layout must lay the body out again, each page now drawn when complete.
 */
bool dl_again(struct dl *dl, int pages);

/* Draws every page not drawn yet; the document has pages pages. */
void dl_finish(struct dl *dl, int pages);

/* The page count as text, for the frame's page fields ("" before it is known). */
const char *dl_pages_text(const struct dl *dl);

#endif
