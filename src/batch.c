/* SPDX-License-Identifier: MIT */
/* The run: inputs and template loaded once, then one report per partner. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyze.h"
#include "batch.h"
#include "hyph.h"
#include "layout.h"
#include "load.h"
#include "msg.h"
#include "pdf.h"
#include "pdf_subset.h"
#include "review_json.h"
#include "tpl.h"
#include "tpl_rules.h"

/*
 * Ctrl-C (SIGINT, SIGTERM, SIGHUP) and the files being written. Until the workers
 * start, the handler removes the temporary fonts and lets the signal end the
 * process at once (one thread: nothing can create a file behind its back). Once they
 * run, it only notes the signal: no worker starts another partner, a report being
 * written is removed instead of renamed into place, and the run ends by the same
 * signal when the workers are back; so no file is ever half-written, and none is
 * created after the handler looked. A second signal ends the process at once,
 * removing the temporary files it knows of.
 */
enum { MAX_JOBS = 64 };
static char *volatile pending[MAX_JOBS];
static _Thread_local int worker;
static atomic_int interrupted; /* the signal that stops the run, or 0 */
static atomic_bool graceful;   /* workers are running */

static void
die_of(int sig)
{
	subset_cleanup_on_signal();
	for (int i = 0; i < MAX_JOBS; i++) {
		char *p = pending[i];
		if (p != NULL)
			unlink(p);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
on_signal(int sig)
{
	if (!atomic_load(&graceful) || atomic_load(&interrupted) != 0)
		die_of(sig);
	atomic_store(&interrupted, sig);
}

static void
catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* The report date: SOURCE_DATE_EPOCH when set (reproducible runs), else today. */
static int
report_date(void)
{
	time_t t = time(NULL);
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde != NULL && *sde != '\0') {
		char *end;
		errno = 0;
		long long v = strtoll(sde, &end, 10);
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

static char *
period_name(int period)
{
	return xasprintf("%d-Q%d", period / 10, period % 10);
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

/* Opens a temporary file beside final; *tmp gets its name. -1 after a message. */
static int
open_temp(const char *final, char **tmp)
{
	const char *slash = strrchr(final, '/');
	size_t dirlen = slash ? (size_t)(slash - final + 1) : 0;
	*tmp = xasprintf("%.*s.%s.XXXXXX", (int)dirlen, final, final + dirlen);
	/*
	 * Known to the signal handler before the file exists: mkstemp writes the name
	 * into the buffer before it creates the file.
	 */
	pending[worker] = *tmp;
	int fd = mkstemp(*tmp);
	if (fd < 0) {
		pending[worker] = NULL;
		msg(MSG_ERROR, "cannot create a file beside %s: %s", final, strerror(errno));
		free(*tmp);
		*tmp = NULL;
		return -1;
	}
	fchmod(fd, 0644);
	return fd;
}

/* Closes fd and renames tmp to final, or removes tmp when ok is false. */
static int
finish_temp(int fd, char *tmp, const char *final, bool ok)
{
	if (atomic_load(&interrupted) != 0)
		ok = false; /* the run is stopping: nothing more goes into place */
	if (close(fd) != 0 && ok) {
		msg(MSG_ERROR, "%s: cannot write: %s", final, strerror(errno));
		ok = false;
	}
	if (ok && rename(tmp, final) != 0) {
		msg(MSG_ERROR, "cannot rename %s to %s: %s", tmp, final, strerror(errno));
		ok = false;
	}
	if (!ok)
		unlink(tmp);
	pending[worker] = NULL;
	free(tmp);
	return ok ? 0 : -1;
}

struct run {
	const struct batch_opts *o;
	struct review_ctx ctx;
	const struct tpl *tpl;
	const struct hyph *hyph;       /* NULL: no hyphenation patterns installed */
	const char *const *fonts;      /* cut down to the run's characters, or the whole ones */
	const char *const *full_fonts; /* the template's own files */
	const char *fallback;          /* the fallback face, as fonts; NULL: the run needs none */
	const char *full_fallback;     /* ... the template's own file */
	const struct tpl *overview;    /* the portfolio overview's template */
	bool overview_same_fonts;      /* ... with the report's fonts: the cut-down ones serve */
	size_t nfonts;
	char *period_str;
};

static int
write_dump(const struct run *r, const struct doc *d, const struct dev *metrics, const char *base)
{
	char *final = xasprintf("%s.layout", base), *tmp;
	int fd = open_temp(final, &tmp);
	if (fd < 0) {
		free(final);
		return -1;
	}
	FILE *f = fdopen(dup(fd), "w");
	bool ok = f != NULL;
	if (ok) {
		struct dev *dump = layout_dump_new(f, metrics);
		layout_doc(d, dump, r->hyph);
		layout_dump_free(dump);
		ok = fclose(f) == 0;
	}
	int rc = finish_temp(fd, tmp, final, ok);
	free(final);
	return rc;
}

/*
 * Writes pdf to final under a temporary name, renamed when whole: 0, -1 after a
 * message, or -2 (nothing left behind) when quiet and libharu failed, to try again.
 */
static int
save_pdf(struct pdf *pdf, const char *final, bool quiet)
{
	char *tmp;
	int fd = open_temp(final, &tmp);
	if (fd < 0)
		return -1;
	int written = pdf_write(pdf, fd, final, quiet);
	int rc = finish_temp(fd, tmp, final, written == 0);
	return written == -2 ? -2 : rc;
}

/* A number as JSON writes it: integral ones without a fraction. */
static void
json_number(struct sbuf *b, double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		sbuf_printf(b, "%.0f", v);
	else
		sbuf_printf(b, "%.10g", v);
}

/*
 * The report's goals beside it, <id>_<period>.goals.json (docs/goals.md), for the
 * next review's --previous. Written like the PDF: under a temporary name, renamed.
 */
static int
write_goals(const struct run *r, const struct partner *p, const struct val *root, const char *base)
{
	const struct val *goals = val_get(val_get(root, "partner"), "goals");
	struct sbuf b = {0};
	sbuf_printf(&b,
	            "{\n  \"format\": \"partnerreview-goals/1\",\n  \"partner_id\": \"%s\",\n"
	            "  \"period\": \"%s\",\n  \"goals\": [",
	            p->id, r->period_str);
	for (size_t i = 0; goals != NULL && i < goals->n; i++) {
		const struct val *g = goals->items[i];
		const struct val *cause = val_get(g, "cause"), *strength = val_get(g, "strength");
		int due = (int)val_get(g, "due")->num;
		/* Figures, owners and rule ids are plain ASCII words: nothing to escape. */
		sbuf_printf(&b, "%s\n    {\"figure\": \"%s\", \"owner\": \"%s\", \"baseline\": ",
		            i ? "," : "", val_get(g, "figure")->str, val_get(g, "owner")->str);
		json_number(&b, val_get(g, "baseline")->num);
		sbuf_adds(&b, ", \"target\": ");
		json_number(&b, val_get(g, "target")->num);
		sbuf_printf(&b, ", \"lower_is_better\": %s, \"due\": \"%04d-%02d-%02d\"",
		            val_get(g, "lower_is_better")->b ? "true" : "false", due / 10000,
		            due / 100 % 100, due % 100);
		if (cause && cause->kind == VAL_STR)
			sbuf_printf(&b, ", \"cause\": \"%s\"", cause->str);
		if (strength && strength->kind == VAL_STR)
			sbuf_printf(&b, ", \"strength\": \"%s\"", strength->str);
		sbuf_adds(&b, "}");
	}
	sbuf_adds(&b, "\n  ]\n}\n");
	char *final = xasprintf("%s.goals.json", base), *tmp;
	int fd = open_temp(final, &tmp), rc = -1;
	if (fd >= 0) {
		bool ok = true;
		for (size_t off = 0; ok && off < b.len;) {
			ssize_t w = write(fd, b.s + off, b.len - off);
			if (w < 0 && errno == EINTR)
				continue;
			ok = w > 0;
			off += w > 0 ? (size_t)w : 0;
		}
		if (!ok)
			msg(MSG_ERROR, "%s: cannot write: %s", final, strerror(errno));
		rc = finish_temp(fd, tmp, final, ok);
	}
	free(final);
	sbuf_free(&b);
	return rc;
}

/* A message about partner p where the metrics have it: its CSV line, or its JSON path. */
static void partner_msg(const struct run *r, enum msg_level lvl, const struct partner *p,
                        const char *fmt, ...) PR_PRINTF(4, 5);

static void
partner_msg(const struct run *r, enum msg_level lvl, const struct partner *p, const char *fmt,
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

/*
 * Renders one partner's report; 0 written (or checked), -1 failed after a message.
 * With cut-down fonts a libharu failure while writing is tried once more with the
 * whole fonts, so that no report is lost to a font libharu cannot embed.
 */
static int
render_with(const struct run *r, const struct partner *p, const char *const *fonts,
            const char *fallback, bool retry)
{
	struct arena *a = arena_new();
	int rc = -1;
	struct pdf *pdf = NULL;
	char *base = NULL, *final = NULL;
	/* The goals of the partner's last review, when --previous names their folder. */
	struct goal_set *prev = r->o->previous == NULL ? NULL
		: review_json_previous(r->o->previous, p->id, period_add(r->ctx.period, -1));
	struct val *root = analyze_partner_goals(a, &r->ctx, p, prev);
	goal_set_free(prev);
	struct doc *d = tpl_expand(r->tpl, root, a);
	if (d == NULL) {
		msg(MSG_ERROR, "partner %s: the template could not be expanded", p->id);
		goto out;
	}
	pdf = pdf_new(fonts, r->nfonts, fallback);
	if (pdf == NULL)
		goto out;
	const struct dev *dev = pdf_dev(pdf);
	struct layout_result lr = layout_doc(d, dev, r->hyph);
	if (lr.missing_glyphs > 0) {
		/* Shown blank in the PDF: say which, so the data or the fonts can be fixed. */
		partner_msg(r, MSG_WARNING, p,
		         "partner %s: %zu character%s the fonts cannot show (first U+%04X) print%s "
		         "blank",
		         p->id, lr.missing_glyphs, lr.missing_glyphs == 1 ? "" : "s",
		         (unsigned)lr.first_missing, lr.missing_glyphs == 1 ? "s" : "");
	}
	uint32_t first_blank;
	size_t blank = pdf_blank(pdf, &first_blank);
	if (blank > 0) {
		partner_msg(r, MSG_WARNING, p,
		         "partner %s: %zu character%s beyond the some 14,000 different ones a "
		         "report can hold (first U+%04X) print blank",
		         p->id, blank, blank == 1 ? "" : "s", (unsigned)first_blank);
	}
	pdf_info(pdf, d->title, d->author, d->subject, d->keywords, "partnerreview " PR_VERSION,
	         r->ctx.today);
	if (r->o->check) {
		rc = dev->failed(dev->ctx) ? -1 : 0;
		if (rc != 0)
			msg(MSG_ERROR, "partner %s: the PDF could not be made", p->id);
		goto out;
	}
	base = xasprintf("%s/%s_%s", r->o->out, p->id, r->period_str);
	final = xasprintf("%s.pdf", base);
	int written = save_pdf(pdf, final, retry);
	rc = written == 0 ? 0 : -1;
	if (written == -2) {
		free(base);
		free(final);
		pdf_free(pdf);
		arena_free(a);
		return render_with(r, p, r->full_fonts, r->full_fallback, false);
	}
	if (rc == 0)
		rc = write_goals(r, p, root, base);
	if (rc == 0)
		rc = review_json_write(base, root);
	if (rc == 0 && r->o->layout_dump)
		rc = write_dump(r, d, dev, base);
out:
	free(base);
	free(final);
	pdf_free(pdf);
	arena_free(a);
	return rc;
}

/*
 * The channel manager's portfolio overview, OUT/portfolio_<period>.pdf; 0 written
 * (or checked), -1 failed after a message. The overview's fonts are the template's.
 */
static int
render_overview(const struct run *r, bool cut)
{
	struct arena *a = arena_new();
	int rc = -1;
	struct pdf *pdf = NULL;
	char *final = NULL;
	struct doc *d = tpl_expand(r->overview, analyze_overview(a, &r->ctx), a);
	size_t nf = tpl_nfonts(r->overview);
	const char **fonts = xcalloc(nf + 1, sizeof(*fonts));
	for (size_t i = 0; i < nf; i++)
		fonts[i] = cut ? r->fonts[i] : tpl_font_path(r->overview, i);
	const char *fallback = cut ? r->fallback : tpl_fallback_path(r->overview);
	if (d == NULL || (pdf = pdf_new(fonts, nf, fallback)) == NULL) {
		msg(MSG_ERROR, "the portfolio overview could not be made");
		goto out;
	}
	layout_doc(d, pdf_dev(pdf), r->hyph);
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
	final = xasprintf("%s/portfolio_%s.pdf", r->o->out, r->period_str);
	int written = save_pdf(pdf, final, cut);
	rc = written == 0 ? 0 : -1;
	if (written == -2) {
		/* As for the reports: a cut-down font libharu cannot embed, the whole ones. */
		free(final);
		free(fonts);
		pdf_free(pdf);
		arena_free(a);
		return render_overview(r, false);
	}
out:
	free(final);
	free(fonts);
	pdf_free(pdf);
	arena_free(a);
	return rc;
}

static int
render(const struct run *r, const struct partner *p)
{
	return render_with(r, p, r->fonts, r->fallback,
	                   r->fonts != r->full_fonts || r->fallback != r->full_fallback);
}

struct tally {
	size_t written, failed, skipped;
	struct failed_name {
		char name[72]; /* an id (64 at most) or partners[N] */
		size_t count;  /* partners sharing a duplicate id fail together */
	} names[8];            /* the first few, for the summary */
	size_t nnames;
};

static void
fail(struct tally *t, const char *name)
{
	t->failed++;
	for (size_t i = 0; i < t->nnames; i++)
		if (strcmp(t->names[i].name, name) == 0) {
			t->names[i].count++;
			return;
		}
	if (t->nnames < sizeof(t->names) / sizeof(t->names[0])) {
		struct failed_name *f = &t->names[t->nnames++];
		snprintf(f->name, sizeof(f->name), "%s", name);
		f->count = 1;
	}
}

/* The one summary line of a run: what was written, what failed, by id. */
static void
summary(const struct run *r, const struct tally *t)
{
	size_t warnings = msg_count(MSG_WARNING), listed = 0;
	struct sbuf names = {0};
	for (size_t i = 0; i < t->nnames; i++) {
		sbuf_printf(&names, "%s%s", i ? ", " : " (", t->names[i].name);
		if (t->names[i].count > 1)
			sbuf_printf(&names, " %zu times", t->names[i].count);
		listed += t->names[i].count;
	}
	if (listed < t->failed)
		sbuf_adds(&names, ", ...");
	if (t->nnames > 0)
		sbuf_addc(&names, ')');
	char shard[48] = "";
	if (r->o->shards > 1)
		snprintf(shard, sizeof(shard), " (shard %d/%d)", r->o->shard, r->o->shards);
	/* No period when no partner has a usable quarter: then none to name. */
	char period[64] = "";
	if (r->ctx.period != 0)
		snprintf(period, sizeof(period), "%s%s: ", r->period_str, shard);
	fprintf(stderr,
	        "partnerreview: %s%zu report%s %s, %zu failed%s, %zu skipped, %zu warning%s\n",
	        period, t->written, t->written == 1 ? "" : "s",
	        r->o->check ? "checked (--check: nothing written)" : "written", t->failed,
	        names.s ? names.s : "", t->skipped, warnings, warnings == 1 ? "" : "s");
	sbuf_free(&names);
}

/*
 * Every character the run's reports can show: ASCII, what the program itself writes
 * (no-break space, en dash, minus, ellipsis, bullet, the currency signs), the text of
 * both templates, and the text of all inputs (all partners, whatever --partner says,
 * so a report's bytes never depend on which others were rendered with it). Nothing
 * more: every glyph in the cut-down fonts costs every report its metrics.
 */
static void
run_charset(struct charset *cs, const struct metrics *m, const struct survey *s,
            const struct tpl *t, const struct tpl *overview)
{
	static const uint32_t own[] = {0xA0, 0xA3, 0xA5, 0x2013, 0x2022, 0x2026, 0x20AC, 0x2212};
	for (uint32_t cp = 0x20; cp <= 0x7E; cp++)
		charset_add(cs, cp);
	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		charset_add(cs, own[i]);
	tpl_charset(t, cs);
	tpl_charset(overview, cs);
	charset_add_utf8(cs, m->vendor_name);
	const struct person *mg = &m->manager;
	charset_add_utf8(cs, mg->name);
	charset_add_utf8(cs, mg->email);
	charset_add_utf8(cs, mg->phone);
	for (size_t i = 0; i < m->npartners; i++) {
		const struct partner *p = &m->partners[i];
		const char *texts[] = {p->id,           p->name,          p->region,       p->tier,
		                       p->contact.name, p->contact.email, p->contact.phone};
		for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++)
			charset_add_utf8(cs, texts[k]);
		for (size_t k = 0; k < p->nteam; k++) {
			charset_add_utf8(cs, p->team[k].name);
			charset_add_utf8(cs, p->team[k].email);
			charset_add_utf8(cs, p->team[k].phone);
		}
		for (size_t q = 0; q < p->nquarters; q++)
			for (size_t k = 0; k < p->quarters[q].nreps; k++)
				charset_add_utf8(cs, p->quarters[q].reps[k].name);
	}
	for (size_t i = 0; s != NULL && i < s->nquestions; i++) {
		charset_add_utf8(cs, s->questions[i].text);
		charset_add_utf8(cs, s->questions[i].id);
		charset_add_utf8(cs, s->questions[i].topic);
	}
	for (size_t w = 0; s != NULL && w < s->nwaves; w++)
		for (size_t k = 0; k < s->waves[w].nresponses; k++) {
			const struct response *rs = &s->waves[w].responses[k];
			charset_add_utf8(cs, rs->respondent);
			charset_add_utf8(cs, rs->comment);
			charset_add_utf8(cs, rs->wish);
			charset_add_utf8(cs, rs->partner_id);
		}
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One partner of the run, as a worker leaves it for the ordered output. */
struct item {
	bool done;
	enum { ITEM_WRITTEN, ITEM_FAILED, ITEM_SKIPPED } outcome;
	char name[72];    /* for the summary's list of failed partners */
	struct sbuf text; /* its messages */
};

struct work {
	const struct run *r;
	struct tally *tl;
	const size_t *sel; /* the requested partners this run renders */
	size_t n;
	size_t next;    /* the next partner to take */
	size_t printed; /* partners whose messages are out, in order */
	size_t finished;
	pthread_mutex_t lock;
	struct item *items;
	double start;
	bool progress; /* a progress line on a terminal */
};

struct worker_arg {
	struct work *w;
	int id;
};

/* Decides and does one partner: no report (failed, no figures) or its PDF. */
static void
do_partner(const struct run *r, size_t i, struct item *it)
{
	const struct batch_opts *o = r->o;
	const struct metrics *m = r->ctx.metrics;
	const struct partner *p = o->npartners ? metrics_find(m, o->partners[i]) : &m->partners[i];
	/* i is the index among all requested partners: a shard renders a fixed share. */
	char where[32];
	if (p == NULL) {
		msg(MSG_ERROR, "--partner %s: no such partner in %s", o->partners[i], o->metrics);
		it->outcome = ITEM_FAILED;
		snprintf(it->name, sizeof(it->name), "%s", o->partners[i]);
		return;
	}
	if (p->line > 0)
		snprintf(where, sizeof(where), "line %ld", p->line);
	else
		snprintf(where, sizeof(where), "partners[%zu]", p->index);
	snprintf(it->name, sizeof(it->name), "%s", p->id ? p->id : where);
	if (p->failed) {
		/* Its problems were reported as the inputs were read. */
		it->outcome = ITEM_FAILED;
	} else if (partner_quarter(p, r->ctx.period) == NULL) {
		partner_msg(r, MSG_WARNING, p, "partner %s has no figures for %s: no report", p->id,
		            r->period_str);
		it->outcome = ITEM_SKIPPED;
	} else {
		it->outcome = render(r, p) == 0 ? ITEM_WRITTEN : ITEM_FAILED;
	}
}

/* The progress bar on a terminal: done of all, and the time left at this pace. */
static void
show_progress(const struct work *w)
{
	enum { WIDTH = 24 };
	double spent = now() - w->start;
	double left = spent / (double)w->finished * (double)(w->n - w->finished);
	char bar[WIDTH + 1];
	size_t full = w->finished * WIDTH / (w->n ? w->n : 1);
	for (size_t k = 0; k < WIDTH; k++)
		bar[k] = k < full ? '#' : '.';
	bar[WIDTH] = '\0';
	fprintf(stderr, "\rpartnerreview: [%s] %zu/%zu reports, about %.0f s left ", bar,
	        w->finished, w->n, left);
}

/*
 * Takes partners until none is left. Messages are collected per partner and
 * printed strictly in partner order, whoever finishes first: the output of -j8
 * reads as that of -j1.
 */
static void
work_loop(struct work *w, int id)
{
	worker = id;
	for (;;) {
		pthread_mutex_lock(&w->lock);
		size_t i = w->next < w->n && atomic_load(&interrupted) == 0 ? w->next++ : SIZE_MAX;
		pthread_mutex_unlock(&w->lock);
		if (i == SIZE_MAX)
			break;
		struct item *it = &w->items[i];
		msg_capture(&it->text);
		do_partner(w->r, w->sel[i], it);
		msg_capture(NULL);
		pthread_mutex_lock(&w->lock);
		it->done = true;
		w->finished++;
		for (; w->printed < w->n && w->items[w->printed].done; w->printed++) {
			struct item *d = &w->items[w->printed];
			if (w->progress)
				fputs("\r\033[K", stderr);
			if (d->text.len)
				fputs(d->text.s, stderr);
			sbuf_free(&d->text);
			if (d->outcome == ITEM_WRITTEN)
				w->tl->written++;
			else if (d->outcome == ITEM_SKIPPED)
				w->tl->skipped++;
			else
				fail(w->tl, d->name);
		}
		if (w->progress)
			show_progress(w);
		pthread_mutex_unlock(&w->lock);
	}
}

static void *
work_thread(void *p)
{
	struct worker_arg *arg = p;
	work_loop(arg->w, arg->id);
	free(arg);
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
	struct run r = {0};
	r.o = o;
	struct metrics *m = load_metrics(o->metrics);
	if (m == NULL)
		return stop("the metrics file is unusable");
	struct survey *s = NULL;
	if (o->survey != NULL) {
		s = load_survey(o->survey, m);
		if (s == NULL) {
			metrics_free(m);
			return stop("the survey file is unusable");
		}
	}
	char *tpl_default = NULL;
	const char *tpl_path = o->template_path;
	if (tpl_path == NULL)
		tpl_path = tpl_default = xasprintf("%s/templates/review.xml", datadir());
	struct tpl *t = tpl_load(tpl_path, datadir());
	int status = 2;
	const char **fonts = NULL;
	struct hyph *hyph = NULL;
	struct rules *rules = NULL;
	struct subset *subset = NULL;
	struct tpl *overview = NULL;
	char *overview_path = NULL;
	struct portfolio *pf = NULL;
	char *rules_path = NULL;
	if (t == NULL) {
		status = stop("the template is unusable");
		goto out;
	}
	/* The portfolio overview's template: beside the report template, else the bundled one. */
	{
		const char *slash = strrchr(tpl_path, '/');
		overview_path = xasprintf("%.*sportfolio.xml",
		                          slash ? (int)(slash - tpl_path + 1) : 0, tpl_path);
		if (access(overview_path, R_OK) != 0) {
			free(overview_path);
			overview_path = xasprintf("%s/templates/portfolio.xml", datadir());
		}
		overview = tpl_load_names(overview_path, datadir(), analyze_overview_name);
		if (overview == NULL) {
			status = stop("the portfolio template is unusable");
			goto out;
		}
	}

	/* The rules: as given, else beside the template, else the bundled ones. */
	if (o->rules != NULL) {
		rules_path = xstrdup(o->rules);
	} else {
		const char *slash = strrchr(tpl_path, '/');
		rules_path =
		    xasprintf("%.*srules.xml", slash ? (int)(slash - tpl_path + 1) : 0, tpl_path);
		if (access(rules_path, R_OK) != 0) {
			free(rules_path);
			rules_path = xasprintf("%s/templates/rules.xml", datadir());
		}
	}
	rules = rules_load(rules_path);
	if (rules == NULL) {
		status = stop("the rules are unusable");
		goto out;
	}
	r.tpl = t;
	r.nfonts = tpl_nfonts(t);
	fonts = xcalloc(r.nfonts + 1, sizeof(*fonts));
	for (size_t i = 0; i < r.nfonts; i++)
		fonts[i] = tpl_font_path(t, i);
	r.fonts = fonts;
	r.full_fonts = fonts;

	/* The template's own text must show in its fonts: checked once per run. */
	r.full_fallback = tpl_fallback_path(t);
	struct pdf *probe = pdf_new(r.fonts, r.nfonts, r.full_fallback);
	if (probe == NULL) {
		status = stop("the template's fonts are unusable");
		goto out;
	}
	size_t missing = tpl_check_glyphs(t, pdf_dev(probe));
	/* The overview checked on the same probe when it uses the same fonts (it usually does). */
	const char *ofb = tpl_fallback_path(overview);
	r.overview_same_fonts =
	    tpl_nfonts(overview) == r.nfonts &&
	    (ofb == NULL ? r.full_fallback == NULL
	                 : r.full_fallback != NULL && strcmp(ofb, r.full_fallback) == 0);
	for (size_t i = 0; r.overview_same_fonts && i < r.nfonts; i++)
		r.overview_same_fonts = strcmp(tpl_font_path(overview, i), r.fonts[i]) == 0;
	size_t lacking = 0;
	if (r.overview_same_fonts) {
		lacking = tpl_check_glyphs(overview, pdf_dev(probe));
	} else {
		size_t nf = tpl_nfonts(overview);
		const char **of = xcalloc(nf + 1, sizeof(*of));
		for (size_t i = 0; i < nf; i++)
			of[i] = tpl_font_path(overview, i);
		struct pdf *op = pdf_new(of, nf, ofb);
		lacking = op ? tpl_check_glyphs(overview, pdf_dev(op)) : 1;
		pdf_free(op);
		free(of);
	}
	if (missing > 0 || lacking > 0) {
		pdf_free(probe);
		status = stop(missing ? "the template uses characters its fonts lack"
		                      : "the portfolio template uses characters its fonts lack");
		goto out;
	}

	/*
	 * The fallback serves the characters of the run that a face lacks; a run without
	 * such characters neither cuts nor loads it, so its reports are as without one.
	 */
	struct charset *cs = xcalloc(1, sizeof(*cs)), *fcs = xcalloc(1, sizeof(*fcs));
	run_charset(cs, m, s, t, overview);
	if (r.full_fallback != NULL && pdf_uncovered(probe, cs, fcs) == 0)
		r.full_fallback = NULL;
	pdf_free(probe);
	r.fallback = r.full_fallback;

	/* Fonts cut to the run's characters: smaller and quicker reports. */
	catch_signals(); /* from here on files are made: none is left behind */
	const char **cut_paths = xcalloc(r.nfonts + 2, sizeof(*cut_paths));
	const struct charset **sets = xcalloc(r.nfonts + 2, sizeof(*sets));
	for (size_t i = 0; i < r.nfonts; i++) {
		cut_paths[i] = r.fonts[i];
		sets[i] = cs;
	}
	size_t ncut = r.nfonts;
	if (r.fallback != NULL) {
		/* The fallback's space, where a run of its characters continues after one. */
		charset_add(fcs, ' ');
		cut_paths[ncut] = r.fallback;
		sets[ncut++] = fcs;
	}
	subset = subset_fonts(cut_paths, sets, ncut);
	free(sets);
	free(cut_paths);
	free(cs);
	free(fcs);
	/* The faces all cut or all whole (as the retry has them); the fallback either way. */
	const char *const *cut_fonts = subset != NULL ? subset_paths(subset) : NULL;
	bool all_cut = cut_fonts != NULL;
	for (size_t i = 0; all_cut && i < r.nfonts; i++)
		all_cut = cut_fonts[i] != NULL;
	if (all_cut)
		r.fonts = cut_fonts;
	if (cut_fonts != NULL && r.fallback != NULL && cut_fonts[r.nfonts] != NULL)
		r.fallback = cut_fonts[r.nfonts];
	/*
	 * A fallback libharu cannot load would fail every report that needs it: checked
	 * once, on the cut-down file (the whole one takes 2.6 ms to load), else the whole.
	 * One that will not load is left out: those characters print blank, as without it.
	 */
	unsigned fb_error = r.fallback != NULL ? pdf_check_font(r.fallback) : 0;
	if (fb_error != 0 && r.fallback != r.full_fallback) {
		fb_error = pdf_check_font(r.full_fallback);
		if (fb_error == 0)
			r.fallback = r.full_fallback;
	}
	if (fb_error != 0) {
		msg(MSG_WARNING,
		    "%s: cannot load this TrueType font (libharu error 0x%04X): the characters "
		    "the other fonts lack print blank",
		    r.full_fallback, fb_error);
		r.fallback = r.full_fallback = NULL;
	}

	/* Without the patterns the reports are still right, only less evenly set. */
	const char *dic = hyph_default_path();
	if (dic != NULL)
		hyph = hyph_open_lazy(dic);
	if (hyph == NULL)
		msg(MSG_WARNING,
		    "no German hyphenation patterns (Debian: hyphen-de); words are not "
		    "hyphenated");
	r.hyph = hyph;

	r.ctx.metrics = m;
	r.ctx.survey = s;
	r.ctx.period = o->period ? o->period : latest_period(m);
	r.ctx.today = report_date();
	/* Over all partners, even when --partner limits the reports: once per run. */
	pf = portfolio_new(m, s, r.ctx.period, &rules->portfolio);
	r.ctx.portfolio = pf;
	r.ctx.rules = &rules->review;
	r.ctx.rules_portfolio = &rules->portfolio;
	r.period_str = period_name(r.ctx.period);

	if (!o->check && make_dir(o->out) != 0) {
		status = stop("the output folder is unusable");
		goto out;
	}

	struct tally tl = {0};
	/* The requested partners, in the order given; all of them otherwise. */
	size_t all = o->npartners ? o->npartners : m->npartners, n = 0;
	size_t *sel = xcalloc(all + 1, sizeof(*sel));
	for (size_t i = 0; i < all; i++)
		if (o->shards <= 1 || (int)(i % (size_t)o->shards) == o->shard - 1)
			sel[n++] = i;
	struct work w = {
	    &r, &tl, sel, n, 0, 0, 0, PTHREAD_MUTEX_INITIALIZER, NULL, 0, isatty(2) && !o->check};
	w.items = xcalloc(n + 1, sizeof(*w.items));
	w.start = now();
	int jobs = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (jobs < 1)
		jobs = 1;
	if ((size_t)jobs > n)
		jobs = n > 0 ? (int)n : 1;
	if (jobs > MAX_JOBS)
		jobs = MAX_JOBS;
	pthread_t threads[MAX_JOBS];
	int started = 0;
	atomic_store(&graceful, true);
	for (int i = 1; i < jobs; i++) {
		struct worker_arg *arg = xmalloc(sizeof(*arg));
		*arg = (struct worker_arg){&w, i};
		if (pthread_create(&threads[started], NULL, work_thread, arg) != 0) {
			free(arg);
			break; /* fewer workers then: the others take the rest */
		}
		started++;
	}
	work_loop(&w, 0);
	for (int i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	/* One thread again: a signal from here on (the overview) ends the run at once. */
	atomic_store(&graceful, false);
	if (w.progress)
		fputs("\r\033[K", stderr);
	int sig = atomic_load(&interrupted);
	if (sig != 0) {
		/* Every worker is back and its file removed: end as the signal says. */
		subset_free(subset);
		signal(sig, SIG_DFL);
		raise(sig);
	}
	free(w.items);
	free(sel);
	/* The overview covers the whole run: written once, by the first shard. */
	if ((o->shards <= 1 || o->shard == 1) &&
	    portfolio_totals(pf)->basis[PF_QUARTER].ranked > 0) {
		r.overview = overview;
		bool cut = r.fonts != r.full_fonts || r.fallback != r.full_fallback;
		if (render_overview(&r, r.overview_same_fonts && cut) != 0)
			fail(&tl, "portfolio");
	}
	if (n > 0 && tl.skipped == n)
		msg(MSG_WARNING, "no partner has figures for %s: is the period right?",
		    r.period_str);
	summary(&r, &tl);
	status = tl.failed > 0 ? 1 : 0;
out:
	tpl_free(overview);
	free(overview_path);
	subset_free(subset);
	portfolio_free(pf);
	rules_free(rules);
	free(rules_path);
	hyph_close(hyph);
	free(fonts);
	free(r.period_str);
	free(tpl_default);
	tpl_free(t);
	survey_free(s);
	metrics_free(m);
	return status;
}
