/* SPDX-License-Identifier: MIT */
/* Tables: column widths, rows stored or made when reached, heads repeated, rows kept whole. */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "layout_int.h"
#include "mem.h"

/* A table's column widths at a text width. */
struct geom {
	const struct block *b;
	double width; /* the text width they were worked out for */
	double *w;    /* column widths, pt */
	double *tail; /* decimal columns: the widest tail of their body cells */
};

/*
 * What the tables of one layout keep: the last two made rows asked for, each in
 * an arena of its own (a made row goes when two others have been made since), and
 * the geometry of the body's tables, worked out once per text width (a table is
 * measured for keeps, placed, and placed again by each try at a balanced ending),
 * found through an open hash of indexes into geoms (0: empty; nslots a power of
 * two, at most half full).
 */
struct tables {
	struct made_slot {
		const struct block *b;
		size_t i;
		struct arena *a;
		struct trow row;
	} slot[2];
	int last;
	struct geom *geoms;
	size_t ngeoms, geomcap;
	size_t *slots;
	size_t nslots;
};

struct tables *
lay_tables_new(void)
{
	return xcalloc(1, sizeof(struct tables));
}

void
lay_tables_free(struct tables *t)
{
	if (t == NULL)
		return;
	arena_free(t->slot[0].a);
	arena_free(t->slot[1].a);
	for (size_t k = 0; k < t->ngeoms; k++) {
		free(t->geoms[k].w);
		free(t->geoms[k].tail);
	}
	free(t->geoms);
	free(t->slots);
	free(t);
}

static size_t
table_rows(const struct block *b)
{
	return b->nrows + (b->made != NULL ? b->made->n : 0);
}

/*
 * Row r of a table: a stored one, or one made now. A made row stays until two
 * other made rows have been asked for.
 */
static const struct trow *
row_at(struct lay *l, const struct block *b, size_t r)
{
	const struct row_maker *m = b->made;
	if (m == NULL || r < m->at)
		return &b->rows[r];
	if (r >= m->at + m->n)
		return &b->rows[r - m->n];
	size_t i = r - m->at;
	struct tables *t = l->tables;
	for (int k = 0; k < 2; k++)
		if (t->slot[k].a != NULL && t->slot[k].b == b && t->slot[k].i == i) {
			t->last = k;
			return &t->slot[k].row;
		}
	int k = !t->last;
	struct made_slot *sl = &t->slot[k];
	arena_free(sl->a);
	sl->a = arena_new();
	sl->b = b;
	sl->i = i;
	m->make(m->ctx, i, sl->a, &sl->row);
	t->last = k;
	return &sl->row;
}

/*
 * The shared columns' widths: each its share of rest, unless a word would not fit
 * a column so (min[c], its widest word and padding): then such columns get their
 * least width, taken from the others in proportion to what they have over
 * theirs, as browsers set tables. Where no assignment avoids it, the shares stay
 * and words are hyphenated.
 */
static void
share_widths(const struct block *b, double rest, const double *least, double *w)
{
	double shares = 0, need = 0, slack = 0;
	for (size_t c = 0; c < b->ncols; c++)
		if (b->cols[c].relative && !b->cols[c].fit)
			shares += b->cols[c].width;
	for (size_t c = 0; c < b->ncols; c++) {
		if (!b->cols[c].relative || b->cols[c].fit)
			continue;
		w[c] = rest * b->cols[c].width / shares;
		if (w[c] < least[c])
			need += least[c] - w[c];
		else
			slack += w[c] - least[c];
	}
	if (need <= 0 || slack < need)
		return;
	for (size_t c = 0; c < b->ncols; c++) {
		if (!b->cols[c].relative || b->cols[c].fit)
			continue;
		if (w[c] < least[c])
			w[c] = least[c];
		else
			w[c] -= (w[c] - least[c]) * need / slack;
	}
}

/*
 * Column widths: fixed ones as given, fitted ones ("auto") as wide as their widest
 * cell, relative ones ("2*") share what is left, each at least as wide as its
 * widest word where the others can spare it. All shrink in proportion when the
 * fixed and fitted ones overrun the text width. With tail (not NULL), for the
 * columns aligned on the decimal comma the widest tail of their body cells. One
 * pass over the rows, since made ones are made for it.
 */
static void
column_widths(struct lay *l, const struct block *b, double *w, double *tail)
{
	double *widest = xcalloc(b->ncols, sizeof(double));
	double *least = xcalloc(b->ncols, sizeof(double));
	for (size_t r = 0, n = table_rows(b); r < n && !layout_stopped(); r++) {
		const struct trow *row = row_at(l, b, r);
		for (size_t c = 0; c < b->ncols && c < row->ncells; c++) {
			const struct para *p = &row->cells[c];
			if (p->style == NULL)
				continue;
			if (b->cols[c].fit)
				widest[c] = fmax(widest[c], lay_para_natural(l, p));
			else if (b->cols[c].relative && p->chart == NULL)
				least[c] =
				    fmax(least[c], lay_para_least(l, p) + 2 * b->padding + 0.01);
			if (tail != NULL && b->cols[c].align == ALIGN_DECIMAL && !row->head)
				tail[c] = fmax(tail[c], lay_para_tail(l, p));
		}
	}
	double taken = 0;
	for (size_t c = 0; c < b->ncols; c++) {
		const struct tcol *col = &b->cols[c];
		if (col->fit) {
			w[c] = widest[c] + 2 * b->padding + 0.01;
			taken += w[c];
		} else if (!col->relative) {
			w[c] = col->width;
			taken += w[c];
		}
	}
	share_widths(b, fmax(0, l->width - taken), least, w);
	double sum = 0;
	for (size_t c = 0; c < b->ncols; c++)
		sum += w[c];
	if (sum > l->width)
		for (size_t c = 0; c < b->ncols; c++)
			w[c] *= l->width / sum;
	free(widest);
	free(least);
}

/* Where the geometry of b at width belongs in t->slots: its slot, or the empty one it would take. */
static size_t
geom_slot(const struct tables *t, const struct block *b, double width)
{
	size_t mask = t->nslots - 1;
	size_t i = (size_t)(((uintptr_t)b >> 4) * 0x9E3779B97F4A7C15u) & mask;
	for (; t->slots[i] != 0; i = (i + 1) & mask) {
		const struct geom *g = &t->geoms[t->slots[i] - 1];
		if (g->b == b && g->width == width)
			break;
	}
	return i;
}

/* Keeps g in t (its hash at most half full). */
static void
geom_keep(struct tables *t, struct geom g)
{
	if (2 * (t->ngeoms + 1) > t->nslots) {
		free(t->slots);
		t->nslots = t->nslots ? 2 * t->nslots : 16;
		t->slots = xcalloc(t->nslots, sizeof(*t->slots));
		for (size_t k = 0; k < t->ngeoms; k++)
			t->slots[geom_slot(t, t->geoms[k].b, t->geoms[k].width)] = k + 1;
	}
	xgrow(&t->geoms, &t->geomcap, t->ngeoms, sizeof(*t->geoms));
	t->geoms[t->ngeoms++] = g;
	t->slots[geom_slot(t, g.b, g.width)] = t->ngeoms;
}

/*
 * A table's geometry at the current text width: in the body worked out once per
 * layout (it depends on nothing else there; making ten thousand rows is not for
 * every pass). *fresh tells the caller to free it. A header's or footer's table
 * is worked out anew on every page: its page fields ("9", then "10") may widen a
 * column.
 */
static struct geom
geometry(struct lay *l, const struct block *b, bool *fresh)
{
	struct tables *t = l->tables;
	bool keep = l->page_text == NULL;
	if (keep && t->nslots > 0) {
		size_t k = t->slots[geom_slot(t, b, l->width)];
		if (k != 0) {
			*fresh = false;
			return t->geoms[k - 1];
		}
	}
	struct geom g = {b, l->width, xcalloc(b->ncols, sizeof(double)),
	                 xcalloc(b->ncols, sizeof(double))};
	column_widths(l, b, g.w, g.tail);
	*fresh = !keep || layout_stopped();
	if (!*fresh)
		geom_keep(t, g);
	return g;
}

static void
geometry_done(struct geom *g, bool fresh)
{
	if (fresh) {
		free(g->w);
		free(g->tail);
	}
}

static double
row_height(struct lay *l, const struct block *b, const struct trow *r, const double *w)
{
	double h = 0;
	for (size_t c = 0; c < r->ncells; c++) {
		if (r->cells[c].style == NULL)
			continue;
		double ch = lay_para_height(l, &r->cells[c], w[c] - 2 * b->padding, true);
		if (ch > h)
			h = ch;
	}
	return h + 2 * b->padding;
}

/*
 * Where a cell of a row split over pages stands: its paragraph broken once, in a
 * flow of its own, and the next line to place.
 */
struct cell_at {
	struct flow flow;
	size_t line;
	bool begun, done;
};

/*
 * Places the lines of a cell's paragraph that fit in avail (pt of text height) at
 * its top y: all of them (at NULL), or from where *at stands, moving it on.
 * Returns the height placed.
 */
static double
place_cell(struct lay *l, const struct block *b, const struct trow *r, const struct geom *g,
           size_t c, double x, double y, struct cell_at *at, double avail)
{
	const struct para *p = &r->cells[c];
	double inner = g->w[c] - 2 * b->padding;
	struct flow *f = at != NULL ? &at->flow : &l->flow;
	if (at == NULL || !at->begun) {
		lay_flow_break(l, f, p, inner - p->style->indent, true);
		if (at != NULL) {
			at->line = 0;
			at->begun = true;
		}
	}
	enum align al = b->cols[c].align;
	double right_in = 0;
	if (al == ALIGN_DECIMAL) {
		/* Right-aligned, moved left by what its tail lacks of the column's. */
		al = ALIGN_RIGHT;
		if (!r->head && f->nlines == 1 && !f->more)
			right_in = fmin(inner, fmax(0, g->tail[c] - lay_para_tail(l, p)));
	}
	double h = 0;
	size_t i = at != NULL ? at->line : 0;
	for (bool full = false; !full;) {
		for (; i < f->nlines; i++) {
			const struct line *ln = &f->lines[i];
			if (h + ln->height > avail + 1e-6 && h > 0) {
				full = true;
				break;
			}
			double baseline = y + h + (ln->height - ln->size) / 2 + ln->size * 0.8;
			lay_line_place(l, f, ln, al, x + b->padding + p->style->indent,
			               inner - p->style->indent - right_in, baseline);
			h += ln->height;
		}
		if (!full && !lay_flow_next(l, f))
			break;
		if (!full)
			i = 0;
	}
	if (at != NULL) {
		at->line = i;
		at->done = i == f->nlines && !f->more;
	}
	return h;
}

/*
 * Places a row, or the part of it that fits in avail (pt of text height): at[c]
 * says where each cell stands and is moved on (NULL: the whole row). Returns true
 * when every line of the row is placed.
 */
static bool
place_row(struct lay *l, const struct block *b, const struct trow *r, const struct geom *g,
          size_t body_index, struct cell_at *at, double avail)
{
	bool fill = r->head ? b->has_head_fill : (b->has_stripe && body_index % 2 == 1);
	size_t fill_op = 0;
	if (fill)
		fill_op = lay_add(l, (struct op){.kind = OP_RECT});
	double y0 = l->at.y, used = 0, x = l->left;
	bool done = true;
	for (size_t c = 0; c < r->ncells; x += g->w[c], c++) {
		const struct para *p = &r->cells[c];
		struct cell_at *ca = at != NULL ? &at[c] : NULL;
		if (p->style == NULL)
			continue;
		if (p->chart != NULL) {
			/* A sparkline fills its cell's width (or its own), on the first slice only. */
			if (ca == NULL || !ca->begun) {
				double inner = g->w[c] - 2 * b->padding;
				double cw = p->chart_w > 0 ? fmin(p->chart_w, inner) : inner;
				lay_chart(l, p->chart, x + b->padding, y0 + b->padding, cw,
				          p->chart_h);
				used = fmax(used, p->chart_h);
			}
			if (ca != NULL)
				ca->begun = ca->done = true;
			continue;
		}
		double h = place_cell(l, b, r, g, c, x, y0 + b->padding, ca, avail);
		done &= ca == NULL || ca->done;
		used = fmax(used, h);
	}
	double h = used + 2 * b->padding;
	if (fill)
		dl_set_box(l->dl, fill_op, l->left, y0, l->width, h,
		           r->head ? b->head_fill : b->stripe);
	l->at.y = y0 + h;
	if (b->height > 0)
		lay_add(l, (struct op){.kind = OP_LINE,
		                       .x = l->left,
		                       .y = l->at.y,
		                       .w = l->width,
		                       .h = b->height * (r->head ? 2 : 1),
		                       .color = b->color});
	return done;
}

/*
 * What must follow a table's head on its page: the first row, or of a row taller
 * than a page (that is split anyway) its first two lines.
 */
static double
first_row(struct lay *l, const struct block *b, const struct trow *r, const double *w)
{
	double line = 0;
	for (size_t c = 0; c < r->ncells; c++)
		if (r->cells[c].style != NULL)
			line = fmax(line, r->cells[c].style->leading);
	return fmin(row_height(l, b, r, w), 2 * line + 2 * b->padding);
}

/* Head rows are stored rows: a made row is a body row. */
static void
place_heads(struct lay *l, const struct block *b, const struct geom *g)
{
	for (size_t k = 0; k < b->nrows; k++)
		if (b->rows[k].head)
			place_row(l, b, &b->rows[k], g, 0, NULL, INFINITY);
}

static void
next_page(struct lay *l, const struct block *b, const struct geom *g, bool any_head)
{
	lay_new_page(l);
	if (any_head)
		place_heads(l, b, g);
}

/* A row taller than a page: as many lines as fit, then on, under the head again. */
static void
place_tall_row(struct lay *l, const struct block *b, const struct trow *row, const struct geom *g,
               size_t body_index, bool any_head)
{
	struct cell_at *at = xcalloc(b->ncols, sizeof(*at));
	double line = 0;
	for (size_t c = 0; c < row->ncells; c++)
		if (row->cells[c].style != NULL)
			line = fmax(line, row->cells[c].style->leading);
	while (!layout_stopped()) {
		double avail = l->bottom - l->at.y - 2 * b->padding;
		/* Not even a line's room left: the row starts on the next page. */
		if (avail < line && l->at.y > l->top) {
			next_page(l, b, g, any_head);
			continue;
		}
		if (place_row(l, b, row, g, body_index, at, avail))
			break;
		next_page(l, b, g, any_head);
	}
	for (size_t c = 0; c < b->ncols; c++)
		lay_flow_free(&at[c].flow);
	free(at);
}

/* The body rows of a table (made ones are body rows). */
static size_t
body_rows(const struct block *b)
{
	size_t n = b->made != NULL ? b->made->n : 0;
	for (size_t r = 0; r < b->nrows; r++)
		n += !b->rows[r].head;
	return n;
}

/* The table row (as row_at counts) of body row i; SIZE_MAX when there is none. */
static size_t
body_row(const struct block *b, size_t i)
{
	size_t at = b->made != NULL ? b->made->at : b->nrows;
	size_t made = b->made != NULL ? b->made->n : 0;
	for (size_t r = 0; r < at; r++)
		if (!b->rows[r].head && i-- == 0)
			return r;
	if (i < made)
		return at + i;
	i -= made;
	for (size_t r = at; r < b->nrows; r++)
		if (!b->rows[r].head && i-- == 0)
			return r + made;
	return SIZE_MAX;
}

/* The height of k body rows from body row from on. */
static double
body_height(struct lay *l, const struct block *b, const struct geom *g, size_t from, size_t k)
{
	double h = 0;
	for (size_t i = from; i < from + k; i++) {
		size_t r = body_row(b, i);
		if (r == SIZE_MAX)
			break;
		h += row_height(l, b, row_at(l, b, r), g->w);
	}
	return h;
}

/*
 * What a table needs on the page it starts on: its head and three body rows, so
 * that a break leaves at least three on each side; all of a table too short to
 * break so (fewer than six), which moves whole. Where that is more than a page,
 * the head and the first row (of a row taller than a page its first two lines).
 */
static double
start_need(struct lay *l, const struct block *b, const struct geom *g, double heads)
{
	size_t body = body_rows(b);
	double need = heads + body_height(l, b, g, 0, body < 6 ? body : 3);
	if (need <= l->bottom - l->top)
		return need;
	size_t r = body_row(b, 0);
	return heads + (r != SIZE_MAX ? first_row(l, b, row_at(l, b, r), g->w) : 0);
}

/* The body rows of a table on one page, told to the device as a piece. */
struct chunk {
	int page; /* -1: none yet */
	size_t first, count;
	double top, bottom;
	int split; /* 1: a row of it runs over pages */
};

static void
chunk_flush(struct lay *l, struct chunk *c, bool last)
{
	if (c->page >= 0)
		lay_piece(l, c->page, "table", c->first, c->count, last, c->top, c->bottom,
		          c->split);
	c->page = -1;
}

/* Body row r, from top on page to the current position, goes into the chunks. */
static void
chunk_add(struct lay *l, struct chunk *c, size_t r, int page, double top)
{
	if (c->page != page) {
		chunk_flush(l, c, false);
		*c = (struct chunk){page, r, 0, top, top, 0};
	}
	c->count++;
	if (l->at.page != page) {
		/* Split over pages: on each page it reaches, a piece of one row. */
		c->split = 1;
		for (int p = page + 1; p <= l->at.page; p++) {
			chunk_flush(l, c, false);
			*c = (struct chunk){p, r, 1, l->top, l->bottom, 1};
		}
	}
	c->bottom = l->at.y;
}

/*
 * A table: head rows repeated at the top of every page it runs onto, rows kept
 * whole; a row taller than a page is split between lines, never inside one.
 */
void
lay_table_place(struct lay *l, const struct block *b, bool paginate)
{
	if (b->ncols == 0)
		return;
	bool fresh;
	struct geom g = geometry(l, b, &fresh);
	double heads = 0;
	bool any_head = false;
	for (size_t r = 0; r < b->nrows; r++)
		if (b->rows[r].head) {
			heads += row_height(l, b, &b->rows[r], g.w);
			any_head = true;
		}
	size_t body_index = 0, body = body_rows(b);
	bool heads_placed = false;
	struct chunk chunk = {.page = -1};
	/* The head never alone at a page's foot, nor fewer than three rows under it. */
	if (paginate && l->at.y + start_need(l, b, &g, heads) > l->bottom + 1e-6 &&
	    l->at.y > l->top)
		lay_new_page(l);
	for (size_t r = 0, n = table_rows(b); r < n && !layout_stopped(); r++) {
		const struct trow *row = row_at(l, b, r);
		if (row->head) {
			if (!heads_placed)
				place_heads(l, b, &g);
			heads_placed = true;
			continue;
		}
		/*
		 * The last three rows go together when the rows before them can stay
		 * three or more: a break leaves no one or two rows alone.
		 */
		if (paginate && body >= 6 && body - body_index == 3 && chunk.page == l->at.page &&
		    chunk.count >= 3) {
			if (l->at.y + body_height(l, b, &g, body_index, 3) > l->bottom + 1e-6)
				next_page(l, b, &g, any_head);
			row = row_at(l, b, r); /* a made row may have gone meanwhile */
		}
		double h = row_height(l, b, row, g.w);
		double room = l->bottom - l->top - (any_head ? heads : 0);
		if (paginate && l->at.y + h > l->bottom + 1e-6 && h <= room)
			next_page(l, b, &g, any_head);
		int page = l->at.page;
		double top = l->at.y;
		if (!paginate || l->at.y + h <= l->bottom + 1e-6)
			place_row(l, b, row, &g, body_index, NULL, INFINITY);
		else
			place_tall_row(l, b, row, &g, body_index, any_head);
		if (paginate) {
			chunk_add(l, &chunk, body_index, page, top);
			lay_safe_point(l);
		} else if (l->at.y > l->stop_y) {
			break;
		}
		body_index++;
	}
	if (paginate)
		chunk_flush(l, &chunk, true);
	geometry_done(&g, fresh);
}

double
lay_table_first(struct lay *l, const struct block *b)
{
	if (b->ncols == 0)
		return 0;
	bool fresh;
	struct geom g = geometry(l, b, &fresh);
	double heads = 0;
	for (size_t r = 0; r < b->nrows; r++)
		if (b->rows[r].head)
			heads += row_height(l, b, &b->rows[r], g.w);
	double h = start_need(l, b, &g, heads);
	geometry_done(&g, fresh);
	return h;
}
