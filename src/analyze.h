/* SPDX-License-Identifier: MIT */
/* The review's content: from the input model to the value tree a template reads. */
#ifndef PR_ANALYZE_H
#define PR_ANALYZE_H

#include "analyze_portfolio.h"
#include "analyze_review.h"
#include "mem.h"
#include "model.h"
#include "val.h"

struct lang;

/* What every report of one run shares. */
struct review_ctx {
	const struct metrics *metrics;
	const struct survey *survey;       /* NULL: no survey was given */
	int period;                        /* the review quarter, YYYYQ */
	int today;                         /* the report date, YYYYMMDD */
	const struct portfolio *portfolio; /* over all partners of the run; NULL in some tests */
	const struct review_rules *rules;  /* causes, cadence, health; NULL: none judged */
	const struct portfolio_rules *rules_portfolio; /* the class limits; NULL: not shown */
	const struct lang *lang; /* the run's report language; NULL: German (a partner's own
	                            "language" comes first, for the quotation marks) */
};

/*
 * Builds the value tree of one partner's report: vendor, partner, quarters, survey
 * (names listed in docs/templates.md). Everything comes from the arena a; model
 * strings are borrowed from ctx. Never fails: missing figures become null.
 */
struct val *analyze_partner(struct arena *a, const struct review_ctx *ctx, const struct partner *p);

/*
 * The same, with the goals of the partner's last review (NULL: none): each is judged
 * against the review quarter's figures (reached, partial, missed), and a missed one
 * becomes a pressure point.
 */
struct val *analyze_partner_goals(struct arena *a, const struct review_ctx *ctx,
                                  const struct partner *p, const struct goal_set *previous);

/*
 * The names a template can use, with their type: 's' text, 'n' number, 'b' yes/no,
 * 'l' list, 'r' record. An element of a list is named with "[]":
 * "partner.quarters[].revenue". Returns NULL for a name the value tree never has.
 */
struct name_info {
	const char *name;
	char type;
};
const struct name_info *analyze_name(const char *name);
/* The whole table, for tests and documentation; *n gets its length. */
const struct name_info *analyze_names(size_t *n);

/*
 * The value tree of the channel manager's portfolio overview: every partner of the
 * run by revenue with class, attainment, trend, health and main cause; the
 * underperformers and the partners to escalate; survey averages over all partners.
 * Names in docs/templates.md; analyze_overview_name checks them.
 */
struct val *analyze_overview(struct arena *a, const struct review_ctx *ctx);
const struct name_info *analyze_overview_name(const char *name);
const struct name_info *analyze_overview_names(size_t *n);

/* The wave a report of this period uses (latest not after it), or NULL. */
const struct wave *analyze_wave(const struct survey *s, int period);

#endif
