/* SPDX-License-Identifier: MIT */
/* The layout's display list: what is placed on which page, drawn on the device page by page. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_dl.h"
#include "mem.h"

enum dl_mode {
	DL_KEEP,  /* every op held, drawn at the end */
	DL_COUNT, /* counting pages, holding ops only until the next safe point */
	DL_STREAM /* the page count known: complete pages drawn at once */
};

struct dl {
	const struct dev *dev;
	double width, height; /* of every page, pt */
	size_t limit;
	dl_frame_fn *frame;
	void *frame_ctx;
	enum dl_mode mode;
	struct op *ops;
	size_t nops, opcap;
	int measuring;       /* dl_measure depth: ops added now are never drawn */
	struct arena **text; /* per page, the text of its ops; NULL when none or drawn */
	size_t ntext;
	int drawn;      /* pages drawn on the device so far */
	char pages[16]; /* the page count as text, once known */
};

struct dl *
dl_new(const struct dev *dev, double width, double height, size_t limit, dl_frame_fn *frame,
       void *ctx)
{
	struct dl *dl = xcalloc(1, sizeof(*dl));
	dl->dev = dev;
	dl->width = width;
	dl->height = height;
	dl->limit = limit;
	dl->frame = frame;
	dl->frame_ctx = ctx;
	return dl;
}

/* Frees the text of the pages before upto. */
static void
drop_text(struct dl *dl, size_t upto)
{
	for (size_t p = 0; p < upto && p < dl->ntext; p++) {
		arena_free(dl->text[p]);
		dl->text[p] = NULL;
	}
}

void
dl_free(struct dl *dl)
{
	if (dl == NULL)
		return;
	drop_text(dl, dl->ntext);
	free(dl->text);
	free(dl->ops);
	free(dl);
}

size_t
dl_add(struct dl *dl, const struct op *o)
{
	assert(o->page >= 0 && o->page >= dl->drawn);
	/* Never drawn: measured or counted ops are not even held. */
	if (!dl_holds(dl))
		return SIZE_MAX;
	xgrow(&dl->ops, &dl->opcap, dl->nops, sizeof(*dl->ops));
	struct op *n = &dl->ops[dl->nops];
	*n = *o;
	if (n->s == NULL) {
		n->len = 0;
	} else {
		size_t p = (size_t)n->page;
		xgrow(&dl->text, &dl->ntext, p, sizeof(*dl->text));
		if (dl->text[p] == NULL)
			dl->text[p] = arena_new();
		n->s = arena_strndup(dl->text[p], o->s, o->len);
	}
	return dl->nops++;
}

bool
dl_holds(const struct dl *dl)
{
	return dl->measuring == 0 && dl->mode != DL_COUNT;
}

size_t
dl_count(const struct dl *dl)
{
	return dl->nops;
}

const struct op *
dl_get(const struct dl *dl, size_t i)
{
	assert(i < dl->nops);
	return &dl->ops[i];
}

void
dl_set_box(struct dl *dl, size_t i, double x, double y, double w, double h, uint32_t rgb)
{
	if (i == SIZE_MAX)
		return;
	assert(i < dl->nops);
	struct op *o = &dl->ops[i];
	o->x = x;
	o->y = y;
	o->w = w;
	o->h = h;
	o->color = rgb;
}

size_t
dl_measure(struct dl *dl)
{
	dl->measuring++;
	return dl->nops;
}

void
dl_rollback(struct dl *dl, size_t mark)
{
	assert(dl->measuring > 0 && mark == dl->nops);
	(void)mark;
	dl->measuring--;
}

static void
emit(const struct dev *dev, const struct op *o)
{
	switch (o->kind) {
	case OP_TEXT: {
		/* A no-break space is a gap of a space's width, so extraction reads a space. */
		const char *s = o->s, *end = o->s + o->len;
		double x = o->x;
		for (;;) {
			const char *nb = s;
			while (nb < end && !(nb + 1 < end && (unsigned char)nb[0] == 0xC2 &&
			                     (unsigned char)nb[1] == 0xA0))
				nb++;
			if (nb > s)
				dev->text(dev->ctx, x, o->y, o->font, o->size, o->color, s,
				          (size_t)(nb - s));
			if (nb == end)
				break;
			x += dev->width(dev->ctx, o->font, o->size, s, (size_t)(nb - s)) +
			     dev->width(dev->ctx, o->font, o->size, " ", 1);
			s = nb + 2;
		}
		break;
	}
	case OP_LINE:
		dev->line(dev->ctx, o->x, o->y, o->x + o->w, o->y, o->h, o->color);
		break;
	case OP_SEGMENT:
		dev->line(dev->ctx, o->x, o->y, o->w, o->h, o->size, o->color);
		break;
	case OP_RECT:
		dev->rect(dev->ctx, o->x, o->y, o->w, o->h, o->color);
		break;
	case OP_BOOKMARK:
		dev->bookmark(dev->ctx, o->level, o->s, o->y);
		break;
	case OP_IMAGE:
		dev->image(dev->ctx, o->img, o->x, o->y, o->w, o->h);
		break;
	case OP_PIECE:
		if (dev->piece != NULL)
			dev->piece(dev->ctx,
			           &(struct dev_piece){o->s, o->level, (size_t)o->x, (size_t)o->w,
			                               o->size != 0, o->y, o->h, o->font});
		break;
	}
}

static int
by_page(const void *a, const void *b)
{
	const struct op *x = a, *y = b;
	if (x->page != y->page)
		return x->page < y->page ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/*
 * Draws the pages before page upto that are not drawn yet: per page its frame,
 * then the body's ops. The ops of later pages stay.
 */
static void
draw(struct dl *dl, int upto)
{
	assert(dl->measuring == 0 && dl->mode != DL_COUNT);
	if (dl->drawn >= upto)
		return;
	/* A label goes in after its paragraph's lines, which may run onto the next page. */
	for (size_t i = 0; i < dl->nops; i++)
		dl->ops[i].seq = i;
	qsort(dl->ops, dl->nops, sizeof(*dl->ops), by_page);
	const struct dev *dev = dl->dev;
	size_t body = dl->nops, k = 0;
	for (int p = dl->drawn; p < upto; p++) {
		dev->page(dev->ctx, dl->width, dl->height);
		size_t mark = dl->nops;
		dl->frame(dl->frame_ctx, dl, p);
		for (size_t i = mark; i < dl->nops; i++)
			emit(dev, &dl->ops[i]);
		dl->nops = mark;
		for (; k < body && dl->ops[k].page == p; k++)
			emit(dev, &dl->ops[k]);
	}
	dl->drawn = upto;
	memmove(dl->ops, dl->ops + k, (body - k) * sizeof(*dl->ops));
	dl->nops = body - k;
	drop_text(dl, (size_t)upto);
}

void
dl_safe_point(struct dl *dl, int page)
{
	assert(dl->measuring == 0);
	if (dl->mode == DL_KEEP && dl->nops > dl->limit) {
		dl->mode = DL_COUNT;
		/* Streaming needs the room of a page or two, not what counting began with. */
		free(dl->ops);
		dl->ops = NULL;
		dl->nops = dl->opcap = 0;
		drop_text(dl, dl->ntext);
	}
	if (dl->mode == DL_STREAM)
		draw(dl, page);
}

bool
dl_again(struct dl *dl, int pages)
{
	snprintf(dl->pages, sizeof(dl->pages), "%d", pages);
	if (dl->mode != DL_COUNT)
		return false;
	dl->mode = DL_STREAM;
	dl->nops = 0;
	return true;
}

void
dl_finish(struct dl *dl, int pages)
{
	draw(dl, pages);
}

const char *
dl_pages_text(const struct dl *dl)
{
	return dl->pages;
}
