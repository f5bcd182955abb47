/* SPDX-License-Identifier: MIT */
/* Charts as vector graphics: axes with nice ticks, bars, lines, legends, German labels. */
#include <math.h>
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
	SELF = 0xE69F00    /* the partner itself: apart from MAIN in grey too */
};

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
	double widest = 0;
	for (int k = 0; k <= ticks; k++)
		widest = fmax(widest, tw(cv, label(a, c, k * step, digits)));
	/* Labels of absurd figures (thirty digits) must not push the plot off the chart. */
	double left = x + fmin(widest, (*right - x) / 3) + 4;
	for (int k = 0; k <= ticks; k++) {
		double v = k * step;
		double y = bottom - (bottom - top) * (v / ymax);
		const char *s = label(a, c, v, digits);
		cv->text(cv->ctx, left - 4 - tw(cv, s), y + size * 0.35, s, INK);
		cv->line(cv->ctx, left, y, *right, y, v == 0 ? 0.8 : 0.4, v == 0 ? AXIS : GRID);
	}
	return left;
}

/* Category labels under bands: every k-th when they would touch, cut to the band. */
static void
category_labels(const struct chart *c, const struct canvas *cv, double left, double band,
		double y)
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
		if (c->items[i].has_value)
			max = fmax(max, c->items[i].value);
		if (c->items[i].has_mark)
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
		if (it->has_value && it->value > 0) {
			double bh = (bottom - top) * (it->value / ymax);
			cv->rect(cv->ctx, bx, bottom - bh, bw, bh, MAIN);
		}
		if (it->has_mark) {
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
	double max = c->has_reference ? c->reference : 0, min = 0;
	for (size_t i = 0; i < c->nitems; i++)
		if (c->items[i].has_value)
			max = fmax(max, c->items[i].value);
	double step = 1, ymax = max > 0 ? max : 1, ymin = 0;
	double top = y, bottom = y + h, left = x, right = x + w;
	if (!axes) {
		/* A sparkline shows the movement: from its own lowest to its highest value. */
		bool any = false;
		for (size_t i = 0; i < c->nitems; i++)
			if (c->items[i].has_value) {
				ymin = any ? fmin(ymin, c->items[i].value) : c->items[i].value;
				any = true;
			}
		if (!any || ymax - ymin <= 0) {
			ymin = any ? ymin - 1 : 0;
			ymax = ymin + 2;
		}
		top += 1.5;
		bottom -= 1.5;
	}
	if (axes) {
		chart_ticks(max, 4, &step, &ymax);
		double lx = x;
		if (c->value_label)
			lx = legend(cv, lx, y + size, MAIN, true, c->value_label);
		if (c->has_reference && c->reference_label)
			legend(cv, lx, y + size, AXIS, true, c->reference_label);
		top = y + size * 2.2;
		bottom = y + h - size * 1.8;
		left = value_axis(c, cv, a, x, top, bottom, step, ymax, size, &right);
	}
	(void)min;
	double band = (right - left) / (double)(c->nitems ? c->nitems : 1);
	if (c->has_reference && axes) {
		double ry = bottom - (bottom - top) * (c->reference / ymax);
		cv->line(cv->ctx, left, ry, right, ry, 1, AXIS);
	}
	/* A missing value breaks the line: no segment across the gap. */
	double px = 0, py = 0;
	bool have = false;
	for (size_t i = 0; i < c->nitems; i++) {
		const struct chart_item *it = &c->items[i];
		if (!it->has_value) {
			have = false;
			continue;
		}
		double cx = left + band * ((double)i + 0.5);
		double cy = axes ? bottom - (bottom - top) * (fmax(0, it->value) / ymax)
				 : bottom - (bottom - top) * ((it->value - ymin) / (ymax - ymin));
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

/* Cuts s with "…" to fit width. */
static const char *
fit(struct arena *a, const struct canvas *cv, const char *s, double width)
{
	if (tw(cv, s) <= width)
		return s;
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

static void
draw_hbars(const struct chart *c, double x, double y, double w, double h, const struct canvas *cv,
	   struct arena *a, double size)
{
	double max = items_max(c);
	if (c->has_reference)
		max = fmax(max, c->reference); /* the scale's top, such as 5 */
	double step, xmax;
	chart_ticks(max, 5, &step, &xmax);
	if (c->has_reference)
		xmax = c->reference;
	double lx = x;
	if (c->value_label)
		lx = legend(cv, lx, y + size, MAIN, false, c->value_label);
	if (c->mark_label)
		legend(cv, lx, y + size, SECOND, false, c->mark_label);
	/* Room on the right for the widest value label, so none leaves the chart. */
	double valw = 0;
	for (size_t i = 0; i < c->nitems; i++)
		if (c->items[i].has_value)
			valw = fmax(valw, tw(cv, label(a, c, c->items[i].value, 1)));
	double top = y + size * 2, labelw = w * 0.42, left = x + labelw + 6;
	double right = x + w - valw - 4;
	double row = (y + h - top) / (double)(c->nitems ? c->nitems : 1);
	for (size_t i = 0; i < c->nitems; i++) {
		const struct chart_item *it = &c->items[i];
		double ry = top + row * (double)i;
		const char *s = fit(a, cv, it->label, labelw);
		cv->text(cv->ctx, x, ry + row * 0.5 + size * 0.35, s, INK);
		double bh = row * 0.32;
		if (it->has_value) {
			double bw = (right - left) * (fmax(0, it->value) / xmax);
			cv->rect(cv->ctx, left, ry + row * 0.14, bw, bh, MAIN);
			const char *v = label(a, c, it->value, 1);
			cv->text(cv->ctx, left + bw + 3, ry + row * 0.14 + bh * 0.5 + size * 0.35, v, INK);
		}
		if (it->has_mark) {
			double bw = (right - left) * (fmax(0, it->mark) / xmax);
			cv->rect(cv->ctx, left, ry + row * 0.52, bw, bh, SECOND);
		}
	}
	cv->line(cv->ctx, left, top, left, y + h, 0.8, AXIS);
}

static void
draw_pareto(const struct chart *c, double x, double y, double w, double h,
	    const struct canvas *cv, struct arena *a, double size)
{
	double max = 0, total = 0;
	for (size_t i = 0; i < c->nitems; i++)
		if (c->items[i].has_value)
			max = fmax(max, c->items[i].value);
	/* Shares summed in units of the largest: a sum of absurd figures overflows. */
	for (size_t i = 0; i < c->nitems; i++)
		if (c->items[i].has_value && c->items[i].value > 0)
			total += c->items[i].value / max;
	double step, ymax;
	chart_ticks(max, 4, &step, &ymax);
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
	for (int k = 0; k <= 4; k++) {
		double yy = bottom - (bottom - top) * k / 4.0;
		const char *s = arena_printf(a, "%d\u00a0%%", k * 25);
		cv->text(cv->ctx, right + 4, yy + size * 0.35, s, INK);
	}
	double cum = 0, px = 0, py = 0;
	for (size_t i = 0; i < c->nitems; i++) {
		const struct chart_item *it = &c->items[i];
		double bx = left + band * (double)i;
		if (it->has_value && it->value > 0) {
			double bh = (bottom - top) * (it->value / ymax);
			cv->rect(cv->ctx, bx + band * 0.1, bottom - bh, band * 0.8, bh,
				 it->highlight ? SELF : MAIN);
			cum += it->value / max;
		}
		double cy = bottom - (bottom - top) * (total > 0 ? cum / total : 0);
		double cx = bx + band;
		if (i > 0)
			cv->line(cv->ctx, px, py, cx, cy, 1.5, MARK);
		px = cx;
		py = cy;
	}
	if (c->has_reference) {
		double ry = bottom - (bottom - top) * c->reference;
		cv->line(cv->ctx, left, ry, right, ry, 1, AXIS);
	}
}

void
chart_draw(const struct chart *c, double x, double y, double w, double h,
	   const struct canvas *cv, struct arena *a)
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
		draw_hbars(c, x, y, w, h, cv, a, size);
		break;
	case CHART_PARETO:
		draw_pareto(c, x, y, w, h, cv, a, size);
		break;
	}
}
