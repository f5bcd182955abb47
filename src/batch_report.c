/* SPDX-License-Identifier: MIT */
/* One partner's report: the steps that analyse it, write its PDF (and layout dump), its goals and review files. */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch_report.h"
#include "lang.h"
#include "layout.h"
#include "load.h"
#include "msg.h"
#include "out_file.h"
#include "out_json.h"
#include "pdf.h"
#include "pdf_encrypt.h"
#include "review_json.h"

/* Partner p names a language the program cannot write: where the metrics have it. */
static void
language_msg(const struct run *r, const struct partner *p)
{
	char *where =
	    p->line > 0 ? xasprintf("%s:%ld", r->o->metrics, p->line) : xstrdup(r->o->metrics);
	char *path =
	    p->line > 0 ? xstrdup("language") : xasprintf("partners[%zu].language", p->index);
	msg_path(MSG_ERROR, where, path,
	         "\"%s\": the program writes reports in %s, not in this "
	         "language (partner %s)",
	         p->language, lang_codes(), p->id);
	free(path);
	free(where);
}

/*
 * For tests (README): with PARTNERREVIEW_TEST_PAUSE=ID the report of partner ID
 * stops with its temporary PDF open, says so at once on standard error (not in
 * partner order: a test waits for the line), and waits there until a signal ends
 * the run (out_file.h). A test so interrupts a run at a point it knows, whatever
 * the load.
 */
static void
test_pause(const char *id)
{
	const char *at = getenv("PARTNERREVIEW_TEST_PAUSE");
	if (at == NULL || strcmp(at, id) != 0)
		return;
	fprintf(stderr, "partnerreview: test: paused in the report of %s\n", id);
	for (;;)
		pause(); /* this thread blocks the signals: the signal thread ends the process */
}

/*
 * Writes pdf to final, encrypted with password unless it is NULL (before the file
 * goes into place: no unprotected report is ever at its final name): 0, -1 after a
 * message, or -2 (nothing left) when quiet and libharu failed.
 */
static int
save_pdf(struct pdf *pdf, const char *final, const char *id, bool quiet, const char *password)
{
	struct out_file f;
	if (out_file_open(&f, final) != 0)
		return -1;
	test_pause(id);
	int written = pdf_write(pdf, f.fd, final, quiet);
	char why[256];
	if (written == 0 && password != NULL &&
	    pdf_encrypt_fd(f.fd, password, why, sizeof(why)) != 0) {
		msg(MSG_ERROR, "%s: cannot encrypt: %s", final, why);
		written = -1;
	}
	int rc = out_file_close(&f, written == 0);
	return written == -2 ? -2 : rc;
}

/* OUT/<id>_<period>.layout: the placed text, measured as on metrics (the PDF's device). */
int
run_write_dump(const struct run *r, const struct doc *d, const struct dev *metrics,
               const char *base)
{
	char *final = xasprintf("%s.layout", base);
	struct out_file f;
	int rc = -1;
	if (out_file_open(&f, final) == 0) {
		FILE *out = fdopen(dup(f.fd), "w");
		bool ok = out != NULL;
		if (ok) {
			struct dev *dump = layout_dump_new(out, metrics);
			layout_doc(d, dump, run_hyph(r, d));
			layout_dump_free(dump);
			ok = fclose(out) == 0;
		}
		rc = out_file_close(&f, ok);
	}
	free(final);
	return rc;
}

/* Warns of the characters that print blank, so the data or the fonts can be fixed. */
static void
warn_blank(const struct run *r, const struct partner *p, const struct layout_result *lr,
           const struct pdf *pdf)
{
	if (lr->missing_glyphs > 0)
		run_partner_msg(
		    r, MSG_WARNING, p,
		    "partner %s: %zu character%s the fonts cannot show (first U+%04X) print%s "
		    "blank",
		    p->id, lr->missing_glyphs, lr->missing_glyphs == 1 ? "" : "s",
		    (unsigned)lr->first_missing, lr->missing_glyphs == 1 ? "s" : "");
	uint32_t first_blank;
	size_t blank = pdf_blank(pdf, &first_blank);
	if (blank > 0)
		run_partner_msg(
		    r, MSG_WARNING, p,
		    "partner %s: %zu character%s beyond the some 14,000 different ones a "
		    "report can hold (first U+%04X) print blank",
		    p->id, blank, blank == 1 ? "" : "s", (unsigned)first_blank);
}

/*
 * Lays the report out in fonts and writes it (and its dump). 0 written (or
 * checked), -1 failed after a message, -2 (with retry, nothing written) libharu
 * failed on a cut-down font: to be tried with the whole ones.
 */
static int
render(const struct run *r, struct job *j, const char *const *fonts, const char *fallback,
       bool retry)
{
	const struct partner *p = j->p;
	struct doc *d = tpl_expand(templates_for(&r->tpl, p), j->root, j->a);
	if (d == NULL) {
		msg(MSG_ERROR, "partner %s: the template could not be expanded", p->id);
		return -1;
	}
	struct pdf *pdf = pdf_new(fonts, r->fonts.nfonts, fallback);
	if (pdf == NULL)
		return -1;
	const struct dev *dev = pdf_dev(pdf);
	struct layout_result lr = layout_doc(d, dev, run_hyph(r, d));
	warn_blank(r, p, &lr, pdf);
	pdf_info(pdf, d->title, d->author, d->subject, d->keywords, "partnerreview " PR_VERSION,
	         r->ctx.today);
	int rc;
	if (r->o->check) {
		rc = dev->failed(dev->ctx) ? -1 : 0;
		if (rc != 0)
			msg(MSG_ERROR, "partner %s: the PDF could not be made", p->id);
	} else {
		char *final = arena_printf(j->a, "%s.pdf", j->base);
		const char *password = r->passwords ? passwords_find(r->passwords, p->id) : NULL;
		rc = save_pdf(pdf, final, p->id, retry, password);
		if (rc == 0) {
			j->pdf = final;
			if (r->o->layout_dump)
				rc = run_write_dump(r, d, dev, j->base);
		}
	}
	pdf_free(pdf);
	return rc;
}

void
report_step(const struct run *r, struct job *j, void *state)
{
	(void)state;
	assert(j->a != NULL && j->root == NULL && j->pdf == NULL && j->outcome == JOB_WRITTEN);
	const struct partner *p = j->p;
	if (p == NULL) {
		msg(MSG_ERROR, "--partner %s: no such partner in %s", j->name, r->o->metrics);
		j->outcome = JOB_FAILED;
		return;
	}
	if (p->failed) {
		/* Its problems were reported as the inputs were read. */
		j->outcome = JOB_FAILED;
		return;
	}
	if (partner_quarter(p, r->ctx.period) == NULL) {
		run_partner_msg(r, MSG_WARNING, p, "partner %s has no figures for %s: no report",
		                p->id, r->period);
		j->outcome = JOB_SKIPPED;
		return;
	}
	if (templates_for(&r->tpl, p) == NULL) {
		language_msg(r, p);
		j->outcome = JOB_FAILED;
		return;
	}
	if (r->passwords != NULL && passwords_find(r->passwords, p->id) == NULL) {
		run_partner_msg(
		    r, MSG_ERROR, p,
		    "partner %s: no password in %s: no report (a report is never written "
		    "unprotected)",
		    p->id, r->o->pdf_password);
		j->outcome = JOB_FAILED;
		return;
	}
	/* The goals of the partner's last review, when --previous names their folder. */
	struct goal_set *prev =
	    r->o->previous == NULL
	        ? NULL
	        : review_json_previous(r->o->previous, p->id, period_add(r->ctx.period, -1));
	j->root = analyze_partner_goals(j->a, &r->ctx, p, prev);
	goal_set_free(prev);
	if (!r->o->check)
		j->base = arena_printf(j->a, "%s/%s_%s", r->o->out, p->id, r->period);
	const struct fontplan *fp = &r->fonts;
	int rc = render(r, j, fp->fonts, fp->fallback, fontplan_cut(fp));
	if (rc == -2)
		rc = render(r, j, fp->full_fonts, fp->full_fallback, false);
	if (rc != 0)
		j->outcome = JOB_FAILED;
}

void
goals_step(const struct run *r, struct job *j, void *state)
{
	(void)state;
	if (r->o->check)
		return;
	/* Only after a report in place: the goals are those it shows. */
	assert(j->p != NULL && j->root != NULL && j->base != NULL && j->pdf != NULL);
	char *final = xasprintf("%s.goals.json", j->base);
	/* The report is in place and stays: the summary and the exit status say what is not. */
	if (out_json_goals(final, j->p->id, r->period, j->root) != 0)
		j->marks |= 1u << MARK_NO_GOALS;
	free(final);
}

void
review_step(const struct run *r, struct job *j, void *state)
{
	(void)state;
	if (r->o->check)
		return;
	/* As the goals: only beside a report in place, the judgements it words. */
	assert(j->p != NULL && j->root != NULL && j->base != NULL && j->pdf != NULL);
	char *final = xasprintf("%s.review.json", j->base);
	if (review_json_write(final, j->root) != 0)
		j->marks |= 1u << MARK_NO_REVIEW;
	free(final);
}
