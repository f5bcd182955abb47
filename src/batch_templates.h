/* SPDX-License-Identifier: MIT */
/* The run's templates and rules: found once (as given, beside the report template, else bundled), loaded. */
#ifndef PR_BATCH_TEMPLATES_H
#define PR_BATCH_TEMPLATES_H

#include "batch.h"
#include "lang.h"
#include "model.h"
#include "tpl.h"
#include "analyze_rules.h"

struct templates {
	struct tpl *report;   /* --template, else the bundled templates/review.xml */
	struct tpl *overview; /* portfolio.xml beside the report template, else the bundled one */
	struct rules *rules;  /* --rules, else rules.xml beside the report template, else bundled */
	struct tpl *mail;     /* a run that makes mails: --mail-template, else mail.xml beside
	                         the report template, else bundled; otherwise NULL */
	/*
	 * The report template of each language (lang.h's index): report for its own
	 * language; for another one a partner of the metrics asks for ("language"), the
	 * file L/review.xml beside the report template, else the bundled one of L
	 * (templates/review.xml for German, templates/L/review.xml else); NULL: no
	 * partner asks for it. Those other than report are owned here.
	 */
	struct tpl *by_lang[LANG_COUNT];
	char *paths[4 +
	            LANG_COUNT]; /* private: the files found, which the templates' messages name */
};

/*
 * Finds and loads the files of o (the mail template only for --mail, --send or
 * --dry-run), and the report templates of the languages the partners of m ask for.
 * NULL when all are usable, else why the run must stop (after the messages).
 * templates_free frees what was loaded, also after a failure; templates_free of a
 * zeroed struct is a no-op.
 */
const char *templates_load(struct templates *t, const struct batch_opts *o,
                           const struct metrics *m);
void templates_free(struct templates *t);

/*
 * The report template for partner p: its language's, or the run's when it names
 * none. NULL when p names a language the program cannot write (lang.h).
 */
const struct tpl *templates_for(const struct templates *t, const struct partner *p);

#endif
