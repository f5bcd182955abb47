/* SPDX-License-Identifier: MIT */
/* Nice axis ticks: steps of 1, 2 and 5 times a power of ten, a top at or above the maximum. */
#include <float.h>
#include <math.h>

#include "chart.h"
#include "mem.h"
#include "unit.h"
#include "val.h"

/*
 * A canvas that checks everything drawn stays within the box it was given: line ends,
 * rectangles, and text from its start to its end (5 pt a character), its baseline inside.
 */
static double box_x, box_y, box_w, box_h;
static int outside, lines, drawn;
static char first_outside[160];
/* The texts drawn, for checks of the labels. */
static char texts[64][96];
static int ntexts;
/* What was drawn where, for checks that labels keep clear of bars and lines. */
static struct seg {
	double x0, y0, x1, y1, w;
	uint32_t rgb;
	int kind; /* 'l' line, 'r' rectangle (x0, y0 its corner, x1, y1 its size), 't' text */
} segs[512];
static int nsegs;

static void
record(struct seg s)
{
	if (nsegs < 512)
		segs[nsegs++] = s;
}

static double
t_width(void *ctx, const char *s, size_t len)
{
	(void)ctx;
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return 5.0 * (double)n;
}

static void
at(double x, double y, const char *what)
{
	drawn++;
	if (x >= box_x - 1e-6 && x <= box_x + box_w + 1e-6 && y >= box_y - 1e-6 &&
	    y <= box_y + box_h + 1e-6)
		return;
	if (outside++ == 0)
		snprintf(first_outside, sizeof(first_outside), "%s at %g, %g", what, x, y);
}

static void
t_line(void *ctx, double x0, double y0, double x1, double y1, double w, uint32_t rgb)
{
	(void)ctx;
	lines++;
	record((struct seg){x0, y0, x1, y1, w, rgb, 'l'});
	at(x0, y0, "a line");
	at(x1, y1, "a line");
}

static void
t_rect(void *ctx, double x, double y, double w, double h, uint32_t rgb)
{
	(void)ctx;
	record((struct seg){x, y, w, h, 0, rgb, 'r'});
	at(x, y, "a rectangle");
	at(x + w, y + h, "a rectangle's corner");
}

static void
t_text(void *ctx, double x, double y, const char *s, uint32_t rgb)
{
	(void)ctx;
	(void)rgb;
	char what[128];
	snprintf(what, sizeof(what), "text \"%.60s\"", s);
	record((struct seg){x, y, x + t_width(NULL, s, strlen(s)), y, 0, rgb, 't'});
	at(x, y, what);
	at(x + t_width(NULL, s, strlen(s)), y, what);
	if (ntexts < 64)
		snprintf(texts[ntexts++], sizeof(texts[0]), "%s", s);
}

static bool
drew(const char *s)
{
	for (int i = 0; i < ntexts; i++)
		if (strcmp(texts[i], s) == 0)
			return true;
	return false;
}

/* Draws c into a 400 x 160 pt box and checks nothing leaves it; name for the message. */
static void
draw_checked(struct chart *c, const char *name)
{
	box_x = 50;
	box_y = 100;
	box_w = 400;
	box_h = 160;
	outside = lines = drawn = ntexts = nsegs = 0;
	struct arena *a = arena_new();
	struct canvas cv = {NULL, t_width, t_line, t_rect, t_text};
	chart_draw(c, box_x, box_y, box_w, box_h, &cv, a);
	arena_free(a);
	if (outside)
		fprintf(stderr, "%s: %d of %d points outside the chart, first %s\n", name, outside,
			drawn, first_outside);
	CHECK(drawn > 0);
	CHECK(outside == 0);
}

/*
 * A pareto chart of figures whose sum overflows a double (e2e_extremes' inputs):
 * its cumulative line stays in the chart, and ends at 100 %.
 */
static void
test_pareto_overflow(void)
{
	struct chart_item items[] = {
	    {"A", 1.7e308, 0, true, false, false, 0, 0, false},
	    {"B", 1.5e308, 0, true, false, false, 0, 0, false},
	    {"C", 1.5e308, 0, true, false, false, 0, 0, false},
	    {"D", 1, 0, true, false, false, 0, 0, false},
	};
	struct chart c = {0};
	c.kind = CHART_PARETO;
	c.items = items;
	c.nitems = 4;
	draw_checked(&c, "pareto of huge figures");
	CHECK(lines > 0);
}

/*
 * The value label of a dominant partner's broken Pareto bar (12 and 400 times the
 * next, among 30 partners): it meets no bar, neither the cumulative line (1.5 pt)
 * nor the class-a line, and stands on no white ground (it found a free place).
 */
static void
test_pareto_label(void)
{
	static const double factors[] = {12, 400};
	for (size_t f = 0; f < 2; f++) {
		struct chart_item items[30];
		for (int i = 0; i < 30; i++)
			items[i] = (struct chart_item){"P", i == 0 ? 1e6 * factors[f] : 1e6 - 3e4 * i,
			                               0, true, false, false, 0, 0, false};
		struct chart c = {0};
		c.kind = CHART_PARETO;
		c.items = items;
		c.nitems = 30;
		c.reference = 0.8;
		c.has_reference = true;
		c.fmt = FMT_MONEY;
		c.currency = "$";
		draw_checked(&c, "pareto with a dominant partner");
		/* The label is the last text drawn; 8 pt the default size. */
		CHECK(nsegs > 0 && segs[nsegs - 1].kind == 't');
		const struct seg *t = &segs[nsegs - 1];
		double x0 = t->x0, x1 = t->x1, y0 = t->y0 - 8 * 0.8, y1 = t->y0 + 8 * 0.25;
		int meets = 0;
		for (int i = 0; i < nsegs - 1; i++) {
			const struct seg *s = &segs[i];
			if (s->kind == 'r' && s->x0 < x1 && x0 < s->x0 + s->x1 && s->y0 < y1 &&
			    y0 < s->y0 + s->y1)
				meets++; /* a bar, or a white ground under the label */
			if (s->kind == 'l' && s->w >= 1 && s->x1 > s->x0) {
				double xa = fmax(s->x0, x0), xb = fmin(s->x1, x1);
				if (xa > xb)
					continue;
				double ya = s->y0 + (s->y1 - s->y0) * (xa - s->x0) / (s->x1 - s->x0);
				double yb = s->y0 + (s->y1 - s->y0) * (xb - s->x0) / (s->x1 - s->x0);
				if (fmin(ya, yb) < y1 && y0 < fmax(ya, yb))
					meets++; /* the cumulative line, or the class-a line */
			}
		}
		if (meets)
			fprintf(stderr, "pareto x%g: the label \"%s\" meets %d things drawn\n",
			        factors[f], texts[ntexts - 1], meets);
		CHECK(meets == 0);
	}
}

/*
 * Figures from the largest a double holds down to the smallest, in every kind of
 * chart: whatever finite figure comes, the chart stays in its box (issue 17: axis
 * labels at x = -1292 for 1e308, a sparkline of 2e16 dividing 0 by 0). Labels too wide
 * for the axis are written as German spreadsheets write them, 1,5E+30.
 */
static void
test_huge_figures(void)
{
	static const double figures[][3] = {
	    {1e16, 1e16, 1e16},   {2e16, 2e16, 2e16},   {1e16, 2e16, 3e16}, {1e30, 5e29, 0},
	    {1e308, 1.7e308, 0},  {DBL_MAX, DBL_MAX, DBL_MAX}, {DBL_MAX, -DBL_MAX, 0},
	    {4e-320, 0, 5e-324},  {1e15, 999999999999999.9, 0},  {0.5, 2, 1},
	};
	static const enum chart_kind kinds[] = {CHART_BARS, CHART_LINE, CHART_SPARKLINE,
						CHART_HBARS, CHART_PARETO};
	static const int fmts[] = {FMT_MONEY, FMT_PERCENT, FMT_INT, FMT_DECIMAL};
	for (size_t f = 0; f < sizeof(figures) / sizeof(figures[0]); f++)
		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
			for (size_t m = 0; m < sizeof(fmts) / sizeof(fmts[0]); m++) {
				struct chart_item items[3];
				for (int i = 0; i < 3; i++)
					items[i] = (struct chart_item){"Q3/2026", figures[f][i],
								       figures[f][2 - i], true,
								       i != 1, i == 0, 0, 0, false};
				struct chart c = {0};
				c.kind = kinds[k];
				c.items = items;
				c.nitems = 3;
				c.fmt = fmts[m];
				c.currency = "USD";
				c.has_reference = kinds[k] != CHART_BARS;
				c.reference = kinds[k] == CHART_PARETO ? 0.8 : 1;
				c.value_label = "Umsatz";
				c.mark_label = "Ziel";
				char name[96];
				snprintf(name, sizeof(name), "kind %d, format %d, figures %g %g %g",
					 (int)kinds[k], fmts[m], figures[f][0], figures[f][1],
					 figures[f][2]);
				draw_checked(&c, name);
			}
	/* The axis of 1e30 in money: 0 $, 5E+29 $ and 1E+30 $. */
	struct chart_item items[] = {{"Q2/2026", 5e29, 0, true, false, false, 0, 0, false},
				     {"Q3/2026", 1e30, 0, true, false, false, 0, 0, false}};
	struct chart c = {0};
	c.kind = CHART_BARS;
	c.items = items;
	c.nitems = 2;
	c.fmt = FMT_MONEY;
	c.currency = "USD";
	draw_checked(&c, "bars of 1e30");
	CHECK(drew("0\u00a0$"));
	CHECK(drew("5E+29\u00a0$"));
	CHECK(drew("1E+30\u00a0$"));
	/* Labels that fit stay as they are: 1.000.000 with its dots. */
	items[0].value = 500000;
	items[1].value = 1000000;
	draw_checked(&c, "bars of a million");
	CHECK(drew("1.000.000\u00a0$"));
	CHECK(drew("500.000\u00a0$"));
	/* A value label in the hbars, when the figure is too long to fit: 1,25E+30 %. */
	c.kind = CHART_HBARS;
	c.fmt = FMT_PERCENT;
	items[0].value = 1.25e28;
	items[1].value = 0.5;
	draw_checked(&c, "hbars of 1,25E+30 %");
	CHECK(drew("1,25E+30\u00a0%"));
	CHECK(drew("50,0\u00a0%"));
}

int
main(void)
{
	static const struct {
		double max;
		int want;
		double step, top;
	} cases[] = {
	    {0, 4, 1, 4},              /* all zeros: an axis all the same */
	    {5e-324, 4, 1, 4},         /* a denormal: no power of ten below it, as 0 */
	    {-5, 4, 1, 4},             /* nothing positive */
	    {1, 4, 0.5, 1},            /* 100 % */
	    {1.15, 4, 0.5, 1.5},
	    {7, 4, 2, 8},
	    {10, 5, 2, 10},
	    {452000, 4, 200000, 600000},
	    {2500000, 4, 1000000, 3000000},
	    {1510000, 4, 500000, 2000000},
	    {3.7, 5, 1, 4},
	    {0.003, 4, 0.001, 0.003},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double step, top;
		chart_ticks(cases[i].max, cases[i].want, &step, &top);
		if (step != cases[i].step || top != cases[i].top)
			fprintf(stderr, "max %g: step %g top %g, want %g %g\n", cases[i].max, step, top,
				cases[i].step, cases[i].top);
		CHECK(step == cases[i].step);
		CHECK(top == cases[i].top);
	}
	test_pareto_overflow();
	test_pareto_label();
	test_huge_figures();
	return UNIT_DONE();
}
