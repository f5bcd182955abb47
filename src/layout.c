/* SPDX-License-Identifier: MIT */
/* The layout engine: the document's blocks onto pages, with the frame of every page. */
#include <assert.h>
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "image.h"
#include "layout.h"
#include "layout_int.h"
#include "mem.h"

/*
 * Two passes: the body is laid out into a display list of pages first, so that
 * the page count is known when the header and footer ("Seite 2 von 3") are drawn
 * in the second pass, page by page, onto the device.
 *
 * A long document (the portfolio overview of ten thousand partners has 470 pages)
 * would hold the display list of all its pages that way. Once the list grows past
 * ops_limit, the body is only laid out to count the pages, keeping nothing; then
 * laid out again, each page drawn as soon as it is complete (layout_dl.c). The
 * device sees the same calls in the same order either way.
 */

/*
 * Display list entries (about 100 bytes each) kept before a document streams; a
 * five-page report has about 1,000.
 */
static size_t ops_limit = 1 << 13;

atomic_int layout_stop;

size_t
layout_ops_limit(size_t n)
{
	size_t old = ops_limit;
	ops_limit = n;
	return old;
}

size_t
lay_add(struct lay *l, struct op o)
{
	o.page = l->at.page;
	return dl_add(l->dl, &o);
}

void
lay_piece(struct lay *l, int page, const char *kind, size_t first, size_t count, bool last,
          double top, double bottom, int extra)
{
	if (strcmp(kind, "area") != 0) {
		assert(page >= 0 && page <= l->at.page);
		l->fills[page].ink = fmax(l->fills[page].ink, bottom);
		if (l->block_id != l->piece_block) {
			l->piece_block = l->block_id;
			l->piece_page = page;
		}
		if (page > l->ink_page)
			l->ink_bottom = bottom;
		l->ink_page = page > l->ink_page ? page : l->ink_page;
		l->ink_bottom = page == l->ink_page ? fmax(l->ink_bottom, bottom) : l->ink_bottom;
	}
	dl_add(l->dl, &(struct op){.kind = OP_PIECE,
	                           .page = page,
	                           .s = kind,
	                           .len = strlen(kind),
	                           .level = strcmp(kind, "area") != 0 ? l->block_id : 0,
	                           .x = (double)first,
	                           .w = (double)count,
	                           .size = last,
	                           .y = top,
	                           .h = bottom,
	                           .font = extra});
}

/* Only the body's pagination turns pages: each page's box is a piece of its own. */
void
lay_new_page(struct lay *l)
{
	l->at.page++;
	l->at.y = l->top;
	xgrow(&l->fills, &l->fill_cap, (size_t)l->at.page, sizeof(*l->fills));
	l->fills[l->at.page] = (struct page_fill){l->top, false};
	lay_piece(l, l->at.page, "area", 0, 0, false, l->top, l->bottom, 0);
}

/* Between blocks and between table rows no op waits for another. */
void
lay_safe_point(struct lay *l)
{
	if (!layout_stopped())
		dl_safe_point(l->dl, l->at.page);
}

/* ---- charts draw through the display list ---- */

/* A chart being drawn: its labels' style. */
struct chart_ctx {
	struct lay *l;
	const struct style *style;
};

static double
c_width(void *ctx, const char *s, size_t len)
{
	const struct chart_ctx *c = ctx;
	const struct dev *dev = c->l->dev;
	return dev->width(dev->ctx, c->style->font, c->style->size, s, len);
}

static void
c_line(void *ctx, double x0, double y0, double x1, double y1, double w, uint32_t rgb)
{
	const struct chart_ctx *c = ctx;
	lay_add(
	    c->l,
	    (struct op){
	        .kind = OP_SEGMENT, .x = x0, .y = y0, .w = x1, .h = y1, .size = w, .color = rgb});
}

static void
c_rect(void *ctx, double x, double y, double w, double h, uint32_t rgb)
{
	const struct chart_ctx *c = ctx;
	lay_add(c->l, (struct op){.kind = OP_RECT, .x = x, .y = y, .w = w, .h = h, .color = rgb});
}

static void
c_text(void *ctx, double x, double y, const char *s, uint32_t rgb)
{
	const struct chart_ctx *c = ctx;
	size_t len = strlen(s);
	lay_add(c->l, (struct op){.kind = OP_TEXT,
	                          .x = x,
	                          .y = y,
	                          .w = c_width(ctx, s, len),
	                          .font = c->style->font,
	                          .size = c->style->size,
	                          .color = rgb,
	                          .s = s,
	                          .len = len});
}

/*
 * Draws c into the box x, y, w x h; its labels live until drawn (the display list
 * copies them). Returns how many labels were cut short. While the display list
 * holds nothing (a measure, a count of pages: a try at a balanced ending), a chart
 * is not drawn at all: its box is all the layout needs of it, and what it draws
 * would be dropped, its count of cut labels too (a piece, held no more than it).
 */
int
lay_chart(struct lay *l, const struct chart *c, double x, double y, double w, double h)
{
	if (!dl_holds(l->dl))
		return 0;
	struct chart_ctx ctx = {l, c->style};
	struct canvas cv = {&ctx, c_width, c_line, c_rect, c_text};
	struct arena *labels = arena_new();
	int cut = chart_draw(c, x, y, w, h, &cv, labels);
	arena_free(labels);
	return cut;
}

/* ---- blocks ---- */

static double measure(struct lay *l, const struct block *b);
static double measure_kept(struct lay *l, const struct block *b);
static double measure_one(struct lay *l, const struct block *b);

/* The block placed after b: b->next, unless a floating chart was moved (struct lay_swap). */
static const struct block *
next_block(const struct lay *l, const struct block *b)
{
	const struct lay_swap *s = &l->swap;
	if (b == NULL || s->s1 == NULL)
		return b == NULL ? NULL : b->next;
	if (b == s->pred)
		return s->s2;
	if (b == s->t2)
		return s->s1;
	if (b == s->t1)
		return s->after;
	return b->next;
}

/* The first block placed of the list that begins with head. */
static const struct block *
first_block(const struct lay *l, const struct block *head)
{
	return head != NULL && head == l->swap.s1 && l->swap.pred == NULL ? l->swap.s2 : head;
}

/* Blank space of h pt in the body: scaled when the ending is balanced. */
static double
vspace(const struct lay *l, double h)
{
	return h * l->vscale;
}

/* A paragraph a floating chart may move past: not a heading, not a list item. */
static bool
plain_para(const struct block *b)
{
	return b != NULL && b->kind == BLOCK_PARA && b->label == NULL;
}

/* What a lead-in paragraph introduces: a table, chart, image, kept group or list. */
static bool
introduced(const struct block *b)
{
	return b != NULL &&
	       (b->kind == BLOCK_TABLE || b->kind == BLOCK_CHART || b->kind == BLOCK_IMAGE ||
	        b->kind == BLOCK_KEEP || (b->kind == BLOCK_PARA && b->label != NULL));
}

/*
 * The height a block needs at least at the top of a page, for keep-with-next: of
 * a paragraph the lines that cannot part (all of three or fewer: two and one would
 * leave a widow or an orphan), of a table its start (layout_table.c), of a chart
 * or kept group all of it. With chain (what follows a heading): a heading right
 * after counts whole with what it keeps with, and a short lead-in paragraph whole
 * with the first part of the table, chart or list it introduces.
 */
static double
first_height(struct lay *l, const struct block *b, bool chain)
{
	if (b == NULL)
		return 0;
	switch (b->kind) {
	case BLOCK_PARA:
	case BLOCK_HEADING: {
		const struct style *st = b->para.style;
		double h =
		    vspace(l, st->space_before) + lay_para_first(l, &b->para, l->width - b->hang);
		if (!chain)
			return h;
		if (b->kind == BLOCK_HEADING && st->keep_with_next)
			return vspace(l, st->space_before) +
			       lay_para_height(l, &b->para, l->width, false) +
			       vspace(l, st->space_after) + first_height(l, next_block(l, b), true);
		if (b->kind == BLOCK_PARA && b->label == NULL && introduced(next_block(l, b))) {
			double lead = lay_para_height(l, &b->para, l->width - b->hang, false);
			double whole = vspace(l, st->space_before) + lead +
			               vspace(l, st->space_after) +
			               first_height(l, next_block(l, b), false);
			/*
			 * A lead-in of a few lines goes whole with the start of what it
			 * introduces (all of a chart or kept group), as long as that fits
			 * a page; a long one may break.
			 */
			if (lead <= (l->bottom - l->top) / 4 && whole <= l->bottom - l->top)
				return whole;
		}
		if (b->kind == BLOCK_PARA && l->swap.s1 != NULL && plain_para(b) &&
		    plain_para(next_block(l, b))) {
			/*
			 * A chart moved (balanced endings) may leave paragraphs in a row
			 * where it stood: a few lines of them go with the heading too.
			 */
			double whole = vspace(l, st->space_before) +
			               lay_para_height(l, &b->para, l->width - b->hang, false) +
			               vspace(l, st->space_after) +
			               first_height(l, next_block(l, b), true);
			if (whole <= (l->bottom - l->top) / 2)
				return whole;
		}
		return h;
	}
	case BLOCK_KEEP:
		return measure_kept(l, b);
	case BLOCK_IMAGE:
		return b->width > 0 && b->height > 0 ? b->height : 0;
	case BLOCK_CHART:
		return b->height > 0 ? b->height : 170;
	case BLOCK_TABLE:
		return lay_table_first(l, b);
	case BLOCK_TILES:
		return measure_one(l, b);
	default:
		return 0;
	}
}

/* A list item's label, on the baseline of its first line, in the item's style. */
static void
place_label(struct lay *l, const struct block *b, size_t mark)
{
	size_t i = mark, n = dl_count(l->dl);
	while (i < n && dl_get(l->dl, i)->kind != OP_TEXT)
		i++;
	if (i == n)
		return;
	const struct style *st = b->label_style ? b->label_style : b->para.style;
	const struct op *first = dl_get(l->dl, i);
	size_t len = strlen(b->label);
	struct op o = {.kind = OP_TEXT,
	               .page = first->page,
	               .x = l->left + b->para.style->indent,
	               .y = first->y,
	               .font = st->font,
	               .size = st->size,
	               .color = st->color,
	               .s = b->label,
	               .len = len,
	               .w = l->dev->width(l->dev->ctx, st->font, st->size, b->label, len)};
	dl_add(l->dl, &o);
}

/* An image: the size given, or derived from its pixels at 150 dpi; never wider than the column. */
static void
place_image(struct lay *l, const struct block *b, bool paginate)
{
	double iw = image_width(b->img), ih = image_height(b->img);
	double w = b->width, h = b->height;
	if (w <= 0 && h <= 0) {
		w = iw * 72 / 150;
		h = ih * 72 / 150;
	} else if (w <= 0) {
		w = h * iw / ih;
	} else if (h <= 0) {
		h = w * ih / iw;
	}
	if (w > l->width) {
		h *= l->width / w;
		w = l->width;
	}
	if (h > l->bottom - l->top) {
		w *= (l->bottom - l->top) / h;
		h = l->bottom - l->top;
	}
	if (paginate && l->at.y + h > l->bottom + 1e-6 && l->at.y > l->top)
		lay_new_page(l);
	double x = l->left + (b->align == ALIGN_RIGHT    ? l->width - w
	                      : b->align == ALIGN_CENTER ? (l->width - w) / 2
	                                                 : 0);
	lay_add(l,
	        (struct op){.kind = OP_IMAGE, .x = x, .y = l->at.y, .w = w, .h = h, .img = b->img});
	if (paginate)
		lay_piece(l, l->at.page, "image", 0, 1, true, l->at.y, l->at.y + h, 0);
	l->at.y += h;
}

/* A chart: its box as given (the column's width, 60 mm high by default), on one page. */
static void
place_chart(struct lay *l, const struct block *b, bool paginate)
{
	double w = b->width > 0 ? fmin(b->width, l->width) : l->width;
	double h = b->height > 0 ? fmin(b->height, l->bottom - l->top) : 170;
	if (paginate && l->at.y + h > l->bottom + 1e-6 && l->at.y > l->top)
		lay_new_page(l);
	double x = l->left + (b->align == ALIGN_RIGHT    ? l->width - w
	                      : b->align == ALIGN_CENTER ? (l->width - w) / 2
	                                                 : 0);
	int cut = lay_chart(l, b->chart, x, l->at.y, w, h);
	if (paginate)
		lay_piece(l, l->at.page, "chart", 0, 1, true, l->at.y, l->at.y + h, cut);
	l->at.y += h;
}

/* A paragraph or heading (a list item too), with its space around it. */
static void
place_para_block(struct lay *l, const struct block *b, bool first, bool paginate)
{
	const struct style *st = b->para.style;
	if (!first || l->at.y > l->top)
		l->at.y += vspace(l, st->space_before);
	if (paginate && st->keep_with_next) {
		/*
		 * A heading with what it keeps with: its lead-in and the start of what
		 * that introduces, or, when all of that is taller than a page, the first
		 * lines after it.
		 */
		double own =
		    lay_para_height(l, &b->para, l->width, false) + vspace(l, st->space_after);
		double need = own + first_height(l, next_block(l, b), true);
		if (need > l->bottom - l->top)
			need = own + first_height(l, next_block(l, b), false);
		if (l->at.y + need > l->bottom && l->at.y > l->top + vspace(l, st->space_before))
			lay_new_page(l);
	}
	if (paginate && l->at.y + st->leading > l->bottom && l->at.y > l->top)
		lay_new_page(l);
	if (b->kind == BLOCK_HEADING && paginate)
		lay_add(l, (struct op){.kind = OP_BOOKMARK,
		                       .y = l->at.y,
		                       .s = b->bookmark,
		                       .len = strlen(b->bookmark),
		                       .level = b->level});
	size_t mark = dl_count(l->dl);
	l->piece_kind = b->kind == BLOCK_HEADING ? "heading" : b->label != NULL ? "item" : "para";
	lay_para_place(l, &b->para, l->left + b->hang, l->width - b->hang, st->align, paginate,
	               b->label == NULL);
	if (b->label != NULL)
		place_label(l, b, mark);
	l->at.y += vspace(l, st->space_after);
}

static void place_blocks(struct lay *l, const struct block *b, bool paginate);
static void place_block(struct lay *l, const struct block *b, bool first, bool paginate);

/*
 * The height blocks take when set in one piece, from the current position; of
 * blocks taller than a page, more than a page.
 */
static double
measure(struct lay *l, const struct block *b)
{
	size_t mark = dl_measure(l->dl);
	struct cursor at = l->at;
	double stop_y = l->stop_y;
	l->stop_y = fmin(stop_y, at.y + (l->bottom - l->top) + 1);
	place_blocks(l, b, false);
	double h = l->at.y - at.y;
	dl_rollback(l->dl, mark);
	l->at = at;
	l->stop_y = stop_y;
	return h;
}

/*
 * A kept group's height as measured, noted for the next time it is asked (a
 * group is measured for the keep of the heading before it, then when placed, and
 * again in each try at a balanced ending): it depends on the group, the text
 * width, the vertical glue's factor, and whether it starts at a page's top (its
 * first space before counts only below it), not on the page. Only a measure that
 * did not stop (stop_y) is noted or used; none in a page's frame.
 */
struct kept_h {
	const struct block *b; /* NULL: an empty slot */
	double width, vscale, h;
	bool top;
};

static size_t
kept_slot(const struct lay *l, const struct kept_h *k)
{
	size_t mask = l->nkept - 1;
	size_t i = (size_t)(((uintptr_t)k->b >> 4) * 0x9E3779B97F4A7C15u) & mask;
	for (; l->kept[i].b != NULL; i = (i + 1) & mask) {
		const struct kept_h *e = &l->kept[i];
		if (e->b == k->b && e->width == k->width && e->vscale == k->vscale &&
		    e->top == k->top)
			break;
	}
	return i;
}

static void
kept_note(struct lay *l, const struct kept_h *k)
{
	if (2 * (l->kept_used + 1) > l->nkept) {
		struct kept_h *old = l->kept;
		size_t n = l->nkept;
		l->nkept = n ? 2 * n : 16;
		l->kept = xcalloc(l->nkept, sizeof(*l->kept));
		for (size_t j = 0; j < n; j++)
			if (old[j].b != NULL)
				l->kept[kept_slot(l, &old[j])] = old[j];
		free(old);
	}
	size_t i = kept_slot(l, k);
	if (l->kept[i].b == NULL) {
		l->kept[i] = *k;
		l->kept_used++;
	}
}

/* measure(l, b->child) of the kept group b, noted (struct kept_h). */
static double
measure_kept(struct lay *l, const struct block *b)
{
	bool ok = l->clip <= 0 && l->page_text == NULL;
	struct kept_h k = {b, l->width, l->vscale, 0, !(l->at.y > l->top)};
	if (ok && l->nkept > 0) {
		const struct kept_h *e = &l->kept[kept_slot(l, &k)];
		if (e->b != NULL && l->at.y + e->h <= l->stop_y)
			return e->h;
	}
	k.h = measure(l, b->child);
	if (ok && !layout_stopped() && k.h <= l->bottom - l->top && l->at.y + k.h <= l->stop_y)
		kept_note(l, &k);
	return k.h;
}

/* The height one block takes, from the current position. */
static double
measure_one(struct lay *l, const struct block *b)
{
	size_t mark = dl_measure(l->dl);
	struct cursor at = l->at;
	place_block(l, b, true, false);
	double h = l->at.y - at.y;
	dl_rollback(l->dl, mark);
	l->at = at;
	return h;
}

/* How many blocks a list holds. */
static size_t
count_blocks(const struct block *b)
{
	size_t n = 0;
	for (; b != NULL; b = b->next)
		n++;
	return n;
}

/* A tile fitted to its width (fit_tile): the blocks it is placed with, and what to free. */
struct fitted {
	const struct block *blocks; /* the tile's blocks, or their copies */
	struct block *copies;
	struct span *spans;
};

/*
 * A tile's blocks as they fit its inner width w: a paragraph whose widest
 * unbreakable piece (a figure with its unit, "24.000.000 $") is wider than w is
 * set smaller until it fits (down to half its size) instead of being split inside
 * the piece. The leading stays, so the lines of a row of tiles stay aligned.
 */
static struct fitted
fit_tile(struct lay *l, const struct block *t, double w)
{
	const struct block *first = t->kind == BLOCK_KEEP ? t->child : t;
	struct fitted f = {first, NULL, NULL};
	size_t n = 0, nspans = 0;
	bool wide = false;
	for (const struct block *b = first; b != NULL; b = t->kind == BLOCK_KEEP ? b->next : NULL) {
		n++;
		if (b->kind == BLOCK_PARA && lay_para_least(l, &b->para) > w + 1e-6) {
			wide = true;
			nspans += b->para.nspans;
		}
	}
	/* A lone block stands in the row's list: its copy ends the tile's. */
	if (!wide && t->kind == BLOCK_KEEP)
		return f;
	f.copies = xcalloc(n, sizeof(*f.copies));
	f.spans = nspans > 0 ? xcalloc(nspans, sizeof(*f.spans)) : NULL;
	size_t i = 0, s = 0;
	for (const struct block *b = first; b != NULL; b = t->kind == BLOCK_KEEP ? b->next : NULL) {
		struct block *c = &f.copies[i];
		*c = *b;
		c->next = i + 1 < n ? &f.copies[i + 1] : NULL;
		double least = b->kind == BLOCK_PARA ? lay_para_least(l, &b->para) : 0;
		if (least > w + 1e-6) {
			double k = fmax(0.5, w / least);
			memcpy(&f.spans[s], b->para.spans, b->para.nspans * sizeof(*f.spans));
			for (size_t j = 0; j < b->para.nspans; j++)
				f.spans[s + j].size *= k;
			c->para.spans = &f.spans[s];
			lay_para_forget(
			    &c->para); /* the original's notes are not the smaller copy's */
			s += b->para.nspans;
		}
		i++;
	}
	f.blocks = f.copies;
	return f;
}

static void
free_fitted(struct fitted *fit, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(fit[i].copies);
		free(fit[i].spans);
	}
	free(fit);
}

/*
 * Tiles side by side, each a column of blocks on its own background, all as tall
 * as the tallest, the row never split. A tile is a <tile> (kept blocks) or any
 * one block; a figure too wide for its tile is set smaller (fit_tile). The first
 * blocks of tiles of more than one (their labels) take the height of the tallest of
 * them, so a label of two lines does not set its figure lower than the others.
 */
static void
place_tiles(struct lay *l, const struct block *b, bool paginate)
{
	size_t n = count_blocks(b->child);
	if (n == 0)
		return;
	double left = l->left, width = l->width, pad = b->padding;
	double w = (width - b->gap * (double)(n - 1)) / (double)n, tallest = 0, head = 0;
	struct fitted *fit = xcalloc(n, sizeof(*fit));
	size_t i = 0;
	for (const struct block *t = b->child; t != NULL; t = t->next, i++) {
		l->left = left + (double)i * (w + b->gap) + pad;
		l->width = w - 2 * pad;
		fit[i] = fit_tile(l, t, l->width);
		if (fit[i].blocks->next != NULL)
			head = fmax(head, measure_one(l, fit[i].blocks));
	}
	for (i = 0; i < n; i++) {
		const struct block *f0 = fit[i].blocks;
		l->left = left + (double)i * (w + b->gap) + pad;
		l->width = w - 2 * pad;
		tallest =
		    fmax(tallest, f0->next != NULL ? head + measure(l, f0->next) : measure(l, f0));
	}
	double h = tallest + 2 * pad;
	l->left = left;
	l->width = width;
	if (paginate && h > l->bottom - l->top) {
		/* A row taller than a page (a figure of a thousand digits): the tiles' blocks one under another. */
		free_fitted(fit, n);
		place_blocks(l, b->child, true);
		return;
	}
	if (paginate && l->at.y + h > l->bottom + 1e-6 && l->at.y > l->top)
		lay_new_page(l);
	double y = l->at.y;
	i = 0;
	for (const struct block *t = b->child; t != NULL; t = t->next, i++) {
		double x = left + (double)i * (w + b->gap);
		/* A <tile fill="..."> (a kept block) has its own background, else the row's. */
		bool own = t->kind == BLOCK_KEEP && t->has_head_fill;
		if (own || b->has_head_fill)
			lay_add(l, (struct op){.kind = OP_RECT,
			                       .x = x,
			                       .y = y,
			                       .w = w,
			                       .h = h,
			                       .color = own ? t->head_fill : b->head_fill});
		l->left = x + pad;
		l->width = w - 2 * pad;
		l->at.y = y + pad;
		const struct block *f0 = fit[i].blocks;
		if (f0->next != NULL) {
			place_block(l, f0, true, false);
			l->at.y = y + pad + head;
			f0 = f0->next;
		}
		place_blocks(l, f0, false);
	}
	free_fitted(fit, n);
	l->left = left;
	l->width = width;
	l->at.y = y + h;
	if (paginate)
		lay_piece(l, l->at.page, "tiles", 0, 1, true, y, y + h, 0);
}

/* One block at the current position; first: the first of its list. */
static void
place_block(struct lay *l, const struct block *b, bool first, bool paginate)
{
	switch (b->kind) {
	case BLOCK_PARA:
	case BLOCK_HEADING:
		place_para_block(l, b, first, paginate);
		break;
	case BLOCK_TABLE:
		lay_table_place(l, b, paginate);
		break;
	case BLOCK_KEEP: {
		/* Kept together: to the next page when it fits there but not here. */
		double h = measure_kept(l, b);
		if (paginate && l->at.y + h > l->bottom + 1e-6 && l->at.y > l->top &&
		    h <= l->bottom - l->top)
			lay_new_page(l);
		place_blocks(l, b->child, paginate);
		break;
	}
	case BLOCK_TILES:
		place_tiles(l, b, paginate);
		break;
	case BLOCK_IMAGE:
		place_image(l, b, paginate);
		break;
	case BLOCK_CHART:
		if (b == l->swap.s1 && l->swap.t1->next == l->swap.s2 && l->at.y > l->top) {
			/*
			 * Moved forwards past a table or paragraphs (balanced endings): the
			 * space that follows it stands before it too, not only after.
			 */
			for (const struct block *s = b->next; s != l->swap.s2; s = s->next)
				l->at.y += vspace(l, s->height);
		}
		place_chart(l, b, paginate);
		break;
	case BLOCK_SPACE:
		l->at.y += vspace(l, b->height);
		if (paginate && l->at.y > l->bottom)
			lay_new_page(l);
		break;
	case BLOCK_RULE:
		if (paginate && l->at.y + b->height > l->bottom && l->at.y > l->top)
			lay_new_page(l);
		lay_add(l, (struct op){.kind = OP_LINE,
		                       .x = l->left,
		                       .y = l->at.y + b->height / 2,
		                       .w = l->width,
		                       .h = b->height,
		                       .color = b->color});
		l->at.y += b->height;
		break;
	case BLOCK_PAGEBREAK:
		if (paginate && l->at.y > l->top) {
			l->fills[l->at.page].forced = true;
			lay_new_page(l);
		}
		break;
	}
}

/*
 * After block b is placed, while a chart is moved: whether the first block after
 * the guard heading that is not a paragraph starts on the heading's page, or the
 * heading stands in the upper two thirds of its page (then it has text enough
 * under it): never a heading with a few lines at a page foot and what they
 * introduce over the page.
 */
static void
check_guard(struct lay *l, const struct block *b)
{
	if (b == l->swap.guard) {
		l->guard_page = l->at.page;
		l->guard_open = l->at.y > l->top + (l->bottom - l->top) * 2 / 3;
	} else if (l->guard_open && !plain_para(b) && b->kind != BLOCK_SPACE) {
		l->guard_open = false;
		l->guard_ok = l->piece_page == l->guard_page;
	}
}

static void
place_blocks(struct lay *l, const struct block *b, bool paginate)
{
	bool first = true;
	for (b = first_block(l, b); b != NULL && !layout_stopped() && l->at.y <= l->stop_y;
	     b = next_block(l, b), first = false) {
		if (paginate && b->kind != BLOCK_KEEP)
			l->block_id = l->nblocks++;
		place_block(l, b, first, paginate);
		if (paginate && l->swap.guard != NULL)
			check_guard(l, b);
		if (paginate)
			lay_safe_point(l);
	}
}

/*
 * A page's frame: the header in the top margin, the footer in the bottom one,
 * with its page fields filled in; lines past the margin's edge are cut.
 */
static void
place_frame(void *ctx, struct dl *dl, int page)
{
	struct lay *l = ctx;
	const struct page_setup *pg = &l->d->page;
	char num[16];
	snprintf(num, sizeof(num), "%d", page + 1);
	struct cursor at = l->at;
	struct flow body = l->flow;
	l->flow = l->frame_flow;
	l->page_text = num;
	l->pages_text = dl_pages_text(dl);
	l->at.page = page;
	if (l->d->header != NULL) {
		l->at.y = pg->top * 0.45;
		l->clip = pg->top;
		place_blocks(l, l->d->header, false);
	}
	if (l->d->footer != NULL) {
		l->at.y = pg->height - pg->bottom + pg->bottom * 0.35;
		l->clip = pg->height;
		place_blocks(l, l->d->footer, false);
	}
	/* The body itself never shows page numbers but as 0, as it did. */
	l->page_text = l->pages_text = NULL;
	l->clip = 0;
	l->at = at;
	l->frame_flow = l->flow;
	l->flow = body;
}

/* Lays out the body from the top of the first page. */
static void
place_body(struct lay *l)
{
	l->at.page = -1;
	l->nblocks = l->block_id = 0;
	l->ink_page = -1;
	l->ink_bottom = 0;
	l->guard_open = false;
	l->guard_ok = true;
	l->piece_block = -1;
	lay_new_page(l);
	place_blocks(l, l->d->body, true);
}

/* How far down the last page the body's lowest piece ends, 0 to 1. */
static double
last_fill(const struct lay *l)
{
	if (l->ink_page != l->at.page)
		return 0;
	return (l->ink_bottom - l->top) / (l->bottom - l->top);
}

/*
 * The measure of a layout's page fill (balanced endings): the sum over its pages
 * of the squared share left empty below the lowest piece, the pages that end at a
 * <page-break> aside (the template wants them so). Lower is better: a page fewer
 * drops a term, and two pages half full weigh less than one full and one empty.
 */
static double
fill_cost(const struct lay *l)
{
	double cost = 0;
	for (int p = 0; p <= l->at.page; p++) {
		if (l->fills[p].forced)
			continue;
		double empty = 1 - (l->fills[p].ink - l->top) / (l->bottom - l->top);
		empty = fmax(0, fmin(1, empty));
		cost += empty * empty;
	}
	return cost;
}

/* A block a floating chart may move past forwards: a plain paragraph or a table. */
static bool
passable(const struct block *b)
{
	return plain_para(b) || (b != NULL && b->kind == BLOCK_TABLE);
}

/*
 * The moves of the floating charts of the list body (balanced endings), at most
 * max into out; returns how many. A chart marked float="yes" moves with the
 * <space> right after it: past the next one, two or three paragraphs or tables,
 * or before the paragraph before it unless a heading would then stand right above
 * it. Never past a heading, list, keep, other chart or page break, so it stays in
 * its section; a chart not marked never moves. The section's heading guards the
 * move (struct lay_swap).
 */
static size_t
float_moves(const struct block *body, struct lay_swap *out, size_t max)
{
	size_t n = 0;
	const struct block *before2 = NULL, *before = NULL; /* the two blocks before b */
	const struct block *heading = NULL;                 /* the last one before b */
	for (const struct block *b = body; b != NULL; before2 = before, before = b, b = b->next) {
		if (b->kind == BLOCK_HEADING)
			heading = b;
		if (b->kind != BLOCK_CHART || !b->floats)
			continue;
		const struct block *t = b;
		while (t->next != NULL && t->next->kind == BLOCK_SPACE)
			t = t->next;
		const struct block *p = t->next;
		for (int k = 0; k < 3 && passable(p) && n < max; k++, p = p->next)
			out[n++] = (struct lay_swap){before, b, t, t->next, p, p->next, heading};
		if (plain_para(before) && before2 != NULL && before2->kind != BLOCK_HEADING &&
		    n < max)
			out[n++] =
			    (struct lay_swap){before2, before, before, b, t, t->next, heading};
	}
	return n;
}

/* What a balanced ending changes: the vertical glue's factor, a floating chart's place. */
struct balance {
	double vscale;
	struct lay_swap swap;
};

enum { MAX_MOVES = 8 };

/*
 * Balanced endings: a document of more than one page whose last page would be less
 * than a fifth full (the closing and signature alone) is laid out again, counting
 * only, once for each move of a floating chart (float_moves) and once for each
 * factor of the vertical space between blocks (space-before, space-after,
 * <space>) from 0.6 to 1.4, the nearest to as designed first. Of those that end on
 * a page at least a fifth full without adding a page and keep the guard heading
 * with what it introduces, the one with the least fill_cost plus twice the squared
 * change of the spacing is taken (on a tie the first); else the document stays as
 * designed. The first that saves a page is taken at once (to keep it cheap: of
 * those, the nearest to as designed comes first). At most MAX_MOVES + 7 passes.
 */
static struct balance
balance(struct lay *l, int pages)
{
	static const double scales[] = {0.9, 1.15, 0.8, 1.3, 0.7, 1.4, 0.6};
	const size_t nscales = sizeof(scales) / sizeof(scales[0]);
	struct balance best = {1, {0}};
	if (pages < 2 || last_fill(l) >= 0.2)
		return best;
	struct lay_swap moves[MAX_MOVES];
	size_t nmoves = float_moves(l->d->body, moves, MAX_MOVES);
	const struct page_setup *pg = &l->d->page;
	struct dl *dl = l->dl;
	double best_cost = INFINITY;
	bool shorter = false; /* the best saves a page: taken at once, the rest not tried */
	for (size_t i = 0; i < nmoves + nscales && !shorter && !layout_stopped(); i++) {
		struct balance c = i < nmoves ? (struct balance){1, moves[i]}
		                              : (struct balance){scales[i - nmoves], {0}};
		l->dl = dl_new(l->dev, pg->width, pg->height, 0, place_frame, l);
		l->vscale = c.vscale;
		l->swap = c.swap;
		place_body(l);
		double cost = fill_cost(l);
		cost += 2 * (c.vscale - 1) * (c.vscale - 1);
		if (!layout_stopped() && l->guard_ok && l->at.page + 1 <= pages &&
		    (l->at.page == 0 || last_fill(l) >= 0.2) && cost < best_cost) {
			best = c;
			best_cost = cost;
			shorter = l->at.page + 1 < pages;
		}
		dl_free(l->dl);
	}
	l->dl = dl;
	l->vscale = 1;
	l->swap = (struct lay_swap){0};
	return best;
}

void
lay_new_serial(struct lay *l)
{
	static _Atomic unsigned long serials;
	l->serial = ++serials;
}

struct layout_result
layout_doc(const struct doc *d, const struct dev *dev, const struct hyph *h)
{
	const struct page_setup *pg = &d->page;
	struct lay l = {.d = d, .dev = dev, .hyph = h, .stop_y = INFINITY, .vscale = 1};
	lay_new_serial(&l);
	l.left = pg->left;
	l.width = pg->width - pg->left - pg->right;
	l.top = pg->top;
	l.bottom = pg->height - pg->bottom;
	l.dl = dl_new(dev, pg->width, pg->height, ops_limit, place_frame, &l);
	l.tables = lay_tables_new();
	place_body(&l);
	int pages = l.at.page + 1;
	struct balance bal = layout_stopped() ? (struct balance){1, {0}} : balance(&l, pages);
	if (bal.vscale != 1 || bal.swap.s1 != NULL) {
		/* Nothing was drawn yet: the list kept or counted. */
		dl_free(l.dl);
		l.dl = dl_new(dev, pg->width, pg->height, ops_limit, place_frame, &l);
		l.vscale = bal.vscale;
		l.swap = bal.swap;
		place_body(&l);
		pages = l.at.page + 1;
	}
	/* A long document was only counted: again, drawing each page when complete. */
	if (!layout_stopped() && dl_again(l.dl, pages))
		place_body(&l);
	if (!layout_stopped())
		dl_finish(l.dl, pages);
	dl_free(l.dl);
	lay_tables_free(l.tables);
	free(l.kept);
	lay_flow_free(&l.flow);
	lay_flow_free(&l.frame_flow);
	free(l.fills);
	arena_free(l.memo);
	struct layout_result r = {pages, l.nmissing, l.first_missing, layout_stopped()};
	free(l.missing);
	return r;
}
