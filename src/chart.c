/* SPDX-License-Identifier: MIT */
/* Charts as vector graphics: axes with nice ticks, bars, lines, legends, German labels. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "fmt.h"
#include "lang.h"
#include "mem.h"
#include "val.h"

/*
 * Colours: the Okabe-Ito palette, safe for colour-blind readers, and chosen apart in
 * lightness so that a grey print still tells them apart: the main series dark blue
 * (grey 15 %), the comparison and the highlight light orange (42 %), lines black or mid
 * grey.
 */
enum {
	INK = 0x333333,
	GRID = 0xD9DDE3,
	AXIS = 0x8A929C,
	MAIN = 0x0072B2,   /* blue, dark */
	SECOND = 0xE69F00, /* orange, light */
	MARK = 0x000000,
	SELF = 0xE69F00 /* the partner itself: apart from MAIN in grey too */
};

/*
 * A value or mark counts only when it is a finite number: an infinite ratio (a target
 * of 1e-300) or a NaN is no position on any axis, and is left out as a missing one.
 */
static bool
has_v(const struct chart_item *it)
{
	return it->has_value && isfinite(it->value);
}

static bool
has_m(const struct chart_item *it)
{
	return it->has_mark && isfinite(it->mark);
}

/*
 * Where v lies between lo (0) and hi (1), kept within them; 0.5 when lo and hi are one
 * or cannot be told apart (2e16 and 2e16 + 2 are the same double). Halved first: the
 * span of two huge figures of opposite sign overflows.
 */
static double
frac(double v, double lo, double hi)
{
	double span = hi / 2 - lo / 2, t = (v / 2 - lo / 2) / span;
	if (!(span > 0) || !isfinite(span) || isnan(t))
		return 0.5;
	return t < 0 ? 0 : t > 1 ? 1 : t;
}

void
chart_ticks(double max, int want, double *step, double *top)
{
	if (!(max > 0)) {
		*step = 1;
		*top = want;
		return;
	}
	double raw = max / want, p = pow(10, floor(log10(raw))), f = raw / p;
	double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
	*step = nice * p;
	*top = ceil(max / *step - 1e-9) * *step;
	if (!(*step > 0) || !(*top > 0)) {
		/* max too near 0 for a power of ten (a denormal such as 5e-324): as 0. */
		*step = 1;
		*top = want;
		return;
	}
	if (!isfinite(*top)) {
		/* max near the largest double: no rounder top above it exists. */
		*step = max / want;
		*top = *step * want;
	}
}

/* An axis label in the values' format and the chart's language. */
static const char *
label(struct arena *a, const struct chart *c, double v, int digits)
{
	const struct lang *l = c->lang != NULL ? c->lang : &lang_de;
	struct sbuf b = {0};
	switch ((enum val_fmt)c->fmt) {
	case FMT_PERCENT:
		fmt_percent_l(&b, v, digits, l);
		break;
	case FMT_MONEY:
		fmt_money_l(&b, v, c->currency, digits, l);
		break;
	case FMT_DECIMAL:
		fmt_decimal_l(&b, v, digits < 1 ? 1 : digits, l);
		break;
	default:
		if (v == floor(v))
			fmt_int_l(&b, v, l);
		else
			fmt_decimal_l(&b, v, 1, l);
	}
	char *s = sbuf_take(&b);
	const char *r = arena_strdup(a, s);
	free(s);
	return r;
}

/*
 * v as German spreadsheets write a number too long for its cell, 1,5E+30: for figures
 * whose digits would not fit beside the axis (a revenue of 1e30 has 31). At most
 * `digits` decimals, trailing zeros dropped; the unit of the format after it, as label's.
 */
static const char *
sci_label(struct arena *a, const struct chart *c, double v, int digits)
{
	if (v == 0 || !isfinite(v))
		return label(a, c, v, 0);
	char buf[64];
	snprintf(buf, sizeof(buf), "%.*E", digits, fabs(v));
	char *e = strchr(buf, 'E');
	if (e == NULL)
		return label(a, c, v, 0);
	/* Percentages shift the exponent rather than multiply: 1e307 is 1E+309 %. */
	int exp = atoi(e + 1) + (c->fmt == FMT_PERCENT ? 2 : 0);
	*e = '\0';
	char *point = strpbrk(buf, ".,");
	if (point != NULL) {
		*point = ',';
		size_t n = strlen(buf);
		while (buf[n - 1] == '0')
			buf[--n] = '\0';
		if (buf[n - 1] == ',')
			buf[n - 1] = '\0';
	}
	const char *unit = c->fmt == FMT_PERCENT ? "%"
	                   : c->fmt == FMT_MONEY ? fmt_currency_symbol(c->currency)
	                                         : "";
	return arena_printf(a, "%s%sE%+d%s%s", v < 0 ? "\u2212" : "", buf, exp,
	                    *unit ? "\u00a0" : "", unit);
}

/*
 * The label of v as label() makes it when it fits in room pt, else as sci_label(). From
 * 1e17 on it is sci_label() anyway: there a double's 17 digits stop being the decimal
 * figure, and the tick 2 x 5e29 would read 999.999.999.999.999.880.000.000.000.000.
 */
static const char *
label_within(struct arena *a, const struct chart *c, const struct canvas *cv, double v, int digits,
             double room)
{
	const char *s = label(a, c, v, digits);
	if (fabs(v) < 1e17 && cv->width(cv->ctx, s, strlen(s)) <= room)
		return s;
	return sci_label(a, c, v, digits < 2 ? 2 : digits);
}

/* Digits the tick labels need so that neighbours differ. */
static int
tick_digits(const struct chart *c, double step)
{
	double unit = c->fmt == FMT_PERCENT ? step * 100 : step;
	return unit >= 1 ? 0 : unit >= 0.1 ? 1 : 2;
}

static double
tw(const struct canvas *cv, const char *s)
{
	return cv->width(cv->ctx, s, strlen(s));
}

/* A legend entry: a swatch and its text; returns the x after it. */
static double
legend(const struct canvas *cv, double x, double y, uint32_t rgb, bool line, const char *text)
{
	if (line)
		cv->line(cv->ctx, x, y - 3, x + 10, y - 3, 1.5, rgb);
	else
		cv->rect(cv->ctx, x, y - 7, 8, 8, rgb);
	cv->text(cv->ctx, x + 12, y, text, INK);
	return x + 12 + tw(cv, text) + 12;
}

/* The value axis: grid lines and labels; returns the plot's left edge. */
static double
value_axis(const struct chart *c, const struct canvas *cv, struct arena *a, double x, double top,
           double bottom, double step, double ymax, double size, double *right)
{
	int digits = tick_digits(c, step);
	/* Counted, not summed up to ymax: near the largest double a sum never gets there. */
	int ticks = (int)fmin(100, floor(ymax / step + 0.5));
	/*
	 * Labels of absurd figures (thirty digits) must not push the plot off the chart, nor
	 * themselves off the page: one wider than a third of the chart goes as 1,5E+30.
	 */
	double widest = 0, room = (*right - x) / 3;
	for (int k = 0; k <= ticks; k++)
		widest = fmax(widest, tw(cv, label_within(a, c, cv, k * step, digits, room)));
	double left = x + fmin(widest, room) + 4;
	for (int k = 0; k <= ticks; k++) {
		double v = k * step;
		double y = bottom - (bottom - top) * frac(v, 0, ymax);
		const char *s = label_within(a, c, cv, v, digits, room);
		cv->text(cv->ctx, fmax(x, left - 4 - tw(cv, s)), y + size * 0.35, s, INK);
		cv->line(cv->ctx, left, y, *right, y, v == 0 ? 0.8 : 0.4, v == 0 ? AXIS : GRID);
	}
	return left;
}

/* Category labels under bands: every k-th when they would touch, cut to the band. */
static void
category_labels(const struct chart *c, const struct canvas *cv, double left, double band, double y)
{
	double widest = 0;
	for (size_t i = 0; i < c->nitems; i++)
		widest = fmax(widest, tw(cv, c->items[i].label));
	size_t every = 1;
	while (widest + 4 > band * (double)every && every < c->nitems)
		every++;
	for (size_t i = 0; i < c->nitems; i += every) {
		const char *s = c->items[i].label;
		double w = tw(cv, s);
		double cx = left + band * ((double)i + 0.5) - w / 2;
		cv->text(cv->ctx, cx, y, s, INK);
	}
}

/* The largest value or mark of the items (0 when none is positive). */
static double
items_max(const struct chart *c)
{
	double max = 0;
	for (size_t i = 0; i < c->nitems; i++) {
		if (has_v(&c->items[i]))
			max = fmax(max, c->items[i].value);
		if (has_m(&c->items[i]))
			max = fmax(max, c->items[i].mark);
	}
	return max;
}

static void
draw_bars(const struct chart *c, double x, double y, double w, double h, const struct canvas *cv,
          struct arena *a, double size)
{
	double max = items_max(c);
	double step, ymax;
	chart_ticks(max, 4, &step, &ymax);
	double lx = x;
	if (c->value_label)
		lx = legend(cv, lx, y + size, MAIN, false, c->value_label);
	if (c->mark_label)
		legend(cv, lx, y + size, MARK, true, c->mark_label);
	double top = y + size * 2.2, bottom = y + h - size * 1.8, right = x + w;
	double left = value_axis(c, cv, a, x, top, bottom, step, ymax, size, &right);
	double band = (right - left) / (double)(c->nitems ? c->nitems : 1);
	for (size_t i = 0; i < c->nitems; i++) {
		const struct chart_item *it = &c->items[i];
		double bx = left + band * (double)i + band * 0.2, bw = band * 0.6;
		if (has_v(it) && it->value > 0) {
			double bh = (bottom - top) * (it->value / ymax);
			cv->rect(cv->ctx, bx, bottom - bh, bw, bh, MAIN);
		}
		if (has_m(it)) {
			double my = bottom - (bottom - top) * (it->mark / ymax);
			cv->line(cv->ctx, bx - band * 0.08, my, bx + bw + band * 0.08, my, 2, MARK);
		}
	}
	category_labels(c, cv, left, band, bottom + size * 1.3);
}

static void
draw_line(const struct chart *c, double x, double y, double w, double h, const struct canvas *cv,
          struct arena *a, double size, bool axes)
{
	bool ref = c->has_reference && isfinite(c->reference);
	double max = ref ? c->reference : 0;
	for (size_t i = 0; i < c->nitems; i++)
		if (has_v(&c->items[i]))
			max = fmax(max, c->items[i].value);
	double step = 1, ymax = max > 0 ? max : 1, ymin = 0;
	double top = y, bottom = y + h, left = x, right = x + w;
	if (!axes) {
		/*
		 * A sparkline shows the movement: from its own lowest to its highest value;
		 * a line that does not move runs through the middle (frac).
		 */
		bool any = false;
		for (size_t i = 0; i < c->nitems; i++)
			if (has_v(&c->items[i])) {
				ymin = any ? fmin(ymin, c->items[i].value) : c->items[i].value;
				any = true;
			}
		top += 1.5;
		bottom -= 1.5;
	}
	if (axes) {
		chart_ticks(max, 4, &step, &ymax);
		double lx = x;
		if (c->value_label)
			lx = legend(cv, lx, y + size, MAIN, true, c->value_label);
		if (ref && c->reference_label)
			legend(cv, lx, y + size, AXIS, true, c->reference_label);
		top = y + size * 2.2;
		bottom = y + h - size * 1.8;
		left = value_axis(c, cv, a, x, top, bottom, step, ymax, size, &right);
	}
	double band = (right - left) / (double)(c->nitems ? c->nitems : 1);
	if (ref && axes) {
		double ry = bottom - (bottom - top) * frac(c->reference, 0, ymax);
		cv->line(cv->ctx, left, ry, right, ry, 1, AXIS);
	}
	/* A missing value breaks the line: no segment across the gap. */
	double px = 0, py = 0;
	bool have = false;
	for (size_t i = 0; i < c->nitems; i++) {
		const struct chart_item *it = &c->items[i];
		if (!has_v(it)) {
			have = false;
			continue;
		}
		double cx = left + band * ((double)i + 0.5);
		double cy = axes ? bottom - (bottom - top) * frac(fmax(0, it->value), 0, ymax)
		                 : bottom - (bottom - top) * frac(it->value, ymin, ymax);
		if (have)
			cv->line(cv->ctx, px, py, cx, cy, axes ? 2 : 1, MAIN);
		/* A point: a small square, so that a lone value still shows. */
		double r = axes ? 2.5 : 1.2;
		cv->rect(cv->ctx, cx - r, cy - r, 2 * r, 2 * r, MAIN);
		px = cx;
		py = cy;
		have = true;
	}
	if (axes)
		category_labels(c, cv, left, band, bottom + size * 1.3);
}

/* Cuts s with "…" to fit width; counts the cut in *cut. */
static const char *
fit(struct arena *a, const struct canvas *cv, const char *s, double width, int *cut)
{
	if (tw(cv, s) <= width)
		return s;
	++*cut;
	size_t n = strlen(s);
	while (n > 0) {
		n--;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		const char *t = arena_printf(a, "%.*s\u2026", (int)n, s);
		if (tw(cv, t) <= width)
			return t;
	}
	return "";
}

/*
 * s on at most two lines of width: the first as many words as fit, the second the
 * rest, cut with "…" (counted in *cut) only when even two lines cannot hold it.
 * Returns the number of lines (1 or 2) in out.
 */
static int
wrap2(struct arena *a, const struct canvas *cv, const char *s, double width, const char *out[2],
      int *cut)
{
	out[1] = NULL;
	if (tw(cv, s) <= width) {
		out[0] = s;
		return 1;
	}
	/* The last space at which the first line still fits. */
	const char *best = NULL;
	for (const char *p = strchr(s, ' '); p != NULL; p = strchr(p + 1, ' ')) {
		if (cv->width(cv->ctx, s, (size_t)(p - s)) > width)
			break;
		best = p;
	}
	if (best == NULL) {
		out[0] = fit(a, cv, s, width, cut);
		return 1;
	}
	out[0] = arena_printf(a, "%.*s", (int)(best - s), s);
	out[1] = fit(a, cv, best + 1, width, cut);
	return 2;
}

/*
 * A value on its item's scale: "4,3". Which scale an item is on is the template's to
 * say, in the item's label ("Weiterempfehlung (0–10)"): no word of a report is made here.
 */
static const char *
scaled_label(struct arena *a, const struct chart_item *it)
{
	struct sbuf b = {0};
	fmt_decimal(&b, it->value, 1);
	char *s = sbuf_take(&b);
	const char *r = arena_strdup(a, s);
	free(s);
	return r;
}

/* Where v lies on item it's axis, 0 to 1: its own scale, or 0 to xmax. */
static double
hbar_share(const struct chart_item *it, double v, double xmax)
{
	if (it->has_scale)
		return frac(v, it->lo, it->hi);
	return frac(fmax(0, v), 0, xmax);
}

/*
 * Horizontal bars, a row per item: its label on up to two lines at the left, the
 * value's bar and the comparison's below it. Items with a scale of their own (1 to
 * 5, 0 to 10) run on it, over a light track of the whole scale.
 */
static int
draw_hbars(const struct chart *c, double x, double y, double w, double h, const struct canvas *cv,
           struct arena *a, double size)
{
	int cut = 0;
	bool ref = c->has_reference && isfinite(c->reference) && c->reference > 0;
	double max = items_max(c);
	if (ref)
		max = fmax(max, c->reference); /* the scale's top, such as 5 */
	double step, xmax;
	chart_ticks(max, 5, &step, &xmax);
	if (ref)
		xmax = c->reference;
	double lx = x;
	if (c->value_label)
		lx = legend(cv, lx, y + size, MAIN, false, c->value_label);
	/* The marks' entry ("Vorwelle") only where a mark is drawn: none without a wave before. */
	bool marks = false;
	for (size_t i = 0; i < c->nitems; i++)
		marks |= has_m(&c->items[i]);
	if (c->mark_label && marks)
		legend(cv, lx, y + size, SECOND, false, c->mark_label);
	/*
	 * Room on the right for the widest value label, so none leaves the chart; the label
	 * of an absurd figure that would take more than a quarter of it goes as 1,25E+30.
	 */
	double valw = 0;
	for (size_t i = 0; i < c->nitems; i++) {
		const struct chart_item *it = &c->items[i];
		if (has_v(it))
			valw = fmax(valw, tw(cv, it->has_scale ? scaled_label(a, it)
			                                       : label_within(a, c, cv, it->value,
			                                                      1, w / 4)));
	}
	double top = y + size * 2, labelw = w * 0.42, left = x + labelw + 6;
	double right = fmax(left, x + w - valw - 4);
	double row = (y + h - top) / (double)(c->nitems ? c->nitems : 1);
	double lead = size * 1.15;
	for (size_t i = 0; i < c->nitems; i++) {
		const struct chart_item *it = &c->items[i];
		double ry = top + row * (double)i;
		const char *lines[2];
		int n = wrap2(a, cv, it->label, labelw, lines, &cut);
		double base = ry + row * 0.5 + size * 0.35 - (n - 1) * lead / 2;
		for (int k = 0; k < n; k++)
			cv->text(cv->ctx, x, base + k * lead, lines[k], INK);
		double bh = row * 0.32, band = bh * 2 + row * 0.06;
		if (it->has_scale)
			cv->rect(cv->ctx, left, ry + row * 0.14, right - left, band, GRID);
		if (has_v(it)) {
			double bw = (right - left) * hbar_share(it, it->value, xmax);
			cv->rect(cv->ctx, left, ry + row * 0.14, bw, bh, MAIN);
		}
		if (has_m(it)) {
			double bw = (right - left) * hbar_share(it, it->mark, xmax);
			cv->rect(cv->ctx, left, ry + row * 0.52, bw, bh, SECOND);
		}
		/* The scale's whole points, as white hairlines across the track and bars. */
		for (double v = it->lo + 1; it->has_scale && v < it->hi && it->hi - it->lo <= 20;
		     v++) {
			double tx = left + (right - left) * hbar_share(it, v, xmax);
			cv->line(cv->ctx, tx, ry + row * 0.14, tx, ry + row * 0.14 + band, 0.6,
			         0xFFFFFF);
		}
		if (has_v(it)) {
			double bw = (right - left) * hbar_share(it, it->value, xmax);
			const char *v = it->has_scale ? scaled_label(a, it)
			                              : label_within(a, c, cv, it->value, 1, w / 4);
			if (it->has_scale)
				cv->text(cv->ctx, right + 3,
				         ry + row * 0.14 + band / 2 + size * 0.35, v, INK);
			else
				cv->text(cv->ctx, left + bw + 3,
				         ry + row * 0.14 + bh * 0.5 + size * 0.35, v, INK);
		}
	}
	cv->line(cv->ctx, left, top, left, y + h, 0.8, AXIS);
	return cut;
}

/* A bar cut at the axis top: a white gap across it (its value: pareto_label). */
static void
broken_bar(const struct canvas *cv, double bx, double bw, double top, double bottom)
{
	double gy = top + (bottom - top) * 0.16;
	cv->rect(cv->ctx, bx - 1, gy, bw + 2, 1.6, 0xFFFFFF);
	cv->rect(cv->ctx, bx - 1, gy + 3.2, bw + 2, 1.6, 0xFFFFFF);
}

/* A box: x0 < x1, y0 < y1 (y down). */
struct box {
	double x0, y0, x1, y1;
};

static bool
boxes_meet(struct box a, struct box b)
{
	return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/* Whether the segment from (x0, y0) to (x1, y1), x0 < x1, passes through box b (pad 0.8 pt for the stroke). */
static bool
segment_meets(double x0, double y0, double x1, double y1, struct box b)
{
	double xa = fmax(x0, b.x0), xb = fmin(x1, b.x1);
	if (!(x1 > x0) || xa > xb)
		return false;
	double ya = y0 + (y1 - y0) * (xa - x0) / (x1 - x0);
	double yb = y0 + (y1 - y0) * (xb - x0) / (x1 - x0);
	return fmin(ya, yb) - 0.8 < b.y1 && b.y0 < fmax(ya, yb) + 0.8;
}

/* What the value label of a broken Pareto bar must keep clear of. */
struct pareto_ink {
	const struct chart *c;
	double left, right, top, bottom, band, ymax, total, max;
	double ref_y; /* the class-a line; NAN: none */
};

/* Whether box b meets a bar (but bar skip), the cumulative line or the class-a line. */
static bool
pareto_meets(const struct pareto_ink *p, struct box b, size_t skip)
{
	if (!isnan(p->ref_y) && boxes_meet(b, (struct box){p->left, p->ref_y - 0.5 - 0.8, p->right,
	                                                   p->ref_y + 0.5 + 0.8}))
		return true;
	double cum = 0, px = 0, py = 0;
	for (size_t i = 0; i < p->c->nitems; i++) {
		const struct chart_item *it = &p->c->items[i];
		double bx = p->left + p->band * (double)i;
		if (has_v(it) && it->value > 0) {
			double bh = (p->bottom - p->top) * fmin(1, it->value / p->ymax);
			struct box bar = {bx + p->band * 0.1, p->bottom - bh, bx + p->band * 0.9,
			                  p->bottom};
			if (i != skip && boxes_meet(b, bar))
				return true;
			cum += it->value / p->max;
		}
		double cy = p->bottom - (p->bottom - p->top) * (p->total > 0 ? cum / p->total : 0);
		double cx = bx + p->band;
		if (i > 0 && segment_meets(px, py, cx, cy, b))
			return true;
		px = cx;
		py = cy;
	}
	return false;
}

/*
 * The value of broken bar i, drawn last: right of the bar at the axis top, or lower
 * down beside it, wherever it meets no bar, neither the cumulative nor the class-a
 * line and stays inside the plot; where no such place is (a dominant partner's line
 * runs right across), at the top on a white ground, over the line.
 */
static void
pareto_label(const struct pareto_ink *p, const struct canvas *cv, struct arena *a, size_t i,
             double size)
{
	const char *s = label_within(a, p->c, cv, p->c->items[i].value, 0, 80);
	double w = tw(cv, s), pad = 1.5;
	double bx = p->left + p->band * (double)i;
	double xs[2] = {bx + p->band * 0.9 + 3, bx + p->band * 0.1 - 3 - w};
	double gy = p->top + (p->bottom - p->top) * 0.16;
	for (int side = 0; side < 2; side++) {
		double x = xs[side];
		if (x - pad < p->left || x + w + pad > p->right)
			continue;
		for (double y = p->top + size; y <= gy + size * 2; y += size * 0.5) {
			struct box b = {x - pad, y - size * 0.8 - pad, x + w + pad,
			                y + size * 0.25 + pad};
			if (!pareto_meets(p, b, i)) {
				cv->text(cv->ctx, x, y, s, INK);
				return;
			}
		}
	}
	double x = fmin(xs[0], p->right - w - pad), y = p->top + size;
	cv->rect(cv->ctx, x - pad, y - size * 0.8 - pad, w + 2 * pad, size * 1.05 + 2 * pad,
	         0xFFFFFF);
	cv->text(cv->ctx, x, y, s, INK);
}

static void
draw_pareto(const struct chart *c, double x, double y, double w, double h, const struct canvas *cv,
            struct arena *a, double size)
{
	double max = 0, total = 0;
	for (size_t i = 0; i < c->nitems; i++)
		if (has_v(&c->items[i]))
			max = fmax(max, c->items[i].value);
	/* Shares summed in units of the largest: a sum of absurd figures overflows. */
	for (size_t i = 0; i < c->nitems; i++)
		if (has_v(&c->items[i]) && c->items[i].value > 0)
			total += c->items[i].value / max;
	/*
	 * One partner far ahead of all others (over 2.5 times the next) would flatten
	 * every other bar: the axis then ends a little above the second, and a bar
	 * above it is cut at the top, broken, with its value printed beside it.
	 */
	double second = 0;
	size_t at_max = 0;
	for (size_t i = 0; i < c->nitems; i++) {
		const struct chart_item *it = &c->items[i];
		if (!has_v(it) || !(it->value > 0))
			continue;
		if (it->value == max)
			at_max++;
		else
			second = fmax(second, it->value);
	}
	if (at_max > 1)
		second = max;
	double step, ymax;
	chart_ticks(second > 0 && max > 2.5 * second ? second * 1.2 : max, 4, &step, &ymax);
	double lx = x;
	if (c->value_label)
		lx = legend(cv, lx, y + size, MAIN, false, c->value_label);
	if (c->mark_label)
		lx = legend(cv, lx, y + size, SELF, false, c->mark_label);
	if (c->line_label)
		lx = legend(cv, lx, y + size, MARK, true, c->line_label);
	if (c->reference_label)
		legend(cv, lx, y + size, AXIS, true, c->reference_label);
	double top = y + size * 2.2, bottom = y + h - size * 1.2;
	/* Room on the right for the cumulative axis (0 % to 100 %). */
	double right = x + w - tw(cv, "100 %") - 6;
	double left = value_axis(c, cv, a, x, top, bottom, step, ymax, size, &right);
	double band = (right - left) / (double)(c->nitems ? c->nitems : 1);
	/* In the chart's language: "25 %" German, "25%" English. */
	const bool space = c->lang != NULL ? c->lang->percent_space : lang_de.percent_space;
	for (int k = 0; k <= 4; k++) {
		double yy = bottom - (bottom - top) * k / 4.0;
		const char *s = arena_printf(a, space ? "%d\u00a0%%" : "%d%%", k * 25);
		cv->text(cv->ctx, right + 4, yy + size * 0.35, s, INK);
	}
	double cum = 0, px = 0, py = 0;
	for (size_t i = 0; i < c->nitems; i++) {
		const struct chart_item *it = &c->items[i];
		double bx = left + band * (double)i;
		if (has_v(it) && it->value > 0) {
			double bh = (bottom - top) * fmin(1, it->value / ymax);
			cv->rect(cv->ctx, bx + band * 0.1, bottom - bh, band * 0.8, bh,
			         it->highlight ? SELF : MAIN);
			if (it->value > ymax)
				broken_bar(cv, bx + band * 0.1, band * 0.8, top, bottom);
			cum += it->value / max;
		}
		double cy = bottom - (bottom - top) * (total > 0 ? cum / total : 0);
		double cx = bx + band;
		if (i > 0)
			cv->line(cv->ctx, px, py, cx, cy, 1.5, MARK);
		px = cx;
		py = cy;
	}
	struct pareto_ink ink = {c, left, right, top, bottom, band, ymax, total, max, NAN};
	if (c->has_reference && isfinite(c->reference)) {
		double ry = bottom - (bottom - top) * frac(c->reference, 0, 1);
		cv->line(cv->ctx, left, ry, right, ry, 1, AXIS);
		ink.ref_y = ry;
	}
	for (size_t i = 0; i < c->nitems; i++)
		if (has_v(&c->items[i]) && c->items[i].value > ymax)
			pareto_label(&ink, cv, a, i, size);
	/*
	 * The highlighted bar (the report's own partner) too low to be seen, under a
	 * twentieth of the axis: its value just above it, so the reader finds it.
	 */
	for (size_t i = 0; i < c->nitems; i++) {
		const struct chart_item *it = &c->items[i];
		if (!it->highlight || !has_v(it) || !(it->value >= 0) || it->value > ymax / 20)
			continue;
		const char *s = label_within(a, c, cv, it->value, 0, 80);
		double sw = tw(cv, s), mid = left + band * ((double)i + 0.5);
		double tx = fmax(left, fmin(mid - sw / 2, right - sw));
		double bh = (bottom - top) * it->value / ymax;
		cv->text(cv->ctx, tx, bottom - bh - 3, s, INK);
	}
}

int
chart_draw(const struct chart *c, double x, double y, double w, double h, const struct canvas *cv,
           struct arena *a)
{
	double size = c->style ? c->style->size : 8;
	switch (c->kind) {
	case CHART_BARS:
		draw_bars(c, x, y, w, h, cv, a, size);
		break;
	case CHART_LINE:
		draw_line(c, x, y, w, h, cv, a, size, true);
		break;
	case CHART_SPARKLINE:
		draw_line(c, x, y, w, h, cv, a, size, false);
		break;
	case CHART_HBARS:
		return draw_hbars(c, x, y, w, h, cv, a, size);
	case CHART_PARETO:
		draw_pareto(c, x, y, w, h, cv, a, size);
		break;
	}
	return 0;
}
