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
#include "analyze_rules.h"
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
		if (!same) {
			fprintf(stderr,
			        "%s: the layout with limit %zu differs (%d pages, want %d); "
			        "see /tmp/unit_layout.want and .got\n",
			        what, limits[i], pages, want_pages);
			FILE *w = fopen("/tmp/unit_layout.want", "w"), *g = fopen("/tmp/unit_layout.got", "w");
			if (w != NULL && g != NULL) {
				fputs(want, w);
				fputs(got, g);
			}
			if (w != NULL)
				fclose(w);
			if (g != NULL)
				fclose(g);
		}
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

/* ---- long text (issue 17): all of it set, in a bounded amount of work ---- */

static const struct style long_body = {.name = "body", .size = 10, .leading = 14,
				       .color = 0x222222, .space_after = 6, .align = ALIGN_JUSTIFY,
				       .hyphenate = true};
static const struct style long_cell = {.name = "cell", .size = 9, .leading = 12,
				       .color = 0x222222, .align = ALIGN_LEFT, .hyphenate = true};
static const struct style long_frame = {.name = "frame", .size = 8, .leading = 10,
					.color = 0x5A6472, .align = ALIGN_CENTER};

/* A paragraph of the given spans (text, or a page field when text is NULL). */
static struct para
para_of(struct arena *a, const struct style *st, const char *const *texts, size_t n)
{
	struct span *sp = arena_alloc(a, n * sizeof(*sp));
	for (size_t i = 0; i < n; i++)
		sp[i] = (struct span){texts[i] ? texts[i] : "", SPAN_TEXT, 0, st->size, st->color,
				      false};
	return (struct para){.style = st, .spans = sp, .nspans = n};
}

static struct block *
para_block(struct arena *a, const struct style *st, const char *text, struct block *next)
{
	struct block *b = arena_alloc(a, sizeof(*b));
	b->kind = BLOCK_PARA;
	b->para = para_of(a, st, &text, 1);
	b->next = next;
	return b;
}

/*
 * A document with a word of wlen characters in the header and in the body, a
 * paragraph of n words each on a line of its own (a CSV cell's line breaks), and a
 * table row whose first cell holds n words more: longer than the breaker's segments
 * and the page, so all of it is broken, placed and streamed a part at a time.
 */
static struct doc *
long_doc(struct arena *a, size_t wlen, size_t n)
{
	char *word = arena_alloc(a, wlen + 1);
	memset(word, 'A', wlen);
	struct sbuf lines = {0}, spaced = {0};
	for (size_t i = 0; i < n; i++) {
		sbuf_printf(&lines, "w%zu\n", i);
		sbuf_printf(&spaced, "%sv%zu", i ? " " : "", i);
	}
	const char *words = arena_strdup(a, lines.s), *cell = arena_strdup(a, spaced.s);
	sbuf_free(&lines);
	sbuf_free(&spaced);
	struct doc *d = arena_alloc(a, sizeof(*d));
	d->page = (struct page_setup){595.28, 841.89, 70.87, 62.36, 62.36, 62.36};
	const char *head[] = {"Kopfzeile \u00b7 ", word};
	d->header = para_block(a, &long_frame, NULL, NULL);
	d->header->para = para_of(a, &long_frame, head, 2);
	const char *foot[] = {"Seite ", NULL, " von ", NULL};
	d->footer = para_block(a, &long_frame, NULL, NULL);
	d->footer->para = para_of(a, &long_frame, foot, 4);
	d->footer->para.spans[1].field = SPAN_PAGE;
	d->footer->para.spans[3].field = SPAN_PAGES;
	struct block *table = arena_alloc(a, sizeof(*table));
	table->kind = BLOCK_TABLE;
	table->ncols = 2;
	table->cols = arena_alloc(a, 2 * sizeof(*table->cols));
	table->cols[0] = (struct tcol){.width = 3, .relative = true};
	table->cols[1] = (struct tcol){.width = 1, .relative = true};
	table->nrows = 2;
	table->rows = arena_alloc(a, 2 * sizeof(*table->rows));
	const char *cells[] = {cell, "kurz", "danach", "Ende"};
	for (size_t r = 0; r < 2; r++) {
		table->rows[r].ncells = 2;
		table->rows[r].cells = arena_alloc(a, 2 * sizeof(struct para));
		for (size_t c = 0; c < 2; c++)
			table->rows[r].cells[c] = para_of(a, &long_cell, &cells[2 * r + c], 1);
	}
	table->padding = 3;
	d->body = para_block(a, &long_body, "Vorher.",
			     para_block(a, &long_body, word,
					para_block(a, &long_body, words,
						   table)));
	return d;
}

/* The text ops of a dump, in order, as one string of their texts joined by spaces. */
static char *
dump_text(const char *dump, double ymin, double ymax)
{
	struct sbuf b = {0};
	for (const char *line = dump; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		int page;
		double x, y;
		if (sscanf(line, "text %d %lf %lf", &page, &x, &y) != 3 || y < ymin || y > ymax)
			continue;
		const char *q = strchr(line, '"'), *e = strchr(line, '\n');
		if (q == NULL || e == NULL)
			continue;
		sbuf_add(&b, q + 1, (size_t)(e - q - 2));
		sbuf_addc(&b, ' ');
	}
	return b.s ? sbuf_take(&b) : xstrdup("");
}

/* Whether text holds the words PREFIX0 .. PREFIX(n-1) in order (a hyphen joins). */
static bool
words_in_order(const char *text, char prefix, size_t n)
{
	size_t next = 0;
	for (const char *p = text; *p != '\0';) {
		if (*p != prefix || (p > text && p[-1] != ' ')) {
			p++;
			continue;
		}
		char *end;
		unsigned long v = strtoul(p + 1, &end, 10);
		/* "v12-" "34": a word hyphenated at a line's end. */
		while (*end == '-' && end[1] == ' ') {
			char *more;
			unsigned long w = strtoul(end + 2, &more, 10);
			size_t digits = (size_t)(more - end - 2);
			while (digits-- > 0)
				v *= 10;
			v += w;
			end = more;
		}
		if (v != next)
			return false;
		next++;
		p = end;
	}
	return next == n;
}

static size_t
count_char(const char *s, char c)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == c;
	return n;
}

static void
test_long_text(void)
{
	struct setup st;
	CHECK(setup_open(&st, "samples/metrics.json", "samples/survey.json"));
	if (st.pdf != NULL) {
		struct arena *a = arena_new();
		/* 70,000 characters: past GIANT_WORD; 20,000 words: 40,000 items, two segments. */
		const size_t wlen = 70000, n = 20000;
		struct doc *d = long_doc(a, wlen, n);
		check_doc(&st, d, "long text", 50);
		int pages;
		char *got = dump(&st, d, SIZE_MAX, &pages);
		fprintf(stderr, "long text: %d pages\n", pages);
		/* All of the body's text, in order: the giant word whole, every word once. */
		char *body = dump_text(got, d->page.top, d->page.height - d->page.bottom);
		CHECK(count_char(body, 'A') == wlen);
		CHECK(words_in_order(body, 'w', n));
		CHECK(words_in_order(body, 'v', n));
		/* The header shows what fits in its margin, the footer is on every page. */
		char *head = dump_text(got, 0, d->page.top);
		size_t head_a = count_char(head, 'A');
		CHECK(head_a > (size_t)pages * 2 * 80 && head_a < (size_t)pages * 3 * 90);
		char *foot = dump_text(got, d->page.height - d->page.bottom, d->page.height);
		char *want = xasprintf("Seite %d von %d", pages, pages);
		CHECK(strstr(foot, want) != NULL);
		free(want);
		free(head);
		free(foot);
		free(body);
		free(got);
		arena_free(a);
	}
	setup_close(&st);
}

/* A device that counts its measurements and sets layout_stop at the stop-th. */
struct counting {
	const struct dev *metrics;
	size_t calls, stop;
};

static double
counting_width(void *ctx, int font, double size, const char *s, size_t len)
{
	struct counting *c = ctx;
	if (++c->calls == c->stop)
		atomic_store(&layout_stop, 1);
	return c->metrics->width(c->metrics->ctx, font, size, s, len);
}

static bool
counting_has_glyph(void *ctx, int font, uint32_t cp)
{
	struct counting *c = ctx;
	return c->metrics->has_glyph(c->metrics->ctx, font, cp);
}

static void
counting_page(void *ctx, double w, double h)
{
	(void)ctx, (void)w, (void)h;
}

static void
counting_text(void *ctx, double x, double y, int font, double size, uint32_t rgb, const char *s,
	      size_t len)
{
	(void)ctx, (void)x, (void)y, (void)font, (void)size, (void)rgb, (void)s, (void)len;
}

static void
counting_line(void *ctx, double x0, double y0, double x1, double y1, double w, uint32_t rgb)
{
	(void)ctx, (void)x0, (void)y0, (void)x1, (void)y1, (void)w, (void)rgb;
}

static void
counting_rect(void *ctx, double x, double y, double w, double h, uint32_t rgb)
{
	(void)ctx, (void)x, (void)y, (void)w, (void)h, (void)rgb;
}

static void
counting_bookmark(void *ctx, int level, const char *title, double y)
{
	(void)ctx, (void)level, (void)title, (void)y;
}

static bool
counting_failed(void *ctx)
{
	(void)ctx;
	return false;
}

/*
 * layout_stop set in the middle of a long document (the giant word, the long
 * paragraph, the streamed pages): the layout returns with .stopped after a handful
 * of measurements more, where finishing takes hundreds of thousands.
 */
static void
test_stop(void)
{
	struct setup st;
	CHECK(setup_open(&st, "samples/metrics.json", "samples/survey.json"));
	if (st.pdf != NULL) {
		struct arena *a = arena_new();
		struct doc *d = long_doc(a, 70000, 20000);
		struct counting c = {pdf_dev(st.pdf), 0, 0};
		struct dev dev = {&c, counting_width, counting_has_glyph, counting_page, counting_text,
				  counting_line, counting_rect, counting_bookmark, counting_failed, NULL, NULL};
		struct layout_result r = layout_doc(d, &dev, st.hyph);
		size_t all = c.calls;
		CHECK(!r.stopped && all > 200000);
		static const double at[] = {0.01, 0.2, 0.5, 0.9};
		for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
			c.calls = 0;
			c.stop = (size_t)((double)all * at[i]);
			r = layout_doc(d, &dev, st.hyph);
			CHECK(r.stopped);
			if (c.calls - c.stop > 1000)
				fprintf(stderr, "stop at %zu: %zu measurements more\n", c.stop,
				        c.calls - c.stop);
			CHECK(c.calls - c.stop <= 1000);
			atomic_store(&layout_stop, 0);
		}
		arena_free(a);
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
	test_long_text();
	test_stop();
	return UNIT_DONE();
}
