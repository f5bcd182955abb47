/* SPDX-License-Identifier: MIT */
/*
 * Layout time per page: expands the template for every partner of a metrics file
 * and lays each report out onto a device that measures with the real fonts but
 * draws nothing, several rounds; prints the median time per page and per report.
 *   bench_layout METRICS SURVEY TEMPLATE [ROUNDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "analyze.h"
#include "datadir.h"
#include "hyph.h"
#include "layout.h"
#include "load.h"
#include "msg.h"
#include "pdf.h"
#include "tpl.h"

static const struct dev *metrics;

static double
n_width(void *ctx, int font, double size, const char *s, size_t len)
{
	(void)ctx;
	return metrics->width(metrics->ctx, font, size, s, len);
}

static bool
n_has_glyph(void *ctx, int font, uint32_t cp)
{
	(void)ctx;
	return metrics->has_glyph(metrics->ctx, font, cp);
}

static void
n_page(void *ctx, double w, double h)
{
	(void)ctx, (void)w, (void)h;
}

static void
n_text(void *ctx, double x, double y, int f, double s, uint32_t c, const char *t, size_t n)
{
	(void)ctx, (void)x, (void)y, (void)f, (void)s, (void)c, (void)t, (void)n;
}

static void
n_line(void *ctx, double a, double b, double c, double d, double w, uint32_t rgb)
{
	(void)ctx, (void)a, (void)b, (void)c, (void)d, (void)w, (void)rgb;
}

static void
n_rect(void *ctx, double x, double y, double w, double h, uint32_t rgb)
{
	(void)ctx, (void)x, (void)y, (void)w, (void)h, (void)rgb;
}

static void
n_bookmark(void *ctx, int level, const char *t, double y)
{
	(void)ctx, (void)level, (void)t, (void)y;
}

static bool
n_failed(void *ctx)
{
	(void)ctx;
	return false;
}

static void
n_image(void *ctx, const struct image *img, double x, double y, double w, double h)
{
	(void)ctx, (void)img, (void)x, (void)y, (void)w, (void)h;
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: bench_layout METRICS SURVEY TEMPLATE [ROUNDS]\n");
		return 2;
	}
	int rounds = argc > 4 ? atoi(argv[4]) : 5;
	struct metrics *m = load_metrics(argv[1]);
	struct survey *s = m ? load_survey(argv[2], m) : NULL;
	struct tpl *t = m && s ? tpl_load(argv[3], datadir_path()) : NULL;
	if (t == NULL)
		return 2;
	const char **fonts = calloc(tpl_nfonts(t) + 1, sizeof(char *));
	for (size_t i = 0; i < tpl_nfonts(t); i++)
		fonts[i] = tpl_font_path(t, i);
	struct pdf *pdf = pdf_new(fonts, tpl_nfonts(t), tpl_fallback_path(t));
	metrics = pdf_dev(pdf);
	struct dev null = {NULL,   n_width, n_has_glyph, n_page,   n_text,
			   n_line, n_rect,  n_bookmark,  n_failed, n_image, NULL};
	struct hyph *h = hyph_open_lazy(hyph_default_path());
	struct review_ctx ctx = {m, s, 0, 20261126, NULL, NULL, NULL, NULL};
	for (size_t i = 0; i < m->npartners; i++)
		for (size_t k = 0; k < m->partners[i].nquarters; k++)
			if (m->partners[i].quarters[k].period > ctx.period)
				ctx.period = m->partners[i].quarters[k].period;
	struct portfolio_rules pr = portfolio_default_rules();
	struct portfolio *pf = portfolio_new(m, s, ctx.period, &pr);
	ctx.portfolio = pf;
	double *per_page = calloc((size_t)rounds, sizeof(double));
	double *per_report = calloc((size_t)rounds, sizeof(double));
	long pages = 0;
	/* Round 0 warms up (the hyphenation patterns load on first use); not counted. */
	for (int r = -1; r < rounds; r++) {
		double layout = 0;
		long n = 0, reports = 0;
		for (size_t i = 0; i < m->npartners; i++) {
			const struct partner *p = &m->partners[i];
			if (p->failed || partner_quarter(p, ctx.period) == NULL)
				continue;
			struct arena *a = arena_new();
			struct doc *d = tpl_expand(t, analyze_partner(a, &ctx, p), a);
			double t0 = now();
			struct layout_result lr = layout_doc(d, &null, h);
			layout += now() - t0;
			n += lr.pages;
			reports++;
			arena_free(a);
		}
		if (r >= 0) {
			per_page[r] = layout * 1000 / (double)n;
			per_report[r] = layout * 1000 / (double)reports;
			pages = n;
		}
	}
	qsort(per_page, (size_t)rounds, sizeof(double), cmp);
	qsort(per_report, (size_t)rounds, sizeof(double), cmp);
	printf("layout: %ld pages, median of %d rounds: %.3f ms per page, %.3f ms per report\n",
	       pages, rounds, per_page[rounds / 2], per_report[rounds / 2]);
	free(per_page);
	free(per_report);
	hyph_close(h);
	portfolio_free(pf);
	pdf_free(pdf);
	free(fonts);
	tpl_free(t);
	survey_free(s);
	metrics_free(m);
	return 0;
}
