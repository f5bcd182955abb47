/* SPDX-License-Identifier: MIT */
/* The run's templates and rules: found once (as given, beside the report template, else bundled), loaded. */
#include <assert.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "batch_templates.h"
#include "datadir.h"
#include "mem.h"
#include "msg.h"

/* NAME beside the file at path when it is readable there, else the bundled one. */
static char *
beside_or_bundled(const char *path, const char *name)
{
	const char *slash = strrchr(path, '/');
	char *p = xasprintf("%.*s%s", slash ? (int)(slash - path + 1) : 0, path, name);
	if (access(p, R_OK) != 0) {
		free(p);
		p = xasprintf("%s/templates/%s", datadir_path(), name);
	}
	return p;
}

/*
 * The report template of language l, which a partner asks for and the run's report
 * template is not written in: l's folder beside that template, else the bundled one
 * (German's is templates/review.xml itself). NULL after a message.
 */
static struct tpl *
load_lang(struct templates *t, const char *report, const struct lang *l, const char *id)
{
	char *name = xasprintf("%s/review.xml", l->code);
	char *path = beside_or_bundled(report, name);
	free(name);
	if (l == &lang_de && access(path, R_OK) != 0) {
		free(path);
		path = xasprintf("%s/templates/review.xml", datadir_path());
	}
	t->paths[4 + l->index] = path;
	struct tpl *lt = tpl_load(path, datadir_path());
	if (lt != NULL && tpl_lang(lt) != l) {
		msg_at(MSG_ERROR, path, 0, 0,
		       "written in %s (<template language>), not in %s as "
		       "partner %s asks",
		       tpl_lang(lt)->name, l->name, id);
		tpl_free(lt);
		lt = NULL;
	}
	return lt;
}

/* The report templates of the languages the partners of m ask for; NULL, or why the run stops. */
static const char *
load_langs(struct templates *t, const char *report, const struct metrics *m)
{
	const struct lang *own = tpl_lang(t->report);
	t->by_lang[own->index] = t->report;
	for (size_t i = 0; i < m->npartners; i++) {
		const struct partner *p = &m->partners[i];
		const struct lang *l = p->language != NULL ? lang_find(p->language) : NULL;
		/* A partner that failed as the inputs were read gets no report. */
		if (p->failed)
			continue;
		if (l == NULL || t->by_lang[l->index] != NULL)
			continue; /* the run's, one loaded, or one the partner fails for (templates_for) */
		if ((t->by_lang[l->index] = load_lang(t, report, l, p->id)) == NULL)
			return "a partner's template is unusable";
	}
	return NULL;
}

const char *
templates_load(struct templates *t, const struct batch_opts *o, const struct metrics *m)
{
	memset(t, 0, sizeof(*t));
	const char *report = o->template_path;
	if (report == NULL)
		report = t->paths[0] = xasprintf("%s/templates/review.xml", datadir_path());
	if ((t->report = tpl_load(report, datadir_path())) == NULL)
		return "the template is unusable";
	t->paths[1] = beside_or_bundled(report, "portfolio.xml");
	t->overview = tpl_load_names(t->paths[1], datadir_path(), analyze_overview_name);
	if (t->overview == NULL)
		return "the portfolio template is unusable";
	t->paths[2] = o->rules != NULL ? xstrdup(o->rules) : beside_or_bundled(report, "rules.xml");
	if ((t->rules = rules_load(t->paths[2])) == NULL)
		return "the rules are unusable";
	if (o->mail || o->send != NULL || o->dry_run) {
		/* The same names as the report: the mail is expanded from its value tree. */
		t->paths[3] = o->mail_template != NULL ? xstrdup(o->mail_template)
		                                       : beside_or_bundled(report, "mail.xml");
		if ((t->mail = tpl_load(t->paths[3], datadir_path())) == NULL)
			return "the mail template is unusable";
	}
	const char *why = load_langs(t, report, m);
	if (why != NULL)
		return why;
	assert(t->report != NULL && t->overview != NULL && t->rules != NULL);
	return NULL;
}

const struct tpl *
templates_for(const struct templates *t, const struct partner *p)
{
	if (p->language == NULL)
		return t->report;
	const struct lang *l = lang_find(p->language);
	if (l == NULL)
		return NULL;
	assert(t->by_lang[l->index] != NULL); /* loaded for every partner's language */
	return t->by_lang[l->index];
}

void
templates_free(struct templates *t)
{
	for (size_t i = 0; i < LANG_COUNT; i++)
		if (t->by_lang[i] != t->report)
			tpl_free(t->by_lang[i]);
	tpl_free(t->report);
	tpl_free(t->overview);
	rules_free(t->rules);
	tpl_free(t->mail);
	for (size_t i = 0; i < sizeof(t->paths) / sizeof(t->paths[0]); i++)
		free(t->paths[i]);
	memset(t, 0, sizeof(*t));
}
