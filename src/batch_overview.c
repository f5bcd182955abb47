/* SPDX-License-Identifier: MIT */
/* The channel manager's portfolio overview, OUT/portfolio_<period>.pdf, once a run. */
#include <assert.h>

#include "batch_overview.h"
#include "layout.h"
#include "msg.h"
#include "out_file.h"
#include "pdf.h"

bool
overview_due(const struct run *r)
{
	return (r->o->shards <= 1 || r->o->shard == 1) &&
	       portfolio_totals(r->portfolio)->basis[PF_QUARTER].ranked > 0;
}

/* 0 written (or checked), -1 failed after a message, -2 (with cut) to be tried with the whole fonts. */
static int
render(const struct run *r, bool cut)
{
	const struct tpl *t = r->tpl.overview;
	assert(t != NULL && r->portfolio != NULL && (!cut || r->fonts.overview_same_fonts));
	struct arena *a = arena_new();
	int rc = -1;
	struct pdf *pdf = NULL;
	struct doc *d = tpl_expand(t, analyze_overview(a, &r->ctx), a);
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
out:
	free(fonts);
	pdf_free(pdf);
	arena_free(a);
	return rc;
}

int
overview_write(const struct run *r)
{
	bool cut = r->fonts.overview_same_fonts && fontplan_cut(&r->fonts);
	int rc = render(r, cut);
	if (rc == -2) /* as for the reports: a cut-down font libharu cannot embed, the whole ones */
		rc = render(r, false);
	return rc;
}
