/* SPDX-License-Identifier: MIT */
/* The run's templates and rules: found once (as given, beside the report template, else bundled), loaded. */
#ifndef PR_BATCH_TEMPLATES_H
#define PR_BATCH_TEMPLATES_H

#include "batch.h"
#include "tpl.h"
#include "tpl_rules.h"

struct templates {
	struct tpl *report;   /* --template, else the bundled templates/review.xml */
	struct tpl *overview; /* portfolio.xml beside the report template, else the bundled one */
	struct rules *rules;  /* --rules, else rules.xml beside the report template, else bundled */
	char *paths[3];       /* private: the files found, which the templates' messages name */
};

/*
 * Finds and loads the three files of o. NULL when all are usable, else why the run
 * must stop (after the messages). templates_free frees what was loaded, also after
 * a failure; templates_free of a zeroed struct is a no-op.
 */
const char *templates_load(struct templates *t, const struct batch_opts *o);
void templates_free(struct templates *t);

#endif
