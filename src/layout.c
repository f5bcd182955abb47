/* SPDX-License-Identifier: MIT */
/* The layout engine: text flow, tables and pagination of a document onto a device. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "mem.h"
#include "utf8.h"

/*
 * Two passes: the body is laid out into a display list of pages first, so that
 * the page count is known when the header and footer ("Seite 2 von 3") are drawn
 * in the second pass, page by page, onto the device.
 */

enum op_kind {
	OP_TEXT,
	OP_LINE,
	OP_RECT,
	OP_BOOKMARK
};

struct op {
	enum op_kind kind;
	int page; /* 0-based */
	double x, y, w, h;
	int font;
	double size;
	uint32_t color;
	const char *s;
	size_t len;
	int level;
};

/* A piece of a word in one span. */
struct frag {
	const struct span *span;
	const char *s;
	size_t len;
	double width;
};

struct word {
	size_t first, nfrags; /* into the fragment array */
	double width;
	double space;         /* the width of a space after it, in its last font */
};

struct line {
	size_t first, nwords;
	double width;  /* words and the spaces between them */
	double height; /* the leading */
	double size;   /* the largest font size on the line */
	bool last;     /* the paragraph's last line: never justified */
};

struct flow {
	struct frag *frags;
	size_t nfrags, fcap;
	struct word *words;
	size_t nwords, wcap;
	struct line *lines;
	size_t nlines, lcap;
};

struct lay {
	const struct doc *d;
	const struct dev *dev;
	struct op *ops;
	size_t nops, opcap;
	int page;          /* current page, 0-based; -1 before the first */
	double y;          /* next free position, from the top */
	double top, bottom; /* the body's limits on the page */
	double left, width;
	size_t missing;
	uint32_t first_missing;
	const char *page_text, *pages_text; /* for the header and footer pass */
};

static struct op *
add_op(struct lay *l, enum op_kind kind)
{
	xgrow(&l->ops, &l->opcap, l->nops, sizeof(*l->ops));
	struct op *o = &l->ops[l->nops++];
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	o->page = l->page;
	return o;
}

static void
new_page(struct lay *l)
{
	l->page++;
	l->y = l->top;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

static double
width(const struct lay *l, const struct span *sp, const char *s, size_t len)
{
	return l->dev->width(l->dev->ctx, sp->font, sp->size, s, len);
}

static void
check_glyphs(struct lay *l, const struct span *sp, const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	while (p < end) {
		uint32_t cp = utf8_next(&p, end);
		/* A no-break space is drawn as a gap, never as a glyph. */
		if (cp > ' ' && cp != 0xA0 && !l->dev->has_glyph(l->dev->ctx, sp->font, cp)) {
			if (l->missing++ == 0)
				l->first_missing = cp;
		}
	}
}

/* The text a span shows: page fields are filled in the second pass. */
static const char *
span_text(const struct lay *l, const struct span *sp)
{
	if (sp->field == SPAN_PAGE)
		return l->page_text ? l->page_text : "0";
	if (sp->field == SPAN_PAGES)
		return l->pages_text ? l->pages_text : "0";
	return sp->text;
}

/* Splits a paragraph into words made of fragments; white space separates words. */
static void
split_words(struct lay *l, struct flow *f, const struct para *p)
{
	f->nfrags = f->nwords = f->nlines = 0;
	bool in_word = false;
	for (size_t i = 0; i < p->nspans; i++) {
		const struct span *sp = &p->spans[i];
		const char *s = span_text(l, sp);
		size_t n = strlen(s), k = 0;
		while (k < n) {
			if (is_space(s[k])) {
				if (in_word)
					f->words[f->nwords - 1].space = width(l, sp, " ", 1);
				in_word = false;
				k++;
				continue;
			}
			size_t start = k;
			while (k < n && !is_space(s[k]))
				k++;
			if (!in_word) {
				xgrow(&f->words, &f->wcap, f->nwords, sizeof(*f->words));
				f->words[f->nwords++] = (struct word){f->nfrags, 0, 0, 0};
				in_word = true;
			}
			check_glyphs(l, sp, s + start, k - start);
			xgrow(&f->frags, &f->fcap, f->nfrags, sizeof(*f->frags));
			double w = width(l, sp, s + start, k - start);
			f->frags[f->nfrags++] = (struct frag){sp, s + start, k - start, w};
			struct word *wd = &f->words[f->nwords - 1];
			wd->nfrags++;
			wd->width += w;
			wd->space = width(l, sp, " ", 1);
		}
	}
}

/*
 * Splits a word wider than the line into pieces that fit, character by character:
 * a last resort that keeps text inside its box (hyphenation comes first, later).
 */
static void
split_long_word(struct lay *l, struct flow *f, size_t wi, double avail)
{
	struct word w = f->words[wi];
	/* Rebuild the fragments of this word as a run of pieces, each at most avail wide. */
	struct frag *old = xmalloc(w.nfrags * sizeof(*old));
	memcpy(old, &f->frags[w.first], w.nfrags * sizeof(*old));
	struct word *pieces = NULL;
	size_t npieces = 0, pcap = 0;
	struct frag *nf = NULL;
	size_t nnf = 0, nfcap = 0;
	double cur = 0;
	size_t piece_first = 0;
	for (size_t i = 0; i < w.nfrags; i++) {
		const struct frag *fr = &old[i];
		const char *p = fr->s, *end = fr->s + fr->len;
		while (p < end) {
			const char *start = p;
			double wsum = 0;
			/* Take characters while they fit; an empty piece takes one anyway. */
			while (p < end) {
				const char *q = p;
				utf8_next(&q, end);
				double cw = width(l, fr->span, start, (size_t)(q - start));
				if (cur + cw > avail && !(cur == 0 && p == start))
					break;
				wsum = cw;
				p = q;
			}
			if (p > start) {
				xgrow(&nf, &nfcap, nnf, sizeof(*nf));
				nf[nnf++] = (struct frag){fr->span, start, (size_t)(p - start), wsum};
				cur += wsum;
			}
			if (p < end) {
				/* The piece is full: close it. */
				xgrow(&pieces, &pcap, npieces, sizeof(*pieces));
				pieces[npieces++] = (struct word){piece_first, nnf - piece_first, cur, 0};
				piece_first = nnf;
				cur = 0;
			}
		}
	}
	xgrow(&pieces, &pcap, npieces, sizeof(*pieces));
	pieces[npieces++] = (struct word){piece_first, nnf - piece_first, cur, w.space};
	free(old);
	/* Append the new fragments at the end and splice the pieces in place of the word. */
	size_t base = f->nfrags;
	for (size_t i = 0; i < nnf; i++) {
		xgrow(&f->frags, &f->fcap, f->nfrags, sizeof(*f->frags));
		f->frags[f->nfrags++] = nf[i];
	}
	for (size_t i = 0; i < npieces; i++)
		pieces[i].first += base;
	size_t tail = f->nwords - wi - 1;
	for (size_t i = 0; i < npieces; i++)
		xgrow(&f->words, &f->wcap, f->nwords + i, sizeof(*f->words));
	memmove(&f->words[wi + npieces], &f->words[wi + 1], tail * sizeof(*f->words));
	memcpy(&f->words[wi], pieces, npieces * sizeof(*pieces));
	f->nwords += npieces - 1;
	free(nf);
	free(pieces);
}

/* Greedy line breaking: as many words on a line as fit. */
static void
break_lines(struct lay *l, struct flow *f, const struct para *p, double avail)
{
	const struct style *st = p->style;
	for (size_t i = 0; i < f->nwords; i++)
		if (f->words[i].width > avail)
			split_long_word(l, f, i, avail);
	size_t i = 0;
	while (i < f->nwords) {
		struct line ln = {i, 0, 0, st->leading, st->size, false};
		double w = 0;
		size_t j = i;
		while (j < f->nwords) {
			double add = (j > i ? f->words[j - 1].space : 0) + f->words[j].width;
			if (j > i && w + add > avail + 1e-6)
				break;
			w += add;
			j++;
		}
		ln.nwords = j - i;
		ln.width = w;
		for (size_t k = i; k < j; k++)
			for (size_t m = 0; m < f->words[k].nfrags; m++) {
				double sz = f->frags[f->words[k].first + m].span->size;
				if (sz > ln.size)
					ln.size = sz;
			}
		/* Bigger inline text widens the line in proportion. */
		if (ln.size > st->size)
			ln.height = st->leading * ln.size / st->size;
		xgrow(&f->lines, &f->lcap, f->nlines, sizeof(*f->lines));
		f->lines[f->nlines++] = ln;
		i = j;
	}
	if (f->nlines > 0)
		f->lines[f->nlines - 1].last = true;
}

static void
text_op(struct lay *l, double x, double y, const struct frag *fr)
{
	struct op *o = add_op(l, OP_TEXT);
	o->x = x;
	o->y = y;
	o->w = fr->width;
	o->font = fr->span->font;
	o->size = fr->span->size;
	o->color = fr->span->color;
	o->s = fr->s;
	o->len = fr->len;
}

/*
 * Places one line at baseline y between x and x + avail. Runs of words in the same
 * font become one text item (fewer PDF operators, and text extraction reads the
 * spaces); justified lines place every word themselves.
 */
static void
place_line(struct lay *l, const struct flow *f, const struct line *ln, enum align al, double x,
	   double avail, double y)
{
	double extra = avail - ln->width, gap_add = 0;
	if (al == ALIGN_RIGHT)
		x += extra;
	else if (al == ALIGN_CENTER)
		x += extra / 2;
	else if (al == ALIGN_JUSTIFY && !ln->last && ln->nwords > 1)
		gap_add = extra / (double)(ln->nwords - 1);
	double cx = x;
	struct op *run = NULL;
	for (size_t k = 0; k < ln->nwords; k++) {
		const struct word *w = &f->words[ln->first + k];
		if (k > 0)
			cx += f->words[ln->first + k - 1].space + gap_add;
		for (size_t m = 0; m < w->nfrags; m++) {
			const struct frag *fr = &f->frags[w->first + m];
			/* Extend the run when the word follows it after one space of the same text. */
			if (run != NULL && gap_add == 0 && m == 0 && run->font == fr->span->font &&
			    run->size == fr->span->size && run->color == fr->span->color &&
			    fr->s == run->s + run->len + 1 && run->s[run->len] == ' ') {
				run->len = (size_t)(fr->s + fr->len - run->s);
				run->w = cx + fr->width - run->x;
			} else {
				text_op(l, cx, y, fr);
				run = &l->ops[l->nops - 1];
			}
			cx += fr->width;
		}
	}
}

/* Lays out a paragraph at the current position; may run over pages. */
static void
place_para(struct lay *l, struct flow *f, const struct para *p, double x, double avail,
	   enum align al, bool paginate)
{
	const struct style *st = p->style;
	split_words(l, f, p);
	break_lines(l, f, p, avail - st->indent);
	for (size_t i = 0; i < f->nlines; i++) {
		const struct line *ln = &f->lines[i];
		if (paginate && l->y + ln->height > l->bottom + 1e-6 && l->y > l->top)
			new_page(l);
		double baseline = l->y + (ln->height - ln->size) / 2 + ln->size * 0.8;
		place_line(l, f, ln, al, x + st->indent, avail - st->indent, baseline);
		l->y += ln->height;
	}
}

static double
para_height(struct lay *l, struct flow *f, const struct para *p, double avail)
{
	split_words(l, f, p);
	break_lines(l, f, p, avail - p->style->indent);
	double h = 0;
	for (size_t i = 0; i < f->nlines; i++)
		h += f->lines[i].height;
	return h;
}

/* ---- tables ---- */

static void
column_widths(const struct lay *l, const struct block *b, double *w)
{
	double fixed = 0, shares = 0;
	for (size_t c = 0; c < b->ncols; c++) {
		if (b->cols[c].relative)
			shares += b->cols[c].width;
		else
			fixed += b->cols[c].width;
	}
	double free_w = l->width - fixed;
	if (free_w < 0)
		free_w = 0;
	for (size_t c = 0; c < b->ncols; c++)
		w[c] = b->cols[c].relative ? free_w * b->cols[c].width / shares : b->cols[c].width;
	/* Fixed widths that overrun the text width shrink in proportion. */
	double sum = 0;
	for (size_t c = 0; c < b->ncols; c++)
		sum += w[c];
	if (sum > l->width)
		for (size_t c = 0; c < b->ncols; c++)
			w[c] *= l->width / sum;
}

static double
row_height(struct lay *l, struct flow *f, const struct block *b, const struct trow *r,
	   const double *w)
{
	double h = 0;
	for (size_t c = 0; c < r->ncells; c++) {
		if (r->cells[c].style == NULL)
			continue;
		double ch = para_height(l, f, &r->cells[c], w[c] - 2 * b->padding);
		if (ch > h)
			h = ch;
	}
	return h + 2 * b->padding;
}

static void
place_row(struct lay *l, struct flow *f, const struct block *b, const struct trow *r,
	  const double *w, double h, size_t body_index)
{
	double x = l->left;
	bool fill = r->head ? b->has_head_fill : (b->has_stripe && body_index % 2 == 1);
	if (fill) {
		struct op *o = add_op(l, OP_RECT);
		o->x = l->left;
		o->y = l->y;
		o->w = l->width;
		o->h = h;
		o->color = r->head ? b->head_fill : b->stripe;
	}
	double y0 = l->y;
	for (size_t c = 0; c < r->ncells; c++) {
		if (r->cells[c].style != NULL) {
			l->y = y0 + b->padding;
			place_para(l, f, &r->cells[c], x + b->padding, w[c] - 2 * b->padding,
				   b->cols[c].align, false);
		}
		x += w[c];
	}
	l->y = y0 + h;
	if (b->height > 0) {
		struct op *o = add_op(l, OP_LINE);
		o->x = l->left;
		o->y = l->y;
		o->w = l->width;
		o->h = b->height * (r->head ? 2 : 1);
		o->color = b->color;
	}
}

static void
place_table(struct lay *l, struct flow *f, const struct block *b)
{
	if (b->ncols == 0)
		return;
	double *w = xcalloc(b->ncols, sizeof(double));
	column_widths(l, b, w);
	double *h = xcalloc(b->nrows + 1, sizeof(double));
	for (size_t r = 0; r < b->nrows; r++) {
		h[r] = row_height(l, f, b, &b->rows[r], w);
	}
	size_t body_index = 0;
	bool heads_on_page = false;
	for (size_t r = 0; r < b->nrows; r++) {
		const struct trow *row = &b->rows[r];
		if (row->head) {
			place_row(l, f, b, row, w, h[r], 0);
			heads_on_page = true;
			continue;
		}
		/* A row that does not fit goes to the next page, under the repeated head. */
		if (l->y + h[r] > l->bottom + 1e-6 && l->y > l->top) {
			new_page(l);
			if (heads_on_page)
				for (size_t k = 0; k < b->nrows; k++)
					if (b->rows[k].head)
						place_row(l, f, b, &b->rows[k], w, h[k], 0);
		}
		place_row(l, f, b, row, w, h[r], body_index++);
	}
	free(h);
	free(w);
}

/* The height a block needs at least at the top of the page, for keep-with-next. */
static double
first_height(struct lay *l, struct flow *f, const struct block *b)
{
	if (b == NULL)
		return 0;
	switch (b->kind) {
	case BLOCK_PARA:
	case BLOCK_HEADING: {
		split_words(l, f, &b->para);
		break_lines(l, f, &b->para, l->width - b->para.style->indent);
		double h = b->para.style->space_before;
		/* Two lines of a paragraph, so no line stands alone under its heading. */
		for (size_t i = 0; i < f->nlines && i < 2; i++)
			h += f->lines[i].height;
		return h;
	}
	case BLOCK_TABLE: {
		if (b->ncols == 0)
			return 0;
		double *w = xcalloc(b->ncols, sizeof(double));
		column_widths(l, b, w);
		double h = 0;
		size_t r = 0;
		for (; r < b->nrows && b->rows[r].head; r++)
			h += row_height(l, f, b, &b->rows[r], w);
		if (r < b->nrows)
			h += row_height(l, f, b, &b->rows[r], w);
		free(w);
		return h;
	}
	default:
		return 0;
	}
}

static void
place_blocks(struct lay *l, struct flow *f, const struct block *b, bool paginate)
{
	bool first = true;
	for (; b != NULL; b = b->next, first = false) {
		switch (b->kind) {
		case BLOCK_PARA:
		case BLOCK_HEADING: {
			const struct style *st = b->para.style;
			if (!first || l->y > l->top)
				l->y += st->space_before;
			if (paginate && st->keep_with_next) {
				double need = para_height(l, f, &b->para, l->width) +
					      st->space_after + first_height(l, f, b->next);
				if (l->y + need > l->bottom && l->y > l->top + st->space_before)
					new_page(l);
			}
			if (paginate && l->y + st->leading > l->bottom && l->y > l->top)
				new_page(l);
			if (b->kind == BLOCK_HEADING && paginate) {
				struct op *o = add_op(l, OP_BOOKMARK);
				o->y = l->y;
				o->s = b->bookmark;
				o->level = b->level;
			}
			place_para(l, f, &b->para, l->left, l->width, st->align, paginate);
			l->y += st->space_after;
			break;
		}
		case BLOCK_TABLE:
			place_table(l, f, b);
			break;
		case BLOCK_SPACE:
			l->y += b->height;
			if (paginate && l->y > l->bottom)
				new_page(l);
			break;
		case BLOCK_RULE: {
			struct op *o = add_op(l, OP_LINE);
			o->x = l->left;
			o->y = l->y + b->height / 2;
			o->w = l->width;
			o->h = b->height;
			o->color = b->color;
			l->y += b->height;
			break;
		}
		case BLOCK_PAGEBREAK:
			if (paginate && l->y > l->top)
				new_page(l);
			break;
		}
	}
}

static void
emit(const struct lay *l, const struct op *o, double page_h)
{
	const struct dev *dev = l->dev;
	(void)page_h;
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
	case OP_RECT:
		dev->rect(dev->ctx, o->x, o->y, o->w, o->h, o->color);
		break;
	case OP_BOOKMARK:
		dev->bookmark(dev->ctx, o->level, o->s, o->y);
		break;
	}
}

struct layout_result
layout_doc(const struct doc *d, const struct dev *dev)
{
	struct lay l = {0};
	struct flow f = {0};
	const struct page_setup *pg = &d->page;
	l.d = d;
	l.dev = dev;
	l.left = pg->left;
	l.width = pg->width - pg->left - pg->right;
	l.top = pg->top;
	l.bottom = pg->height - pg->bottom;
	l.page = -1;
	new_page(&l);
	place_blocks(&l, &f, d->body, true);
	int pages = l.page + 1;

	/* Second pass: per page, the header and footer with its numbers, then the body. */
	size_t body_ops = l.nops, k = 0;
	char num[16], total[16];
	snprintf(total, sizeof(total), "%d", pages);
	for (int p = 0; p < pages; p++) {
		dev->page(dev->ctx, pg->width, pg->height);
		snprintf(num, sizeof(num), "%d", p + 1);
		l.page_text = num;
		l.pages_text = total;
		size_t mark = l.nops;
		l.page = p;
		if (d->header != NULL) {
			l.y = pg->top * 0.45;
			place_blocks(&l, &f, d->header, false);
		}
		if (d->footer != NULL) {
			l.y = pg->height - pg->bottom + pg->bottom * 0.35;
			place_blocks(&l, &f, d->footer, false);
		}
		for (size_t i = mark; i < l.nops; i++)
			emit(&l, &l.ops[i], pg->height);
		l.nops = mark;
		for (; k < body_ops && l.ops[k].page == p; k++)
			emit(&l, &l.ops[k], pg->height);
	}
	free(l.ops);
	free(f.frags);
	free(f.words);
	free(f.lines);
	return (struct layout_result){pages, l.missing, l.first_missing};
}
