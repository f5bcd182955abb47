/* SPDX-License-Identifier: MIT */
/* The run's templates and rules: found once (as given, beside the report template, else bundled), loaded. */
#include <assert.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "batch_templates.h"
#include "datadir.h"
#include "mem.h"

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

const char *
templates_load(struct templates *t, const struct batch_opts *o)
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
	assert(t->report != NULL && t->overview != NULL && t->rules != NULL);
	return NULL;
}

void
templates_free(struct templates *t)
{
	tpl_free(t->report);
	tpl_free(t->overview);
	rules_free(t->rules);
	for (size_t i = 0; i < sizeof(t->paths) / sizeof(t->paths[0]); i++)
		free(t->paths[i]);
	memset(t, 0, sizeof(*t));
}
