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
	struct tpl *mail;     /* a run that makes mails: --mail-template, else mail.xml beside
	                         the report template, else bundled; otherwise NULL */
	char *paths[4];       /* private: the files found, which the templates' messages name */
};

/*
 * Finds and loads the files of o (the mail template only for --mail, --send or
 * --dry-run). NULL when all are usable, else why the run
 * must stop (after the messages). templates_free frees what was loaded, also after
 * a failure; templates_free of a zeroed struct is a no-op.
 */
const char *templates_load(struct templates *t, const struct batch_opts *o);
void templates_free(struct templates *t);

#endif
