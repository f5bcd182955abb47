/* SPDX-License-Identifier: MIT */
/* Nice axis ticks: steps of 1, 2 and 5 times a power of ten, a top at or above the maximum. */
#include <math.h>

#include "chart.h"
#include "mem.h"
#include "unit.h"

/* A canvas that checks every line stays within the box it was given. */
static double box_x, box_y, box_w, box_h;
static int outside, lines;

static double
t_width(void *ctx, const char *s, size_t len)
{
	(void)ctx;
	(void)s;
	return 5.0 * (double)len;
}

static void
t_line(void *ctx, double x0, double y0, double x1, double y1, double w, uint32_t rgb)
{
	(void)ctx;
	(void)w;
	(void)rgb;
	lines++;
	const double xs[] = {x0, x1}, ys[] = {y0, y1};
	for (int k = 0; k < 2; k++)
		if (!(xs[k] >= box_x - 1e-6 && xs[k] <= box_x + box_w + 1e-6 &&
		      ys[k] >= box_y - 1e-6 && ys[k] <= box_y + box_h + 1e-6))
			outside++;
}

static void
t_rect(void *ctx, double x, double y, double w, double h, uint32_t rgb)
{
	(void)ctx;
	(void)x;
	(void)y;
	(void)w;
	(void)h;
	(void)rgb;
}

static void
t_text(void *ctx, double x, double y, const char *s, uint32_t rgb)
{
	(void)ctx;
	(void)x;
	(void)y;
	(void)s;
	(void)rgb;
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
	box_x = 50;
	box_y = 100;
	box_w = 400;
	box_h = 160;
	outside = lines = 0;
	struct arena *a = arena_new();
	struct canvas cv = {NULL, t_width, t_line, t_rect, t_text};
	chart_draw(&c, box_x, box_y, box_w, box_h, &cv, a);
	arena_free(a);
	if (outside)
		fprintf(stderr, "pareto of huge figures: %d line ends of %d outside the chart\n",
			outside, lines);
	CHECK(lines > 0);
	CHECK(outside == 0);
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
	return UNIT_DONE();
}
