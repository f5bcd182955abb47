/* SPDX-License-Identifier: MIT */
/* The layout engine: text flow, tables and pagination of a document onto a device. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "image.h"
#include "lang.h"
#include "layout.h"
#include "mem.h"
#include "utf8.h"

/*
 * Two passes: the body is laid out into a display list of pages first, so that
 * the page count is known when the header and footer ("Seite 2 von 3") are drawn
 * in the second pass, page by page, onto the device.
 *
 * A long document (the portfolio overview of ten thousand partners has 470 pages)
 * would hold the display list of all its pages that way. Once the list grows past
 * ops_limit, the body is only laid out to count the pages, keeping nothing; then
 * laid out again, each page drawn as soon as it is complete. The device sees the
 * same calls in the same order either way.
 */

/*
 * Display list entries (about 100 bytes each) kept before a document streams; a
 * five-page report has about 1,000.
 */
static size_t ops_limit = 1 << 13;

size_t
layout_ops_limit(size_t n)
{
	size_t old = ops_limit;
	ops_limit = n;
	return old;
}

enum lay_mode {
	LAY_KEEP,  /* the whole display list, drawn at the end */
	LAY_COUNT, /* counting pages, keeping no ops */
	LAY_STREAM /* the page count known: complete pages drawn at once */
};

enum op_kind {
	OP_TEXT,
	OP_LINE,
	OP_SEGMENT, /* from x, y to w, h; size is the thickness */
	OP_RECT,
	OP_BOOKMARK,
	OP_IMAGE
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
	const struct image *img;
	size_t seq; /* the order placed, for a stable sort by page */
};

struct table_geom {
	const struct block *b;
	double *w;     /* column widths */
	double *tail;  /* decimal columns: the widest tail of their body cells */
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
	unsigned char *missing; /* a bit per code point the fonts lack; NULL: none yet */
	size_t nmissing;        /* those bits set */
	uint32_t first_missing;
	const char *page_text, *pages_text; /* for the header and footer pass */
	enum lay_mode mode;
	int pages;                          /* the page count, once known */
	int drawn;                          /* pages drawn on the device so far */
	char total[16];                     /* pages as text */
	const struct hyph *hyph;            /* NULL: no hyphenation */
	struct arena *strings;              /* chart labels, freed with the layout */
	const struct style *chart_style;    /* the style of the chart being drawn */
	/* Made table rows (struct row_maker): the last two asked for, each in its arena. */
	struct made_slot {
		const struct block *b;
		size_t i;
		struct arena *a;
		struct trow row;
	} slot[2];
	int slot_last;
	bool transient;               /* placing a made row: text ops keep a copy of their text */
	struct arena **page_strings;  /* per page, those copies; freed once the page is drawn */
	size_t npage_strings;
	struct table_geom *geoms;     /* of the tables with made rows, worked out once */
	size_t ngeoms, geomcap;
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

/*
 * Paragraphs become Knuth-Plass items: boxes (pieces of words), glue (the spaces)
 * and penalties (where a word may be hyphenated). The breaker chooses the breaks of
 * the whole paragraph with the fewest demerits; justified lines stretch or shrink
 * only their spaces, ragged lines keep natural spaces and even out their ends.
 */

/* A piece of a word in one span: a box. */
struct frag {
	const struct span *span;
	const char *s;
	size_t len;
	double width;
};

enum item_kind {
	IT_BOX,
	IT_GLUE,
	IT_PENALTY
};

enum {
	PEN_FORCED = -10000,  /* a break that must be taken */
	PEN_HYPHEN = 50,      /* TeX's \hyphenpenalty */
	PEN_EXPLICIT = 50,    /* after an explicit hyphen */
	PEN_EMERGENCY = 1000, /* inside a word too wide for its line, without a hyphen */
	DEM_LINE = 10,        /* TeX's \linepenalty */
	DEM_FLAGGED = 3000,   /* two hyphenated lines in a row */
	DEM_FITNESS = 100,    /* a tight line next to a loose one */
	BAD_INF = 10000
};

struct item {
	enum item_kind kind;
	double width, stretch, shrink;
	bool fill;          /* the last line's glue: stretches without limit */
	int penalty;
	bool flagged;       /* a hyphenation penalty: a hyphen is drawn if taken */
	size_t frag;        /* IT_BOX */
	const struct span *span; /* IT_PENALTY: the font of the hyphen */
};

struct line {
	size_t begin, end; /* items [begin, end), end being the break */
	double ratio;      /* how far the spaces stretch (> 0) or shrink (< 0) */
	bool hyphen;       /* the line ends in a hyphen */
	double natural;    /* width with natural spaces, hyphen included */
	double height;     /* the leading */
	double size;       /* the largest font size on the line */
	bool last;
};

/* A feasible break of the breaker: where, after which break, at what cost. */
struct node {
	size_t pos;        /* the break item; SIZE_MAX for the paragraph's start */
	size_t prev;       /* index into nodes; SIZE_MAX for none */
	size_t line;
	int fitness;
	double demerits;
	bool flagged;
};

struct flow {
	struct frag *frags;
	size_t nfrags, fcap;
	struct item *items;
	size_t nitems, icap;
	double *sw, *sst, *ssh; /* prefix sums of widths, stretch, shrink */
	size_t *sfill;          /* prefix count of fill glue */
	size_t scap;
	struct node *nodes;
	size_t nnodes, ncap;
	size_t *active;
	size_t nactive, acap;
	struct line *lines;
	size_t nlines, lcap;
};

static void
add_item(struct flow *f, struct item it)
{
	xgrow(&f->items, &f->icap, f->nitems, sizeof(*f->items));
	f->items[f->nitems++] = it;
}

static void
add_box(struct flow *f, const struct span *sp, const char *s, size_t len, double w)
{
	xgrow(&f->frags, &f->fcap, f->nfrags, sizeof(*f->frags));
	f->frags[f->nfrags] = (struct frag){sp, s, len, w};
	add_item(f, (struct item){.kind = IT_BOX, .width = w, .frag = f->nfrags++});
}

static void
add_penalty(struct flow *f, double width, int penalty, bool flagged, const struct span *sp)
{
	add_item(f, (struct item){.kind = IT_PENALTY, .width = width, .penalty = penalty,
				  .flagged = flagged, .span = sp});
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
		if (cp > ' ' && cp != 0xA0 && cp < 0x110000 &&
		    !l->dev->has_glyph(l->dev->ctx, sp->font, cp)) {
			/* Text is measured more than once: each character counts once. */
			if (l->missing == NULL)
				l->missing = xcalloc(0x110000 / 8, 1);
			if (!(l->missing[cp / 8] >> (cp % 8) & 1)) {
				l->missing[cp / 8] |= (unsigned char)(1u << (cp % 8));
				if (l->nmissing++ == 0)
					l->first_missing = cp;
			}
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

/*
 * A word wider than the line and without a break that helps: boxes of as many
 * characters as fit, with breaks between them. The last resort that keeps text in
 * its box.
 */
static void
add_split_word(struct lay *l, struct flow *f, const struct span *sp, const char *s, size_t len,
	       double avail)
{
	const char *p = s, *end = s + len;
	while (p < end) {
		const char *start = p;
		double w = 0;
		while (p < end) {
			const char *q = p;
			utf8_next(&q, end);
			double cw = width(l, sp, start, (size_t)(q - start));
			if (cw > avail && p > start)
				break;
			w = cw;
			p = q;
		}
		if (start != s)
			add_penalty(f, 0, PEN_EMERGENCY, false, sp);
		add_box(f, sp, start, (size_t)(p - start), w);
	}
}

/* One fragment of a word, with the places it may be hyphenated. */
static void
add_fragment(struct lay *l, struct flow *f, const struct para *p, const struct span *sp,
	     const char *s, size_t len, double avail, bool hyphenate)
{
	check_glyphs(l, sp, s, len);
	double w = width(l, sp, s, len);
	size_t at[64], n = 0;
	if (hyphenate && l->hyph != NULL && p->style->hyphenate && !sp->nohyph)
		n = hyph_word(l->hyph, s, len, 2, 3, at, sizeof(at) / sizeof(at[0]));
	/*
	 * Explicit hyphens inside a word ("Partner-Review") are breaks too, but not in
	 * ids and numbers ("US-CA-014", "+49 7121 948-230").
	 */
	size_t ex[64], ne = 0;
	bool digits = false;
	for (size_t i = 0; i < len; i++)
		digits |= s[i] >= '0' && s[i] <= '9';
	for (size_t i = 1; i + 1 < len && !(sp->nohyph && digits) && ne < sizeof(ex) / sizeof(ex[0]); i++)
		if (s[i] == '-' && s[i - 1] != '-' && s[i + 1] != '-')
			ex[ne++] = i + 1;
	if (n == 0 && ne == 0) {
		if (w > avail)
			add_split_word(l, f, sp, s, len, avail);
		else
			add_box(f, sp, s, len, w);
		return;
	}
	double hyphen = width(l, sp, "-", 1);
	size_t start = 0, i = 0, j = 0;
	while (start < len) {
		/* The next break offset of either kind. */
		size_t next = len;
		bool explicit_hyphen = false;
		if (i < n && at[i] < next)
			next = at[i];
		if (j < ne && ex[j] <= next) {
			explicit_hyphen = true;
			next = ex[j];
		}
		if (i < n && at[i] == next)
			i++;
		if (j < ne && ex[j] == next)
			j++;
		else
			explicit_hyphen = false;
		double pw = width(l, sp, s + start, next - start);
		if (pw > avail)
			add_split_word(l, f, sp, s + start, next - start, avail);
		else
			add_box(f, sp, s + start, next - start, pw);
		if (next < len) {
			if (explicit_hyphen)
				add_penalty(f, 0, PEN_EXPLICIT, true, sp);
			else
				add_penalty(f, hyphen, PEN_HYPHEN, true, sp);
		}
		start = next;
	}
}

/*
 * Turns a paragraph into items: boxes, glue between words, the closing fill; with
 * hyphenation points when hyphenate is set.
 */
static void
make_items(struct lay *l, struct flow *f, const struct para *p, double avail, bool hyphenate)
{
	const struct style *st = p->style;
	bool justify = st->align == ALIGN_JUSTIFY;
	f->nfrags = f->nitems = 0;
	bool in_word = false, space_pending = false;
	const struct span *last = NULL;
	for (size_t i = 0; i < p->nspans; i++) {
		const struct span *sp = &p->spans[i];
		const char *s = span_text(l, sp);
		size_t n = strlen(s), k = 0;
		while (k < n) {
			if (is_space(s[k])) {
				space_pending = in_word || space_pending;
				in_word = false;
				k++;
				continue;
			}
			size_t start = k;
			while (k < n && !is_space(s[k]))
				k++;
			if (space_pending && f->nitems > 0) {
				/* The space takes the font of the text before it, as TeX's does. */
				double sw = width(l, last ? last : sp, " ", 1);
				add_item(f, (struct item){.kind = IT_GLUE, .width = sw,
							  .stretch = justify ? sw / 2 : 0,
							  .shrink = justify ? sw / 3 : 0});
			}
			space_pending = false;
			add_fragment(l, f, p, sp, s + start, k - start, avail, hyphenate);
			in_word = true;
			last = sp;
		}
	}
	/* The last line is filled with glue that stretches without limit; then the end. */
	add_item(f, (struct item){.kind = IT_GLUE, .fill = true});
	add_penalty(f, 0, PEN_FORCED, false, NULL);
}

static void
prefix_sums(struct flow *f)
{
	if (f->nitems + 1 > f->scap) {
		f->scap = f->nitems + 1;
		f->sw = xrealloc(f->sw, f->scap * sizeof(double));
		f->sst = xrealloc(f->sst, f->scap * sizeof(double));
		f->ssh = xrealloc(f->ssh, f->scap * sizeof(double));
		f->sfill = xrealloc(f->sfill, f->scap * sizeof(size_t));
	}
	f->sw[0] = f->sst[0] = f->ssh[0] = 0;
	f->sfill[0] = 0;
	for (size_t i = 0; i < f->nitems; i++) {
		const struct item *it = &f->items[i];
		bool counts = it->kind != IT_PENALTY;
		f->sw[i + 1] = f->sw[i] + (counts ? it->width : 0);
		f->sst[i + 1] = f->sst[i] + (it->kind == IT_GLUE ? it->stretch : 0);
		f->ssh[i + 1] = f->ssh[i] + (it->kind == IT_GLUE ? it->shrink : 0);
		f->sfill[i + 1] = f->sfill[i] + (it->kind == IT_GLUE && it->fill);
	}
}

/* The first item of a line after a break at pos: glue and penalties vanish there. */
static size_t
line_start(const struct flow *f, size_t pos)
{
	size_t i = pos == SIZE_MAX ? 0 : pos + 1;
	while (i < f->nitems && f->items[i].kind != IT_BOX &&
	       !(f->items[i].kind == IT_GLUE && f->items[i].fill))
		i++;
	return i;
}

static bool
legal_break(const struct flow *f, size_t i)
{
	const struct item *it = &f->items[i];
	if (it->kind == IT_PENALTY)
		return true;
	return it->kind == IT_GLUE && !it->fill && i > 0 && f->items[i - 1].kind == IT_BOX;
}

/* Line from after break a to break b: natural width, and how it fits in avail. */
static double
fit_ratio(const struct flow *f, size_t start, size_t b, double avail, double ragged,
	  double *natural)
{
	double w = f->sw[b] - f->sw[start];
	if (f->items[b].kind == IT_PENALTY)
		w += f->items[b].width;
	*natural = w;
	bool fill = f->sfill[b] > f->sfill[start];
	if (w < avail) {
		if (fill)
			return 0;
		double st = f->sst[b] - f->sst[start] + ragged;
		return st > 0 ? (avail - w) / st : INFINITY;
	}
	if (w > avail) {
		double sh = f->ssh[b] - f->ssh[start];
		return sh > 0 ? (avail - w) / sh : -INFINITY;
	}
	return 0;
}

static int
fitness_class(double r)
{
	return r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
}

/* One pass of the breaker; false when no way through keeps every line within tolerance. */
static bool
breaker(struct flow *f, double avail, double ragged, double tolerance)
{
	f->nnodes = f->nactive = 0;
	xgrow(&f->nodes, &f->ncap, 0, sizeof(*f->nodes));
	f->nodes[f->nnodes++] = (struct node){SIZE_MAX, SIZE_MAX, 0, 1, 0, false};
	xgrow(&f->active, &f->acap, 0, sizeof(*f->active));
	f->active[f->nactive++] = 0;
	for (size_t b = 0; b < f->nitems && f->nactive > 0; b++) {
		if (!legal_break(f, b))
			continue;
		const struct item *it = &f->items[b];
		bool forced = it->kind == IT_PENALTY && it->penalty <= PEN_FORCED;
		struct {
			double demerits;
			size_t from;
			double r;
		} best[4];
		for (int c = 0; c < 4; c++)
			best[c].from = SIZE_MAX;
		for (size_t k = 0; k < f->nactive;) {
			const struct node *a = &f->nodes[f->active[k]];
			double natural;
			size_t start = line_start(f, a->pos);
			double r = fit_ratio(f, start, b, avail, ragged, &natural);
			bool keep = !(r < -1) && !forced;
			/*
			 * Last resort: a single box wider than the line (one character wider
			 * than a column) is set overfull rather than lost.
			 */
			bool lone = false;
			if (r < -1 && tolerance >= BAD_INF) {
				size_t k2 = start + 1;
				while (k2 < b && f->items[k2].kind != IT_BOX)
					k2++;
				lone = k2 >= b;
			}
			if (r >= -1 || lone) {
				double bad = isinf(r) || r < -1 ? BAD_INF : fmin(BAD_INF, 100 * pow(fabs(r), 3));
				if (bad <= tolerance) {
					double d = DEM_LINE + bad;
					d *= d;
					if (it->kind == IT_PENALTY && it->penalty > 0)
						d += (double)it->penalty * it->penalty;
					else if (it->kind == IT_PENALTY && !forced)
						d -= (double)it->penalty * it->penalty;
					if (it->kind == IT_PENALTY && it->flagged && a->flagged)
						d += DEM_FLAGGED;
					int c = fitness_class(r);
					if (abs(c - a->fitness) > 1)
						d += DEM_FITNESS;
					d += a->demerits;
					if (best[c].from == SIZE_MAX || d < best[c].demerits) {
						best[c].demerits = d;
						best[c].from = f->active[k];
						best[c].r = r;
					}
				}
			}
			if (keep) {
				k++;
			} else {
				f->active[k] = f->active[--f->nactive];
			}
		}
		for (int c = 0; c < 4; c++) {
			if (best[c].from == SIZE_MAX)
				continue;
			xgrow(&f->nodes, &f->ncap, f->nnodes, sizeof(*f->nodes));
			f->nodes[f->nnodes] = (struct node){
			    b, best[c].from, f->nodes[best[c].from].line + 1, c, best[c].demerits,
			    it->kind == IT_PENALTY && it->flagged};
			xgrow(&f->active, &f->acap, f->nactive, sizeof(*f->active));
			f->active[f->nactive++] = f->nnodes++;
		}
	}
	return f->nactive > 0 && f->nodes[f->active[0]].pos == f->nitems - 1;
}

/* Breaks a paragraph into lines within avail; never leaves a line overfull. */
static void
break_lines(struct lay *l, struct flow *f, const struct para *p, double avail)
{
	const struct style *st = p->style;
	/* Ragged lines may end up to this much short of the measure without cost. */
	double ragged = st->align == ALIGN_JUSTIFY ? 0 : 3 * st->size;
	/*
	 * As TeX does: first without hyphenation and a strict tolerance; only a
	 * paragraph that cannot be set well that way is hyphenated.
	 */
	make_items(l, f, p, avail, false);
	prefix_sums(f);
	if (!breaker(f, avail, ragged, 100)) {
		make_items(l, f, p, avail, true);
		prefix_sums(f);
		if (!breaker(f, avail, ragged, 200) && !breaker(f, avail, ragged, 2000))
			breaker(f, avail, ragged, BAD_INF);
	}
	/* The best of the nodes at the end, then back through its chain. */
	size_t best = SIZE_MAX;
	for (size_t k = 0; k < f->nactive; k++) {
		size_t n = f->active[k];
		if (f->nodes[n].pos == f->nitems - 1 &&
		    (best == SIZE_MAX || f->nodes[n].demerits < f->nodes[best].demerits))
			best = n;
	}
	f->nlines = 0;
	size_t count = best == SIZE_MAX ? 0 : f->nodes[best].line;
	xgrow(&f->lines, &f->lcap, count, sizeof(*f->lines));
	f->nlines = count;
	for (size_t n = best, i = count; n != SIZE_MAX && f->nodes[n].prev != SIZE_MAX; n = f->nodes[n].prev) {
		const struct node *nd = &f->nodes[n];
		struct line *ln = &f->lines[--i];
		ln->begin = line_start(f, f->nodes[nd->prev].pos);
		ln->end = nd->pos;
		ln->ratio = fit_ratio(f, ln->begin, ln->end, avail, 0, &ln->natural);
		if (isinf(ln->ratio))
			ln->ratio = 0;
		ln->hyphen = f->items[nd->pos].kind == IT_PENALTY && f->items[nd->pos].width > 0;
		ln->last = nd->pos == f->nitems - 1;
		ln->size = st->size;
		for (size_t k = ln->begin; k < ln->end; k++)
			if (f->items[k].kind == IT_BOX && f->frags[f->items[k].frag].span->size > ln->size)
				ln->size = f->frags[f->items[k].frag].span->size;
		/* Bigger inline text widens the line in proportion. */
		ln->height = st->leading * ln->size / st->size;
	}
	/* An empty paragraph still takes one line, so that spacing stays even. */
	if (f->nlines == 0 && p->nspans > 0) {
		xgrow(&f->lines, &f->lcap, 0, sizeof(*f->lines));
		f->lines[0] = (struct line){0, 0, 0, false, 0, st->leading, st->size, true};
		f->nlines = 1;
	}
}

static struct op *
text_op(struct lay *l, double x, double y, const struct span *sp, const char *s, size_t len,
	double w)
{
	struct op *o = add_op(l, OP_TEXT);
	o->x = x;
	o->y = y;
	o->w = w;
	o->font = sp->font;
	o->size = sp->size;
	o->color = sp->color;
	o->s = s;
	o->len = len;
	return o;
}

/*
 * The text ops from mark on get their own copy of their text, kept until their
 * page is drawn: a made row goes before that. Counting pages draws nothing, and
 * its ops go at the next safe point, while the row is still there: no copies.
 */
static void
keep_text(struct lay *l, size_t mark)
{
	if (l->mode == LAY_COUNT)
		return;
	for (size_t i = mark; i < l->nops; i++) {
		struct op *o = &l->ops[i];
		if (o->kind != OP_TEXT)
			continue;
		xgrow(&l->page_strings, &l->npage_strings, (size_t)o->page,
		      sizeof(*l->page_strings));
		if (l->page_strings[o->page] == NULL)
			l->page_strings[o->page] = arena_new();
		o->s = arena_strndup(l->page_strings[o->page], o->s, o->len);
	}
}

/* Frees the copies of made rows' text on the pages before upto. */
static void
drop_strings(struct lay *l, size_t upto)
{
	for (size_t p = 0; p < upto && p < l->npage_strings; p++) {
		arena_free(l->page_strings[p]);
		l->page_strings[p] = NULL;
	}
}

/*
 * Places one line at baseline y between x and x + avail. Pieces that follow each
 * other in the source text, or after one natural space, become one text item
 * (fewer PDF operators, and text extraction reads words and spaces as written).
 */
static void
place_line(struct lay *l, const struct flow *f, const struct line *ln, enum align al, double x,
	   double avail, double y)
{
	double extra = avail - ln->natural;
	/* The last line keeps natural spaces, unless the breaker had it shrink to fit. */
	bool justify = al == ALIGN_JUSTIFY && (!ln->last || ln->ratio < 0);
	if (al == ALIGN_RIGHT)
		x += extra;
	else if (al == ALIGN_CENTER)
		x += extra / 2;
	double cx = x;
	struct op *run = NULL;
	bool natural_gap = false;
	size_t mark = l->nops;
	for (size_t k = ln->begin; k < ln->end; k++) {
		const struct item *it = &f->items[k];
		if (it->kind == IT_GLUE) {
			double g = it->width;
			if (justify)
				g += ln->ratio > 0 ? ln->ratio * it->stretch : ln->ratio * it->shrink;
			natural_gap = !justify || fabs(g - it->width) < 0.005;
			cx += g;
			continue;
		}
		if (it->kind != IT_BOX)
			continue;
		const struct frag *fr = &f->frags[it->frag];
		const struct span *sp = fr->span;
		bool same = run != NULL && run->font == sp->font && run->size == sp->size &&
			    run->color == sp->color;
		if (same && fr->s == run->s + run->len) {
			run->len += fr->len;
			run->w = cx + fr->width - run->x;
		} else if (same && natural_gap && fr->s == run->s + run->len + 1 &&
			   run->s[run->len] == ' ') {
			run->len += fr->len + 1;
			run->w = cx + fr->width - run->x;
		} else {
			run = text_op(l, cx, y, sp, fr->s, fr->len, fr->width);
		}
		natural_gap = false;
		cx += fr->width;
	}
	if (ln->hyphen) {
		const struct item *it = &f->items[ln->end];
		text_op(l, cx, y, it->span, "-", 1, it->width);
	}
	if (l->transient)
		keep_text(l, mark);
}

/*
 * Lays out a paragraph at the current position, running over pages when paginate
 * is set: never one line alone at the foot of a page (orphan) nor at the head of
 * the next (widow) when the paragraph has lines enough to avoid it.
 */
static void
place_para(struct lay *l, struct flow *f, const struct para *p, double x, double avail,
	   enum align al, bool paginate)
{
	const struct style *st = p->style;
	break_lines(l, f, p, avail - st->indent);
	size_t i = 0;
	while (i < f->nlines) {
		size_t fit = f->nlines - i;
		if (paginate) {
			double y = l->y;
			fit = 0;
			while (i + fit < f->nlines && y + f->lines[i + fit].height <= l->bottom + 1e-6) {
				y += f->lines[i + fit].height;
				fit++;
			}
			size_t rest = f->nlines - i - fit;
			if (rest > 0) {
				if (rest == 1 && fit > 2)
					fit--; /* no widow: take one more line over */
				if (fit < 2 && l->y > l->top && f->nlines - i > 1) {
					new_page(l); /* no orphan: start on the next page */
					continue;
				}
				if (fit == 0)
					fit = 1; /* a line taller than the page: place it anyway */
			}
		}
		for (size_t k = 0; k < fit; k++, i++) {
			const struct line *ln = &f->lines[i];
			double baseline = l->y + (ln->height - ln->size) / 2 + ln->size * 0.8;
			place_line(l, f, ln, al, x + st->indent, avail - st->indent, baseline);
			l->y += ln->height;
		}
		if (i < f->nlines)
			new_page(l);
	}
}

static double
para_height(struct lay *l, struct flow *f, const struct para *p, double avail)
{
	if (p->chart != NULL)
		return p->chart_h;
	break_lines(l, f, p, avail - p->style->indent);
	double h = 0;
	for (size_t i = 0; i < f->nlines; i++)
		h += f->lines[i].height;
	return h;
}

static void safe_point(struct lay *l, struct flow *f);

/* ---- charts draw through the display list ---- */

static double
c_width(void *ctx, const char *s, size_t len)
{
	struct lay *l = ctx;
	const struct style *st = l->chart_style;
	return l->dev->width(l->dev->ctx, st->font, st->size, s, len);
}

static void
c_line(void *ctx, double x0, double y0, double x1, double y1, double w, uint32_t rgb)
{
	struct lay *l = ctx;
	struct op *o = add_op(l, OP_SEGMENT);
	o->x = x0;
	o->y = y0;
	o->w = x1;
	o->h = y1;
	o->size = w;
	o->color = rgb;
}

static void
c_rect(void *ctx, double x, double y, double w, double h, uint32_t rgb)
{
	struct lay *l = ctx;
	struct op *o = add_op(l, OP_RECT);
	o->x = x;
	o->y = y;
	o->w = w;
	o->h = h;
	o->color = rgb;
}

static void
c_text(void *ctx, double x, double y, const char *s, uint32_t rgb)
{
	struct lay *l = ctx;
	const struct style *st = l->chart_style;
	struct op *o = add_op(l, OP_TEXT);
	o->x = x;
	o->y = y;
	o->font = st->font;
	o->size = st->size;
	o->color = rgb;
	o->s = s;
	o->len = strlen(s);
	o->w = c_width(ctx, s, o->len);
	/* A chart's labels and legends may be a made row's text. */
	if (l->transient)
		keep_text(l, l->nops - 1);
}

/* ---- tables ---- */

/* The width a cell's text takes on one line, unbroken. */
static double
natural_width(struct lay *l, struct flow *f, const struct para *p)
{
	make_items(l, f, p, INFINITY, false);
	prefix_sums(f);
	return f->sw[f->nitems] + p->style->indent;
}

static size_t
table_rows(const struct block *b)
{
	return b->nrows + (b->made != NULL ? b->made->n : 0);
}

/*
 * Row r of a table: a stored one, or one made now (*made set). A made row stays
 * until two other made rows have been asked for.
 */
static const struct trow *
row_at(struct lay *l, const struct block *b, size_t r, bool *made)
{
	const struct row_maker *m = b->made;
	if (made != NULL)
		*made = false;
	if (m == NULL || r < m->at)
		return &b->rows[r];
	if (r >= m->at + m->n)
		return &b->rows[r - m->n];
	size_t i = r - m->at;
	if (made != NULL)
		*made = true;
	for (int k = 0; k < 2; k++)
		if (l->slot[k].a != NULL && l->slot[k].b == b && l->slot[k].i == i) {
			l->slot_last = k;
			return &l->slot[k].row;
		}
	int k = !l->slot_last;
	struct made_slot *sl = &l->slot[k];
	arena_free(sl->a);
	sl->a = arena_new();
	sl->b = b;
	sl->i = i;
	m->make(m->ctx, i, sl->a, &sl->row);
	l->slot_last = k;
	return &sl->row;
}

static double decimal_tail(struct lay *l, const struct para *p);

/*
 * Column widths: fixed ones as given, fitted ones ("auto") as wide as their widest
 * cell, relative ones ("2*") share what is left. All shrink in proportion when the
 * fixed and fitted ones overrun the text width. With tail (not NULL), for the
 * columns aligned on the decimal comma the widest tail of their body cells. One
 * pass over the rows, since made ones are made for it.
 */
static void
column_widths(struct lay *l, struct flow *f, const struct block *b, double *w, double *tail)
{
	double *widest = xcalloc(b->ncols, sizeof(double));
	for (size_t r = 0, n = table_rows(b); r < n; r++) {
		const struct trow *row = row_at(l, b, r, NULL);
		for (size_t c = 0; c < b->ncols && c < row->ncells; c++) {
			const struct para *p = &row->cells[c];
			if (p->style == NULL)
				continue;
			if (b->cols[c].fit)
				widest[c] = fmax(widest[c], natural_width(l, f, p));
			if (tail != NULL && b->cols[c].align == ALIGN_DECIMAL && !row->head)
				tail[c] = fmax(tail[c], decimal_tail(l, p));
		}
	}
	double taken = 0, shares = 0;
	for (size_t c = 0; c < b->ncols; c++) {
		const struct tcol *col = &b->cols[c];
		if (col->fit) {
			w[c] = widest[c] + 2 * b->padding + 0.01;
			taken += w[c];
		} else if (col->relative) {
			shares += col->width;
		} else {
			w[c] = col->width;
			taken += w[c];
		}
	}
	double rest = fmax(0, l->width - taken);
	for (size_t c = 0; c < b->ncols; c++)
		if (b->cols[c].relative && !b->cols[c].fit)
			w[c] = rest * b->cols[c].width / shares;
	double sum = 0;
	for (size_t c = 0; c < b->ncols; c++)
		sum += w[c];
	if (sum > l->width)
		for (size_t c = 0; c < b->ncols; c++)
			w[c] *= l->width / sum;
	free(widest);
}

/*
 * A table's geometry: worked out anew, or for a table with made rows once per
 * layout (making ten thousand rows is not for every pass). *fresh tells the
 * caller to free it. A header's or footer's table is worked out anew on every
 * page: its page fields ("9", then "10") may widen a column.
 */
static struct table_geom
geometry(struct lay *l, struct flow *f, const struct block *b, bool *fresh)
{
	bool keep = b->made != NULL && l->page_text == NULL;
	if (keep)
		for (size_t k = 0; k < l->ngeoms; k++)
			if (l->geoms[k].b == b) {
				*fresh = false;
				return l->geoms[k];
			}
	struct table_geom g = {b, xcalloc(b->ncols, sizeof(double)), xcalloc(b->ncols, sizeof(double))};
	column_widths(l, f, b, g.w, g.tail);
	*fresh = !keep;
	if (!*fresh) {
		xgrow(&l->geoms, &l->geomcap, l->ngeoms, sizeof(*l->geoms));
		l->geoms[l->ngeoms++] = g;
	}
	return g;
}

/*
 * For a column aligned on the decimal mark (the document's language's: ',' or '.'):
 * the width of what follows the mark (",5 %"), or of the unit after the last digit
 * (" $"); text without digits ("–") has none, so it stands where the integers end.
 */
static double
decimal_tail(struct lay *l, const struct para *p)
{
	const char mark = l->d->lang != NULL ? l->d->lang->decimal : ',';
	for (size_t i = p->nspans; i-- > 0;) {
		const struct span *sp = &p->spans[i];
		const char *s = span_text(l, sp);
		size_t n = strlen(s);
		if (n == 0)
			continue;
		const char *comma = NULL;
		bool digit = false;
		for (size_t k = 0; k < n; k++) {
			digit |= s[k] >= '0' && s[k] <= '9';
			if (s[k] == mark && k + 1 < n && s[k + 1] >= '0' && s[k + 1] <= '9')
				comma = s + k;
		}
		if (comma != NULL)
			return width(l, sp, comma, (size_t)(s + n - comma));
		if (!digit)
			return 0;
		size_t k = n;
		while (k > 0 && !(s[k - 1] >= '0' && s[k - 1] <= '9'))
			k--;
		return width(l, sp, s + k, n - k);
	}
	return 0;
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

/*
 * Places a row, or the part of it that fits in avail (pt of text height): from[c]
 * is the first line of each cell still to place and is moved on. Returns true
 * when every line of the row is placed.
 */
static bool
place_row(struct lay *l, struct flow *f, const struct block *b, const struct trow *r,
	  const struct table_geom *g, size_t body_index, size_t *from, double avail)
{
	bool fill = r->head ? b->has_head_fill : (b->has_stripe && body_index % 2 == 1);
	size_t fill_op = l->nops;
	if (fill)
		add_op(l, OP_RECT);
	double y0 = l->y, used = 0, x = l->left;
	bool done = true;
	for (size_t c = 0; c < r->ncells; c++) {
		const struct para *p = &r->cells[c];
		double inner = g->w[c] - 2 * b->padding;
		if (p->style == NULL) {
			x += g->w[c];
			continue;
		}
		if (p->chart != NULL) {
			/* A sparkline fills its cell's width (or its own), on the first slice only. */
			if (from == NULL || from[c] == 0) {
				double cw = p->chart_w > 0 ? fmin(p->chart_w, inner) : inner;
				double cy = y0 + b->padding;
				l->chart_style = p->chart->style;
				struct canvas cv = {l, c_width, c_line, c_rect, c_text};
				if (l->transient) {
					/* Its labels are copied for their page as drawn (c_text). */
					struct arena *labels = arena_new();
					chart_draw(p->chart, x + b->padding, cy, cw, p->chart_h, &cv, labels);
					arena_free(labels);
				} else {
					if (l->strings == NULL)
						l->strings = arena_new();
					chart_draw(p->chart, x + b->padding, cy, cw, p->chart_h, &cv,
					           l->strings);
				}
				used = fmax(used, p->chart_h);
			}
			if (from)
				from[c] = 1;
			x += g->w[c];
			continue;
		}
		break_lines(l, f, p, inner - p->style->indent);
		enum align al = b->cols[c].align;
		double right_in = 0;
		if (al == ALIGN_DECIMAL) {
			/* Right-aligned, moved left by what its tail lacks of the column's. */
			al = ALIGN_RIGHT;
			if (!r->head && f->nlines == 1)
				right_in = fmin(inner, fmax(0, g->tail[c] - decimal_tail(l, p)));
		}
		double y = y0 + b->padding, h = 0;
		size_t i = from ? from[c] : 0;
		for (; i < f->nlines; i++) {
			const struct line *ln = &f->lines[i];
			if (h + ln->height > avail + 1e-6 && h > 0)
				break;
			double baseline = y + h + (ln->height - ln->size) / 2 + ln->size * 0.8;
			place_line(l, f, ln, al, x + b->padding + p->style->indent,
				   inner - p->style->indent - right_in, baseline);
			h += ln->height;
		}
		if (from)
			from[c] = i;
		done &= i == f->nlines;
		used = fmax(used, h);
		x += g->w[c];
	}
	double h = used + 2 * b->padding;
	if (fill) {
		struct op *o = &l->ops[fill_op];
		o->x = l->left;
		o->y = y0;
		o->w = l->width;
		o->h = h;
		o->color = r->head ? b->head_fill : b->stripe;
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
	return done;
}

/*
 * What must follow a table's head on its page: the first row, or of a row taller
 * than a page (that is split anyway) its first two lines.
 */
static double
first_row(struct lay *l, struct flow *f, const struct block *b, const struct trow *r,
	  const double *w)
{
	double line = 0;
	for (size_t c = 0; c < r->ncells; c++)
		if (r->cells[c].style != NULL)
			line = fmax(line, r->cells[c].style->leading);
	return fmin(row_height(l, f, b, r, w), 2 * line + 2 * b->padding);
}

static void
place_heads(struct lay *l, struct flow *f, const struct block *b, const struct table_geom *g)
{
	/* Head rows are stored rows: a made row is a body row. */
	bool transient = l->transient;
	l->transient = false;
	for (size_t k = 0; k < b->nrows; k++)
		if (b->rows[k].head)
			place_row(l, f, b, &b->rows[k], g, 0, NULL, INFINITY);
	l->transient = transient;
}

/*
 * A table: head rows repeated at the top of every page it runs onto, rows kept
 * whole; a row taller than a page is split between lines, never inside one.
 */
static void
place_table(struct lay *l, struct flow *f, const struct block *b, bool paginate)
{
	if (b->ncols == 0)
		return;
	bool fresh;
	struct table_geom g = geometry(l, f, b, &fresh);
	double heads = 0;
	bool any_head = false;
	for (size_t r = 0; r < b->nrows; r++)
		if (b->rows[r].head) {
			heads += row_height(l, f, b, &b->rows[r], g.w);
			any_head = true;
		}
	size_t *from = xcalloc(b->ncols, sizeof(size_t));
	size_t body_index = 0;
	bool heads_placed = false;
	for (size_t r = 0, n = table_rows(b); r < n; r++) {
		bool made;
		const struct trow *row = row_at(l, b, r, &made);
		if (row->head) {
			if (!heads_placed) {
				/* The head with at least the first row: never alone at a page's foot. */
				double first = r + 1 < n ? first_row(l, f, b, row_at(l, b, r + 1, NULL), g.w)
							 : 0;
				if (paginate && l->y + heads + first > l->bottom + 1e-6 && l->y > l->top)
					new_page(l);
				place_heads(l, f, b, &g);
				heads_placed = true;
			}
			continue;
		}
		l->transient = made;
		double h = row_height(l, f, b, row, g.w);
		double room = l->bottom - l->top - (any_head ? heads : 0);
		if (!paginate || l->y + h <= l->bottom + 1e-6) {
			place_row(l, f, b, row, &g, body_index++, NULL, INFINITY);
			if (paginate)
				safe_point(l, f);
			continue;
		}
		if (h <= room) {
			new_page(l);
			if (any_head)
				place_heads(l, f, b, &g);
			place_row(l, f, b, row, &g, body_index++, NULL, INFINITY);
			if (paginate)
				safe_point(l, f);
			continue;
		}
		/* Taller than a page: as many lines as fit, then on, under the head again. */
		memset(from, 0, b->ncols * sizeof(size_t));
		double line = 0;
		for (size_t c = 0; c < row->ncells; c++)
			if (row->cells[c].style != NULL)
				line = fmax(line, row->cells[c].style->leading);
		for (;;) {
			double avail = l->bottom - l->y - 2 * b->padding;
			/* Not even a line's room left: the row starts on the next page. */
			if (avail < line && l->y > l->top) {
				new_page(l);
				if (any_head)
					place_heads(l, f, b, &g);
				continue;
			}
			if (place_row(l, f, b, row, &g, body_index, from, avail))
				break;
			new_page(l);
			if (any_head)
				place_heads(l, f, b, &g);
		}
		body_index++;
		if (paginate)
			safe_point(l, f);
	}
	l->transient = false;
	free(from);
	if (fresh) {
		free(g.w);
		free(g.tail);
	}
}

static double measure(struct lay *l, struct flow *f, const struct block *b);

/* The height a block needs at least at the top of the page, for keep-with-next. */
static double
first_height(struct lay *l, struct flow *f, const struct block *b)
{
	if (b == NULL)
		return 0;
	switch (b->kind) {
	case BLOCK_PARA:
	case BLOCK_HEADING: {
		break_lines(l, f, &b->para, l->width - b->para.style->indent);
		double h = b->para.style->space_before;
		/* Two lines of a paragraph, so no line stands alone under its heading. */
		for (size_t i = 0; i < f->nlines && i < 2; i++)
			h += f->lines[i].height;
		return h;
	}
	case BLOCK_KEEP:
		return measure(l, f, b->child);
	case BLOCK_IMAGE:
		return b->width > 0 && b->height > 0 ? b->height : 0;
	case BLOCK_CHART:
		return b->height > 0 ? b->height : 170;
	case BLOCK_TABLE: {
		if (b->ncols == 0)
			return 0;
		bool fresh;
		struct table_geom g = geometry(l, f, b, &fresh);
		double h = 0;
		size_t r = 0, n = table_rows(b);
		for (; r < n && row_at(l, b, r, NULL)->head; r++)
			h += row_height(l, f, b, row_at(l, b, r, NULL), g.w);
		if (r < n)
			h += first_row(l, f, b, row_at(l, b, r, NULL), g.w);
		if (fresh) {
			free(g.w);
			free(g.tail);
		}
		return h;
	}
	default:
		return 0;
	}
}

/* A list item's label, on the baseline of its first line, in the item's style. */
static void
place_label(struct lay *l, const struct block *b, size_t mark)
{
	size_t i = mark;
	while (i < l->nops && l->ops[i].kind != OP_TEXT)
		i++;
	if (i == l->nops)
		return;
	const struct style *st = b->label_style ? b->label_style : b->para.style;
	double y = l->ops[i].y;
	int page = l->ops[i].page;
	struct op *o = add_op(l, OP_TEXT);
	o->page = page;
	o->x = l->left + b->para.style->indent;
	o->y = y;
	o->font = st->font;
	o->size = st->size;
	o->color = st->color;
	o->s = b->label;
	o->len = strlen(b->label);
	o->w = l->dev->width(l->dev->ctx, st->font, st->size, o->s, o->len);
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
	if (paginate && l->y + h > l->bottom + 1e-6 && l->y > l->top)
		new_page(l);
	struct op *o = add_op(l, OP_IMAGE);
	o->x = l->left + (b->align == ALIGN_RIGHT ? l->width - w : b->align == ALIGN_CENTER ? (l->width - w) / 2 : 0);
	o->y = l->y;
	o->w = w;
	o->h = h;
	o->img = b->img;
	l->y += h;
}

/* A chart: its box as given (the column's width, 60 mm high by default), on one page. */
static void
place_chart(struct lay *l, const struct block *b, bool paginate)
{
	const struct chart *c = b->chart;
	double w = b->width > 0 ? fmin(b->width, l->width) : l->width;
	double h = b->height > 0 ? fmin(b->height, l->bottom - l->top) : 170;
	if (paginate && l->y + h > l->bottom + 1e-6 && l->y > l->top)
		new_page(l);
	double x = l->left + (b->align == ALIGN_RIGHT ? l->width - w
			      : b->align == ALIGN_CENTER ? (l->width - w) / 2 : 0);
	if (l->strings == NULL)
		l->strings = arena_new();
	l->chart_style = c->style;
	struct canvas cv = {l, c_width, c_line, c_rect, c_text};
	chart_draw(c, x, l->y, w, h, &cv, l->strings);
	l->y += h;
}

static void place_blocks(struct lay *l, struct flow *f, const struct block *b, bool paginate);

/* The height blocks take when set in one piece, from the current position. */
static double
measure(struct lay *l, struct flow *f, const struct block *b)
{
	size_t nops = l->nops;
	double y = l->y;
	int page = l->page;
	place_blocks(l, f, b, false);
	double h = l->y - y;
	l->nops = nops;
	l->y = y;
	l->page = page;
	return h;
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
			size_t mark = l->nops;
			place_para(l, f, &b->para, l->left + b->hang, l->width - b->hang, st->align,
				   paginate);
			if (b->label != NULL)
				place_label(l, b, mark);
			l->y += st->space_after;
			break;
		}
		case BLOCK_TABLE:
			place_table(l, f, b, paginate);
			break;
		case BLOCK_KEEP: {
			/* Kept together: to the next page when it fits there but not here. */
			double h = measure(l, f, b->child);
			if (paginate && l->y + h > l->bottom + 1e-6 && l->y > l->top &&
			    h <= l->bottom - l->top)
				new_page(l);
			place_blocks(l, f, b->child, paginate);
			break;
		}
		case BLOCK_IMAGE:
			place_image(l, b, paginate);
			break;
		case BLOCK_CHART:
			place_chart(l, b, paginate);
			break;
		case BLOCK_SPACE:
			l->y += b->height;
			if (paginate && l->y > l->bottom)
				new_page(l);
			break;
		case BLOCK_RULE: {
			if (paginate && l->y + b->height > l->bottom && l->y > l->top)
				new_page(l);
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
		if (paginate)
			safe_point(l, f);
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
 * Draws the pages before page upto that are not drawn yet: per page the header
 * and footer with its numbers, then the body's ops. The ops of later pages stay.
 */
static void
draw_pages(struct lay *l, struct flow *f, int upto)
{
	const struct page_setup *pg = &l->d->page;
	const struct dev *dev = l->dev;
	if (l->drawn >= upto)
		return;
	/* A label goes in after its paragraph's lines, which may run onto the next page. */
	for (size_t i = 0; i < l->nops; i++)
		l->ops[i].seq = i;
	qsort(l->ops, l->nops, sizeof(*l->ops), by_page);
	int page = l->page;
	double y = l->y;
	size_t body_ops = l->nops, k = 0;
	char num[16];
	for (int p = l->drawn; p < upto; p++) {
		dev->page(dev->ctx, pg->width, pg->height);
		snprintf(num, sizeof(num), "%d", p + 1);
		l->page_text = num;
		l->pages_text = l->total;
		size_t mark = l->nops;
		l->page = p;
		if (l->d->header != NULL) {
			l->y = pg->top * 0.45;
			place_blocks(l, f, l->d->header, false);
		}
		if (l->d->footer != NULL) {
			l->y = pg->height - pg->bottom + pg->bottom * 0.35;
			place_blocks(l, f, l->d->footer, false);
		}
		for (size_t i = mark; i < l->nops; i++)
			emit(l, &l->ops[i], pg->height);
		l->nops = mark;
		for (; k < body_ops && l->ops[k].page == p; k++)
			emit(l, &l->ops[k], pg->height);
	}
	/* The body itself never shows page numbers but as 0, as it did. */
	l->page_text = l->pages_text = NULL;
	l->page = page;
	l->y = y;
	l->drawn = upto;
	memmove(l->ops, l->ops + k, (body_ops - k) * sizeof(*l->ops));
	l->nops = body_ops - k;
	drop_strings(l, (size_t)upto);
}

/*
 * Between blocks and between table rows no op waits for another: the pages before
 * the current one are complete. Here a long document turns to counting, and a
 * streaming one draws what is complete.
 */
static void
safe_point(struct lay *l, struct flow *f)
{
	if (l->mode == LAY_KEEP && l->nops > ops_limit) {
		l->mode = LAY_COUNT;
		/* Streaming needs the room of a page or two, not what counting began with. */
		free(l->ops);
		l->ops = NULL;
		l->nops = l->opcap = 0;
		drop_strings(l, l->npage_strings);
	}
	if (l->mode == LAY_COUNT)
		l->nops = 0;
	else if (l->mode == LAY_STREAM)
		draw_pages(l, f, l->page);
	/* Chart labels live as long as an op may show them. */
	if (l->nops == 0 && l->strings != NULL) {
		arena_free(l->strings);
		l->strings = NULL;
	}
}

/* Lays out the body from the top of the first page. */
static void
place_body(struct lay *l, struct flow *f)
{
	l->page = -1;
	new_page(l);
	place_blocks(l, f, l->d->body, true);
}

struct layout_result
layout_doc(const struct doc *d, const struct dev *dev, const struct hyph *h)
{
	struct lay l = {0};
	struct flow f = {0};
	l.hyph = h;
	const struct page_setup *pg = &d->page;
	l.d = d;
	l.dev = dev;
	l.left = pg->left;
	l.width = pg->width - pg->left - pg->right;
	l.top = pg->top;
	l.bottom = pg->height - pg->bottom;
	place_body(&l, &f);
	l.pages = l.page + 1;
	snprintf(l.total, sizeof(l.total), "%d", l.pages);
	if (l.mode == LAY_COUNT) {
		/* Again, drawing each page when complete; the count starts over with it. */
		l.mode = LAY_STREAM;
		l.nops = 0;
		place_body(&l, &f);
	}
	/* Second pass (what is left of it): per page, the header and footer, then the body. */
	draw_pages(&l, &f, l.pages);
	free(l.ops);
	arena_free(l.strings);
	drop_strings(&l, l.npage_strings);
	free(l.page_strings);
	arena_free(l.slot[0].a);
	arena_free(l.slot[1].a);
	for (size_t k = 0; k < l.ngeoms; k++) {
		free(l.geoms[k].w);
		free(l.geoms[k].tail);
	}
	free(l.geoms);
	free(f.frags);
	free(f.items);
	free(f.sw);
	free(f.sst);
	free(f.ssh);
	free(f.sfill);
	free(f.nodes);
	free(f.active);
	free(f.lines);
	struct layout_result r = {l.pages, l.nmissing, l.first_missing};
	free(l.missing);
	return r;
}
