/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the layout's two ways through a document: the whole display list
 * drawn at the end, or (a long document) pages counted first, then each drawn
 * when complete. Both must give the device the very same calls.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze.h"
#include "datadir.h"
#include "hyph.h"
#include "layout.h"
#include "load.h"
#include "msg.h"
#include "pdf.h"
#include "tpl.h"
#include "tpl_rules.h"
#include "unit.h"

struct setup {
	struct metrics *m;
	struct survey *s;
	struct rules *rules;
	struct portfolio *pf;
	struct review_ctx ctx;
	struct tpl *review, *overview;
	struct pdf *pdf; /* the fonts' metrics for the dump device */
	const char **fonts;
	struct hyph *hyph;
};

static bool
setup_open(struct setup *st, const char *metrics, const char *survey)
{
	memset(st, 0, sizeof(*st));
	char *rules = xasprintf("%s/templates/rules.xml", datadir_path());
	char *review = xasprintf("%s/templates/review.xml", datadir_path());
	char *overview = xasprintf("%s/templates/portfolio.xml", datadir_path());
	st->m = load_metrics(metrics);
	st->s = st->m ? load_survey(survey, st->m) : NULL;
	st->rules = rules_load(rules);
	st->review = tpl_load(review, datadir_path());
	st->overview = tpl_load_names(overview, datadir_path(), analyze_overview_name);
	free(rules);
	free(review);
	free(overview);
	if (st->s == NULL || st->rules == NULL || st->review == NULL || st->overview == NULL)
		return false;
	size_t nf = tpl_nfonts(st->review);
	st->fonts = xcalloc(nf + 1, sizeof(*st->fonts));
	for (size_t i = 0; i < nf; i++)
		st->fonts[i] = tpl_font_path(st->review, i);
	st->pdf = pdf_new(st->fonts, nf, tpl_fallback_path(st->review));
	const char *dic = hyph_default_path();
	st->hyph = dic ? hyph_open_lazy(dic) : NULL;
	st->ctx.metrics = st->m;
	st->ctx.survey = st->s;
	st->ctx.period = 20263;
	st->ctx.today = 20261126;
	st->pf = portfolio_new(st->m, st->s, st->ctx.period, &st->rules->portfolio);
	st->ctx.portfolio = st->pf;
	st->ctx.rules = &st->rules->review;
	st->ctx.rules_portfolio = &st->rules->portfolio;
	return st->pdf != NULL;
}

static void
setup_close(struct setup *st)
{
	hyph_close(st->hyph);
	pdf_free(st->pdf);
	free(st->fonts);
	portfolio_free(st->pf);
	tpl_free(st->review);
	tpl_free(st->overview);
	rules_free(st->rules);
	survey_free(st->s);
	metrics_free(st->m);
}

/* The layout dump of d with the given display list limit; *pages gets the count. */
static char *
dump(const struct setup *st, const struct doc *d, size_t limit, int *pages)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct dev *dev = layout_dump_new(f, pdf_dev(st->pdf));
	size_t old = layout_ops_limit(limit);
	struct layout_result r = layout_doc(d, dev, st->hyph);
	layout_ops_limit(old);
	layout_dump_free(dev);
	fclose(f);
	*pages = r.pages;
	return text;
}

/* d laid out whole, streamed from the start, and streamed from some way in: the same. */
static void
check_doc(const struct setup *st, const struct doc *d, const char *what, int min_pages)
{
	static const size_t limits[] = {0, 1, 700, 5000};
	int want_pages, pages;
	char *want = dump(st, d, SIZE_MAX, &want_pages);
	CHECK(want_pages >= min_pages);
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		char *got = dump(st, d, limits[i], &pages);
		bool same = strcmp(got, want) == 0 && pages == want_pages;
		if (!same)
			fprintf(stderr,
			        "%s: the layout with limit %zu differs (%d pages, want %d)\n", what,
			        limits[i], pages, want_pages);
		CHECK(same);
		free(got);
	}
	free(want);
}

/*
 * Makes every made row of the tables in blocks b stored rows, as the expander
 * made them before rows were made while laid out; returns how many tables had some.
 */
static size_t
store_made_rows(struct block *b, struct arena *a)
{
	size_t tables = 0;
	for (; b != NULL; b = b->next) {
		if (b->kind == BLOCK_KEEP)
			tables += store_made_rows(b->child, a);
		if (b->kind != BLOCK_TABLE || b->made == NULL)
			continue;
		const struct row_maker *m = b->made;
		struct trow *rows = arena_alloc(a, (b->nrows + m->n) * sizeof(*rows));
		memcpy(rows, b->rows, m->at * sizeof(*rows));
		for (size_t i = 0; i < m->n; i++)
			m->make(m->ctx, i, a, &rows[m->at + i]);
		memcpy(rows + m->at + m->n, b->rows + m->at, (b->nrows - m->at) * sizeof(*rows));
		b->rows = rows;
		b->nrows += m->n;
		b->made = NULL;
		tables++;
	}
	return tables;
}

/* The overview of template t: streamed and whole the same, made and stored rows the same. */
static void
check_overview_tpl(const struct setup *st, const struct tpl *t, const char *what, int min_pages)
{
	struct arena *a = arena_new();
	struct doc *d = tpl_expand(t, analyze_overview(a, &st->ctx), a);
	CHECK(d != NULL);
	if (d != NULL) {
		check_doc(st, d, what, min_pages);
		/* Its partner table's rows made while laid out, and all held: the same. */
		int made_pages, stored_pages;
		char *made = dump(st, d, 0, &made_pages);
		char *made_whole = dump(st, d, SIZE_MAX, &stored_pages);
		bool same = strcmp(made, made_whole) == 0;
		CHECK(store_made_rows(d->body, a) + store_made_rows(d->header, a) +
		          store_made_rows(d->footer, a) >=
		      1);
		char *stored = dump(st, d, SIZE_MAX, &stored_pages);
		same &= made_pages == stored_pages && strcmp(made, stored) == 0 &&
			strcmp(made_whole, stored) == 0;
		if (!same)
			fprintf(stderr, "%s: made rows laid out otherwise than stored ones\n", what);
		CHECK(same);
		free(made);
		free(made_whole);
		free(stored);
	}
	arena_free(a);
}

static void
check_overview(const struct setup *st, int min_pages)
{
	check_overview_tpl(st, st->overview, "overview", min_pages);
}

/* The samples: the overview and some reports (headings, lists, keeps, charts, tables). */
static void
test_samples(void)
{
	struct setup st;
	CHECK(setup_open(&st, "samples/metrics.json", "samples/survey.json"));
	if (st.pdf != NULL) {
		check_overview(&st, 2);
		for (size_t i = 0; i < st.m->npartners; i += 7) {
			struct arena *a = arena_new();
			const struct partner *p = &st.m->partners[i];
			struct doc *d = tpl_expand(st.review, analyze_partner(a, &st.ctx, p), a);
			CHECK(d != NULL);
			if (d != NULL)
				check_doc(&st, d, p->id, 3);
			arena_free(a);
		}
	}
	setup_close(&st);
}

/* An overview of 600 partners: a table that runs over many pages. */
static void
test_long_overview(void)
{
	const char *path = "/tmp/unit_layout_metrics.json";
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (f == NULL)
		return;
	fputs("{\"format\":\"partnerreview-metrics/1\",\"vendor\":{\"name\":\"Alpenwerk\","
	      "\"channel_manager\":{\"name\":\"Katrin Huber\"}},\"partners\":[",
	      f);
	for (int i = 0; i < 600; i++)
		fprintf(f,
		        "%s{\"id\":\"P-%03d\",\"name\":\"M\xC3\xBCller Maschinen %d\","
		        "\"tier\":\"%s\",\"quarters\":[{\"period\":\"2026-Q2\",\"revenue\":%d,"
		        "\"target\":%d},{\"period\":\"2026-Q3\",\"revenue\":%d,\"target\":%d}]}",
		        i ? "," : "", i, i, i % 3 ? "Silber" : "Gold", 1000 + i * 37 % 900, 1200,
		        900 + i * 53 % 1000, 1100);
	fputs("]}", f);
	fclose(f);
	struct setup st;
	CHECK(setup_open(&st, path, "samples/survey.json"));
	/* Above the rules' table-max the overview lists only the largest: here all of them. */
	if (st.rules != NULL)
		st.rules->portfolio.table_max = SIZE_MAX;
	if (st.pdf != NULL)
		check_overview(&st, 20);
	setup_close(&st);
	unlink(path);
}

/* A file's bytes, NUL-terminated; NULL when it cannot be read. */
static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, m);
	fclose(f);
	fclose(m);
	return text;
}

/* s with its first from replaced by to (freed s); NULL when s lacks from. */
static char *
replace(char *s, const char *from, const char *to)
{
	char *at = s ? strstr(s, from) : NULL;
	char *r = at ? xasprintf("%.*s%s%s", (int)(at - s), s, to, at + strlen(from)) : NULL;
	free(s);
	return r;
}

/*
 * The bundled overview template with edits (pairs: text, replacement) in a folder
 * of its own beside a copy of its styles, loaded; NULL when an edit does not apply.
 */
static struct tpl *
overview_variant(const char *const *edits, size_t nedits)
{
	static const char *const dir = "/tmp/unit_layout_tpl";
	char *path = xasprintf("%s/templates/portfolio.xml", datadir_path());
	char *text = slurp(path);
	free(path);
	for (size_t i = 0; i + 1 < nedits && edits[i] != NULL; i += 2)
		text = replace(text, edits[i], edits[i + 1]);
	path = xasprintf("%s/templates/review/styles.xml", datadir_path());
	char *styles = slurp(path);
	free(path);
	CHECK(text != NULL && styles != NULL);
	struct tpl *t = NULL;
	if (text != NULL && styles != NULL) {
		mkdir(dir, 0700);
		mkdir("/tmp/unit_layout_tpl/review", 0700);
		FILE *f = fopen("/tmp/unit_layout_tpl/review/styles.xml", "w");
		fputs(styles, f);
		fclose(f);
		f = fopen("/tmp/unit_layout_tpl/portfolio.xml", "w");
		fputs(text, f);
		fclose(f);
		t = tpl_load_names("/tmp/unit_layout_tpl/portfolio.xml", datadir_path(),
		                   analyze_overview_name);
		CHECK(t != NULL);
		unlink("/tmp/unit_layout_tpl/portfolio.xml");
		unlink("/tmp/unit_layout_tpl/review/styles.xml");
		rmdir("/tmp/unit_layout_tpl/review");
		rmdir(dir);
	}
	free(text);
	free(styles);
	return t;
}

#define SPARKLINE "<c><chart kind=\"sparkline\" each=\"p.quarters\" as=\"q\" value=\"q.revenue\" height=\"9\"/></c>"
#define PARTNER_TABLE "<table style=\"cell\" head-style=\"cell-head\" stripe=\"#F3F5F8\" head-fill=\"#E4EAF1\" padding=\"3\">"

/* Overview templates whose made rows go where the bundled one's do not. */
static void
test_made_rows(const char *metrics, int min_pages)
{
	static const struct {
		const char *what;
		const char *edits[6];
	} cases[] = {
		/* A chart with labels in a made row: its text outlives the row. */
		{"bars chart in a made row",
		 {SPARKLINE, "<c><chart kind=\"bars\" each=\"p.quarters\" as=\"q\" label=\"q.period\" "
		             "value=\"q.revenue\" value-label=\"Umsatz\" height=\"60\"/></c>"}},
		/* The made table inside a keep: measured, then placed. */
		{"made table in a keep",
		 {PARTNER_TABLE, "<keep>" PARTNER_TABLE,
		  "</for>\n    </table>", "</for>\n    </table></keep>"}},
		/* Made rows taller than a page, split between lines. */
		{"made rows taller than a page",
		 {SPARKLINE, SPARKLINE "<c><for each=\"partners\" as=\"x\"><value of=\"x.name\"/> "
		             "<msg id=\"esc-intro\"/> </for></c>",
		  "<col width=\"22mm\"/>", "<col width=\"22mm\"/><col width=\"30mm\"/>",
		  "<c><msg id=\"col-history\"/></c>", "<c><msg id=\"col-history\"/></c><c>Alle</c>"}},
		/* A made table in the footer, its fitted column showing the page (9, then 10). */
		{"made table in the footer",
		 {"</p>\n  </footer>",
		  "</p><table style=\"footer\"><col width=\"auto\"/><col width=\"auto\"/>"
		  "<for each=\"partners\" as=\"p\"><row><c>S. <page-number/></c><c><value of=\"p.id\"/>"
		  "</c></row></for></table>\n  </footer>",
		  "<h level=\"1\" style=\"heading\">Zu eskalieren</h>",
		  "<page-break/><p>a</p><page-break/><p>b</p><page-break/><p>c</p><page-break/><p>d</p>"
		  "<page-break/><p>e</p><page-break/><p>f</p><page-break/><p>g</p><page-break/><p>h</p>"
		  "<page-break/><p>i</p><h level=\"1\" style=\"heading\">Zu eskalieren</h>"}},
	};
	struct setup st;
	CHECK(setup_open(&st, metrics, "samples/survey.json"));
	if (st.pdf != NULL)
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			struct tpl *t = overview_variant(cases[i].edits, 6);
			if (t != NULL)
				check_overview_tpl(&st, t, cases[i].what, min_pages);
			tpl_free(t);
		}
	setup_close(&st);
}

int
main(void)
{
	/* Survey responses of partners not in the long overview's metrics warn: not shown. */
	msg_threshold(MSG_ERROR);
	test_samples();
	test_long_overview();
	test_made_rows("samples/metrics.json", 2);
	return UNIT_DONE();
}
