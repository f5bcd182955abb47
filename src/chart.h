/* SPDX-License-Identifier: MIT */
/* Charts as vector graphics: axes with nice ticks, bars, lines, legends, German labels. */
#ifndef PR_CHART_H
#define PR_CHART_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

/* Where a chart draws: the layout's display list, through these calls. */
struct canvas {
	void *ctx;
	/* Width of text in the chart's style, pt. */
	double (*width)(void *ctx, const char *s, size_t len);
	void (*line)(void *ctx, double x0, double y0, double x1, double y1, double w, uint32_t rgb);
	void (*rect)(void *ctx, double x, double y, double w, double h, uint32_t rgb);
	/* Text with its baseline at y, starting at x; the string lives as long as the chart. */
	void (*text)(void *ctx, double x, double y, const char *s, uint32_t rgb);
};

/*
 * Draws c into the box x, y (top left), w x h pt. Every label stays inside the box
 * and none overlaps another: axis labels are thinned out, value labels left out
 * where they would collide. Missing values are gaps, never zeros. Strings for the
 * labels come from a. Returns how many labels had to be cut short ("…").
 */
struct arena;
int chart_draw(const struct chart *c, double x, double y, double w, double h,
               const struct canvas *cv, struct arena *a);

/* A "nice" axis: the step (1, 2 or 5 times a power of ten) and the top for max. */
void chart_ticks(double max, int want, double *step, double *top);

#endif
