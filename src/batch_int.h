/* SPDX-License-Identifier: MIT */
/* What the parts of a run share: the run's state, one partner's job, the steps a job goes through. */
#ifndef PR_BATCH_INT_H
#define PR_BATCH_INT_H

#include "analyze.h"
#include "batch.h"
#include "batch_fonts.h"
#include "batch_tally.h"
#include "batch_templates.h"
#include "hyph.h"
#include "lang.h"
#include "msg.h"

/*
 * The run: set up by batch_run before the first partner, read-only while the
 * workers run (they share it), freed by batch_run.
 */
struct run {
	const struct batch_opts *o;
	struct metrics *metrics;
	struct survey *survey;         /* NULL: no survey was given */
	struct templates tpl;          /* the report and overview templates, the rules */
	struct fontplan fonts;         /* which font files the documents embed */
	struct hyph *hyph[LANG_COUNT]; /* by language (lang.h); NULL: not used or not installed */
	struct portfolio *portfolio;   /* over all partners, whatever --partner says */
	struct review_ctx ctx;         /* what every report shares */
	char period[16];               /* the review quarter, YYYY-Qn */
	struct passwords *passwords;   /* --pdf-password: each report encrypted; NULL: none */
	int workers;                   /* how many partners are worked on at once */
};

/*
 * One partner's work: the steps of the run (batch.c) take it in turn, each reading
 * what the earlier ones left. A job starts JOB_WRITTEN ("all well so far"); a step
 * that fails or skips the partner says so in outcome, and the later steps leave
 * the job alone.
 */
struct job {
	size_t index;             /* among the requested partners (see struct batch_opts) */
	int worker;               /* 0..run.workers-1, for per-worker state of a step */
	const struct partner *p;  /* NULL: a --partner id the metrics lack */
	char name[72];            /* for the summary: the id, or where the partner is */
	enum job_outcome outcome; /* JOB_WRITTEN: the files are in place (or checked) */
	unsigned marks;           /* what the steps noted: 1 << enum tally_mark each */
	/* While the job runs; they go with it: */
	struct arena *a;        /* the partner's memory */
	const struct val *root; /* the partner's analysis, once the report step made it */
	const char *base;       /* OUT/<id>_<period>: its files without their extension */
	const char *pdf;        /* the report in place, or NULL (--check, or not written) */
	/* Until the job is counted (in partner order, after its messages): */
	enum mail_outcome mail; /* what became of its mail (batch_mail.c) */
	char *listing;          /* --dry-run: its mail's lines for standard output (malloc'ed) */
};

/*
 * A step of the per-partner work. begin (optional) runs once before the first
 * partner, on one thread: 0, or -1 after a message, which stops the run before
 * anything is written (status 2). run runs for every partner still JOB_WRITTEN,
 * on any worker. end (optional) runs once after the last partner, also when the
 * run stops early; it frees what begin made.
 */
struct step {
	const char *name;
	int (*begin)(const struct run *r, void **state);
	void (*run)(const struct run *r, struct job *j, void *state);
	void (*end)(void *state);
};

/* A message about partner p where the metrics have it: its CSV line, or its JSON path. */
void run_partner_msg(const struct run *r, enum msg_level lvl, const struct partner *p,
                     const char *fmt, ...) PR_PRINTF(4, 5);

/* The hyphenation patterns for d's language (its template's), or NULL: none. */
struct doc;
const struct hyph *run_hyph(const struct run *r, const struct doc *d);

/*
 * BASE.layout (--layout-dump): d laid out once more on the text device, measured as
 * on metrics (the PDF's device). 0 written, -1 after a message.
 */
struct dev;
int run_write_dump(const struct run *r, const struct doc *d, const struct dev *metrics,
                   const char *base);

#endif
