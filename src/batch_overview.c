/* SPDX-License-Identifier: MIT */
/* The channel manager's portfolio overview, OUT/portfolio_<period>.pdf and .csv, once a run. */
#include <assert.h>
#include <errno.h>
#include <string.h>

#include "batch_overview.h"
#include "layout.h"
#include "msg.h"
#include "out_csv.h"
#include "out_file.h"
#include "pdf.h"

bool
overview_due(const struct run *r)
{
	const struct batch_opts *o = r->o;
	/* The "before the meeting" case asks for reports alone, unless it names the overview. */
	if (o->npartners > 0 && !o->portfolio)
		return false;
	return (o->shards <= 1 || o->shard == 1) &&
	       portfolio_totals(r->portfolio)->basis[PF_QUARTER].ranked > 0;
}

/*
 * The PDF from the overview's value tree root. 0 written (or checked), -1 failed
 * after a message, -2 (with cut) to be tried with the whole fonts.
 */
static int
render(const struct run *r, const struct val *root, bool cut)
{
	const struct tpl *t = r->tpl.overview;
	assert(t != NULL && r->portfolio != NULL && (!cut || r->fonts.overview_same_fonts));
	struct arena *a = arena_new();
	int rc = -1;
	struct pdf *pdf = NULL;
	struct doc *d = tpl_expand(t, root, a);
	size_t nf = tpl_nfonts(t);
	const char **fonts = xcalloc(nf + 1, sizeof(*fonts));
	for (size_t i = 0; i < nf; i++)
		fonts[i] = cut ? r->fonts.fonts[i] : tpl_font_path(t, i);
	const char *fallback = cut ? r->fonts.fallback : tpl_fallback_path(t);
	if (d == NULL || (pdf = pdf_new(fonts, nf, fallback)) == NULL) {
		msg(MSG_ERROR, "the portfolio overview could not be made");
		goto out;
	}
	pdf_many_pages(pdf); /* a page per 30 partners: past 32,767 from a million on */
	layout_doc(d, pdf_dev(pdf), run_hyph(r, d));
	uint32_t first_blank;
	size_t blank = pdf_blank(pdf, &first_blank);
	if (blank > 0)
		msg(MSG_WARNING,
		    "the portfolio overview: %zu character%s beyond the some 14,000 different "
		    "ones a report can hold (first U+%04X) print blank",
		    blank, blank == 1 ? "" : "s", (unsigned)first_blank);
	pdf_info(pdf, d->title, d->author, d->subject, d->keywords, "partnerreview " PR_VERSION,
	         r->ctx.today);
	if (r->o->check) {
		rc = pdf_dev(pdf)->failed(pdf_dev(pdf)->ctx) ? -1 : 0;
		goto out;
	}
	char *final = xasprintf("%s/portfolio_%s.pdf", r->o->out, r->period);
	struct out_file f;
	if (out_file_open(&f, final) == 0) {
		int written = pdf_write(pdf, f.fd, final, cut);
		rc = out_file_close(&f, written == 0);
		if (written == -2)
			rc = -2;
	}
	free(final);
	if (rc == 0 && r->o->layout_dump) {
		char *base = xasprintf("%s/portfolio_%s", r->o->out, r->period);
		rc = run_write_dump(r, d, pdf_dev(pdf), base);
		free(base);
	}
out:
	free(fonts);
	pdf_free(pdf);
	arena_free(a);
	return rc;
}

/*
 * OUT/portfolio_<period>.csv: the same template made once more with csv true, its
 * first table written as CSV (out_csv.c). 0 written (or checked), -1 after a message.
 */
static int
write_csv(const struct run *r, struct val *root)
{
	struct arena *a = arena_new();
	val_set(root, "csv", val_bool(root->arena, true));
	struct doc *d = tpl_expand(r->tpl.overview, root, a);
	const struct block *table = d != NULL ? out_csv_find_table(d->body) : NULL;
	char *final = xasprintf("%s/portfolio_%s.csv", r->o->out ? r->o->out : ".", r->period);
	int rc = -1;
	struct out_file f;
	if (d == NULL) {
		msg(MSG_ERROR, "the table of all partners (%s) could not be made", final);
	} else if (table == NULL) {
		msg(MSG_WARNING,
		    "the overview template (portfolio.xml) makes no table when csv "
		    "is true: %s not written",
		    final);
		rc = 0;
	} else if (r->o->check) {
		rc = 0;
	} else if (out_file_open(&f, final) == 0) {
		int written = out_csv_write(f.fd, table);
		if (written != 0)
			msg(MSG_ERROR, "cannot write %s: %s", final, strerror(errno));
		rc = out_file_close(&f, written == 0);
	}
	free(final);
	arena_free(a);
	return rc;
}

int
overview_write(const struct run *r)
{
	/* One value tree for the PDF and the CSV: the reviews behind its lines are made once. */
	struct arena *a = arena_new();
	struct val *root = analyze_overview(a, &r->ctx);
	bool cut = r->fonts.overview_same_fonts && fontplan_cut(&r->fonts);
	int rc = render(r, root, cut);
	if (rc == -2) /* as for the reports: a cut-down font libharu cannot embed, the whole ones */
		rc = render(r, root, false);
	/* The CSV of a template that failed would only say its problems again. */
	if (rc == 0 && write_csv(r, root) != 0)
		rc = -1;
	arena_free(a);
	return rc;
}
