/* SPDX-License-Identifier: MIT */
/* Paragraphs: words measured and hyphenated into the breaker's items, the lines placed. */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "layout.h"
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
	/*
	 * A paragraph is broken in segments of about this many items (16,000 words,
	 * some six pages): a longer one is held a segment at a time, never whole.
	 */
	SEG_ITEMS = 1 << 15,
	GIANT_WORD = 1 << 16, /* bytes: a word longer is only ever split for width */
	PEN_HYPHEN = 50,      /* TeX's \hyphenpenalty */
	PEN_EXPLICIT = 50,    /* after an explicit hyphen */
	PEN_EMERGENCY = 1000  /* inside a word too wide for its line, without a hyphen */
};

static void
add_box(struct flow *f, const struct span *sp, const char *s, size_t len, double w)
{
	assert(f->nfrags < UINT32_MAX);
	xgrow(&f->frags, &f->fcap, f->nfrags, sizeof(*f->frags));
	f->frags[f->nfrags] = (struct frag){sp, s, len};
	kp_add(&f->kp, (struct kp_item){.kind = KP_BOX, .width = w, .ref = (uint32_t)f->nfrags++});
}

/* A penalty after the last box: its span draws the hyphen when it is taken. */
static void
add_penalty(struct flow *f, double width, int penalty, bool flagged)
{
	kp_add(&f->kp, (struct kp_item){.kind = KP_PENALTY,
	                                .width = width,
	                                .penalty = (int16_t)penalty,
	                                .flagged = flagged,
	                                .ref = (uint32_t)(f->nfrags - 1)});
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
	bool cached = sp->font >= 0 && sp->font < 8;
	while (p < end) {
		uint32_t cp = (unsigned char)*p;
		if (cp < 0x80) {
			p++;
			if (cp <= ' ')
				continue;
			uint64_t *known = &l->has_ascii[cached ? sp->font : 0][cp >> 6];
			uint64_t bit = (uint64_t)1 << (cp & 63);
			if (cached && (*known & bit))
				continue;
			if (l->dev->has_glyph(l->dev->ctx, sp->font, cp)) {
				if (cached)
					*known |= bit;
				continue;
			}
		} else {
			cp = utf8_next(&p, end);
			/* A no-break space is drawn as a gap, never as a glyph. */
			if (cp == 0xA0 || cp >= 0x110000 ||
			    l->dev->has_glyph(l->dev->ctx, sp->font, cp))
				continue;
		}
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

/* The start of the character before p (valid UTF-8, p > s). */
static const char *
char_before(const char *s, const char *p)
{
	do
		p--;
	while (p > s && ((unsigned char)*p & 0xC0) == 0x80);
	return p;
}

/*
 * The end of the longest run of whole characters from s that is no wider than
 * avail, one character at least; *w gets its width. Summed character by character
 * first, then measured whole and corrected (the sum may differ in the last bit):
 * a constant cost per character, however long the word.
 */
static const char *
fitting(const struct lay *l, const struct span *sp, const char *s, const char *end, double avail,
        double *w)
{
	const char *p = s;
	double sum = 0;
	while (p < end) {
		const char *q = p;
		utf8_next(&q, end);
		sum += width(l, sp, p, (size_t)(q - p));
		if (sum > avail && p > s)
			break;
		p = q;
	}
	*w = width(l, sp, s, (size_t)(p - s));
	while (*w > avail && char_before(s, p) > s) {
		p = char_before(s, p);
		*w = width(l, sp, s, (size_t)(p - s));
	}
	while (p < end) {
		const char *q = p;
		utf8_next(&q, end);
		double qw = width(l, sp, s, (size_t)(q - s));
		if (qw > avail)
			break;
		p = q;
		*w = qw;
	}
	return p;
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
	while (p < end && !layout_stopped()) {
		if (len > GIANT_WORD && f->kp.nitems >= SEG_ITEMS && p > s) {
			f->cut = p; /* the segment is full: the next goes on from here */
			return;
		}
		const char *start = p;
		double w;
		p = fitting(l, sp, start, end, avail, &w);
		if (start != s) {
			add_penalty(f, 0, PEN_EMERGENCY, false);
			f->split = true;
		}
		if (len > GIANT_WORD)
			check_glyphs(l, sp, start, (size_t)(p - start));
		add_box(f, sp, start, (size_t)(p - start), w);
	}
}

/* A piece of a word between breaks: a box, or split boxes when wider than the line. */
static void
add_piece(struct lay *l, struct flow *f, const struct span *sp, const char *s, size_t len, double w,
          double avail)
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

/*
 * One fragment of a word, with the places it may be hyphenated. A giant word is
 * only split for width (it is wider than any line, and past what hyphenation
 * looks at): measured whole it would cost each segment of a long paragraph its
 * whole length again.
 */
static void
add_fragment(struct lay *l, struct flow *f, const struct para *p, const struct span *sp,
             const char *s, size_t len, double avail, bool hyphenate)
{
	if (len > GIANT_WORD) {
		add_split_word(l, f, sp, s, len, avail);
		return;
	}
	/* Each character once a layout: all of a noted paragraph's were looked up. */
	if (p->memo_serial != l->serial)
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
 * The bytes of a paragraph's text that can show in a page's frame, from the
 * current position to the margin's edge (l->clip): its lines of avail pt, each of
 * at most avail / (0.2 em) characters (the narrowest glyphs, such as "i", are
 * about 0.22 em wide) of two bytes. The rest is never looked at, so a name of a
 * million characters in the header costs each page as much as one of a hundred;
 * SIZE_MAX in the body.
 */
static size_t
frame_bytes(const struct lay *l, const struct style *st, double avail)
{
	if (l->clip <= 0)
		return SIZE_MAX;
	double lines = 2 + fmax(0, (l->clip - l->at.y) / st->leading);
	return (size_t)(lines * 10 * fmin(avail, l->width) / st->size) + 1;
}

/*
 * Turns a paragraph's text from *from into items: boxes, glue between words, the
 * closing fill; with hyphenation points when hyphenate is set. Stops after about
 * SEG_ITEMS items, at a word's end or inside a word split for width, and sets
 * *from where the rest begins; returns whether the text ended. In a page's frame,
 * only the text that can show there.
 */
static bool
make_items(struct lay *l, struct flow *f, const struct para *p, double avail, bool hyphenate,
           struct textpos *from)
{
	const struct style *st = p->style;
	bool justify = st->align == ALIGN_JUSTIFY;
	f->nfrags = 0;
	f->cut = NULL;
	f->split = false;
	kp_clear(&f->kp);
	bool in_word = false, space_pending = false, end = true;
	const struct span *last = NULL;
	size_t budget = frame_bytes(l, st, avail);
	size_t i = from->span, k = from->off;
	for (; i < p->nspans && budget > 0 && !layout_stopped(); i++, k = 0) {
		const struct span *sp = &p->spans[i];
		const char *s = span_text(l, sp);
		size_t n = strlen(s);
		if (n - k > budget) {
			n = k + budget;
			while (n > k && ((unsigned char)s[n] & 0xC0) == 0x80)
				n--;
		}
		budget -= n - k;
		while (k < n) {
			if (is_space(s[k])) {
				space_pending = in_word || space_pending;
				in_word = false;
				k++;
				continue;
			}
			if (f->kp.nitems >= SEG_ITEMS || layout_stopped()) {
				end = layout_stopped();
				break;
			}
			size_t start = k;
			while (k < n && !is_space(s[k]))
				k++;
			if (space_pending && f->kp.nitems > 0) {
				/* The space takes the font of the text before it, as TeX's does. */
				double sw = width(l, last ? last : sp, " ", 1);
				kp_add(&f->kp, (struct kp_item){.kind = KP_GLUE,
				                                .width = sw,
				                                .stretch = justify ? sw / 2 : 0,
				                                .shrink = justify ? sw / 3 : 0});
			}
			space_pending = false;
			add_fragment(l, f, p, sp, s + start, k - start, avail, hyphenate);
			in_word = true;
			last = sp;
			if (f->cut != NULL) {
				/* A word split for width went past the segment's size. */
				k = (size_t)(f->cut - s);
				end = false;
				break;
			}
		}
		if (!end)
			break;
	}
	*from = (struct textpos){i, k};
	/* The last line is filled with glue that stretches without limit; then the end. */
	kp_add(&f->kp, (struct kp_item){.kind = KP_GLUE, .fill = true});
	kp_add(&f->kp, (struct kp_item){.kind = KP_PENALTY, .penalty = KP_FORCED});
	return end;
}

/*
 * Where the text of line ln+1 begins, for the next segment: its first box. A line
 * that ends inside a word (a hyphen, a split) makes the next segment begin there.
 */
static struct textpos
line_end_pos(const struct lay *l, const struct flow *f, const struct line *ln)
{
	const struct kp *k = &f->kp;
	for (size_t j = ln->b.end + 1; j < k->nitems; j++)
		if (k->items[j].kind == KP_BOX) {
			const struct frag *fr = &f->frags[k->items[j].ref];
			return (struct textpos){(size_t)(fr->span - f->para->spans),
			                        (size_t)(fr->s - span_text(l, fr->span))};
		}
	return (struct textpos){f->para->nspans, 0};
}

/* The lines of the segment from f->next: as TeX, first without hyphenation. */
static void
break_segment(struct lay *l, struct flow *f)
{
	struct kp *k = &f->kp;
	const struct para *p = f->para;
	const struct style *st = p->style;
	double avail = f->avail;
	/* Ragged lines may end up to this much short of the measure without cost. */
	double ragged = st->align == ALIGN_JUSTIFY ? 0 : 3 * st->size;
	struct textpos at = f->next;
	bool end = make_items(l, f, p, avail, false, &at);
	bool ok = kp_break(k, avail, ragged, 100);
	/*
	 * In a table cell a word is hyphenated only when it is wider than its column
	 * (column widths are chosen so that none is): a loose ragged line rather.
	 */
	if (!ok && f->cell && !f->split)
		ok = kp_break(k, avail, ragged, KP_BAD_INF);
	if (!ok) {
		/* Only a paragraph that cannot be set well that way is hyphenated. */
		at = f->next;
		end = make_items(l, f, p, avail, true, &at);
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
			if (k->items[j].kind == KP_BOX &&
			    f->frags[k->items[j].ref].span->size > ln->size)
				ln->size = f->frags[k->items[j].ref].span->size;
		/* Bigger inline text widens the line in proportion. */
		ln->height = st->leading * ln->size / st->size;
	}
	f->more = !end;
	if (f->more && f->nlines > 1) {
		/*
		 * A segment's last lines are set as a paragraph's end: the next segment
		 * sets them again, as part of what follows them. Its first three quarters
		 * stay, and are what the whole paragraph would have (a line's choice looks
		 * a few lines ahead, not a few hundred).
		 */
		size_t keep = 1;
		while (keep + 1 < f->nlines && f->lines[keep].b.end < k->nitems * 3 / 4)
			keep++;
		f->nlines = keep;
		f->next = line_end_pos(l, f, &f->lines[keep - 1]);
	} else if (f->more) {
		f->next = at;
	}
	/* An empty paragraph still takes one line, so that spacing stays even. */
	if (f->nlines == 0 && p->nspans > 0) {
		xgrow(&f->lines, &f->lcap, 0, sizeof(*f->lines));
		f->lines[0] = (struct line){{0, 0, 0, 0, false, true}, st->leading, st->size};
		f->nlines = 1;
	}
}

/*
 * Whether a paragraph's heights may be noted for the next time they are asked: not
 * in a page's frame (only what shows there is set) nor with a page number in it.
 */
static bool
memo_ok(const struct lay *l, const struct para *p)
{
	if (l->clip > 0)
		return false;
	for (size_t i = 0; i < p->nspans; i++)
		if (p->spans[i].field != SPAN_TEXT)
			return false;
	return true;
}

/*
 * A paragraph's lines as broken at a width, noted for the next time (a paragraph
 * is measured, then placed, and placed again when a try at a balanced ending or a
 * kept group is rolled back): the breaker's items, the text they show and the lines.
 */
enum { LAY_MEMO_MAX = 8 << 20 };

struct para_breaks {
	double avail;
	bool cell, split;
	struct kp_item *items;
	struct frag *frags;
	struct line *lines;
	size_t nitems, nfrags, nlines;
};

static void *
copy(struct arena *a, const void *p, size_t n, size_t size)
{
	void *c = arena_alloc(a, n * size);
	if (n > 0)
		memcpy(c, p, n * size);
	return c;
}

/* Notes f's lines in p: a paragraph of one segment, broken whole (none in a frame). */
static void
note_breaks(struct lay *l, const struct flow *f, const struct para *p)
{
	if (f->more || layout_stopped() || !memo_ok(l, p))
		return;
	size_t bytes = f->kp.nitems * sizeof(*f->kp.items) + f->nfrags * sizeof(*f->frags) +
	               f->nlines * sizeof(*f->lines);
	if (l->memo_bytes + bytes > LAY_MEMO_MAX) {
		/*
		 * A document of many thousand rows made as laid out: its memory stays
		 * bounded, the notes start anew (the paragraphs' old ones no longer count).
		 */
		arena_free(l->memo);
		l->memo = NULL;
		l->memo_bytes = 0;
		lay_new_serial(l);
	}
	l->memo_bytes += bytes;
	if (l->memo == NULL)
		l->memo = arena_new();
	struct para_breaks *b = arena_alloc(l->memo, sizeof(*b));
	*b = (struct para_breaks){f->avail,
	                          f->cell,
	                          f->split,
	                          copy(l->memo, f->kp.items, f->kp.nitems, sizeof(*f->kp.items)),
	                          copy(l->memo, f->frags, f->nfrags, sizeof(*f->frags)),
	                          copy(l->memo, f->lines, f->nlines, sizeof(*f->lines)),
	                          f->kp.nitems,
	                          f->nfrags,
	                          f->nlines};
	/* The notes are the layout's, not the document's content: hence the cast. */
	struct para *m = (struct para *)p;
	m->memo_breaks = b;
	m->memo_breaks_serial = l->serial;
}

/* f as p's noted lines at avail; false: none noted. */
static bool
noted_breaks(const struct lay *l, struct flow *f, const struct para *p)
{
	if (p->memo_breaks_serial != l->serial || !memo_ok(l, p))
		return false;
	const struct para_breaks *b = p->memo_breaks;
	if (b->avail != f->avail || b->cell != f->cell)
		return false;
	kp_clear(&f->kp);
	xgrow(&f->kp.items, &f->kp.icap, b->nitems, sizeof(*b->items));
	memcpy(f->kp.items, b->items, b->nitems * sizeof(*b->items));
	f->kp.nitems = b->nitems;
	xgrow(&f->frags, &f->fcap, b->nfrags, sizeof(*b->frags));
	memcpy(f->frags, b->frags, b->nfrags * sizeof(*b->frags));
	f->nfrags = b->nfrags;
	xgrow(&f->lines, &f->lcap, b->nlines, sizeof(*b->lines));
	memcpy(f->lines, b->lines, b->nlines * sizeof(*b->lines));
	f->nlines = b->nlines;
	f->split = b->split;
	f->cut = NULL;
	f->more = false;
	return true;
}

void
lay_flow_break(struct lay *l, struct flow *f, const struct para *p, double avail, bool cell)
{
	f->cell = cell;
	f->para = p;
	f->avail = avail;
	f->base = 0;
	f->next = (struct textpos){0, 0};
	if (noted_breaks(l, f, p))
		return;
	break_segment(l, f);
	note_breaks(l, f, p);
}

bool
lay_flow_next(struct lay *l, struct flow *f)
{
	if (!f->more || layout_stopped())
		return false;
	f->base += f->nlines;
	break_segment(l, f);
	return true;
}

void
lay_para_break(struct lay *l, const struct para *p, double avail)
{
	lay_flow_break(l, &l->flow, p, avail, false);
}

void
lay_flow_free(struct flow *f)
{
	kp_free(&f->kp);
	free(f->frags);
	free(f->lines);
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
 * spaces as written). While the display list holds nothing (a measure, a try at a
 * balanced ending) a line places nothing: only its height counts, and its caller
 * has that.
 */
void
lay_line_place(struct lay *l, const struct flow *f, const struct line *ln, enum align al, double x,
               double avail, double y)
{
	if (!dl_holds(l->dl))
		return;
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
				g += ln->b.ratio > 0 ? ln->b.ratio * it->stretch
				                     : ln->b.ratio * it->shrink;
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
			run.w = cx + it->width - run.x;
		} else if (same && natural_gap && fr->s == run.s + run.len + 1 &&
		           run.s[run.len] == ' ') {
			run.len += fr->len + 1;
			run.w = cx + it->width - run.x;
		} else {
			add_text(l, &run);
			run = (struct op){.kind = OP_TEXT,
			                  .x = cx,
			                  .y = y,
			                  .w = it->width,
			                  .font = sp->font,
			                  .size = sp->size,
			                  .color = sp->color,
			                  .s = fr->s,
			                  .len = fr->len};
		}
		natural_gap = false;
		cx += it->width;
	}
	add_text(l, &run);
	if (ln->b.hyphen) {
		const struct kp_item *it = &k->items[ln->b.end];
		const struct span *sp = f->frags[it->ref].span;
		lay_add(l, (struct op){.kind = OP_TEXT,
		                       .x = cx,
		                       .y = y,
		                       .w = it->width,
		                       .font = sp->font,
		                       .size = sp->size,
		                       .color = sp->color,
		                       .s = "-",
		                       .len = 1});
	}
}

/*
 * How many of the lines from i on go on this page (at least 1 when paginate is
 * off); 0: the paragraph starts on the next page. Never one line alone at the
 * foot of a page (orphan) nor at the head of the next (widow) when the paragraph
 * has lines enough to avoid it. In a page's frame (l->clip set), only the lines
 * that end within its margin, and the first line when it starts there.
 */
static size_t
lines_here(struct lay *l, size_t i, bool paginate)
{
	const struct flow *f = &l->flow;
	if (!paginate && l->clip <= 0)
		return f->nlines - i;
	double bottom = paginate ? l->bottom : l->clip;
	double y = l->at.y;
	size_t fit = 0;
	while (i + fit < f->nlines && y + f->lines[i + fit].height <= bottom + 1e-6) {
		y += f->lines[i + fit].height;
		fit++;
	}
	if (!paginate)
		return fit > 0 || l->at.y >= l->clip ? fit : 1;
	/* Lines after these: of this segment, or (a long paragraph) of the next ones. */
	size_t rest = f->nlines - i - fit + (f->more ? 2 : 0);
	if (rest > 0) {
		/* No widow: take one more line over, or all three of 2 + 1. */
		if (rest == 1 && fit > 2)
			fit--;
		else if (rest == 1 && l->at.y > l->top)
			return 0;
		if (fit < 2 && l->at.y > l->top && fit + rest > 1)
			return 0; /* no orphan: start on the next page */
		if (fit == 0)
			fit = 1; /* a line taller than the page: place it anyway */
	}
	return fit;
}

/* Places the lines of l->flow from *i on over pages; false: cut at a frame's margin. */
static bool
place_lines(struct lay *l, size_t *i, double x, double avail, enum align al, bool paginate,
            bool stream)
{
	const struct flow *f = &l->flow;
	while (*i < f->nlines && !layout_stopped()) {
		size_t fit = lines_here(l, *i, paginate);
		if (fit == 0 && !paginate)
			return false;
		if (fit == 0) {
			lay_new_page(l);
			continue;
		}
		double top = l->at.y;
		size_t first = *i;
		for (size_t k = 0; k < fit; k++, (*i)++) {
			const struct line *ln = &f->lines[*i];
			double baseline = l->at.y + (ln->height - ln->size) / 2 + ln->size * 0.8;
			lay_line_place(l, f, ln, al, x, avail, baseline);
			l->at.y += ln->height;
		}
		if (paginate)
			lay_piece(l, l->at.page, l->piece_kind, f->base + first, fit,
			          *i == f->nlines && !f->more, top, l->at.y, 0);
		if ((*i < f->nlines || l->at.y > l->stop_y) && !paginate)
			return false;
		if (*i < f->nlines) {
			lay_new_page(l);
			/* A paragraph of many pages need not be held whole. */
			if (stream)
				lay_safe_point(l);
		}
	}
	return true;
}

void
lay_para_place(struct lay *l, const struct para *p, double x, double avail, enum align al,
               bool paginate, bool stream)
{
	const struct style *st = p->style;
	lay_para_break(l, p, avail - st->indent);
	do {
		size_t i = 0;
		if (!place_lines(l, &i, x + st->indent, avail - st->indent, al, paginate, stream))
			return; /* the rest is cut at the frame's margin */
	} while (lay_flow_next(l, &l->flow));
}

/*
 * The height of p's lines at avail (its indent not yet taken off); *first: that of
 * its first lines, all of a paragraph of up to three lines, else two. Both noted
 * in p, where that is sound.
 */
static double
measure(struct lay *l, const struct para *p, double avail, bool cell, double *first)
{
	bool ok = memo_ok(l, p);
	if (ok && p->memo_serial == l->serial && p->memo_avail == avail && p->memo_cell == cell) {
		*first = p->memo_first;
		return p->memo_h;
	}
	lay_flow_break(l, &l->flow, p, avail - p->style->indent, cell);
	size_t n = l->flow.nlines <= 3 && !l->flow.more ? l->flow.nlines : 2;
	double h = 0;
	*first = 0;
	for (size_t i = 0; i < l->flow.nlines && i < n; i++)
		*first += l->flow.lines[i].height;
	do
		for (size_t i = 0; i < l->flow.nlines; i++)
			h += l->flow.lines[i].height;
	while (lay_flow_next(l, &l->flow));
	if (ok && !layout_stopped()) {
		/* The notes are the layout's, not the document's content: hence the cast. */
		struct para *m = (struct para *)p;
		m->memo_serial = l->serial;
		m->memo_avail = avail;
		m->memo_cell = cell;
		m->memo_h = h;
		m->memo_first = *first;
	}
	return h;
}

double
lay_para_height(struct lay *l, const struct para *p, double avail, bool cell)
{
	double first;
	if (p->chart != NULL)
		return p->chart_h;
	return measure(l, p, avail, cell, &first);
}

void
lay_para_forget(struct para *p)
{
	p->memo_serial = 0;
	p->memo_breaks_serial = 0;
}

double
lay_para_first(struct lay *l, const struct para *p, double avail)
{
	double first;
	measure(l, p, avail, false, &first);
	return first;
}

double
lay_para_least(struct lay *l, const struct para *p)
{
	struct textpos at = {0, 0};
	double widest = 0, run = 0;
	bool end;
	do {
		end = make_items(l, &l->flow, p, INFINITY, false, &at);
		const struct kp *k = &l->flow.kp;
		for (size_t i = 0; i < k->nitems; i++) {
			if (k->items[i].kind == KP_BOX)
				run += k->items[i].width;
			else
				run = 0;
			widest = fmax(widest, run);
		}
	} while (!end && !layout_stopped());
	return widest + p->style->indent;
}

double
lay_para_natural(struct lay *l, const struct para *p)
{
	struct textpos at = {0, 0};
	double w = p->style->indent;
	bool end;
	do {
		end = make_items(l, &l->flow, p, INFINITY, false, &at);
		w += kp_natural(&l->flow.kp);
	} while (!end && !layout_stopped());
	return w;
}

/*
 * For a column aligned on the decimal mark (the document's language's: ',' or '.'):
 * the width of what follows the mark (",5 %"), or of the unit after the last digit
 * (" $"); text without digits ("–") has none, so it stands where the integers end.
 */
double
lay_para_tail(struct lay *l, const struct para *p)
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
