/* SPDX-License-Identifier: MIT */
/* The run's story: inputs and templates once, then every partner's steps on the workers, the overview, the summary. */
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "batch_int.h"
#include "batch_mail.h"
#include "batch_overview.h"
#include "batch_pool.h"
#include "batch_report.h"
#include "load.h"
#include "msg.h"
#include "out_file.h"

/*
 * What is done for each partner, in this order (struct step). Another step, such
 * as mailing the report, is one more line here and a part of its own.
 */
static const struct step steps[] = {
    {"report", NULL, report_step, NULL},       /* analysis, PDF, layout dump: batch_report.c */
    {"goals", NULL, goals_step, NULL},         /* OUT/<id>_<period>.goals.json: batch_report.c */
    {"review", NULL, review_step, NULL},       /* OUT/<id>_<period>.review.json: batch_report.c */
    {"mail", mail_begin, mail_step, mail_end}, /* .eml, --send, --dry-run: batch_mail.c */
};
enum { NSTEPS = sizeof(steps) / sizeof(steps[0]) };

/* The partners' work as the pool hands it out: job i of the run's selection. */
struct work {
	struct run *r;
	size_t *sel;         /* the requested partners this run (shard) renders */
	size_t n;            /* how many */
	struct job *jobs;    /* POOL_WINDOW places: job i in i % POOL_WINDOW */
	void *state[NSTEPS]; /* what each step's begin made */
	struct tally tally;
};

/*
 * The report date: SOURCE_DATE_EPOCH when set (reproducible runs), else today; 0
 * after a message when SOURCE_DATE_EPOCH lies past the last date a report can use.
 * A report plans its meetings up to three years ahead (3 x 52 weeks at most), and
 * every date it prints has a four-digit year: so 9996-12-31 is the last. Beyond it
 * gmtime gave garbage (the year 8949 for 99999999999999999) or libharu failed.
 */
static int
report_date(void)
{
	const long long last = 253307692799; /* 9996-12-31 23:59:59 UTC */
	time_t t = time(NULL);
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde != NULL && *sde != '\0') {
		char *end;
		errno = 0;
		long long v = strtoll(sde, &end, 10);
		if (*end == '\0' && v > 0 && (errno == ERANGE || v > last)) {
			char q[MSG_QUOTE_SIZE];
			msg(MSG_ERROR,
			    "SOURCE_DATE_EPOCH=%s is past 9996-12-31 (%lld): a report plans its "
			    "meetings up to three years ahead, and its dates have four-digit years",
			    msg_quote(q, sde), last);
			return 0;
		}
		if (*end == '\0' && errno == 0 && v >= 0)
			t = (time_t)v;
		else
			msg(MSG_WARNING,
			    "SOURCE_DATE_EPOCH=\"%s\" is not a number of seconds; using today",
			    sde);
	}
	struct tm tm;
	if (sde != NULL && *sde != '\0')
		gmtime_r(&t, &tm);
	else
		localtime_r(&t, &tm);
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

static int
latest_period(const struct metrics *m)
{
	int latest = 0;
	/* A failed partner's figures may be anything: they never set the period. */
	for (size_t i = 0; i < m->npartners; i++)
		for (size_t k = 0; !m->partners[i].failed && k < m->partners[i].nquarters; k++)
			if (m->partners[i].quarters[k].period > latest)
				latest = m->partners[i].quarters[k].period;
	return latest;
}

/* mkdir -p */
static int
make_dir(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			msg(MSG_ERROR, "cannot create the folder %s: %s", p, strerror(errno));
			free(p);
			return -1;
		}
		*s = '/';
	}
	int rc = 0;
	struct stat st;
	if (mkdir(p, 0777) != 0 && errno != EEXIST) {
		msg(MSG_ERROR, "cannot create the folder %s: %s", p, strerror(errno));
		rc = -1;
	} else if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
		msg(MSG_ERROR, "%s is not a folder", p);
		rc = -1;
	}
	free(p);
	return rc;
}

/*
 * The hyphenation patterns of each language the templates are written in, loaded
 * when first needed. Without them the reports are still right, only less evenly set.
 */
static void
hyphenation(struct run *r)
{
	const struct tpl *used[2 + LANG_COUNT] = {r->tpl.report, r->tpl.overview};
	memcpy(used + 2, r->tpl.by_lang, sizeof(r->tpl.by_lang));
	for (size_t i = 0; i < sizeof(used) / sizeof(used[0]); i++) {
		if (used[i] == NULL)
			continue;
		const struct lang *l = tpl_lang(used[i]);
		if (r->hyph[l->index] != NULL)
			continue;
		if (access(l->hyph_file, R_OK) == 0)
			r->hyph[l->index] = hyph_open_lazy(l->hyph_file);
		if (r->hyph[l->index] == NULL)
			msg(MSG_WARNING,
			    "no %s hyphenation patterns (Debian: %s); words are not "
			    "hyphenated",
			    l->name, l->hyph_package);
	}
}

void
run_partner_msg(const struct run *r, enum msg_level lvl, const struct partner *p, const char *fmt,
                ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	if (p->line > 0) {
		msg_at(lvl, r->o->metrics, p->line, 0, "%s", text);
	} else {
		char where[32];
		snprintf(where, sizeof(where), "partners[%zu]", p->index);
		msg_path(lvl, r->o->metrics, where, "%s", text);
	}
	free(text);
}

const struct hyph *
run_hyph(const struct run *r, const struct doc *d)
{
	return r->hyph[d->lang != NULL ? d->lang->index : lang_de.index];
}

/* The font plan for the report templates (the run's first, then other languages') and the overview. */
static const char *
make_fontplan(struct run *r)
{
	const struct tpl *reports[LANG_COUNT] = {r->tpl.report};
	size_t n = 1;
	for (size_t i = 0; i < LANG_COUNT; i++)
		if (r->tpl.by_lang[i] != NULL && r->tpl.by_lang[i] != r->tpl.report)
			reports[n++] = r->tpl.by_lang[i];
	return fontplan_make(&r->fonts, reports, n, r->tpl.overview, r->metrics, r->survey);
}

/* The review quarter, the report date and the portfolio over all partners: once per run. */
static const char *
set_context(struct run *r)
{
	const struct rules *rules = r->tpl.rules;
	r->ctx.metrics = r->metrics;
	r->ctx.survey = r->survey;
	r->ctx.period = r->o->period ? r->o->period : latest_period(r->metrics);
	if ((r->ctx.today = report_date()) == 0)
		return "SOURCE_DATE_EPOCH is out of range";
	r->portfolio = portfolio_new(r->metrics, r->survey, r->ctx.period, &rules->portfolio);
	r->ctx.portfolio = r->portfolio;
	r->ctx.rules = &rules->review;
	r->ctx.rules_portfolio = &rules->portfolio;
	r->ctx.lang = tpl_lang(r->tpl.report);
	snprintf(r->period, sizeof(r->period), "%d-Q%d", r->ctx.period / 10, r->ctx.period % 10);
	return NULL;
}

/*
 * The partners this run renders, as indexes among the requested ones (the --partner
 * ids in the order given, else all partners): a shard renders a fixed share.
 */
static size_t
select_partners(const struct run *r, size_t **sel)
{
	const struct batch_opts *o = r->o;
	size_t all = o->npartners ? o->npartners : r->metrics->npartners, n = 0;
	*sel = xcalloc(all + 1, sizeof(**sel));
	for (size_t i = 0; i < all; i++)
		if (o->shards <= 1 || (int)(i % (size_t)o->shards) == o->shard - 1)
			(*sel)[n++] = i;
	return n;
}

/* One partner's steps, on a worker (pool_run's work). */
static void
work_job(void *ctx, size_t i, int worker)
{
	struct work *w = ctx;
	const struct run *r = w->r;
	const struct batch_opts *o = r->o;
	struct job *j = &w->jobs[i % POOL_WINDOW];
	assert(i < w->n && worker >= 0 && worker < r->workers);
	size_t k = w->sel[i];
	*j = (struct job){.index = k, .worker = worker, .outcome = JOB_WRITTEN};
	j->p = o->npartners ? metrics_find(r->metrics, o->partners[k]) : &r->metrics->partners[k];
	if (j->p == NULL)
		snprintf(j->name, sizeof(j->name), "%s", o->partners[k]);
	else if (j->p->id != NULL)
		snprintf(j->name, sizeof(j->name), "%s", j->p->id);
	else if (j->p->line > 0)
		snprintf(j->name, sizeof(j->name), "line %ld", j->p->line);
	else
		snprintf(j->name, sizeof(j->name), "partners[%zu]", j->p->index);
	j->a = arena_new();
	for (size_t s = 0; s < NSTEPS && j->outcome == JOB_WRITTEN; s++)
		steps[s].run(r, j, w->state[s]);
	/* What the summary and the later steps rely on: a written report is in place. */
	assert(j->outcome == JOB_WRITTEN || j->outcome == JOB_FAILED || j->outcome == JOB_SKIPPED);
	assert(j->outcome != JOB_WRITTEN || o->check || j->pdf != NULL);
	assert(j->marks >> TALLY_MARKS == 0);
	arena_free(j->a);
	j->a = NULL;
	j->root = NULL;
	j->base = j->pdf = NULL;
}

/* Job i is done and its messages are out: counted, in partner order (pool_run's done). */
static void
count_job(void *ctx, size_t i)
{
	struct work *w = ctx;
	struct job *j = &w->jobs[i % POOL_WINDOW];
	assert(i < w->n);
	tally_add(&w->tally, j->outcome, j->marks, j->name);
	tally_mail(&w->tally, j->mail, j->name);
	if (j->listing != NULL) {
		fputs(j->listing, stdout);
		free(j->listing);
		j->listing = NULL;
	}
}

/* Every step's begin; -1 when one failed (the ends of those begun are run). */
static int
steps_begin(struct work *w, size_t *begun)
{
	for (*begun = 0; *begun < NSTEPS; ++*begun)
		if (steps[*begun].begin != NULL &&
		    steps[*begun].begin(w->r, &w->state[*begun]) != 0)
			return -1;
	return 0;
}

static void
steps_end(struct work *w, size_t begun)
{
	for (size_t s = 0; s < begun; s++)
		if (steps[s].end != NULL)
			steps[s].end(w->state[s]);
}

/*
 * OUT made and writable: a folder the run cannot write into is a whole-run problem,
 * said once, not a failure of every partner. Then what killed runs left behind is
 * removed (out_sweep), and said.
 */
static const char *
prepare_out(const struct run *r, const struct timespec *start)
{
	const char *out = r->o->check ? NULL : r->o->out;
	if (out != NULL && make_dir(out) != 0)
		return "the output folder is unusable";
	if (out != NULL && access(out, W_OK | X_OK) != 0) {
		msg(MSG_ERROR, "cannot write into the folder %s: %s", out, strerror(errno));
		return "the output folder is unusable";
	}
	size_t files, folders;
	const char *scratch = out_sweep(out, start, &files, &folders);
	if (files > 0)
		msg(MSG_NOTE, "removed %zu temporary file%s in %s left by runs that did not finish",
		    files, files == 1 ? "" : "s", out);
	if (folders > 0)
		msg(MSG_NOTE,
		    "removed %zu temporary folder%s in %s left by runs that did not finish",
		    folders, folders == 1 ? "" : "s", scratch);
	return NULL;
}

static int
stop(const char *why)
{
	fprintf(stderr, "partnerreview: stopped: %s; nothing written\n", why);
	return 2;
}

int
batch_run(const struct batch_opts *o)
{
	struct run r = {.o = o};
	struct work w = {.r = &r};
	struct timespec start;
	clock_gettime(CLOCK_REALTIME, &start);
	const char *why = NULL;
	size_t n = 0, begun = 0;
	out_catch_signals();        /* from here on a signal leaves no temporary file behind */
	mem_on_oom(out_remove_all); /* nor running out of memory */
	static bool at_exit;
	if (!at_exit) /* nor a library ending the process (libhyphen: exit(1) out of memory) */
		at_exit = atexit(out_remove_all) == 0;
	/* Both inputs on two threads unless -j1 (load_par.c): the same messages either way. */
	load_inputs(o->metrics, o->survey, pool_workers(o->jobs, 2), &r.metrics, &r.survey);
	if (r.metrics == NULL)
		why = "the metrics file is unusable";
	else if (o->survey != NULL && r.survey == NULL)
		why = "the survey file is unusable";
	else if (o->pdf_password != NULL && (r.passwords = load_passwords(o->pdf_password)) == NULL)
		why = "the password file is unusable";
	else if ((why = templates_load(&r.tpl, o, r.metrics)) == NULL &&
	         (why = make_fontplan(&r)) == NULL) {
		hyphenation(&r);
		if ((why = set_context(&r)) == NULL)
			why = prepare_out(&r, &start);
	}
	if (why == NULL) {
		n = w.n = select_partners(&r, &w.sel);
		r.workers = pool_workers(o->jobs, n);
		assert(r.workers >= 1 && r.workers <= POOL_MAX);
		if (steps_begin(&w, &begun) != 0)
			why = "a step could not begin";
	}
	if (why != NULL) {
		steps_end(&w, begun);
		goto out;
	}
	/* Each partner alone, on the workers; the summary counts them in partner order. */
	/* The jobs running or waiting to be counted: a window of the run (batch_pool.h). */
	w.jobs = xcalloc(POOL_WINDOW, sizeof(*w.jobs));
	mail_tally_words(o, w.tally.mail_done);
	w.tally.dry_run = o->dry_run;
	pool_run(n, r.workers, work_job, count_job, &w, isatty(2) && !o->check ? "reports" : NULL);
	steps_end(&w, begun);
	/* The overview covers the whole run: written once, by the first shard. */
	if (overview_due(&r) && overview_write(&r) != 0)
		tally_add(&w.tally, JOB_FAILED, 0, "portfolio");
	if (n > 0 && w.tally.skipped == n)
		msg(MSG_WARNING, "no partner has figures for %s: is the period right?", r.period);
	char shard[48];
	snprintf(shard, sizeof(shard), "%d/%d", o->shard, o->shards);
	tally_summary(&w.tally, r.ctx.period != 0 ? r.period : NULL, o->shards > 1 ? shard : NULL,
	              o->check);
out:
	free(w.jobs);
	free(w.sel);
	portfolio_free(r.portfolio);
	passwords_free(r.passwords);
	for (size_t i = 0; i < LANG_COUNT; i++)
		hyph_close(r.hyph[i]);
	fontplan_free(&r.fonts);
	templates_free(&r.tpl);
	survey_free(r.survey);
	metrics_free(r.metrics);
	out_release_signals(); /* every file is in place or removed */
	return why != NULL ? stop(why) : tally_status(&w.tally);
}
