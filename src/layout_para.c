/* SPDX-License-Identifier: MIT */
/* Paragraphs: words measured and hyphenated into the breaker's items, the lines placed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout_int.h"
#include "mem.h"
#include "utf8.h"

/*
 * Paragraphs become Knuth-Plass items: boxes (pieces of words), glue (the spaces)
 * and penalties (where a word may be hyphenated). The breaker (layout_break.c)
 * chooses the breaks of the whole paragraph; justified lines stretch or shrink
 * only their spaces, ragged lines keep natural spaces and even out their ends.
 */

enum {
	PEN_HYPHEN = 50,     /* TeX's \hyphenpenalty */
	PEN_EXPLICIT = 50,   /* after an explicit hyphen */
	PEN_EMERGENCY = 1000 /* inside a word too wide for its line, without a hyphen */
};

static void
add_box(struct flow *f, const struct span *sp, const char *s, size_t len, double w)
{
	xgrow(&f->frags, &f->fcap, f->nfrags, sizeof(*f->frags));
	f->frags[f->nfrags] = (struct frag){sp, s, len, w};
	kp_add(&f->kp, (struct kp_item){.kind = KP_BOX, .width = w, .ref = f->nfrags++});
}

/* A penalty after the last box: its span draws the hyphen when it is taken. */
static void
add_penalty(struct flow *f, double width, int penalty, bool flagged)
{
	kp_add(&f->kp, (struct kp_item){.kind = KP_PENALTY, .width = width, .penalty = penalty,
					.flagged = flagged, .ref = f->nfrags - 1});
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

/* The text a span shows: page fields are filled in when a page's frame is placed. */
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
			add_penalty(f, 0, PEN_EMERGENCY, false);
		add_box(f, sp, start, (size_t)(p - start), w);
	}
}

/* A piece of a word between breaks: a box, or split boxes when wider than the line. */
static void
add_piece(struct lay *l, struct flow *f, const struct span *sp, const char *s, size_t len,
	  double w, double avail)
{
	if (w > avail)
		add_split_word(l, f, sp, s, len, avail);
	else
		add_box(f, sp, s, len, w);
}

/*
 * Explicit hyphens inside a word ("Partner-Review") are breaks too, but not in ids
 * and numbers ("US-CA-014", "+49 7121 948-230"): their offsets into ex.
 */
static size_t
explicit_hyphens(const struct span *sp, const char *s, size_t len, size_t *ex, size_t max)
{
	bool digits = false;
	for (size_t i = 0; i < len; i++)
		digits |= s[i] >= '0' && s[i] <= '9';
	size_t ne = 0;
	for (size_t i = 1; i + 1 < len && !(sp->nohyph && digits) && ne < max; i++)
		if (s[i] == '-' && s[i - 1] != '-' && s[i + 1] != '-')
			ex[ne++] = i + 1;
	return ne;
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
	size_t ex[64];
	size_t ne = explicit_hyphens(sp, s, len, ex, sizeof(ex) / sizeof(ex[0]));
	if (n == 0 && ne == 0) {
		add_piece(l, f, sp, s, len, w, avail);
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
		add_piece(l, f, sp, s + start, next - start, width(l, sp, s + start, next - start),
			  avail);
		if (next < len) {
			if (explicit_hyphen)
				add_penalty(f, 0, PEN_EXPLICIT, true);
			else
				add_penalty(f, hyphen, PEN_HYPHEN, true);
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
	f->nfrags = 0;
	kp_clear(&f->kp);
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
			if (space_pending && f->kp.nitems > 0) {
				/* The space takes the font of the text before it, as TeX's does. */
				double sw = width(l, last ? last : sp, " ", 1);
				kp_add(&f->kp, (struct kp_item){.kind = KP_GLUE, .width = sw,
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
	kp_add(&f->kp, (struct kp_item){.kind = KP_GLUE, .fill = true});
	kp_add(&f->kp, (struct kp_item){.kind = KP_PENALTY, .penalty = KP_FORCED});
}

void
lay_para_break(struct lay *l, const struct para *p, double avail)
{
	struct flow *f = &l->flow;
	struct kp *k = &f->kp;
	const struct style *st = p->style;
	/* Ragged lines may end up to this much short of the measure without cost. */
	double ragged = st->align == ALIGN_JUSTIFY ? 0 : 3 * st->size;
	/*
	 * As TeX does: first without hyphenation and a strict tolerance; only a
	 * paragraph that cannot be set well that way is hyphenated.
	 */
	make_items(l, f, p, avail, false);
	if (!kp_break(k, avail, ragged, 100)) {
		make_items(l, f, p, avail, true);
		if (!kp_break(k, avail, ragged, 200) && !kp_break(k, avail, ragged, 2000))
			kp_break(k, avail, ragged, KP_BAD_INF);
	}
	kp_lines(k, avail);
	xgrow(&f->lines, &f->lcap, k->nlines, sizeof(*f->lines));
	f->nlines = k->nlines;
	for (size_t i = 0; i < k->nlines; i++) {
		struct line *ln = &f->lines[i];
		ln->b = k->lines[i];
		ln->size = st->size;
		for (size_t j = ln->b.begin; j < ln->b.end; j++)
			if (k->items[j].kind == KP_BOX && f->frags[k->items[j].ref].span->size > ln->size)
				ln->size = f->frags[k->items[j].ref].span->size;
		/* Bigger inline text widens the line in proportion. */
		ln->height = st->leading * ln->size / st->size;
	}
	/* An empty paragraph still takes one line, so that spacing stays even. */
	if (f->nlines == 0 && p->nspans > 0) {
		xgrow(&f->lines, &f->lcap, 0, sizeof(*f->lines));
		f->lines[0] = (struct line){{0, 0, 0, 0, false, true}, st->leading, st->size};
		f->nlines = 1;
	}
}

/* A text item on the current page; s is copied by the display list. */
static void
add_text(struct lay *l, const struct op *run)
{
	if (run->s != NULL)
		lay_add(l, *run);
}

/*
 * Pieces that follow each other in the source text, or after one natural space,
 * become one text item (fewer PDF operators, and text extraction reads words and
 * spaces as written).
 */
void
lay_line_place(struct lay *l, const struct line *ln, enum align al, double x, double avail,
	       double y)
{
	const struct flow *f = &l->flow;
	const struct kp *k = &f->kp;
	double extra = avail - ln->b.natural;
	/* The last line keeps natural spaces, unless the breaker had it shrink to fit. */
	bool justify = al == ALIGN_JUSTIFY && (!ln->b.last || ln->b.ratio < 0);
	if (al == ALIGN_RIGHT)
		x += extra;
	else if (al == ALIGN_CENTER)
		x += extra / 2;
	double cx = x;
	struct op run = {.kind = OP_TEXT};
	bool natural_gap = false;
	for (size_t i = ln->b.begin; i < ln->b.end; i++) {
		const struct kp_item *it = &k->items[i];
		if (it->kind == KP_GLUE) {
			double g = it->width;
			if (justify)
				g += ln->b.ratio > 0 ? ln->b.ratio * it->stretch : ln->b.ratio * it->shrink;
			natural_gap = !justify || fabs(g - it->width) < 0.005;
			cx += g;
			continue;
		}
		if (it->kind != KP_BOX)
			continue;
		const struct frag *fr = &f->frags[it->ref];
		const struct span *sp = fr->span;
		bool same = run.s != NULL && run.font == sp->font && run.size == sp->size &&
			    run.color == sp->color;
		if (same && fr->s == run.s + run.len) {
			run.len += fr->len;
			run.w = cx + fr->width - run.x;
		} else if (same && natural_gap && fr->s == run.s + run.len + 1 &&
			   run.s[run.len] == ' ') {
			run.len += fr->len + 1;
			run.w = cx + fr->width - run.x;
		} else {
			add_text(l, &run);
			run = (struct op){.kind = OP_TEXT, .x = cx, .y = y, .w = fr->width,
					  .font = sp->font, .size = sp->size, .color = sp->color,
					  .s = fr->s, .len = fr->len};
		}
		natural_gap = false;
		cx += fr->width;
	}
	add_text(l, &run);
	if (ln->b.hyphen) {
		const struct kp_item *it = &k->items[ln->b.end];
		const struct span *sp = f->frags[it->ref].span;
		lay_add(l, (struct op){.kind = OP_TEXT, .x = cx, .y = y, .w = it->width,
				       .font = sp->font, .size = sp->size, .color = sp->color,
				       .s = "-", .len = 1});
	}
}

/*
 * How many of the lines from i on go on this page (at least 1 when paginate is
 * off); 0: the paragraph starts on the next page. Never one line alone at the
 * foot of a page (orphan) nor at the head of the next (widow) when the paragraph
 * has lines enough to avoid it.
 */
static size_t
lines_here(struct lay *l, size_t i, bool paginate)
{
	const struct flow *f = &l->flow;
	if (!paginate)
		return f->nlines - i;
	double y = l->at.y;
	size_t fit = 0;
	while (i + fit < f->nlines && y + f->lines[i + fit].height <= l->bottom + 1e-6) {
		y += f->lines[i + fit].height;
		fit++;
	}
	size_t rest = f->nlines - i - fit;
	if (rest > 0) {
		if (rest == 1 && fit > 2)
			fit--; /* no widow: take one more line over */
		if (fit < 2 && l->at.y > l->top && f->nlines - i > 1)
			return 0; /* no orphan: start on the next page */
		if (fit == 0)
			fit = 1; /* a line taller than the page: place it anyway */
	}
	return fit;
}

void
lay_para_place(struct lay *l, const struct para *p, double x, double avail, enum align al,
	       bool paginate)
{
	const struct style *st = p->style;
	const struct flow *f = &l->flow;
	lay_para_break(l, p, avail - st->indent);
	size_t i = 0;
	while (i < f->nlines) {
		size_t fit = lines_here(l, i, paginate);
		if (fit == 0) {
			lay_new_page(l);
			continue;
		}
		for (size_t k = 0; k < fit; k++, i++) {
			const struct line *ln = &f->lines[i];
			double baseline = l->at.y + (ln->height - ln->size) / 2 + ln->size * 0.8;
			lay_line_place(l, ln, al, x + st->indent, avail - st->indent, baseline);
			l->at.y += ln->height;
		}
		if (i < f->nlines)
			lay_new_page(l);
	}
}

double
lay_para_height(struct lay *l, const struct para *p, double avail)
{
	if (p->chart != NULL)
		return p->chart_h;
	lay_para_break(l, p, avail - p->style->indent);
	double h = 0;
	for (size_t i = 0; i < l->flow.nlines; i++)
		h += l->flow.lines[i].height;
	return h;
}

double
lay_para_natural(struct lay *l, const struct para *p)
{
	make_items(l, &l->flow, p, INFINITY, false);
	return kp_natural(&l->flow.kp) + p->style->indent;
}

/*
 * For a column aligned on the decimal comma: the width of what follows the comma
 * ("",5 %"), or of the unit after the last digit (" $"); text without digits ("–")
 * has none, so it stands where the integers end.
 */
double
lay_para_tail(struct lay *l, const struct para *p)
{
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
			if (s[k] == ',' && k + 1 < n && s[k + 1] >= '0' && s[k + 1] <= '9')
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
